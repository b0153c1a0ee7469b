"""Talking to the coach: DMs and @mentions over HTTP (and Socket Mode), answered once each."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

import pytest

from bot.slack import router
from bot.slack.blocks import t
from bot.store import Store

from .blockkit import all_text, assert_valid_blocks
from .fake_slack import BOT_USER_ID, Call, FakeSlack
from .requests import (
    BOT_ID,
    SlackSender,
    app_mention_event,
    events_api_envelope,
    file_share_event,
    message_changed_event,
    message_deleted_event,
    message_event,
    next_ts,
    retry_headers,
    slash_command,
)
from .socket_mode import socket_mode_env, socket_mode_slack
from .test_serve import free_port, http_env, start, wait_healthy

QUESTION = "how do we apologize publicly"
DM = "DU1MANAGER"  # U1MANAGER's DM with the app, as the fake Web API names it
CHANNEL = "C0GENERAL"


def send(served, body: str, headers: dict[str, str] | None = None) -> None:
    """Send an event as Slack does; it is acknowledged at once, with nothing in the body."""
    response = served.slack.post(body, content_type="application/json", headers=headers)
    assert response.status == 200, response.body
    assert response.body == ""


def posted(fake: FakeSlack, count: int = 1) -> list[dict]:
    """Wait for `count` answers posted with chat.postMessage; give their parameters."""
    calls = fake.wait_for("chat.postMessage", count)
    for call in calls:
        assert_valid_blocks(call.params["blocks"])
    return [call.params for call in calls]


def no_more(fake: FakeSlack, method: str, count: int, within: float = 0.3) -> list[Call]:
    """Give the calls of `method` after a short while, failing as soon as there are more."""
    fake.wait_until(lambda: len(fake.calls_to(method)) > count, timeout=within)
    calls = fake.calls_to(method)
    assert len(calls) == count, [call.params.get("text") for call in calls]
    return calls


def lesson_of(served, row: dict):
    lesson = served.coach.bank.get(row["lesson_id"])
    assert lesson is not None, row
    return lesson


# --- the routing table ------------------------------------------------------------------------

PHRASES = [(subcommand, phrase) for subcommand in router.SUBCOMMANDS for phrase in subcommand.words]


@pytest.mark.parametrize(
    ("subcommand", "phrase"), PHRASES, ids=[phrase for _, phrase in PHRASES]
)  # fmt: skip
@pytest.mark.parametrize("typed", ["{}", "{}?", "{}!", "  {}  "])
@pytest.mark.parametrize("case", [str, str.upper, str.title])
def test_every_subcommand_routes_from_its_words(subcommand, phrase, typed, case):
    found, argument = router.route(case(typed.format(phrase)))
    assert found is subcommand
    assert argument == ""


def test_every_subcommand_has_a_help_line_naming_it_in_both_languages():
    for subcommand in router.SUBCOMMANDS:
        for language in ("en", "de"):
            assert subcommand.name in t(language, subcommand.help_key, prefix="")


@pytest.mark.parametrize(
    ("text", "name", "argument"),
    [
        ("time 08:30", "time", "08:30"),
        ("TIME 08:30", "time", "08:30"),
        ("stats 1000", "stats", "1000"),
        ("stats ²", "stats", "²"),
        ("gaps 7", "gaps", "7"),
        ("language de", "language", "de"),
        ("Sprache EN", "language", "EN"),
        ("language de?", "language", "de"),
        ("stats 7.", "stats", "7"),
        ("Meine Daten?", "my data", ""),
        ("enroll <@U1> <@U2>", "enroll", "<@U1> <@U2>"),
        ("", "help", ""),
    ],
)
def test_a_subcommand_takes_what_may_follow_it(text, name, argument):
    found, rest = router.route(text)
    assert found is not None and found.name == name
    assert rest == argument


@pytest.mark.parametrize(
    "text",
    [
        "time to answer a complaint?",
        "help with a shitstorm",
        "Hilfe, wir haben einen Shitstorm",
        "next steps after a bad review",
        "my data protection officer says no to Instagram",
        "pause the ads during a crisis?",
        "stats on the reach of our posts please",
        "topics for our first posts",
    ],
)
def test_a_subcommand_word_with_more_words_is_a_question(text):
    assert router.route(text) == (None, text)


# --- DMs --------------------------------------------------------------------------------------


def test_a_dm_question_is_answered_in_the_dm_and_stored(served):
    send(served, message_event(QUESTION))
    [answer] = posted(served.fake)
    assert answer["channel"] == DM
    assert not answer.get("thread_ts")  # not in a thread: the DM is the conversation
    [row] = served.coach.store.events.questions()
    assert (row["user_id"], row["text"]) == ("U1MANAGER", QUESTION)
    lesson = lesson_of(served, row)
    assert lesson.topic == "public-apology"
    assert answer["blocks"][0]["text"]["text"] == lesson.en.title  # en-US, from users.info
    assert lesson.en.takeaway in all_text(answer["blocks"])
    assert answer["text"] == lesson.en.title  # the notification
    assert QUESTION not in all_text(answer["blocks"])  # the question is right above it


@pytest.mark.parametrize("text", ["help", "Help?", "HILFE", "hilfe!"])
def test_dm_help_is_the_help_without_the_slash_and_not_a_question(served, text):
    send(served, message_event(text))
    [answer] = posted(served.fake)
    assert answer["channel"] == DM
    assert answer["blocks"][0]["text"]["text"] == t("en", "help_title")
    shown = all_text(answer["blocks"])
    assert "`next`" in shown and "`my data`" in shown  # typed as they are in a DM
    assert "/coach next" not in shown
    assert "`stats`" not in shown  # for admins only
    assert served.coach.store.events.questions() == []


def test_dm_pause_pauses_the_course(served):
    served.coach.store.learners.enroll("U1MANAGER", source="self")
    send(served, message_event("pause"))
    [answer] = posted(served.fake)
    assert answer["text"] == t("en", "paused")
    assert served.coach.store.learners.get("U1MANAGER").status == "paused"
    assert served.coach.store.events.questions() == []


def test_dm_my_data_shows_the_persons_data_not_a_lesson(served):
    send(served, message_event("Wie entschuldige ich mich öffentlich?"))
    posted(served.fake)
    send(served, message_event("my data"))
    _, answer = posted(served.fake, 2)
    assert answer["channel"] == DM
    assert answer["blocks"][0]["text"]["text"] == t("en", "my_data_title")
    assert "Wie entschuldige ich mich öffentlich?" in all_text(answer["blocks"])
    assert len(served.coach.store.events.questions()) == 1  # "my data" is not a question


@pytest.mark.parametrize("typed", ["language de", "Sprache de.", "LANGUAGE DE?"])
def test_dm_language_sets_the_language(served, typed):
    send(served, message_event(typed))
    [answer] = posted(served.fake)
    assert answer["text"] == t("de", "language_set")
    send(served, message_event(QUESTION))
    _, lesson = posted(served.fake, 2)
    row = served.coach.store.events.questions()[0]
    assert lesson["text"] == lesson_of(served, row).de.title


def test_an_admin_enrolls_someone_by_dm(served):
    served.fake.users["U1MANAGER"]["is_admin"] = True
    send(served, message_event("enroll <@U2MANAGERIN>"))
    [answer] = posted(served.fake)
    assert "<@U2MANAGERIN>" in answer["text"]
    assert served.coach.store.learners.get("U2MANAGERIN").status == "active"


def test_a_dm_in_a_thread_is_answered_in_that_thread(served):
    parent = next_ts()
    send(served, message_event(QUESTION, thread_ts=parent))
    [answer] = posted(served.fake)
    assert (answer["channel"], answer["thread_ts"]) == (DM, parent)
    assert lesson_of(served, served.coach.store.events.questions()[0]).topic == "public-apology"


# --- mentions ---------------------------------------------------------------------------------


def test_a_mention_is_answered_in_a_thread_under_it_for_the_channel(served):
    ts = next_ts()
    send(served, app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", ts=ts))
    [answer] = posted(served.fake)
    assert (answer["channel"], answer["thread_ts"]) == (CHANNEL, ts)
    [row] = served.coach.store.events.questions()
    assert row["text"] == QUESTION  # without the mention
    lesson = lesson_of(served, row)
    assert lesson.topic == "public-apology"
    assert answer["blocks"][0]["text"]["text"] == lesson.en.title
    assert served.fake.calls_to("chat.postEphemeral") == []


def test_a_mention_in_a_thread_is_answered_in_that_thread(served):
    parent = next_ts()
    send(served, app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", thread_ts=parent))
    [answer] = posted(served.fake)
    assert (answer["channel"], answer["thread_ts"]) == (CHANNEL, parent)


@pytest.mark.parametrize("mention_first", [True, False])
@pytest.mark.parametrize(("typed", "expected"), [("my data", "Your"), (QUESTION, "apolog")])
def test_a_mention_written_in_the_dm_is_answered_once_as_a_dm(
    served, mention_first, typed, expected
):
    """Slack sends both message.im and app_mention for it; the DM's rules apply, in the DM."""
    ts = next_ts()
    text = f"<@{BOT_USER_ID}> {typed}"
    events = [
        app_mention_event(text, channel=DM, ts=ts, channel_type="im"),
        message_event(text, ts=ts),
    ]
    for event in events if mention_first else reversed(events):
        send(served, event)
    [answer] = posted(served.fake)
    assert answer["channel"] == DM and not answer.get("thread_ts")
    assert expected.lower() in all_text(answer["blocks"]).lower()
    assert no_more(served.fake, "chat.postMessage", 1) and not served.fake.calls_to(
        "chat.postEphemeral"
    )


@pytest.mark.parametrize("typed", ["<@{}> help", "<@{}>: help", "<@{}|coach>, Help?", "help <@{}>"])
def test_help_in_a_channel_is_answered_in_the_thread(served, typed):
    ts = next_ts()
    send(served, app_mention_event(typed.format(BOT_USER_ID), ts=ts))
    [answer] = posted(served.fake)
    assert (answer["channel"], answer["thread_ts"]) == (CHANNEL, ts)
    assert "/coach topics" in all_text(answer["blocks"])
    assert served.coach.store.events.questions() == []


@pytest.mark.parametrize(
    ("text", "admin"),
    [
        ("my data", False),
        ("Meine Daten?", False),
        ("forget me", False),
        ("pause", False),
        ("stats", True),
        ("gaps 7", True),
        ("enroll <@U2MANAGERIN>", True),
    ],
)
def test_personal_and_admin_commands_in_a_channel_are_refused_to_the_person(served, text, admin):
    served.fake.users["U1MANAGER"]["is_admin"] = admin
    served.coach.store.learners.enroll("U1MANAGER", source="self")
    secret = "how do I tell my boss I posted the wrong photo"
    served.coach.ask("U1MANAGER", secret)
    ts = next_ts()
    send(served, app_mention_event(f"<@{BOT_USER_ID}> {text}", ts=ts))
    [refusal] = served.fake.wait_for("chat.postEphemeral")
    assert refusal.params["user"] == "U1MANAGER"
    assert (refusal.params["channel"], refusal.params["thread_ts"]) == (CHANNEL, ts)
    assert_valid_blocks(refusal.params["blocks"])
    said = refusal.params["text"] + all_text(refusal.params["blocks"])
    assert router.route(text)[0].name in said and "Apps" in said  # go to the DM
    assert secret not in said and "What the coach stores" not in said
    no_more(served.fake, "chat.postMessage", 0, within=0.1)  # nothing for the channel
    assert served.coach.store.learners.get("U1MANAGER").status == "active"  # not paused, not erased
    assert served.coach.store.learners.get("U2MANAGERIN") is None
    assert [row["text"] for row in served.coach.store.events.questions()] == [secret]


# --- answered once, and only people ------------------------------------------------------------


@pytest.mark.parametrize("answered_first", [True, False], ids=["after", "during"])
def test_a_retried_event_is_not_answered_twice(served, answered_first):
    event = message_event(QUESTION)
    send(served, event)
    if answered_first:
        posted(served.fake)
    send(served, event, headers=retry_headers(1, "http_timeout"))
    send(served, event, headers=retry_headers(2, "http_error"))
    send(served, message_event(QUESTION, user_id="U2MANAGERIN"))  # a new message: answered
    answers = posted(served.fake, 2)
    assert sorted(answer["channel"] for answer in answers) == [DM, "DU2MANAGERIN"]
    no_more(served.fake, "chat.postMessage", 2)
    assert len(served.coach.store.events.questions()) == 2


def test_a_retried_mention_is_not_answered_twice(served):
    first, second = next_ts(), next_ts()
    event = app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", ts=first)
    send(served, event)
    send(served, event, headers=retry_headers())
    send(served, app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", ts=second))
    answers = posted(served.fake, 2)
    assert sorted(answer["thread_ts"] for answer in answers) == [first, second]
    no_more(served.fake, "chat.postMessage", 2)


def test_a_claim_is_taken_once_and_over_only_when_left_unfinished(tmp_path):
    store = Store(tmp_path / "coach.db")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    assert store.answered.claim("D1:1.1", now=now)
    assert not store.answered.claim("D1:1.1", now=now + timedelta(seconds=29))  # being answered
    # The process that claimed it died before posting: Slack's next retry may answer it.
    assert store.answered.claim("D1:1.1", now=now + timedelta(seconds=31))
    assert not store.answered.claim("D1:1.1", now=now + timedelta(seconds=32))
    store.answered.finish("D1:1.1", now=now + timedelta(seconds=32))
    assert not store.answered.claim("D1:1.1", now=now + timedelta(hours=1))  # answered: never
    assert store.answered.claim("D1:1.2", now=now)  # another message
    assert store.answered.purge(now + timedelta(minutes=1)) == 2
    assert store.answered.claim("D1:1.1", now=now + timedelta(days=2))
    store.close()


IGNORED = [
    pytest.param(
        lambda: message_event("Your lesson", user_id=BOT_USER_ID, channel=DM, bot_id=BOT_ID),
        id="the app's own message",
    ),
    pytest.param(
        lambda: message_event(QUESTION, user_id="U0OTHERBOT", bot_id="B0OTHER"),
        id="another bot's message",
    ),
    pytest.param(
        lambda: message_event(
            QUESTION, user_id=None, channel=DM, subtype="bot_message", bot_id="B0OTHER"
        ),
        id="a bot_message without a user",
    ),
    pytest.param(lambda: message_changed_event(text=QUESTION), id="an edit"),
    pytest.param(message_deleted_event, id="a deletion"),
    pytest.param(
        lambda: message_event(
            "<@U1MANAGER> has joined the channel",
            subtype="channel_join",
            channel=CHANNEL,
            channel_type="channel",
        ),
        id="a join",
    ),
    pytest.param(lambda: message_event("joined", subtype="channel_join"), id="a join in a DM"),
    pytest.param(
        lambda: message_event(QUESTION, channel=CHANNEL, channel_type="channel"),
        id="a message in a channel",
    ),
    pytest.param(
        lambda: app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", user_id="U0OTHER", bot_id="B0"),
        id="a bot's mention",
    ),
    pytest.param(
        lambda: app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}", subtype="message_changed"),
        id="a mention's edit",
    ),
]


@pytest.mark.parametrize("make", IGNORED)
def test_messages_not_new_from_a_person_get_no_answer(served, make):
    send(served, make())
    send(served, message_event(QUESTION, user_id="U2MANAGERIN"))
    [answer] = posted(served.fake)
    assert answer["channel"] == "DU2MANAGERIN"
    no_more(served.fake, "chat.postMessage", 1)
    assert served.fake.calls_to("chat.postEphemeral") == []
    assert [row["user_id"] for row in served.coach.store.events.questions()] == ["U2MANAGERIN"]


# --- bad input --------------------------------------------------------------------------------

LONG = "How do I apologise publicly? " + "x" * 39971  # 40,000 characters, Slack's most
BAD = [
    pytest.param(lambda: message_event(LONG), None, id="40,000 characters"),
    pytest.param(lambda: message_event(":wave: :tada:"), "mention_hint", id="only emoji"),
    pytest.param(lambda: message_event(":+1::skin-tone-2:"), "mention_hint", id="skin tone"),
    pytest.param(lambda: app_mention_event(f"<@{BOT_USER_ID}>"), "mention_hint", id="a mention"),
    pytest.param(
        lambda: app_mention_event(f"  <@{BOT_USER_ID}|coach>  \n"), "mention_hint", id="spaces"
    ),
    pytest.param(file_share_event, "not_text", id="a file"),
    pytest.param(
        lambda: file_share_event(QUESTION),
        None,
        id="a file with a question",
    ),
    pytest.param(lambda: message_event("?!? ... ¿"), "mention_hint", id="punctuation"),
    pytest.param(lambda: message_event("\u200b"), "mention_hint", id="a zero width space"),
]


@pytest.mark.parametrize(("make", "hint"), BAD)
def test_bad_input_gets_a_sensible_reply_never_an_error(served, make, hint, caplog):
    body = make()
    assert len(body) < 1024 * 1024
    send(served, body)
    [answer] = posted(served.fake)
    assert answer["text"] != t("en", "error")
    if hint:
        assert answer["text"] == t("en", hint)
        assert served.coach.store.events.questions() == []
    else:
        [row] = served.coach.store.events.questions()
        assert lesson_of(served, row).topic == "public-apology"
        assert len(row["text"]) <= 500
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


ECHOES = [
    "<!channel> <@U999>",
    "<!here|here> <!everyone> <@U999|anna> how do we apologize publicly",
    "<!subteam^S123|@team> <#C123|general> <https://evil.example|click> apology?",
    "time <!channel>",
    "language <!channel>",
    "stats <!here>",
    "help <!channel>",
]


@pytest.mark.parametrize("where", ["dm", "mention"])
def test_user_text_never_pings_or_links_in_an_answer(served, where):
    served.fake.users["U1MANAGER"]["is_admin"] = True  # so "stats" is answered, not refused
    # In a channel a personal command is refused to the person alone (chat.postEphemeral).
    replies = ("chat.postMessage", "chat.postEphemeral")

    def answers() -> list[Call]:
        return [call for method in replies for call in served.fake.calls_to(method)]

    for number, text in enumerate(ECHOES, start=1):
        if where == "dm":
            send(served, message_event(text))
        else:
            send(served, app_mention_event(f"<@{BOT_USER_ID}> {text}"))
        assert served.fake.wait_until(lambda n=number: len(answers()) >= n), text
    assert len(answers()) == len(ECHOES)
    for call in answers():
        said = call.params["text"] + json.dumps(call.params["blocks"])
        assert call.params["text"] != t("en", "error")
        for token in ("<!channel", "<!here", "<!everyone", "<!subteam", "<@U999", "<#C", "<http"):
            assert token not in said, said


# --- /coach stats with a bad number -----------------------------------------------------------


@pytest.mark.parametrize("text", ["stats 1000", "stats ²", "gaps 0", "stats -1", "stats 7d"])
def test_stats_with_a_bad_number_gets_the_usage_not_a_question(served, text):
    served.fake.users["U1MANAGER"]["is_admin"] = True
    url = served.fake.response_url()
    response = served.slack.post(slash_command(text, response_url=url))
    assert response.status == 200 and response.body == ""
    answer = served.fake.wait_for("response_url/r1")[0].params
    word = text.split()[0]
    assert answer["text"] == t("en", "days_usage", command=word, most=365)
    send(served, message_event(text))
    [dm] = posted(served.fake)
    assert dm["text"] == t("en", "days_usage", command=word, most=365)
    assert served.coach.store.events.questions() == []


# --- two processes, and Socket Mode -----------------------------------------------------------


def test_two_serve_processes_on_one_database_answer_a_retried_event_once(
    fake_slack, tmp_path, stop_later
):
    # Both start on a new file: one migrates it, the other waits for it (one transaction).
    ports = [free_port(), free_port()]
    for port in ports:
        stop_later.append(start(http_env(fake_slack, PORT=str(port)), tmp_path))
    for port, process in zip(ports, stop_later, strict=True):
        wait_healthy(port, process, timeout=60)
    first, second = (SlackSender(f"http://127.0.0.1:{port}") for port in ports)
    event = message_event(QUESTION)
    headers = {"Content-Type": "application/json"}
    responses: list[int] = []

    def deliver(sender: SlackSender, extra: dict[str, str]) -> None:
        responses.append(
            sender.post(event, content_type="application/json", headers={**headers, **extra}).status
        )

    # The event and its retry arrive at the same moment, one at each process.
    threads = [
        threading.Thread(target=deliver, args=(first, {})),
        threading.Thread(target=deliver, args=(second, retry_headers())),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert responses == [200, 200]
    fake_slack.wait_for("chat.postMessage", 1, timeout=30)
    # A new message to each process is answered: both are answering, and had their turn.
    for sender, user_id in ((first, "U2MANAGERIN"), (second, "U3OTHER")):
        fake_slack.add_user(user_id)
        body = message_event(QUESTION, user_id=user_id)
        assert sender.post(body, content_type="application/json").status == 200
    calls = fake_slack.wait_for("chat.postMessage", 3, timeout=30)
    no_more(fake_slack, "chat.postMessage", 3)
    assert sorted(call.params["channel"] for call in calls) == [DM, "DU2MANAGERIN", "DU3OTHER"]
    first.close()
    second.close()


def test_socket_mode_answers_a_dm(fake_slack, tmp_path, stop_later):
    envelope = events_api_envelope(message_event(QUESTION), envelope_id="env-dm")
    with socket_mode_slack(fake_slack, envelope) as acknowledged:
        stop_later.append(start(socket_mode_env(fake_slack), tmp_path))
        ack = acknowledged.get(timeout=30)
        [answer] = fake_slack.wait_for("chat.postMessage", 1, timeout=30)
    assert ack["envelope_id"] == "env-dm"
    assert answer.params["channel"] == DM
    assert_valid_blocks(answer.params["blocks"])
    assert "apolog" in answer.params["text"].lower()


def test_an_answer_in_a_channel_has_no_did_it_help_buttons(served):
    """Anyone in the channel could click them, and only the asker's click would count."""
    send(served, app_mention_event(f"<@{BOT_USER_ID}> {QUESTION}"))
    [answer] = posted(served.fake)
    action_ids = [e["action_id"] for b in answer["blocks"] if b["type"] == "actions"
                  for e in b["elements"]]  # fmt: skip
    assert action_ids and not [a for a in action_ids if a.startswith("answer_")]


def test_a_long_dm_is_answered_and_says_it_was_read_in_part(served):
    send(served, message_event(QUESTION + " " + "really " * 200))
    [answer] = posted(served.fake)
    assert "first 500 characters" in all_text(answer["blocks"])
