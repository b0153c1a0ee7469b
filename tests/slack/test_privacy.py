"""my data and forget me over HTTP: the account in words in the person's language, the copy as a
JSON file in their DM, erasing everything, and every reply after it still in their language."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest
import time_machine

from bot import learners
from bot.slack import privacy
from bot.slack.blocks import t
from bot.slack.daily import GOT_IT, HELPFUL, QUIZ_BLOCK
from bot.slack.manifest import BOT_SCOPES

from .blockkit import all_text, assert_valid_blocks
from .requests import block_action, message_event, slash_command
from .test_engagement import ask

# Tuesday 2026-03-03, 07:00 in Berlin: a workday, before the day's lesson.
EARLY_TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)
QUESTION = "<!channel> how do we apologize publicly, <@U2MANAGERIN>?"
ESCAPED = "&lt;!channel&gt; how do we apologize publicly, &lt;@U2MANAGERIN&gt;?"
NO_LESSON = "where can the team go to pet llamas on the summer outing"
# What a dump of the tables would show: column names, internal values, event names.
INTERNAL = re.compile(
    r"owner|vm:|claimed_at|attempt_at|sent_at|updated_at|user_id|status:|source:|lesson_id"
    r"|quiz_(right|wrong)|rated_|\bkind\b|subscribed\b|time_changed|\bU1MANAGER\b"
)
_names = itertools.count()


def internal(text: str) -> list[str]:
    """Give the internal words in `text` (an account says none)."""
    return [match.group(0) for match in INTERNAL.finditer(text)]


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        yield


def later(served, text: str, *, user_id: str = "U1MANAGER") -> dict:
    """Send `/coach text` answered after the acknowledgement; give what came to response_url."""
    name = f"p{next(_names)}"
    body = slash_command(text, user_id=user_id, response_url=served.fake.response_url(name))
    response = served.slack.post(body)
    assert response.status == 200 and response.body == ""
    return served.fake.wait_for(f"response_url/{name}")[0].params


def click(served, action_id: str, value: str, *, user_id: str = "U1MANAGER", **kw) -> dict:
    """Click a button; give what the app posted to the message's response_url."""
    name = f"c{next(_names)}"
    url = served.fake.response_url(name)
    body = block_action(action_id, value, user_id=user_id, response_url=url, **kw)
    assert served.slack.post(body).status == 200
    return served.fake.wait_for(f"response_url/{name}", timeout=10)[0].params


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def a_week_of(served, user_id: str = "U1MANAGER"):
    """Join, get a lesson, answer its quiz wrongly, mark it read and helpful, ask two questions,
    pause, resume and move the lesson time, all over HTTP; give the lesson."""
    later(served, "subscribe", user_id=user_id)
    later(served, "next", user_id=user_id)
    message = served.fake.dms(user_id)[-1]
    quiz = next(b for b in message["blocks"] if b.get("block_id", "").startswith(QUIZ_BLOCK))
    lesson = served.coach.bank.get(quiz["block_id"].removeprefix(QUIZ_BLOCK))
    wrong = next(b for b in quiz["elements"] if b["value"].split("|")[1] != str(
        lesson.en.quiz.answer))  # fmt: skip
    click(served, wrong["action_id"], wrong["value"], user_id=user_id, message=message)
    click(served, GOT_IT, lesson.id, user_id=user_id, message=message)
    click(served, HELPFUL, lesson.id, user_id=user_id, message=message)
    ask(served, QUESTION, user_id=user_id)
    ask(served, NO_LESSON, user_id=user_id)
    for command in ("pause", "resume", "time 08:30"):
        ask(served, command, user_id=user_id)
    return lesson


def forget_me(served, *, user_id: str = "U1MANAGER", words: str = "forget me") -> dict:
    """Ask to be forgotten and confirm with that question's own button; give the reply."""
    confirm = ask(served, words, user_id=user_id)
    token = buttons(confirm["blocks"])[privacy.FORGET_YES]["value"]
    return click(served, privacy.FORGET_YES, token, user_id=user_id)


def naming(db_path: Path, text: str) -> list[str]:
    """Give every table.column of the SQLite file holding `text` in some row."""
    found = []
    with closing(sqlite3.connect(db_path)) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (table,) in tables:
            for column in [row[1] for row in db.execute(f"PRAGMA table_info([{table}])")]:
                sql = f"SELECT COUNT(*) FROM [{table}] WHERE instr(CAST([{column}] AS TEXT), ?)"
                if db.execute(sql, [text]).fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


# --- the account in words ----------------------------------------------------------------------


def test_my_data_tells_an_english_manager_what_is_stored_in_plain_words(served):
    lesson = a_week_of(served)
    answer = ask(served, "my data")
    text = all_text(answer["blocks"])
    assert answer["text"] == "What the coach stores about you"
    assert "You joined the course on 3 March (you signed up yourself)." in text
    assert "Lessons at 08:30 your time (your choice; Europe/Berlin), Monday to Friday." in text
    assert "Language: English, from your Slack settings (en-US)." in text
    assert "You have had 1 lesson, on 3 March." in text
    title = f"“{lesson.en.title}”"
    assert f"• 3 March: {title} · read · rated helpful" in text
    assert "You answered 1 quiz question, 0 of them right first time." in text
    assert f"{title}: comes back on" in text and "(wrong once)" in text
    assert "*Your questions* (2), newest first" in text
    assert f"• 3 March: “{ESCAPED}” → “" in text  # escaped: it pings no one
    assert f"“{NO_LESSON}” → no lesson yet" in text
    assert "• 3 March: you moved your lessons to 08:30" in text
    assert "you paused your lessons" in text and "you resumed your lessons" in text
    assert "deleted after 365 days" in text and "`/coach forget me`" in text
    assert "<!channel>" not in json.dumps(answer) and "<@U2MANAGERIN>" not in json.dumps(answer)
    assert not internal(text), internal(text)
    assert "Also stored" not in text
    assert set(buttons(answer["blocks"])) == {privacy.COPY}


def test_my_data_tells_a_german_manager_in_german_formal_sie(served):
    lesson = a_week_of(served, "U2MANAGERIN")
    answer = ask(served, "meine daten", user_id="U2MANAGERIN")
    text = all_text(answer["blocks"])
    assert answer["text"] == "Was der Coach über Sie speichert"
    assert "Sie sind dem Kurs am 3. März beigetreten (Sie haben sich selbst angemeldet)." in text
    assert "Lektionen um 08:30 Uhr Ihrer Ortszeit (von Ihnen gewählt; Europe/Berlin)" in text
    assert "Sprache: Deutsch, aus Ihren Slack-Einstellungen (de-DE)." in text
    assert "Sie haben 1 Lektion erhalten, am 3. März." in text
    assert f"„{lesson.de.title}“ · gelesen · als hilfreich bewertet" in text
    assert "Sie haben 1 Quizfrage beantwortet, davon 0 beim ersten Mal richtig." in text
    assert "*Ihre Fragen* (2), die neuesten zuerst" in text
    assert f"„{ESCAPED}“" in text
    assert "noch keine Lektion" in text
    assert "Sie haben Ihre Lektionen auf 08:30 Uhr gelegt" in text
    assert "Kopie als Datei (JSON)" in text
    assert not internal(text), internal(text)
    for english in ("You ", "lesson", "Language", "your"):
        assert english not in text


def test_my_data_in_the_dm_is_the_same_account_with_its_copy_button(served):
    a_week_of(served)
    served.slack.post(message_event("Meine Daten"), content_type="application/json")
    title = t("en", "my_data_title")  # en-US: in English, though typed in German

    def answered() -> list[dict]:
        calls = served.fake.calls_to("chat.postMessage")
        return [c.params for c in calls if c.params.get("text") == title]

    assert served.fake.wait_until(answered)
    [answer] = answered()
    assert answer["channel"] == "DU1MANAGER"
    assert privacy.COPY in buttons(answer["blocks"])


def wrong(lesson) -> int:
    """Give a wrong option of the lesson's quiz."""
    return lesson.en.quiz.answer % len(lesson.en.quiz.options) + 1


def _everything(served, user_id: str) -> None:
    """Give `user_id` a row in every table that names a person, every column filled."""
    coach, store = served.coach, served.coach.store
    bank = list(coach.bank)
    store.learners.enroll(user_id, source="admin", zone="Europe/Berlin")
    learners.set_time(coach, user_id, "07:30")
    learners.set_language(coach, user_id, "en")
    store.prefs.set_locale(user_id, "de-DE")
    store.events.record(user_id, "subscribed", detail="admin")
    for number, (day, kind, state) in enumerate([("2026-02-26", "lesson", "failed"),
            ("2026-02-27", "lesson", "sent"), ("2026-03-02", "reviews", "sent"),
            ("2026-03-03", "complete", "sending"), ("2026-02-24", "lesson", "sent")]):  # fmt: skip
        lesson_id = bank[number].id if kind == "lesson" else None
        reviews = (bank[0].id, bank[1].id) if kind == "reviews" else ()
        store.ledger.claim(user_id=user_id, day=day, kind=kind, lesson_id=lesson_id,
                           reviews=reviews, welcome=number == 0, owner="vm:12531:abc")  # fmt: skip
        store.ledger.attempting(user_id, day, owner="vm:12531:abc")
        if state == "sent":
            store.ledger.mark_sent(
                user_id, day, channel=f"D{user_id}", ts=f"17000000{number}.000100"
            )
        elif state == "failed":
            store.ledger.mark_failed(user_id, day, "account_inactive")
        if lesson_id:
            store.events.record(user_id, "delivered", lesson_id=lesson_id)
    learners.answer_quiz(coach, user_id, bank[1].id, wrong(bank[1]))
    learners.answer_quiz(coach, user_id, bank[1].id, bank[1].en.quiz.answer, review=True)
    learners.answer_quiz(coach, user_id, bank[4].id, wrong(bank[4]))
    learners.mark_read(coach, user_id, bank[1].id)
    learners.rate(coach, user_id, bank[1].id, helpful=False)
    reply = coach.ask(user_id, QUESTION)
    store.events.answer_helped(reply.question_id, user_id, helpful=True)
    store.events.record(user_id, "paused", detail="2026-03-02")  # pause until a day
    store.events.record(user_id, "resumed", detail="by date")  # that day
    for kind in ("paused", "resumed"):
        store.events.record(user_id, kind)
    learners.unsubscribe(coach, user_id, by_admin=True)
    store.digests.claim(user_id, "2026-02-23")
    store.digests.claim(user_id, "2026-03-02")


def test_every_table_and_column_about_a_person_is_said_or_left_out_for_a_reason(served):
    _everything(served, "U1MANAGER")
    store = served.coach.store
    data = store.privacy.personal_data("U1MANAGER")
    assert all(data.values()), [table for table, rows in data.items() if not rows]
    # Every personal table and every column of its schema (a new one fails here until the
    # account says it in words or LEFT_OUT gives the reason it does not).
    with closing(sqlite3.connect(served.coach.settings.db_path)) as db:
        schema = {table: [row[1] for row in db.execute(f"PRAGMA table_info([{table}])")]
                  for table in data}  # fmt: skip
    missing = privacy.unaccounted({table: [dict.fromkeys(columns)] for table, columns in
                                   schema.items()})  # fmt: skip
    assert missing == [], f"say these in the account or leave them out with a reason: {missing}"
    for table in data:
        said, left_out = privacy.SAID[table], set(privacy.LEFT_OUT.get(table, {}))
        assert not said & left_out, table

    text = all_text(ask(served, "my data")["blocks"])
    assert "Also stored" not in text and not internal(text), internal(text)
    assert "An admin took you out of the course." in text
    assert "Kept should you come back: lessons at 07:30 (Europe/Berlin)" in text
    assert "Language: English (your choice; your Slack language: de-DE)." in text
    assert "could not be delivered (Slack said: `account_inactive`)" in text
    assert "review of 2 quiz questions: “" in text
    assert "the message that you have finished the course · on its way" in text
    assert "And 1 message with questions to review." in text
    assert "Marked as read: 1. Rated: 0 helpful, 1 not helpful." in text
    assert "You answered 2 quiz questions, 0 right first time." in text
    assert "In reviews: 1 answer, 1 right." in text
    assert "answered right in a review (wrong once before)" in text
    assert "it helped, you said" in text
    assert "enrolled by an admin" in text and "taken out of the course by an admin" in text
    assert "you chose English" in text
    assert "you paused your lessons until 2 March" in text
    assert "your lessons started again, as you had set" in text
    assert "*Weekly reports sent to you:* 2, for the weeks of 2 March and 23 February." in text


def test_a_table_added_later_is_shown_as_stored_never_left_out(served, settings):
    served.coach.store.learners.enroll("U1MANAGER", source="self", zone="Europe/Berlin")
    with closing(sqlite3.connect(settings.db_path)) as db, db:
        db.execute("CREATE TABLE badges (user_id TEXT, badge TEXT, given_at TEXT)")
        db.execute("INSERT INTO badges VALUES ('U1MANAGER', '<!here> streak', '2026-03-03')")
    data = served.coach.store.privacy.personal_data("U1MANAGER")
    assert privacy.unaccounted(data) == ["badges.badge", "badges.given_at"]
    answer = ask(served, "my data")
    text = all_text(answer["blocks"])
    assert "*Also stored* (as the database has it)" in text
    assert "• badges: badge: &lt;!here&gt; streak · given_at: 2026-03-03" in text
    assert "<!here>" not in json.dumps(answer)


def test_a_long_history_shows_the_newest_within_slacks_limits_and_how_many_more(served):
    store = served.coach.store
    store.learners.enroll("U1MANAGER", source="self", zone="Europe/Berlin")
    bank = list(served.coach.bank)
    for number in range(40):
        day = f"2026-01-{number % 28 + 1:02d}" if number < 28 else f"2026-02-{number - 27:02d}"
        store.ledger.claim(user_id="U1MANAGER", day=day, kind="lesson", lesson_id=bank[number].id,
                    reviews=(), welcome=False, owner="vm:1:a")  # fmt: skip
    for number in range(60):
        served.coach.ask("U1MANAGER", f"question {number:02d} " + "<!everyone> " * 60)
    answer = ask(served, "my data")
    assert_valid_blocks(answer["blocks"])  # at most 50 blocks, each within Slack's limits
    sections = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]
    assert all(len(section) <= 3000 for section in sections)
    text = all_text(answer["blocks"])
    assert "You have had 40 lessons, the last on 12 February." in text
    assert "• 12 February: “" in text and "…and 30 earlier" in text
    assert "*Your questions* (60), newest first" in text
    assert "question 59" in text and "question 50" not in text.split("question 59")[0]
    assert re.search(r"…and (5\d) earlier", text)
    assert "<!everyone>" not in json.dumps(answer)


def test_someone_never_seen_is_told_nothing_is_stored(served):
    answer = ask(served, "my data", user_id="U2MANAGERIN")
    assert answer["text"] == "The coach stores nothing about you."  # en: nothing known yet
    assert not buttons(answer["blocks"])


# --- the copy as a file ------------------------------------------------------------------------


def test_get_a_copy_uploads_everything_as_a_json_file_to_the_persons_dm(served):
    _everything(served, "U1MANAGER")
    answer = ask(served, "my data")
    reply = click(served, privacy.COPY, buttons(answer["blocks"])[privacy.COPY]["value"])
    assert reply["replace_original"] is False
    assert reply["text"] == "A copy is in your messages with me: social-media-coach-2026-03-03.json"
    [shared] = served.fake.files
    assert shared["channel"] == "DU1MANAGER"  # the DM (conversations.open), not the user ID
    assert shared["name"] == "social-media-coach-2026-03-03.json"
    assert shared["title"] == "What the coach stores about you"
    assert "as a file you can keep" in shared["initial_comment"]
    assert shared["length"] == len(shared["content"].encode())
    copy = json.loads(shared["content"])
    assert copy["user_id"] == "U1MANAGER" and copy["retention_days"] == 365
    stored = served.coach.store.privacy.personal_data("U1MANAGER")
    assert copy["data"] == json.loads(json.dumps(stored))  # every row, every column
    assert [row["text"] for row in copy["data"]["events"] if row["kind"] == "asked"] == [QUESTION]
    assert {row["owner"] for row in copy["data"]["deliveries"]} == {"vm:12531:abc"}
    lesson_ids = {row["lesson_id"] for row in copy["data"]["deliveries"] if row["lesson_id"]}
    assert lesson_ids <= set(copy["lessons"])


def test_the_copy_comes_in_german_for_a_german_manager(served):
    a_week_of(served, "U2MANAGERIN")
    answer = ask(served, "my data", user_id="U2MANAGERIN")
    reply = click(served, privacy.COPY, "json", user_id="U2MANAGERIN")
    assert reply["text"].startswith("Eine Kopie liegt in Ihren Nachrichten mit mir: ")
    [shared] = served.fake.files
    assert shared["channel"] == "DU2MANAGERIN"
    assert shared["title"] == "Was der Coach über Sie speichert"
    copy = json.loads(shared["content"])
    assert copy["about"].startswith("Alles, was der Social Media Coach über Sie speichert")
    assert answer["blocks"]


def test_a_copy_that_cannot_be_sent_says_so_and_what_to_do(served):
    a_week_of(served)
    served.fake.plan("files.completeUploadExternal", 200, {"ok": False, "error": "missing_scope"})
    reply = click(served, privacy.COPY, "json")
    assert reply["text"] == t("en", "my_data_copy_failed")
    assert served.fake.files == []


def test_the_manifest_asks_for_the_scope_the_copy_needs():
    assert "files:write" in BOT_SCOPES


# --- forget me, and the language after it ------------------------------------------------------


def test_forget_me_asks_first_and_erases_every_trace_only_when_confirmed(served, settings):
    a_week_of(served)
    kept = naming(settings.db_path, "U1MANAGER")
    assert {"learners.user_id", "events.user_id", "deliveries.user_id", "users.user_id"} <= set(
        kept
    )
    confirm = ask(served, "forget me")
    assert "Erase everything the coach stores about you?" in all_text(confirm["blocks"])
    assert "`/coach my data` gives you a copy" in all_text(confirm["blocks"])
    choices = buttons(confirm["blocks"])
    assert set(choices) == {"forget_yes", "forget_no"}
    assert naming(settings.db_path, "U1MANAGER") == kept  # asking erases nothing

    token = choices["forget_yes"]["value"]
    assert choices["forget_no"]["value"] == token
    assert click(served, "forget_no", token)["text"] == "Nothing was erased."
    assert naming(settings.db_path, "U1MANAGER") == kept
    assert served.coach.store.learners.get("U1MANAGER").status == "active"
    # Kept is an answer: that question's erase button (another device) erases nothing now.
    late = click(served, "forget_yes", token)
    assert late["text"].startswith("That click changed nothing")
    assert naming(settings.db_path, "U1MANAGER") == kept

    erased = forget_me(served)
    assert erased["replace_original"] is True
    assert "Everything the coach stored about you is erased" in erased["text"]
    assert naming(settings.db_path, "U1MANAGER") == []
    assert served.coach.store.learners.get("U1MANAGER") is None
    answer = ask(served, "my data")
    assert answer["text"] == t("en", "my_data_fingerprint")
    assert not buttons(answer["blocks"])


def test_after_forget_me_a_german_manager_is_still_answered_in_german(served, settings):
    a_week_of(served, "U2MANAGERIN")
    erased = forget_me(served, user_id="U2MANAGERIN", words="vergiss mich")
    assert erased["text"].startswith("Erledigt. Alles, was der Coach über Sie gespeichert hat")

    assert ask(served, "my data", user_id="U2MANAGERIN")["text"] == t("de", "my_data_fingerprint")
    help_text = all_text(later(served, "help", user_id="U2MANAGERIN")["blocks"])
    assert "Fragen Sie mich" in help_text  # help asks Slack whether they are an admin
    served.slack.post(message_event("meine daten", user_id="U2MANAGERIN"),
                      content_type="application/json")  # fmt: skip
    dm = served.fake.wait_until(
        lambda: any(c.params.get("channel") == "DU2MANAGERIN" and c.params.get("text") ==
                    t("de", "my_data_fingerprint") for c in served.fake.calls_to(
                        "chat.postMessage")))  # fmt: skip
    assert dm, "the DM's my data was not answered in German"
    # Nothing about them was stored again by any of this: the locale is kept in memory only.
    # (The DM's ID names them only in the fake; the DM answered is kept a day, for retries.)
    stored = naming(settings.db_path, "U2MANAGERIN")
    assert [found for found in stored if not found.startswith("answered.")] == []


def test_after_a_restart_a_forgotten_german_manager_is_answered_in_german(served, settings):
    later(served, "subscribe", user_id="U2MANAGERIN")
    forget_me(served, user_id="U2MANAGERIN")
    served.coach.store.prefs.reload()  # a new process: nothing in memory
    looked_up = len(served.fake.calls_to("users.info"))

    answer = later(served, "my data", user_id="U2MANAGERIN")  # looked up before answering
    assert answer["text"] == t("de", "my_data_fingerprint")
    assert len(served.fake.calls_to("users.info")) == looked_up + 1
    assert ask(served, "forget me", user_id="U2MANAGERIN")["text"] == t("de", "forget_confirm")
    assert len(served.fake.calls_to("users.info")) == looked_up + 1  # then kept in memory
    assert naming(settings.db_path, "U2MANAGERIN") == []


def test_coming_back_after_forget_me_stores_the_language_again(served):
    later(served, "subscribe", user_id="U2MANAGERIN")
    forget_me(served, user_id="U2MANAGERIN")
    assert served.coach.store.prefs.get("U2MANAGERIN").locale == "de-DE"  # in memory

    assert later(served, "subscribe", user_id="U2MANAGERIN")["text"].startswith("Sie ")
    served.coach.store.prefs.reload()  # a new process: the lessons still come in German
    assert served.coach.language_for("U2MANAGERIN") == "de"
    assert not served.coach.store.privacy.was_erased("U2MANAGERIN")


READER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.execute("BEGIN")
db.execute("SELECT COUNT(*) FROM events").fetchone()  # a read snapshot, held open
print("reading", flush=True)
time.sleep(60)
"""


def test_forget_me_beside_another_process_reading_keeps_every_answer_quick(
    served, settings, stop_later
):
    a_week_of(served)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(settings.db_path)], stdout=subprocess.PIPE, text=True
    )
    stop_later.append(reader)
    assert reader.stdout.readline().strip() == "reading"
    confirm = ask(served, "forget me")
    token = buttons(confirm["blocks"])[privacy.FORGET_YES]["value"]
    url = served.fake.response_url("forgotten")
    click = block_action(privacy.FORGET_YES, token, response_url=url)
    assert served.slack.post(click).status == 200  # erasing goes on after the acknowledgement
    took = []
    for _ in range(10):
        started = time.perf_counter()
        assert served.slack.get("/healthz").status == 200
        assert ask(served, "how do we apologize publicly", user_id="U2MANAGERIN")["blocks"]
        took.append(time.perf_counter() - started)
    assert max(took) < 1, took
    erased = served.fake.wait_for("response_url/forgotten", timeout=10)[0].params
    assert "Everything the coach stored about you is erased" in erased["text"]
    assert naming(settings.db_path, "U1MANAGER") == []
