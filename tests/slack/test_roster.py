"""The daily sync against the fake Web API: who is enrolled, and time zones that follow people."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.coaching import Coach
from bot.lessons import load_bank
from bot.slack.clients import make_client
from bot.slack.roster import sync
from bot.store import Store

from ..conftest import LESSONS_DIR
from .fake_slack import BOT_USER_ID


def test_the_audience_is_enrolled_once_and_bots_leavers_and_the_app_are_not(settings, fake_slack):
    for user_id in ("UA", "UB", "UC", "UD", "UE"):
        fake_slack.add_user(user_id, tz="Europe/Berlin")
    fake_slack.add_user("UROBOT")
    fake_slack.users["UROBOT"]["is_bot"] = True
    fake_slack.add_user("UGONE")
    fake_slack.users["UGONE"]["deleted"] = True
    fake_slack.add_user(BOT_USER_ID)
    # A channel of more than one page, and a user group.
    fake_slack.members["C0MANAGERS"] = ["UA", "UB", "UC", "UROBOT", "UGONE", BOT_USER_ID]
    fake_slack.members["S0LEADS"] = ["UC", "UD"]
    settings = replace(settings, audience=("C0MANAGERS", "S0LEADS"))
    store = Store(settings.db_path)
    coach = Coach(settings, bank=load_bank(LESSONS_DIR), store=store)
    store.learners.enroll("UB", source="self")
    store.learners.update("UB", status="unsubscribed", reason="self")

    summary = sync(coach, make_client(settings))
    assert summary.enrolled == 3 and summary.errors == []
    active = {learner.user_id for learner in store.learners.all("active")}
    assert active == {"UA", "UC", "UD"}  # UB unsubscribed; UE is in no audience
    assert len(fake_slack.calls_to("conversations.members")) == 3  # 6 members, 2 a page

    # A manager who moves is followed; one whose account is deactivated stops getting lessons.
    fake_slack.users["UA"]["tz"] = "America/Los_Angeles"
    fake_slack.users["UD"]["deleted"] = True
    again = sync(coach, make_client(settings))
    assert again.enrolled == 0 and again.zones_updated == 1 and again.deactivated == 1
    assert store.learners.get("UA").zone == "America/Los_Angeles"
    assert store.learners.get("UD").status == "inactive"
    assert [e["kind"] for e in store.events.all("UA")] == ["subscribed"]
    # Reactivated in Slack: back in the course.
    fake_slack.users["UD"]["deleted"] = False
    sync(coach, make_client(settings))
    assert store.learners.get("UD").status == "active"
    store.close()


def test_an_audience_the_app_cannot_read_is_reported_and_the_rest_still_synced(
    settings, fake_slack
):
    fake_slack.add_user("UA")
    fake_slack.members["C0OPEN"] = ["UA"]
    fake_slack.plan("conversations.members", 200, {"ok": False, "error": "not_in_channel"})
    settings = replace(settings, audience=("C0PRIVATE", "C0OPEN"))
    store = Store(settings.db_path)
    coach = Coach(settings, bank=load_bank(LESSONS_DIR), store=store)
    summary = sync(coach, make_client(settings))
    assert summary.errors == ["C0PRIVATE: not_in_channel"]
    assert [learner.user_id for learner in store.learners.all("active")] == ["UA"]
    store.close()


# --- coach sync -------------------------------------------------------------------------------


def sync_command(settings, *args: str) -> Result:
    env = {
        "SLACK_BOT_TOKEN": settings.bot_token,
        "SLACK_API_URL": settings.api_url,
        "COACH_DB": str(settings.db_path),
        "COACH_LESSONS": str(settings.lessons_dir),
        "COACH_AUDIENCE": ",".join(settings.audience),
    }
    return CliRunner().invoke(main, ["sync", *args], env=env)


@pytest.fixture
def workspace(settings, fake_slack):
    """A channel of managers (one left the course, one is a bot) and an unreadable channel."""
    for user_id in ("UA", "UB", "UC", "UD"):
        fake_slack.add_user(user_id)
    fake_slack.add_user("UROBOT")
    fake_slack.users["UROBOT"]["is_bot"] = True
    fake_slack.members["C0MANAGERS"] = ["UA", "UB", "UC", "UD", "UROBOT"]
    store = Store(settings.db_path)
    store.learners.enroll("UD", source="self", zone="Europe/Berlin")
    store.learners.update("UD", status="unsubscribed", reason="self")
    store.close()
    return replace(settings, audience=("C0MANAGERS",))


def test_sync_prints_counts_by_outcome_and_reason_never_names(workspace, fake_slack):
    result = sync_command(workspace)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "audience sync",
        "people in the audience (COACH_AUDIENCE, 1 entry): 5",
        "enrolled: 3",
        "in the course already: 0",
        "not enrolled: 2",
        "  a bot or app: 1",
        "  left the course themselves: 1",
        "deactivated (their Slack account was deactivated): 0",
        "reactivated (their Slack account is active again): 0",
        "time zones changed: 0",
    ]
    store = Store(workspace.db_path)
    assert [learner.user_id for learner in store.learners.all("active")] == ["UA", "UB", "UC"]
    store.close()
    assert fake_slack.calls_to("chat.postMessage") == []  # the welcome comes with the lesson
    again = sync_command(workspace)
    assert "enrolled: 0" in again.stdout and "in the course already: 3" in again.stdout


def test_a_dry_run_shows_the_same_counts_and_writes_nothing(workspace, fake_slack):
    fake_slack.users["UD"]["tz"] = "America/New_York"  # UD left: their zone is still followed
    before = workspace.db_path.read_bytes()
    dry = sync_command(workspace, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[:3] == [
        "audience sync (dry run: nothing written)",
        "people in the audience (COACH_AUDIENCE, 1 entry): 5",
        "would enrol: 3",
    ]
    assert "time zones that would change: 1" in dry.stdout
    assert workspace.db_path.read_bytes() == before
    assert not workspace.db_path.with_name("coach.db-wal").exists()
    store = Store(workspace.db_path)
    assert store.learners.all("active") == [] and store.events.all() == []
    store.close()
    real = sync_command(workspace)
    assert "enrolled: 3" in real.stdout and "time zones changed: 1" in real.stdout


def test_a_channel_the_app_cannot_read_fails_the_sync_after_syncing_the_rest(workspace, fake_slack):
    fake_slack.plan("conversations.members", 200, {"ok": False, "error": "not_in_channel"})
    fake_slack.members["S0LEADS"] = ["UA"]
    result = sync_command(replace(workspace, audience=("C0PRIVATE", "S0LEADS")))
    assert result.exit_code == 1
    assert "enrolled: 1" in result.stdout
    assert result.stdout.splitlines()[-1].startswith(
        "could not read C0PRIVATE: not_in_channel. Fix: check the channel's ID"
    )


def test_deactivated_and_reactivated_accounts_are_counted(workspace, fake_slack):
    sync_command(workspace)
    fake_slack.users["UA"]["deleted"] = True
    assert "would deactivate (their Slack account was deactivated): 1" in (
        sync_command(workspace, "--dry-run").stdout
    )
    assert "deactivated (their Slack account was deactivated): 1" in sync_command(workspace).stdout
    fake_slack.users["UA"]["deleted"] = False
    assert "reactivated (their Slack account is active again): 1" in (
        sync_command(workspace).stdout
    )


def test_cron_without_serve_sync_then_deliver_sends_each_new_learner_one_lesson(
    workspace, fake_slack
):
    # As docs/deployment.md's crontab runs it: `coach sync; coach deliver` every few minutes.
    env = {
        "SLACK_BOT_TOKEN": workspace.bot_token,
        "SLACK_API_URL": workspace.api_url,
        "COACH_DB": str(workspace.db_path),
        "COACH_LESSONS": str(workspace.lessons_dir),
    }
    assert sync_command(workspace).exit_code == 0
    # The next working day at 09:30 in Berlin (the learners joined today: today's time is past).
    at = next_weekday_at(datetime.now(timezone.utc), "09:30", "Europe/Berlin")
    for _ in range(2):  # cron runs it again; nothing comes twice
        result = CliRunner().invoke(main, ["deliver", "--at", at.isoformat()], env=env)
        assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "sent: 0"
    for user_id in ("UA", "UB", "UC"):
        assert len(fake_slack.welcomes(user_id)) == 1 and len(fake_slack.dms(user_id)) == 1
    assert fake_slack.dms("UD") == [] and fake_slack.dms("UROBOT") == []


def next_weekday_at(now: datetime, time: str, zone: str) -> datetime:
    """Give the next Monday-to-Friday's `time` in `zone` after today."""
    local = now.astimezone(ZoneInfo(zone))
    hour, minute = map(int, time.split(":"))
    day = local + timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
