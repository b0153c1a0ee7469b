"""What a new manager and a new admin meet, over HTTP with the fake Web API: joining late in the
day, where they stand, the quiz on a phone, reviews, pausing until a day, plurals, the digest."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
import time_machine

from bot.coaching import Reply
from bot.delivery import DayMessage, run_pass
from bot.lessons import load_bank
from bot.search import Answer, Match
from bot.slack import daily
from bot.slack.blocks import answer_blocks
from bot.slack.messenger import make_messenger
from bot.slack.strings import t

from ..conftest import LESSONS_DIR
from .blockkit import all_text, assert_valid_blocks, assert_valid_view
from .requests import app_home_opened, block_action, slash_command

BANK = load_bank(LESSONS_DIR)
ADMIN = "UADMIN"
# Tuesday 2026-03-03 in New York (UTC-5): 17:32, after the day's 09:00 lesson.
NY_AFTERNOON = datetime(2026, 3, 3, 22, 32, tzinfo=timezone.utc)
NY_WEDNESDAY_9 = datetime(2026, 3, 4, 14, 0, tzinfo=timezone.utc)
EARLY_TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)  # 07:00 in Berlin
_names = itertools.count()


@pytest.fixture
def settings(settings):
    return replace(settings, admins=frozenset({ADMIN}))


def later(served, text: str, *, user_id: str = "U1MANAGER") -> dict:
    """Send `/coach text`; give what comes back through response_url."""
    name = f"x{next(_names)}"
    body = slash_command(text, user_id=user_id, response_url=served.fake.response_url(name))
    assert served.slack.post(body).status == 200
    return served.fake.wait_for(f"response_url/{name}")[0].params


def reply(served, text: str, *, user_id: str = "U1MANAGER") -> str:
    """Send `/coach text` answered at once; give its text."""
    return served.slack.post(slash_command(text, user_id=user_id)).json()["text"]


# --- joining after the day's delivery time ------------------------------------------------------


def test_joining_in_the_afternoon_brings_the_welcome_now_and_the_first_lesson_next_morning(
    served,
):
    served.fake.add_user("UNY", locale="en-US", tz="America/New_York")
    with time_machine.travel(NY_AFTERNOON, tick=False):
        said = later(served, "subscribe", user_id="UNY")["text"]
        assert said.endswith("Your first lesson comes Wednesday at 09:00.")
        (welcome,) = served.fake.welcomes("UNY")
        text = all_text(welcome["blocks"])
        assert "Your first lesson comes Wednesday at 09:00; `/coach next` brings it now." in text
        assert "09:00" in text and "Monday to Friday" in text
        # The passes of the afternoon send nothing: today's lesson time has passed.
        summary = run_pass(served.coach, make_messenger(served.coach), NY_AFTERNOON)
        assert summary.sent == 0
        assert summary.skipped == {"joined after the day's delivery time": 1}
    first = run_pass(served.coach, make_messenger(served.coach), NY_WEDNESDAY_9)
    assert first.sent == 1
    (lesson,) = served.fake.dms("UNY")
    assert "Lesson 1 of 43" in all_text(lesson["blocks"])
    assert len(served.fake.welcomes("UNY")) == 1  # not again with the lesson


def test_coming_back_in_the_afternoon_brings_no_lesson_until_the_next_morning(served):
    served.fake.add_user("UNY", locale="en-US", tz="America/New_York")
    with time_machine.travel(NY_AFTERNOON - timedelta(hours=9), tick=True):  # 08:32 in New York
        later(served, "subscribe", user_id="UNY")
        reply(served, "unsubscribe", user_id="UNY")
    with time_machine.travel(NY_AFTERNOON, tick=False):
        said = later(served, "subscribe", user_id="UNY")["text"]
        assert said == "Welcome back. Your next lesson comes Wednesday at 09:00."
        assert run_pass(served.coach, make_messenger(served.coach), NY_AFTERNOON).sent == 0
    assert run_pass(served.coach, make_messenger(served.coach), NY_WEDNESDAY_9).sent == 1
    assert len(served.fake.welcomes("UNY")) == 1  # the welcome once, on first joining


def test_next_gives_the_first_lesson_now_even_in_the_afternoon(served):
    served.fake.add_user("UNY", locale="en-US", tz="America/New_York")
    with time_machine.travel(NY_AFTERNOON, tick=True):
        later(served, "subscribe", user_id="UNY")
        assert "on its way" in later(served, "next", user_id="UNY")["text"]
    (lesson,) = served.fake.dms("UNY")
    assert BANK.lessons[0].en.title in all_text(lesson["blocks"])
    assert len(served.fake.dms("UNY", welcome=True)) == 2  # the welcome, then the lesson


def test_an_admin_enrolled_manager_gets_the_welcome_just_before_the_first_lesson(served):
    served.fake.add_user(ADMIN, locale="en-US")
    with time_machine.travel(NY_AFTERNOON, tick=True):
        later(served, "enroll <@U2MANAGERIN>", user_id=ADMIN)
    assert served.fake.dms("U2MANAGERIN", welcome=True) == []  # nothing until the lesson
    run_pass(served.coach, make_messenger(served.coach), NY_WEDNESDAY_9 - timedelta(hours=5))
    welcome, lesson = served.fake.dms("U2MANAGERIN", welcome=True)
    assert "Willkommen" in all_text(welcome["blocks"])
    assert "Hier ist Ihre erste Lektion." in all_text(welcome["blocks"])
    assert "Lektion 1 von 43 · Führung" in all_text(lesson["blocks"])


# --- the daily DM on a phone ---------------------------------------------------------------------


def day_message(lesson, language: str, *, number: int = 3, reviews=()) -> list[dict]:
    message = DayMessage(
        user_id="U1", day="2026-03-03", language=language, lesson=lesson, reviews=tuple(reviews),
        number=number,
    )  # fmt: skip
    return daily.day_blocks(message, BANK.course, lessons=len(BANK), time="09:00", days="mon-fri")


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_lesson_dm_reads_in_a_minute_and_its_quiz_fits_a_phone(language):
    longest = 0
    for lesson in BANK.lessons:
        blocks = day_message(lesson, language, reviews=BANK.lessons[:2])
        assert_valid_blocks(blocks)
        longest = max(longest, len(all_text(blocks).split()))
        quiz = lesson.text(language).quiz
        buttons = next(b for b in blocks if b.get("block_id", "").startswith("quiz|"))
        labels = [button["text"]["text"] for button in buttons["elements"]]
        assert labels == list("ABCD"[: len(quiz.options)])  # short labels, at most 30 characters
        text = all_text(blocks)
        for option in quiz.options:  # every option in full, as text
            assert option in text
    assert longest < 320


def test_reviews_due_on_a_lesson_day_come_as_a_short_message_after_the_lesson(served):
    served.fake.add_user("UBERLIN", locale="en-US", tz="Europe/Berlin")
    served.coach.store.learners.enroll("UBERLIN", source="admin", zone="Europe/Berlin")
    served.coach.store.learners.mark_welcomed("UBERLIN")
    tuesday_9 = datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc)
    run_pass(served.coach, make_messenger(served.coach), tuesday_9)
    served.coach.store.reviews.schedule("UBERLIN", BANK.lessons[0].id, due="2026-03-04")
    wednesday_9 = tuesday_9 + timedelta(days=1)
    assert run_pass(served.coach, make_messenger(served.coach), wednesday_9).sent == 1
    _, lesson, reviews = served.fake.dms("UBERLIN")
    assert "Lesson 2 of 43" in all_text(lesson["blocks"])
    assert not any(b.get("block_id") == f"quiz|{BANK.lessons[0].id}" for b in lesson["blocks"])
    assert reviews["metadata"]["event_type"] == "coach_review"
    assert_valid_blocks(reviews["blocks"])
    text = all_text(reviews["blocks"])
    assert text.startswith(f"*Review:* {BANK.lessons[0].en.title}")
    assert len(text.split()) < 320


def test_the_lesson_says_where_the_manager_stands_in_both_languages():
    lesson = BANK.lessons[2]
    assert "Lesson 3 of 43 · " in all_text(day_message(lesson, "en"))
    assert "Lektion 3 von 43 · " in all_text(day_message(lesson, "de"))


def options_shown(blocks: list[dict], lesson_id: str) -> tuple[list[str], list[str]]:
    """Give a quiz's options in the order shown and the option numbers its buttons send."""
    index = next(i for i, b in enumerate(blocks) if b.get("block_id") == f"quiz|{lesson_id}")
    question = blocks[index - 1]["text"]["text"]
    shown = re.findall(r"^\*[A-D]\*\s+(.*)$", question, flags=re.MULTILINE)
    numbers = [button["value"].split("|")[1] for button in blocks[index]["elements"]]
    return shown, numbers


def test_a_review_asks_the_same_question_with_the_options_in_another_order():
    for lesson in BANK.lessons:
        quiz = lesson.en.quiz
        first, _ = options_shown(day_message(lesson, "en"), lesson.id)
        blocks = day_message(None, "en", reviews=[lesson])
        again, again_numbers = options_shown(blocks, lesson.id)
        assert first == quiz.options and sorted(again) == sorted(first)
        right = quiz.options[quiz.answer - 1]
        assert again.index(right) != first.index(right)  # position memory does not answer it
        # Each button still sends the option it stands for.
        assert [quiz.options[int(n) - 1] for n in again_numbers] == again


def test_a_review_answered_says_the_letter_and_the_option_chosen(served):
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        later(served, "subscribe")
        later(served, "next")
        [first] = served.fake.dms("U1MANAGER")
        quiz = next(b for b in first["blocks"] if b.get("block_id", "").startswith("quiz|"))
        lesson = served.coach.bank.get(quiz["block_id"].removeprefix("quiz|"))
        wrong = next(b for b in quiz["elements"]
                     if b["value"].split("|")[1] != str(lesson.en.quiz.answer))  # fmt: skip
        answer_on(served, first, wrong, "w")
    # Three delivery days on, the review comes in a message of its own after Friday's lesson.
    friday_9 = datetime(2026, 3, 6, 8, 0, tzinfo=timezone.utc)
    with time_machine.travel(friday_9, tick=True):
        assert run_pass(served.coach, make_messenger(served.coach), friday_9).sent == 1
        review = served.fake.dms("U1MANAGER")[-1]
        blocks = review["blocks"]
        buttons = next(b for b in blocks if b.get("block_id") == f"quiz|{lesson.id}")["elements"]
        right = next(b for b in buttons if b["value"].split("|")[1] == str(lesson.en.quiz.answer))
        assert right["value"].endswith("|review")
        updated = answer_on(served, review, right, "q")
    letter = right["text"]["text"]
    right_option = lesson.en.quiz.options[lesson.en.quiz.answer - 1]
    assert f"You answered {letter}: {right_option}" in all_text(updated)
    assert "Right." in all_text(updated)
    kinds = [event["kind"] for event in served.coach.store.events.all("U1MANAGER")]
    assert kinds.count("quiz_wrong") == 1 and kinds.count("review_right") == 1
    assert served.coach.store.reviews.due("2026-12-31") == {}  # answered right: done


def answer_on(served, message: dict, button: dict, name: str) -> list[dict]:
    """Click a quiz button on a DM the app sent; give the DM's blocks afterwards."""
    click = block_action(
        button["action_id"], button["value"], response_url=served.fake.response_url(name),
        message=message,
    )  # fmt: skip
    assert served.slack.post(click).status == 200
    return served.fake.wait_for(f"response_url/{name}")[0].params["blocks"]


# --- answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_answers_teaser_ends_at_the_end_of_a_sentence(language):
    for lesson in BANK.lessons:
        match = Match(lesson=lesson, score=1.0, language=language, coverage=1.0)
        reply = Reply("q", Answer((match,), language), language, truncated=False)
        teaser = answer_blocks(reply, echo=False)[1]["text"]["text"]
        end = teaser.removesuffix("\n\n…").rstrip()
        assert not end.endswith(":"), (lesson.id, end[-60:])
        assert re.search(r"[.!?…][\"“”»«'’)*_]*$", end), (lesson.id, end[-60:])


# --- pausing until a day -------------------------------------------------------------------------


def test_pause_until_a_day_resumes_by_itself_that_morning(served):
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        later(served, "subscribe", user_id="U2MANAGERIN")
        said = reply(served, "pause bis 10.03.2026", user_id="U2MANAGERIN")
        assert said == (
            "Ihre Lektionen pausieren. Sie beginnen am Dienstag, 10. März von selbst wieder; "
            "mit `/coach resume` schon früher."
        )
        past = reply(served, "pause bis 01.03.2026", user_id="U2MANAGERIN")
        assert past == (
            "Nennen Sie einen Tag nach heute und innerhalb eines Jahres, zum Beispiel `17.03.2026`."
        )
        assert reply(served, "pause until 2026-03-20").startswith("You're not enrolled yet")
    messenger = make_messenger(served.coach)
    monday_9 = datetime(2026, 3, 9, 8, 0, tzinfo=timezone.utc)  # 09:00 in Berlin
    assert run_pass(served.coach, messenger, monday_9).sent == 0
    tuesday_9 = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
    assert run_pass(served.coach, messenger, tuesday_9).sent == 1
    assert served.coach.store.learners.get("U2MANAGERIN").status == "active"
    kinds = [event["kind"] for event in served.coach.store.events.all("U2MANAGERIN")]
    assert kinds[-3:] == ["paused", "resumed", "delivered"]


def test_pause_followed_by_other_words_is_a_question(served):
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        answer = served.slack.post(slash_command("pause our posts during a crisis?")).json()
    assert "You asked" in all_text(answer["blocks"])


def test_the_app_home_pauses_until_a_chosen_day(served):
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        later(served, "subscribe")
        assert served.slack.post(app_home_opened()).status == 200
        view = served.fake.wait_for("views.publish")[-1].params["view"]
        view = view if isinstance(view, dict) else json.loads(view)
        assert_valid_view(view)
        picker = next(
            element
            for block in view["blocks"]
            if block["type"] == "actions"
            for element in block["elements"]
            if element["type"] == "datepicker"
        )
        assert picker["placeholder"]["text"] == "Pause until…"
        payload = {
            "type": "block_actions",
            "user": {"id": "U1MANAGER", "team_id": "T0TEAM"},
            "api_app_id": "A0COACH",
            "team": {"id": "T0TEAM", "domain": "example"},
            "token": "legacy-verification-token",
            "container": {"type": "view", "view_id": "V1"},
            "trigger_id": "1.2.3",
            "view": view,
            "actions": [
                {
                    "type": "datepicker",
                    "action_id": picker["action_id"],
                    "block_id": "b1",
                    "selected_date": "2026-03-16",
                    "action_ts": "1",
                }
            ],
        }
        calls = len(served.fake.calls_to("views.publish"))
        assert served.slack.post(urlencode({"payload": json.dumps(payload)})).status == 200
        served.fake.wait_for("views.publish", count=calls + 1)
    learner = served.coach.store.learners.get("U1MANAGER")
    assert (learner.status, learner.paused_until) == ("paused", "2026-03-16")
    view = served.fake.calls_to("views.publish")[-1].params["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert "They start again by themselves on Monday, 16 March." in all_text(view["blocks"])


# --- plurals, the digest ------------------------------------------------------------------------


def test_plurals_follow_the_number_in_both_languages():
    assert t("en", "home_streak", n=1) == "1 workday"
    assert t("en", "home_streak", n=2) == "2 workdays in a row"
    assert t("de", "home_streak", n=1) == "1 Arbeitstag"
    assert t("de", "home_streak", n=3) == "3 Arbeitstage in Folge"
    assert t("en", "stats_title", n=1) == "How the coaching is used: the last day"
    assert t("de", "gaps_none", n=1) == "Keine offenen Fragen am letzten Tag."
    assert t("de", "gaps_none", n=7) == "Keine offenen Fragen in den letzten 7 Tagen."


def test_an_admin_sees_this_weeks_digest_now_and_nothing_is_sent(served):
    served.fake.add_user(ADMIN, locale="de-DE", tz="Europe/Berlin")
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        shown = later(served, "digest", user_id=ADMIN)
        refused = later(served, "digest")
    assert_valid_blocks(shown["blocks"])
    text = all_text(shown["blocks"])
    assert "Ihr wöchentlicher Coaching-Bericht" in text
    assert "Letzte Woche (23. Februar bis 1. März 2026)" in text
    assert "nicht verschickt" in text
    assert served.fake.calls_to("chat.postMessage") == []
    assert served.coach.store.digests.claim(ADMIN, "2026-03-02")  # Monday's is still to send
    assert refused["text"] == "Only the coaching's admins can do that."
