"""A manager's course over HTTP: subscribe, time, pause, next, the quiz; admins' enroll."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
import time_machine

from bot.delivery import run_pass
from bot.slack.messenger import make_messenger

from .blockkit import all_text, assert_valid_blocks
from .requests import block_action, slash_command

# Tuesday 2026-03-03, 07:00 in Berlin: before the day's lesson.
EARLY_TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)
TUESDAY_AFTERNOON = datetime(2026, 3, 3, 14, 0, tzinfo=timezone.utc)


def later_reply(served, text: str, *, user_id: str = "U1MANAGER", name: str = "r") -> str:
    """Send `/coach text` and give the text that comes back through response_url."""
    response = served.slack.post(
        slash_command(text, user_id=user_id, response_url=served.fake.response_url(name))
    )
    assert response.status == 200 and response.body == ""
    return served.fake.wait_for(f"response_url/{name}")[-1].params["text"]


def reply(served, text: str, *, user_id: str = "U1MANAGER") -> str:
    return served.slack.post(slash_command(text, user_id=user_id)).json()["text"]


@pytest.fixture
def tuesday_morning():
    with time_machine.travel(EARLY_TUESDAY, tick=True):
        yield


def test_subscribe_takes_the_time_zone_from_slack_and_says_when_the_first_lesson_comes(
    served, tuesday_morning
):
    served.fake.add_user("UNY", locale="en-US", tz="America/New_York")
    text = later_reply(served, "subscribe", user_id="UNY")
    assert text == (
        "You're in: I've sent you a welcome in our direct messages. "
        "Your first lesson comes Tuesday at 09:00."
    )
    # The welcome at once, a short message of its own; the lesson at the delivery time.
    (welcome,) = served.fake.welcomes("UNY")
    assert_valid_blocks(welcome["blocks"])
    words = all_text(welcome["blocks"])
    assert len(words.split()) <= 80
    assert "Your first lesson comes Tuesday at 09:00; `/coach next` brings it now." in words
    assert served.fake.dms("UNY") == []
    learner = served.coach.store.learners.get("UNY")
    assert (learner.status, learner.zone, learner.source) == ("active", "America/New_York", "self")
    again = later_reply(served, "subscribe", user_id="UNY", name="r2")
    assert again.startswith("You're already enrolled.")


def test_time_pause_and_resume_answer_at_once_in_the_managers_language(served, tuesday_morning):
    later_reply(served, "subscribe", user_id="U2MANAGERIN")  # de-DE, Europe/Berlin
    assert reply(served, "time 7.45", user_id="U2MANAGERIN") == (
        "Ab jetzt kommt Ihre Lektion um 07:45 Uhr Ihrer Ortszeit. "
        "Die nächste: am Dienstag um 07:45 Uhr."
    )
    assert "Uhrzeit" in reply(served, "time soon", user_id="U2MANAGERIN")
    assert "zwischen 05:00 und 22:00" in reply(served, "time 23:30", user_id="U2MANAGERIN")
    assert reply(served, "pause", user_id="U2MANAGERIN").startswith("Ihre Lektionen pausieren.")
    assert run_pass(served.coach, make_messenger(served.coach), TUESDAY_AFTERNOON).sent == 0
    assert reply(served, "resume", user_id="U2MANAGERIN").startswith("Ihre Lektionen laufen")
    assert run_pass(served.coach, make_messenger(served.coach), TUESDAY_AFTERNOON).sent == 1
    kinds = [event["kind"] for event in served.coach.store.events.all("U2MANAGERIN")]
    assert kinds == ["subscribed", "time_changed", "paused", "resumed", "delivered"]


def test_unsubscribed_managers_are_told_how_to_come_back_and_get_nothing(served, tuesday_morning):
    later_reply(served, "subscribe")
    assert "/coach subscribe" in reply(served, "unsubscribe")
    assert run_pass(served.coach, make_messenger(served.coach), TUESDAY_AFTERNOON).sent == 0
    assert (
        reply(served, "pause") == "You're not enrolled yet. `/coach subscribe` starts the course."
    )


def test_next_sends_todays_lesson_now_and_it_counts_as_the_day(served, tuesday_morning):
    later_reply(served, "subscribe")
    assert later_reply(served, "next", name="n1") == (
        "Today's lesson is on its way to your messages with me."
    )
    assert len(served.fake.dms("U1MANAGER")) == 1
    assert later_reply(served, "next", name="n2") == (
        "You've had today's lesson. The next one comes Wednesday at 09:00."
    )
    assert run_pass(served.coach, make_messenger(served.coach), TUESDAY_AFTERNOON).sent == 0
    assert len(served.fake.dms("U1MANAGER")) == 1


def test_a_wrong_quiz_answer_shows_the_right_one_and_comes_back_for_review(served, tuesday_morning):
    later_reply(served, "subscribe")
    later_reply(served, "next", name="n1")
    message = served.fake.dms("U1MANAGER")[0]
    quiz = next(b for b in message["blocks"] if b.get("block_id", "").startswith("quiz|"))
    lesson = served.coach.bank.get(quiz["block_id"].split("|")[1])
    wrong = next(
        button
        for number, button in enumerate(quiz["elements"], start=1)
        if number != lesson.en.quiz.answer
    )
    click = block_action(
        wrong["action_id"],
        wrong["value"],
        response_url=served.fake.response_url("q"),
        message=message,
    )
    assert served.slack.post(click).status == 200
    updated = served.fake.wait_for("response_url/q")[0].params
    assert updated["replace_original"] is True
    assert_valid_blocks(updated["blocks"])
    text = all_text(updated["blocks"])
    assert "Not quite" in text and lesson.en.quiz.options[lesson.en.quiz.answer - 1] in text
    assert lesson.en.title in text  # the lesson stays; only the buttons gave way
    assert not any(b.get("block_id", "").startswith("quiz|") for b in updated["blocks"])
    assert served.coach.store.reviews.due("2026-03-05") == {}
    # Three delivery days after Tuesday: Friday, in that day's message.
    assert served.coach.store.reviews.due("2026-03-06") == {"U1MANAGER": [lesson.id]}
    assert served.coach.store.events.all("U1MANAGER")[-1]["kind"] == "quiz_wrong"


def feedback_buttons(message: dict) -> list[dict]:
    """Give the got-it and rating buttons still on the daily DM, as the person sees it."""
    for block in message["blocks"]:
        if block.get("block_id", "").startswith("feedback|"):
            return block["elements"]
    return []


def click_on(served, message: dict, button: dict, name: str) -> dict:
    """Click `button` on `message`; give the message as it looks afterwards."""
    click = block_action(
        button["action_id"],
        button["value"],
        response_url=served.fake.response_url(name),
        message=message,
    )
    assert served.slack.post(click).status == 200
    updated = served.fake.wait_for(f"response_url/{name}")[0].params
    assert updated["replace_original"] is True
    assert_valid_blocks(updated["blocks"])
    return {**message, "blocks": updated["blocks"]}


@pytest.mark.parametrize("first", ["Got it", "Not helpful"])
def test_got_it_and_a_rating_can_both_be_given_each_once(served, tuesday_morning, first):
    later_reply(served, "subscribe")
    later_reply(served, "next", name="n1")
    message = served.fake.dms("U1MANAGER")[0]
    labels = [button["text"]["text"] for button in feedback_buttons(message)]
    assert labels == ["Got it", "Helpful", "Not helpful"]
    button = next(b for b in feedback_buttons(message) if b["text"]["text"] == first)
    message = click_on(served, message, button, "f1")
    left = [button["text"]["text"] for button in feedback_buttons(message)]
    # What was clicked is said; the other kind of button is still there.
    if first == "Got it":
        assert left == ["Helpful", "Not helpful"]
        assert "✓ Marked as read" in all_text(message["blocks"])
        second = feedback_buttons(message)[1]  # Not helpful
    else:
        assert left == ["Got it"]
        assert "👎 Noted: not helpful" in all_text(message["blocks"])
        second = feedback_buttons(message)[0]
    message = click_on(served, message, second, "f2")
    assert feedback_buttons(message) == []
    text = all_text(message["blocks"])
    assert "✓ Marked as read · 👎 Noted: not helpful" in text
    assert served.coach.bank.lessons[0].en.title in text  # the lesson stays
    kinds = [event["kind"] for event in served.coach.store.events.all("U1MANAGER")]
    assert sorted(kinds[-2:]) == ["completed", "rated_not_helpful"]


def test_only_admins_can_enroll_and_bots_and_leavers_are_not_enrolled(served, tuesday_morning):
    served.fake.add_user("UBOT")
    served.fake.users["UBOT"]["is_bot"] = True
    served.fake.add_user("ULEFT")
    served.coach.store.learners.enroll("ULEFT", source="self")
    served.coach.store.learners.update("ULEFT", status="unsubscribed", reason="self")

    refused = later_reply(served, "enroll <@U2MANAGERIN>", name="e0")
    assert refused == "Only the coaching's admins can do that."
    assert served.coach.store.learners.get("U2MANAGERIN") is None

    served.coach.settings = replace(served.coach.settings, admins=frozenset({"U1MANAGER"}))
    text = later_reply(served, "enroll <@U2MANAGERIN|anna> <@UBOT> <@ULEFT> UNOBODY1", name="e1")
    assert text.splitlines() == [
        "Enrolled: <@U2MANAGERIN>",
        "Left the course themselves, so not enrolled again: <@ULEFT>",
        "Not people I can send lessons to (bots, deactivated or unknown): <@UBOT>, <@UNOBODY1>",
    ]
    assert served.coach.store.learners.get("U2MANAGERIN").zone == "Europe/Berlin"
    assert later_reply(served, "unenroll <@U2MANAGERIN>", name="e2") == (
        "Unenrolled: <@U2MANAGERIN>"
    )
    # The sync does not bring back someone an admin unenrolled; the manager can come back.
    assert served.coach.store.learners.enroll("U2MANAGERIN", source="audience") == "already"
    assert served.coach.store.learners.enroll("U2MANAGERIN", source="self") == "again"
