"""Delivery passes against a fake Slack Web API on loopback: once per day, whatever Slack does."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.coaching import Coach
from bot.delivery import owner_id, owners, run_pass
from bot.lessons import load_bank
from bot.slack.messenger import make_messenger
from bot.store import Store

from ..conftest import LESSONS_DIR
from .blockkit import all_text, assert_valid_blocks
from .fake_slack import FakeSlack

BANK = load_bank(LESSONS_DIR)
# Tuesday 2026-03-03 14:00 UTC: 15:00 in Berlin, 09:00 in New York, 23:00 in Tokyo.
TUESDAY = datetime(2026, 3, 3, 14, 0, tzinfo=timezone.utc)
WEDNESDAY = datetime(2026, 3, 4, 14, 0, tzinfo=timezone.utc)


@pytest.fixture
def coach(settings, fake_slack: FakeSlack):
    store = Store(settings.db_path)
    coach = Coach(settings, bank=BANK, store=store)
    yield coach
    store.close()


def enroll(
    coach: Coach,
    fake: FakeSlack,
    user_id: str,
    zone: str,
    locale: str = "en-US",
    *,
    welcomed: bool = True,
) -> None:
    """Enroll `user_id` as an admin would; `welcomed`: they have had the welcome (it is its own
    message, which the tests of faults here leave out of their counts)."""
    fake.add_user(user_id, locale=locale, tz=zone)
    coach.store.learners.enroll(user_id, source="admin", zone=zone)
    coach.store.prefs.set_locale(user_id, locale)
    if welcomed:
        coach.store.learners.mark_welcomed(user_id)


def lesson_ids(fake: FakeSlack, user_id: str) -> list[str]:
    """Give the lessons in the DMs to `user_id`, from their quiz buttons, oldest first."""
    found = []
    for message in fake.dms(user_id):
        for block in message["blocks"]:
            if block.get("block_id", "").startswith("quiz|"):
                found.append(block["block_id"].split("|")[1])
    return found


def test_each_due_learner_gets_todays_lesson_once(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin", "de-DE", welcomed=False)
    enroll(coach, fake_slack, "UNEWYORK", "America/New_York")
    enroll(coach, fake_slack, "UTOKYO", "Asia/Tokyo")
    messenger = make_messenger(coach)

    first = run_pass(coach, messenger, TUESDAY)
    assert (first.sent, first.failed) == (2, 0)
    assert first.skipped == {"not due at this time": 1}  # 23:00 in Tokyo
    berlin = fake_slack.dms("UBERLIN")
    assert len(berlin) == 1 and fake_slack.dms("UTOKYO") == []
    assert_valid_blocks(berlin[0]["blocks"])
    text = all_text(berlin[0]["blocks"])
    assert BANK.lessons[0].de.title in text and "Willkommen" not in text
    assert "Lektion 1 von" in text  # where the manager stands
    assert "Verstanden" in text  # the "got it" button, in German
    # The welcome is a short message of its own, just before the first lesson.
    welcome, lesson = fake_slack.dms("UBERLIN", welcome=True)
    assert welcome == fake_slack.welcomes("UBERLIN")[0] and lesson == berlin[0]
    assert_valid_blocks(welcome["blocks"])
    words = all_text(welcome["blocks"]).split()
    assert "Willkommen" in words and len(words) <= 80
    assert "Hier ist Ihre erste Lektion." in all_text(welcome["blocks"])
    assert fake_slack.welcomes("UNEWYORK") == []  # had it already

    again = run_pass(coach, messenger, TUESDAY)
    assert again.sent == 0
    assert again.skipped["already had the day's message"] == 2
    assert len(fake_slack.dms("UBERLIN")) == 1 and len(fake_slack.dms("UNEWYORK")) == 1


def test_the_next_day_brings_the_next_lesson_without_the_welcome(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin", welcomed=False)
    messenger = make_messenger(coach)
    run_pass(coach, messenger, TUESDAY)
    run_pass(coach, messenger, WEDNESDAY)
    assert lesson_ids(fake_slack, "UBERLIN") == [BANK.lessons[0].id, BANK.lessons[1].id]
    second = all_text(fake_slack.dms("UBERLIN")[1]["blocks"])
    assert "Welcome" not in second


def test_throttling_waits_retry_after_and_sends_once(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    fake_slack.plan(
        "chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
    )
    started = time.monotonic()
    summary = run_pass(coach, make_messenger(coach), TUESDAY)
    assert time.monotonic() - started >= 1.0
    assert summary.sent == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert len(fake_slack.dms("UBERLIN")) == 1


@pytest.mark.parametrize(
    ("status", "body", "posts", "history_reads", "at_once"),
    [
        # Slack answered 500: it has finished, so look in the history and post again at once.
        (500, {"ok": False, "error": "internal_error"}, 3, 1, True),
        (503, {"ok": False, "error": "service_unavailable", "processed": True}, 2, 1, True),
        # No answer at all: Slack may still be at it, so the next pass (after the grace) looks.
        (200, {"drop": "before"}, 3, 1, False),
        (200, {"drop": "after"}, 2, 1, False),
    ],
    ids=["500", "503-after-posting", "dropped-before", "dropped-after"],
)
def test_server_errors_and_dropped_connections_lose_nothing_and_duplicate_nothing(
    coach, fake_slack, monkeypatch, status, body, posts, history_reads, at_once
):
    monkeypatch.setattr(owners, "GRACE", timedelta(0))
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    enroll(coach, fake_slack, "UNEWYORK", "America/New_York")
    fake_slack.plan("chat.postMessage", status, body)
    first = run_pass(coach, make_messenger(coach), TUESDAY)
    assert first.failed == 0
    assert (first.sent, first.unconfirmed) == ((2, 0) if at_once else (1, 1))
    second = run_pass(coach, make_messenger(coach), TUESDAY)
    assert second.sent + second.recovered == (0 if at_once else 1)
    assert len(fake_slack.dms("UBERLIN")) == 1
    assert len(fake_slack.dms("UNEWYORK")) == 1
    assert all(d.state == "sent" for d in coach.store.ledger.deliveries())
    assert len(fake_slack.calls_to("chat.postMessage")) == posts
    assert len(fake_slack.calls_to("conversations.history")) == history_reads


def test_a_person_slack_cannot_reach_is_marked_inactive_and_the_rest_still_get_theirs(
    coach, fake_slack
):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    enroll(coach, fake_slack, "UNEWYORK", "America/New_York")
    fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "account_inactive"})
    summary = run_pass(coach, make_messenger(coach), TUESDAY)
    assert (summary.sent, summary.failed) == (1, 1)
    assert summary.errors == {"account_inactive": 1}
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # not retried
    gone = [learner for learner in coach.store.learners.all() if learner.status == "inactive"]
    assert len(gone) == 1 and gone[0].reason == "account_inactive"
    later = run_pass(coach, make_messenger(coach), TUESDAY)
    assert later.sent == 0 and len(fake_slack.calls_to("chat.postMessage")) == 2


def test_a_refused_token_stops_the_pass_and_nothing_is_lost(coach, fake_slack, caplog):
    for number in range(5):
        enroll(coach, fake_slack, f"U{number}", "Europe/Berlin")
    for _ in range(5):
        fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "invalid_auth"})
    summary = run_pass(coach, make_messenger(coach), TUESDAY, workers=1)
    assert summary.sent == 0 and summary.stopped == "invalid_auth"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # stopped at the first refusal
    assert [r.message for r in caplog.records if r.levelname == "ERROR"] == [
        "Slack refused the bot token (invalid_auth): delivery stopped. Check SLACK_BOT_TOKEN "
        "and that the app is still installed."
    ]
    assert coach.store.ledger.deliveries() == []  # every claim released: the next pass sends them
    fake_slack.planned.clear()
    after = run_pass(coach, make_messenger(coach), TUESDAY)
    assert after.sent == 5


def test_a_claim_left_by_a_dead_process_is_resolved_from_the_dm_history(coach, fake_slack):
    enroll(coach, fake_slack, "UPOSTED", "Europe/Berlin")
    enroll(coach, fake_slack, "UNOTPOSTED", "Europe/Berlin")
    dead = "another-host-or-this:999999999:deadbeef"
    day = "2026-03-03"
    first = BANK.lessons[0].id
    for user_id in ("UPOSTED", "UNOTPOSTED"):
        coach.store.ledger.claim(
            user_id=user_id, day=day, kind="lesson", lesson_id=first, reviews=(),
            welcome=True, owner=dead,
        )  # fmt: skip
    # The dead process got as far as posting to one of them.
    fake_slack._do(
        "chat.postMessage",
        {
            "channel": "UPOSTED",
            "metadata": {"event_type": "coach_lesson", "event_payload": {"day": day}},
        },
    )
    messenger = make_messenger(coach)
    long_ago = datetime(2026, 3, 3, 8, 0, 1, tzinfo=timezone.utc)
    for user_id in ("UPOSTED", "UNOTPOSTED"):  # it had started posting both, long ago
        assert coach.store.ledger.attempting(user_id, day, owner=dead, at=long_ago)

    summary = run_pass(coach, messenger, TUESDAY)
    assert summary.recovered == 1 and summary.sent == 1
    assert len(fake_slack.dms("UPOSTED")) == 1 and len(fake_slack.dms("UNOTPOSTED")) == 1
    assert {d.state for d in coach.store.ledger.deliveries()} == {"sent"}
    assert all(d.owner == owner_id() for d in coach.store.ledger.deliveries())


def test_a_claim_a_dead_process_never_started_posting_is_sent_at_once(coach, fake_slack):
    enroll(coach, fake_slack, "UQUEUED", "Europe/Berlin")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    coach.store.ledger.claim(
        user_id="UQUEUED", day="2026-03-03", kind="lesson", lesson_id=BANK.lessons[0].id,
        reviews=(), welcome=True, owner=f"{socket.gethostname()}:{gone}:1:x",
    )  # fmt: skip
    summary = run_pass(coach, make_messenger(coach), TUESDAY)
    assert summary.sent == 1 and fake_slack.calls_to("conversations.history") == []
    assert len(fake_slack.dms("UQUEUED")) == 1


def test_after_the_last_lesson_the_course_complete_message_then_only_reviews(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    for number, lesson in enumerate(BANK.lessons):  # the whole course, in the days before
        day = (date(2025, 1, 1) + timedelta(days=number)).isoformat()
        coach.store.ledger.claim(
            user_id="UBERLIN", day=day, kind="lesson",
            lesson_id=lesson.id, reviews=(), welcome=False, owner=owner_id(),
        )  # fmt: skip
        coach.store.ledger.mark_sent("UBERLIN", day, channel="DUBERLIN", ts=f"{number}.1")
    messenger = make_messenger(coach)
    run_pass(coach, messenger, TUESDAY)
    complete = fake_slack.dms("UBERLIN")
    assert len(complete) == 1
    assert "You've finished the course" in all_text(complete[0]["blocks"])

    assert run_pass(coach, messenger, WEDNESDAY).skipped == {
        "course complete, nothing to review": 1
    }
    coach.store.reviews.schedule("UBERLIN", BANK.lessons[3].id, due="2026-03-05")
    thursday = datetime(2026, 3, 5, 14, 0, tzinfo=timezone.utc)
    assert run_pass(coach, messenger, thursday).sent == 1
    review = fake_slack.dms("UBERLIN")[-1]
    assert lesson_ids(fake_slack, "UBERLIN") == [BANK.lessons[3].id]
    assert "Review:" in all_text(review["blocks"])


def test_across_the_daylight_saving_weekend_one_lesson_a_day_at_nine_local(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    messenger = make_messenger(coach)
    # Passes every hour from Friday 2026-03-27 to Tuesday 2026-03-31; clocks go forward on Sunday.
    start = datetime(2026, 3, 27, 0, 0, tzinfo=timezone.utc)
    first_sent = {}
    for hour in range(5 * 24):
        moment = start + timedelta(hours=hour)
        if run_pass(coach, messenger, moment).sent:
            first_sent[moment.date().isoformat()] = moment.hour
    # Friday at 09:00 CET (08:00 UTC); nothing on the weekend; Monday and Tuesday at 09:00 CEST.
    assert first_sent == {"2026-03-27": 8, "2026-03-30": 7, "2026-03-31": 7}
    assert len(fake_slack.dms("UBERLIN")) == 3


def test_account_inactive_for_the_apps_own_token_stops_the_pass_and_deactivates_no_one(
    coach, fake_slack
):
    for number in range(3):
        enroll(coach, fake_slack, f"U{number}", "Europe/Berlin")
    for _ in range(3):
        fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "account_inactive"})
    fake_slack.plan("auth.test", 200, {"ok": False, "error": "account_inactive"})
    summary = run_pass(coach, make_messenger(coach), TUESDAY, workers=1)
    assert summary.stopped == "account_inactive" and summary.failed == 0
    assert {learner.status for learner in coach.store.learners.all()} == {"active"}
    assert coach.store.ledger.deliveries() == []


def test_a_review_left_unanswered_comes_back_three_days_later_not_every_day(coach, fake_slack):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    messenger = make_messenger(coach)
    run_pass(coach, messenger, TUESDAY)  # lesson 1
    coach.store.reviews.schedule("UBERLIN", BANK.lessons[0].id, due="2026-03-04")
    run_pass(coach, messenger, WEDNESDAY)  # lesson 2 with the review
    assert lesson_ids(fake_slack, "UBERLIN") == [
        BANK.lessons[0].id,
        BANK.lessons[1].id,
        BANK.lessons[0].id,
    ]
    assert coach.store.reviews.due("2026-03-06") == {}
    assert coach.store.reviews.due("2026-03-09") == {"UBERLIN": [BANK.lessons[0].id]}


def test_a_message_slack_rejects_fails_for_the_day_and_is_not_retried_every_minute(
    coach, fake_slack, caplog
):
    enroll(coach, fake_slack, "UBERLIN", "Europe/Berlin")
    fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "invalid_blocks"})
    first = run_pass(coach, make_messenger(coach), TUESDAY)
    assert first.failed == 1 and first.errors == {"invalid_blocks": 1}
    assert "check the lesson with `validate`" in caplog.text
    assert run_pass(coach, make_messenger(coach), TUESDAY).sent == 0  # not again today
    assert coach.store.learners.get("UBERLIN").status == "active"
    assert run_pass(coach, make_messenger(coach), WEDNESDAY).sent == 1
    assert lesson_ids(fake_slack, "UBERLIN") == [BANK.lessons[0].id]  # the lesson, a day late
