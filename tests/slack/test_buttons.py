"""Buttons are checked against what the app sent that person, over HTTP with signed requests.

A workspace member can send any value with any button (Slack signs the request, not the value).
Unchecked, a quiz answer for a lesson never sent would be stored and counted in the accuracy,
"Got it" with a made-up 3,000-character lesson id would be stored, and a crafted "Erase my data"
would erase a manager's data without the question ever being asked.
"""

from __future__ import annotations

import itertools
import logging
import time
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from bot import learners
from bot.slack import clicks, privacy
from bot.slack.daily import GOT_IT, HELPFUL, NOT_HELPFUL

from .blockkit import all_text
from .requests import block_action, select_action
from .test_engagement import ask, buttons, click, later, quiz_of, start_course, stats_json
from .test_privacy import naming

EARLY_TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)  # 07:00 in Berlin
MADE_UP = "x" * 3000
_names = itertools.count()


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def counted():
    """The clicks ignored, counted from zero for each test."""
    clicks.IGNORED.clear()
    yield clicks.IGNORED


def ignored(served, action_id: str, value, *, user_id: str = "U1MANAGER", **kw) -> str:
    """Click a button the app must ignore; give the URL it would have answered at (the test
    checks nothing came). Waits until the app has counted the click as ignored."""
    before = sum(clicks.IGNORED.values())
    url = served.fake.response_url(f"i{next(_names)}")
    body = block_action(action_id, value, user_id=user_id, response_url=url, **kw)
    assert served.slack.post(body).status == 200
    wait_for(lambda: sum(clicks.IGNORED.values()) > before)
    return url


def wait_for(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the app did not count the click as ignored")


def answered_at(served, url: str) -> list:
    return served.fake.calls_to(url.removeprefix(served.fake.url))


def other_lesson(served, lesson):
    """Give a lesson of the bank with a quiz that is not `lesson`."""
    return next(other for other in served.coach.bank if other.id != lesson.id and other.en.quiz)


def wrong_value(lesson, kind: str = "lesson") -> str:
    """Give the value a button would carry for a wrong answer to the lesson's quiz."""
    quiz = lesson.en.quiz
    return f"{lesson.id}|{quiz.answer % len(quiz.options) + 1}|{kind}"


# --- the quiz ----------------------------------------------------------------------------------


def test_a_quiz_answer_for_a_lesson_never_sent_is_not_stored_nor_counted(served, settings):
    lesson, quiz = quiz_of(served, start_course(served))
    right = quiz[lesson.en.quiz.answer - 1]
    message = served.fake.dms("U1MANAGER")[0]
    click(served, right["action_id"], right["value"], message=message)
    assert stats_json(settings.db_path, COACH_MIN_GROUP="1")["quiz_accuracy"] == 1.0

    never = other_lesson(served, lesson)
    for value in (wrong_value(never), wrong_value(never, "review"), wrong_value(lesson, "review")):
        url = ignored(served, "quiz_2", value, message=message)
        assert answered_at(served, url) == []  # the DM stays as it was
    # Someone who was never sent the lesson answers it: their answer does not count either.
    url = ignored(served, "quiz_1", wrong_value(lesson), user_id="U2MANAGERIN")
    assert answered_at(served, url) == []

    report = stats_json(settings.db_path, COACH_MIN_GROUP="1")
    assert report["quiz_accuracy"] == 1.0  # one answer, right: the forged wrong ones are not in
    kinds = [(event["user_id"], event["kind"], event["lesson_id"])
             for event in served.coach.store.events.all() if "quiz" in event["kind"]
             or "review" in event["kind"]]  # fmt: skip
    assert kinds == [("U1MANAGER", "quiz_right", lesson.id)]
    assert served.coach.store.reviews.due("2026-12-31") == {}  # no review scheduled by them


@pytest.mark.parametrize("number", ["0", "5", "99", "-1", "²", "x", ""])
def test_an_option_the_quiz_does_not_have_counts_nothing_and_the_real_answer_still_does(
    served, settings, number
):
    lesson, quiz = quiz_of(served, start_course(served))
    message = served.fake.dms("U1MANAGER")[0]
    url = ignored(served, "quiz_1", f"{lesson.id}|{number}|lesson", message=message)
    assert answered_at(served, url) == []
    assert [e for e in served.coach.store.events.all("U1MANAGER") if "quiz" in e["kind"]] == []

    right = quiz[lesson.en.quiz.answer - 1]  # the forged click did not take the first answer
    updated = click(served, right["action_id"], right["value"], message=message)
    assert "Right." in all_text(updated["blocks"])
    assert stats_json(settings.db_path, COACH_MIN_GROUP="1")["quiz_accuracy"] == 1.0


# --- got it and the rating ---------------------------------------------------------------------


@pytest.mark.parametrize("action_id", [GOT_IT, HELPFUL, NOT_HELPFUL])
@pytest.mark.parametrize("made_up", [True, False], ids=["made-up-id", "lesson-never-sent"])
def test_got_it_or_a_rating_for_a_lesson_not_sent_stores_nothing(
    served, settings, action_id, made_up
):
    lesson, _ = quiz_of(served, start_course(served))
    message = served.fake.dms("U1MANAGER")[0]
    value = MADE_UP if made_up else other_lesson(served, lesson).id
    url = ignored(served, action_id, value, message=message)
    assert answered_at(served, url) == []

    kinds = {event["kind"] for event in served.coach.store.events.all("U1MANAGER")}
    assert kinds.isdisjoint({"completed", "rated_helpful", "rated_not_helpful"})
    report = stats_json(settings.db_path, COACH_MIN_GROUP="1")
    assert report["completion_rate"] == 0.0
    assert MADE_UP not in str(served.coach.store.privacy.personal_data("U1MANAGER"))
    # The real button on the real DM still works.
    done = click(served, action_id, lesson.id, message=message)
    assert done["replace_original"] is True
    kept = {"lesson_done": "completed", "lesson_helpful": "rated_helpful",
            "lesson_not_helpful": "rated_not_helpful"}[action_id]  # fmt: skip
    stored = [(e["kind"], e["lesson_id"]) for e in served.coach.store.events.all("U1MANAGER")]
    assert stored[-1] == (kept, lesson.id)


def test_ignored_clicks_are_logged_once_per_kind_with_a_count_and_never_their_value(served, caplog):
    start_course(served)
    caplog.set_level(logging.INFO, logger="bot")
    secret = "do-not-log-" + "y" * 100
    for _ in range(25):
        ignored(served, GOT_IT, secret)
    ignored(served, "forget_yes", secret)
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.slack.clicks"]
    assert logged == [
        "ignored a click on got it: no such lesson (1 so far; nothing was stored)",
        "ignored a click on got it: no such lesson (10 so far; nothing was stored)",
        "ignored a click on erase my data: a confirmation never asked or already answered"
        " (1 so far; nothing was stored)",
    ]
    assert not any(secret in r.getMessage() for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


# --- forget me ---------------------------------------------------------------------------------


def forget_prompt(served, user_id: str = "U1MANAGER") -> str:
    """Ask `forget me`; give the token its buttons carry."""
    confirm = ask(served, "forget me", user_id=user_id)
    choices = buttons(confirm["blocks"])
    assert choices[privacy.FORGET_YES]["value"] == choices[privacy.FORGET_NO]["value"]
    return choices[privacy.FORGET_YES]["value"]


@pytest.mark.parametrize(
    "value", [None, "yes", "", pytest.param(MADE_UP, id="3000-chars"), "AAAAAAAAAAAAAAAAAAAAAA"]
)
def test_a_crafted_erase_without_the_question_asked_erases_nothing(served, settings, value):
    start_course(served)
    kept = naming(settings.db_path, "U1MANAGER")
    answer = click(served, privacy.FORGET_YES, value)
    assert answer["text"] == (
        "That click changed nothing: the question was answered already or is more than 10 "
        "minutes old. To erase your data, ask again with `/coach forget me`."
    )
    assert naming(settings.db_path, "U1MANAGER") == kept
    assert served.coach.store.learners.get("U1MANAGER").status == "active"


def test_a_confirmation_asked_of_someone_else_erases_no_one(served, settings):
    start_course(served)
    start_course(served, "U2MANAGERIN")
    token = forget_prompt(served)  # asked of U1MANAGER
    kept = naming(settings.db_path, "U2MANAGERIN")
    answer = click(served, privacy.FORGET_YES, token, user_id="U2MANAGERIN")
    assert answer["text"].startswith("Dieser Klick hat nichts geändert")
    assert naming(settings.db_path, "U2MANAGERIN") == kept
    # The person it was asked of can still answer it.
    erased = click(served, privacy.FORGET_YES, token)
    assert "Everything the coach stored about you is erased" in erased["text"]
    assert served.coach.store.learners.get("U1MANAGER") is None
    assert served.coach.store.learners.get("U2MANAGERIN").status == "active"


def test_a_confirmation_erases_once_and_old_buttons_store_nothing_after_it(served, settings):
    lesson, _ = quiz_of(served, start_course(served))
    message = served.fake.dms("U1MANAGER")[0]
    token = forget_prompt(served)
    erased = click(served, privacy.FORGET_YES, token)
    assert "Everything the coach stored about you is erased" in erased["text"]
    assert naming(settings.db_path, "U1MANAGER") == []

    # The old lesson's buttons in the DM store nothing about a person who was forgotten.
    ignored(served, GOT_IT, lesson.id, message=message)
    ignored(served, "quiz_1", wrong_value(lesson), message=message)
    assert naming(settings.db_path, "U1MANAGER") == []

    # They come back; the same confirmation clicked again (another device) erases nothing.
    later(served, "subscribe")
    again = click(served, privacy.FORGET_YES, token)
    assert again["text"].startswith("That click changed nothing")
    assert served.coach.store.learners.get("U1MANAGER").status == "active"


def test_a_confirmation_older_than_ten_minutes_is_refused_and_a_fresh_one_works(served, settings):
    start_course(served)
    token = forget_prompt(served)
    kept = naming(settings.db_path, "U1MANAGER")
    with time_machine.travel(EARLY_TUESDAY + timedelta(minutes=11), tick=True):
        answer = click(served, privacy.FORGET_YES, token)
        assert answer["text"].startswith("That click changed nothing")
        assert answer["replace_original"] is False  # "Done" stays after a double click
        assert naming(settings.db_path, "U1MANAGER") == kept
        fresh = forget_prompt(served)
    with time_machine.travel(EARLY_TUESDAY + timedelta(minutes=20), tick=True):
        erased = click(served, privacy.FORGET_YES, fresh)
    assert "Everything the coach stored about you is erased" in erased["text"]
    assert served.coach.store.learners.get("U1MANAGER") is None


def test_the_confirmation_rule_with_time_given(served):
    coach = served.coach
    coach.store.learners.enroll("U1MANAGER", source="self")
    asked = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)
    token = learners.ask_to_forget(coach, "U1MANAGER", now=asked)
    late = asked + learners.CONFIRM_WITHIN + timedelta(seconds=1)
    with pytest.raises(learners.Refused) as refused:
        learners.forget(coach, "U1MANAGER", token, now=late)
    assert refused.value.refusal is learners.Refusal.EXPIRED
    assert coach.store.learners.get("U1MANAGER") is not None

    token = learners.ask_to_forget(coach, "U1MANAGER", now=asked)
    in_time = asked + learners.CONFIRM_WITHIN - timedelta(seconds=1)
    assert learners.forget(coach, "U1MANAGER", token, now=in_time) > 0
    with pytest.raises(learners.Refused) as refused:
        learners.forget(coach, "U1MANAGER", token, now=in_time)
    assert refused.value.refusal is learners.Refusal.UNKNOWN_TOKEN


def test_the_database_holds_no_usable_token_and_nothing_naming_the_person(served, settings):
    served.coach.store.learners.enroll("U1MANAGER", source="self")
    token = forget_prompt(served)
    assert naming(settings.db_path, token) == []
    assert not any(found.startswith("confirmations.") for found in
                   naming(settings.db_path, "U1MANAGER"))  # fmt: skip


# --- values no button of the app sends ---------------------------------------------------------


@pytest.mark.parametrize(
    "action_id, value",
    [
        ("quiz_1", 5),
        ("quiz_1", None),
        ("quiz_1", {"lesson": "x"}),
        ("quiz_1", "|||"),
        (GOT_IT, ["a"]),
        (HELPFUL, None),
        (privacy.FORGET_NO, 7),
        ("answer_helped", "²"),
        ("answer_helped", "9" * 40),
        ("answer_not_helped", None),
        ("lesson_read_0", None),
        pytest.param("lesson_read_0", MADE_UP, id="lesson_read_0-3000-chars"),
        ("teach_undo", {"x": 1}),
    ],
)
def test_values_no_button_sends_are_refused_or_ignored_and_raise_nothing(
    served, caplog, action_id, value
):
    start_course(served)
    caplog.set_level(logging.INFO)
    body = block_action(action_id, value, response_url=served.fake.response_url("v"))
    if not isinstance(value, str | None):  # Slack's values are text: refused at the edge
        assert served.slack.post(body).status == 400
    else:
        assert served.slack.post(body).status == 200
        wait_for(lambda: sum(clicks.IGNORED.values()) or served.fake.calls_to("response_url/v")
                 or served.fake.calls_to("views.open"))  # fmt: skip
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    kinds = {event["kind"] for event in served.coach.store.events.all("U1MANAGER")}
    assert kinds <= {"subscribed", "delivered"}


@pytest.mark.parametrize("action_id, selected", [("home_time", "25:99"), ("home_language", "xx")])
def test_a_home_menu_value_it_does_not_offer_changes_nothing(served, action_id, selected):
    later(served, "subscribe")
    view = {"id": "V1", "type": "home", "blocks": []}
    count = len(served.fake.calls_to("views.publish"))
    assert served.slack.post(select_action(action_id, selected, view=view)).status == 200
    served.fake.wait_for("views.publish", count + 1)
    learner = served.coach.store.learners.get("U1MANAGER")
    assert learner.send_at is None and served.coach.language_for("U1MANAGER") == "en"
