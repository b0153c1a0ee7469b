"""/coach over HTTP: signed requests in, Block Kit out, the question stored."""

from __future__ import annotations

import sqlite3
import time

import pytest

from bot.lessons import TOPICS

from .blockkit import all_text, assert_valid_blocks, texts
from .requests import sign, slash_command


def ask(served, text: str, user_id: str = "U1MANAGER") -> dict:
    response = served.slack.post(slash_command(text, user_id=user_id))
    assert response.status == 200, response.body
    answer = response.json()
    assert answer["response_type"] == "ephemeral"  # only the asker sees it
    assert_valid_blocks(answer["blocks"])
    return answer


def lesson_id_of(served, answer: dict) -> str:
    button = next(
        element
        for block in answer["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    )
    return button["value"].split("|")[0]


def test_a_german_question_gets_the_apology_lesson_in_german(served):
    answer = ask(served, "Wie entschuldige ich mich öffentlich?")
    lesson = served.coach.bank.get(lesson_id_of(served, answer))
    assert lesson.topic == "public-apology"
    assert answer["blocks"][0]["text"]["text"] == lesson.de.title
    assert lesson.de.takeaway in all_text(answer["blocks"])


def test_the_question_and_its_lesson_are_stored(served):
    answer = ask(served, "how do we apologize publicly")
    rows = served.coach.store.events.questions()
    assert [(r["user_id"], r["text"], r["lesson_id"]) for r in rows] == [
        ("U1MANAGER", "how do we apologize publicly", lesson_id_of(served, answer))
    ]


def test_the_answer_follows_the_slack_locale_once_it_is_known(served):
    first = ask(served, "Wie entschuldige ich mich öffentlich?")
    lesson = served.coach.bank.get(lesson_id_of(served, first))
    assert first["blocks"][0]["text"]["text"] == lesson.de.title  # the question's language
    call = served.fake.wait_for("users.info")[0]
    assert call.params["user"] == "U1MANAGER"
    assert call.params["include_locale"] in ("1", "true", True)
    deadline = time.time() + 5
    while served.coach.needs_locale("U1MANAGER") and time.time() < deadline:
        time.sleep(0.01)
    second = ask(served, "Wie entschuldige ich mich öffentlich?")
    assert second["blocks"][0]["text"]["text"] == lesson.en.title  # en-US locale
    ask(served, "Wie entschuldige ich mich öffentlich?")
    assert len(served.fake.calls_to("users.info")) == 1  # looked up once, then kept


def test_language_choice_overrides_the_locale(served):
    chosen = ask(served, "language de")
    assert "Deutsch" in all_text(chosen["blocks"])
    answer = ask(served, "how do we apologize publicly")
    lesson = served.coach.bank.get(lesson_id_of(served, answer))
    assert answer["blocks"][0]["text"]["text"] == lesson.de.title


def test_an_off_topic_question_gets_no_lesson_and_the_topics(served):
    answer = ask(served, "Wie beantrage ich Urlaub?")
    text = all_text(answer["blocks"])
    assert "keine Lektion" in text
    assert all(names["de"] in text for names in TOPICS.values())
    assert not [b for b in answer["blocks"] if b["type"] == "actions"]
    assert served.coach.store.events.questions()[0]["lesson_id"] is None


def later(served, text: str, user_id: str = "U1MANAGER", name: str = "r1") -> dict:
    """Give the answer posted to response_url for a /coach that needs Slack to answer."""
    url = served.fake.response_url(name)
    response = served.slack.post(slash_command(text, user_id=user_id, response_url=url))
    assert response.status == 200 and response.body == ""  # acknowledged at once
    posted = served.fake.wait_for(f"response_url/{name}")[0].params
    assert posted["response_type"] == "ephemeral"
    assert_valid_blocks(posted["blocks"])
    return posted


@pytest.mark.parametrize("text", ["", "help", "HELP", "Help?", "hilfe"])
def test_empty_coach_and_help_show_the_help_without_the_admins_part(served, text):
    answer = later(served, text)
    shown = all_text(answer["blocks"])
    assert "/coach next" in shown and "/coach my data" in shown
    assert "/coach stats" not in shown and "/coach enroll" not in shown  # for admins only
    assert served.coach.store.events.questions() == []


def test_an_admin_sees_the_admins_commands_in_the_help(served):
    served.fake.users["U1MANAGER"]["is_admin"] = True  # a workspace admin
    shown = all_text(later(served, "help")["blocks"])
    assert "/coach stats" in shown and "/coach gaps" in shown and "/coach enroll" in shown


def test_help_with_more_words_is_a_question(served):
    answer = ask(served, "help, we have a shitstorm about a mistake we made")
    assert served.coach.store.events.questions()[0]["text"].startswith("help, we have")
    assert answer["blocks"]


def test_topics_lists_every_topic_with_a_question_to_try(served):
    answer = ask(served, "topics")
    text = all_text(answer["blocks"])
    for names in TOPICS.values():
        assert names["en"] in text
    assert text.count("/coach ") >= len(TOPICS)


def test_a_4000_character_question_is_answered(served):
    answer = ask(served, "How do I apologise publicly? " + "x" * 3970)
    assert "first 500 characters" in all_text(answer["blocks"])
    assert len(served.coach.store.events.questions()[0]["text"]) == 500


def test_mentions_and_formatting_in_a_question_never_notify_anyone(served):
    question = "<!channel> <!here> <@U123> <http://x|y> *bold* how do we apologize publicly"
    answer = ask(served, question)
    echoed = [
        (kind, text) for kind, text in texts(answer["blocks"]) if "bold" in text or "U123" in text
    ]
    assert echoed, "the question is echoed"
    for kind, text in echoed:
        assert kind == "plain_text"  # never formatted, never parsed for mentions
        assert "<" not in text and ">" not in text
        assert "&lt;!channel&gt;" in text
    assert "<" not in answer["text"]  # the notification text neither


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Signature": "v0=" + "0" * 64},  # forged
        {"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""},  # missing
        sign(slash_command("help"), timestamp=int(time.time()) - 301),  # older than 5 minutes
    ],
    ids=["forged", "missing", "stale"],
)
def test_unsigned_requests_get_401_and_nothing_is_stored(served, headers):
    body = slash_command("how do we apologize publicly")
    if "X-Slack-Request-Timestamp" not in headers:
        headers = {**sign(body), **headers}
    response = served.slack.post(body, headers=headers, signed=False)
    assert response.status == 401
    assert served.coach.store.events.questions() == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", ', "application/json"),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded"),
    ],
)
def test_a_signed_body_that_is_not_json_gets_400_and_serving_goes_on(served, body, content_type):
    assert served.slack.post(body, content_type=content_type).status == 400
    assert served.slack.post(body, content_type=content_type, signed=False).status == 401
    ask(served, "topics")


def test_health_check(served):
    response = served.slack.get("/healthz")
    assert response.status == 200
    assert response.json()["status"] == "ok"


def test_an_unexpected_failure_gets_a_friendly_reply_and_is_logged(served, caplog, monkeypatch):
    def broken(question: str):
        raise RuntimeError("the search index is broken")

    monkeypatch.setattr(served.coach.searcher, "ask", broken)
    response = served.slack.post(slash_command("how do we apologize publicly"))
    assert response.status == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "something went wrong" in answer["text"]
    assert any("/coach failed" in record.message for record in caplog.records)
    assert "apologize" not in caplog.text  # what people ask stays out of the log


def test_a_question_is_answered_even_when_it_cannot_be_recorded(served, caplog, monkeypatch):
    def fails(**question: object) -> int:
        raise sqlite3.OperationalError("no such table: events")

    monkeypatch.setattr(served.coach.store.events, "record_question", fails)
    response = served.slack.post(slash_command("how do we apologize publicly"))
    assert "apolog" in response.json()["blocks"][0]["text"]["text"].lower()
    assert "apologize" not in caplog.text
