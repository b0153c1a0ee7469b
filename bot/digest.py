"""The admins' Monday digest: when it is due, and the two weeks it compares. No Slack here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import stats
from .coaching import Coach
from .store import Gap

SEND_AT, UNTIL = time(9, 0), time(18, 0)  # Monday, the admin's local time
NEW_SINCE = 90  # a question is new if it went unanswered in none of the days before


@dataclass
class Digest:
    last: stats.Report  # last week, Monday to Sunday
    before: stats.Report  # the week before
    new_gaps: list[Gap]


def due_week(zone: str, now: datetime) -> str | None:
    """Give the Monday (YYYY-MM-DD) whose digest is due for an admin in `zone` now, or None.

    Due on Monday from 09:00 until 18:00 local time; a Monday missed is not sent later.
    """
    local = now.astimezone(ZoneInfo(zone))
    if local.weekday() != 0 or not SEND_AT <= local.time() < UNTIL:
        return None
    return local.date().isoformat()


def this_week(zone: str, now: datetime) -> str:
    """Give the Monday (YYYY-MM-DD) of the week it is in `zone` at `now`: the digest shown on
    request (`/coach digest`) is the one that week's Monday brings."""
    local = now.astimezone(ZoneInfo(zone)).date()
    return (local - timedelta(days=local.weekday())).isoformat()


def digest(coach: Coach, week: str) -> Digest:
    """Give the figures of the week before `week` (a Monday) against the week before that."""
    monday = date.fromisoformat(week)
    last = coach.report(days=7, today=monday - timedelta(days=1))
    before = coach.report(days=7, today=monday - timedelta(days=8))
    earlier = coach.store.events.gaps(
        (monday - timedelta(days=7 + NEW_SINCE)).isoformat(), last.since, limit=10_000
    )
    known = {gap.text.lower() for gap in earlier}
    new_gaps = [gap for gap in last.unanswered if gap.text.lower() not in known]
    return Digest(last, before, new_gaps)


def claim(coach: Coach, user_id: str, week: str) -> bool:
    """Claim `user_id`'s digest of the week starting `week` for sending; False if it was sent
    (or another process is sending it)."""
    return coach.store.digests.claim(user_id, week)


def release(coach: Coach, user_id: str, week: str) -> None:
    """Give back a claimed digest that was not sent, so a later check sends it."""
    coach.store.digests.release(user_id, week)
