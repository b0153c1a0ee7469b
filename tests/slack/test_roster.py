"""The daily sync against the fake Web API: who is enrolled, and time zones that follow people."""

from __future__ import annotations

from dataclasses import replace

from bot.coaching import Coach
from bot.lessons import load_bank
from bot.slack.app import make_client
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
    store.enroll("UB", source="self")
    store.update_learner("UB", status="unsubscribed", reason="self")

    summary = sync(coach, make_client(settings))
    assert summary.enrolled == 3 and summary.errors == []
    active = {learner.user_id for learner in store.learners("active")}
    assert active == {"UA", "UC", "UD"}  # UB unsubscribed; UE is in no audience
    assert len(fake_slack.calls_to("conversations.members")) == 3  # 6 members, 2 a page

    # A manager who moves is followed; one whose account is deactivated stops getting lessons.
    fake_slack.users["UA"]["tz"] = "America/Los_Angeles"
    fake_slack.users["UD"]["deleted"] = True
    again = sync(coach, make_client(settings))
    assert again.enrolled == 0 and again.zones_updated == 1 and again.deactivated == 1
    assert store.learner("UA").zone == "America/Los_Angeles"
    assert store.learner("UD").status == "inactive"
    assert [e["kind"] for e in store.events("UA")] == ["subscribed"]
    # Reactivated in Slack: back in the course.
    fake_slack.users["UD"]["deleted"] = False
    sync(coach, make_client(settings))
    assert store.learner("UD").status == "active"
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
    assert [learner.user_id for learner in store.learners("active")] == ["UA"]
    store.close()
