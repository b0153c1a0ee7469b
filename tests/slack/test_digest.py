"""The admins' Monday digest: due at 09:00 in each admin's time zone, once a week, over Slack."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.coaching import Coach
from bot.digest import due_week
from bot.lessons import load_bank
from bot.slack.clients import post_client
from bot.slack.digests import DigestSender
from bot.store import Store

from ..conftest import LESSONS_DIR
from .blockkit import all_text, assert_valid_blocks

MONDAY_0800_UTC = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)  # 09:00 in Berlin (CET)


@pytest.mark.parametrize(
    ("zone", "moment", "due"),
    [
        ("Europe/Berlin", "2026-11-30T08:00+00:00", "2026-11-30"),  # 09:00 Monday
        ("Europe/Berlin", "2026-11-30T07:59+00:00", None),  # 08:59
        ("Europe/Berlin", "2026-11-30T16:59+00:00", "2026-11-30"),  # 17:59, still Monday's
        ("Europe/Berlin", "2026-11-30T17:00+00:00", None),  # 18:00: missed, not sent later
        ("America/New_York", "2026-11-30T08:00+00:00", None),  # 03:00 there
        ("America/New_York", "2026-11-30T14:00+00:00", "2026-11-30"),  # 09:00 there
        ("Pacific/Auckland", "2026-11-29T20:00+00:00", "2026-11-30"),  # Monday 09:00, Sunday UTC
        ("Europe/Berlin", "2026-12-01T08:00+00:00", None),  # Tuesday
    ],
)
def test_the_digest_is_due_on_monday_from_nine_in_the_admins_time_zone(zone, moment, due):
    assert due_week(zone, datetime.fromisoformat(moment)) == due


@pytest.fixture
def coach(settings, fake_slack):
    fake_slack.add_user("UADMINBERLIN", tz="Europe/Berlin")
    fake_slack.add_user("UADMINNY", tz="America/New_York", locale="de-DE")
    settings = replace(settings, admins=frozenset({"UADMINBERLIN", "UADMINNY"}), min_group=1)
    coach = Coach(settings, bank=load_bank(LESSONS_DIR), store=Store(settings.db_path))
    yield coach
    coach.store.close()


def test_each_admin_gets_one_digest_at_nine_their_time_with_last_weeks_figures(coach, fake_slack):
    lesson = next(iter(coach.bank))
    # Last week's events, and a question no lesson answered.
    tuesday = datetime(2026, 11, 24, 9, tzinfo=timezone.utc)
    coach.store.events.record("U1", "delivered", lesson_id=lesson.id, at=tuesday)
    coach.store.events.record_question(
        user_id="U1",
        text="llama <!channel> dances",
        language=None,
        lesson_id=None,
        score=None,
        at=tuesday + timedelta(minutes=5),
    )
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 1  # Berlin's 09:00; New York's is five hours later
    assert sender.run(MONDAY_0800_UTC.replace(minute=10)) == 0  # sent once
    berlin = fake_slack.dms("UADMINBERLIN")
    assert len(berlin) == 1
    blocks = berlin[0]["blocks"]
    assert_valid_blocks(blocks)
    text = all_text(blocks)
    assert "Lessons delivered:* 1 (week before: 0)" in text
    assert "llama &lt;!channel&gt; dances" in text  # the question, inert
    assert "<!channel>" not in text

    assert sender.run(MONDAY_0800_UTC.replace(hour=14)) == 1
    assert "Letzte Woche" in all_text(fake_slack.dms("UADMINNY")[0]["blocks"])  # de-DE locale
    assert sender.run(MONDAY_0800_UTC.replace(hour=15)) == 0


def test_a_digest_slack_refuses_is_tried_again_while_it_is_still_monday(coach, fake_slack):
    fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "channel_not_found"})
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 0  # refused: recorded in the log, claim released
    assert sender.run(MONDAY_0800_UTC.replace(minute=10)) == 1
    assert len(fake_slack.dms("UADMINBERLIN")) == 1


def test_without_coach_admins_the_workspace_admins_get_the_digest(coach, fake_slack):
    fake_slack.add_user("UOWNER", tz="Europe/Berlin")
    fake_slack.users["UOWNER"]["is_owner"] = True
    coach.settings = replace(coach.settings, admins=frozenset())
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 1
    assert len(fake_slack.dms("UOWNER")) == 1
    assert fake_slack.dms("UADMINBERLIN") == []  # not a workspace admin


def test_a_dropped_connection_before_slack_posted_is_tried_again(coach, fake_slack):
    fake_slack.plan("conversations.open", 200, {"drop": "before"})
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 0
    assert sender.run(MONDAY_0800_UTC.replace(minute=10)) == 1
    assert len(fake_slack.dms("UADMINBERLIN")) == 1


def test_a_post_without_an_answer_is_never_sent_a_second_time(coach, fake_slack):
    fake_slack.plan("chat.postMessage", 200, {"drop": "after"})  # posted, the answer lost
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 0
    assert sender.run(MONDAY_0800_UTC.replace(minute=10)) == 0
    assert len(fake_slack.dms("UADMINBERLIN")) == 1


def test_a_failed_admin_lookup_is_tried_again_at_the_next_check(coach, fake_slack):
    fake_slack.plan("users.list", 200, {"ok": False, "error": "internal_error"})
    sender = DigestSender(coach, post_client(coach.settings))

    assert sender.run(MONDAY_0800_UTC) == 0
    assert sender.run(MONDAY_0800_UTC.replace(minute=10)) == 1
