"""Who gets which lesson when: local delivery times, workdays, the course path and reviews.

Pure functions over plain values (no Slack, no database), so the rules can be tested with any
clock: a learner's lesson is due on one of their delivery days from their delivery time until the
end of their working day, in their own time zone. Only the day's date matters to the ledger, so
a daylight-saving change, a restart or a second delivery pass cannot make a second lesson due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import WEEKDAYS
from .lessons import Bank, Lesson

# A lesson missed at its time (the app was down) is still sent until the end of the working day,
# never later: an evening or a next-morning burst of yesterday's lessons helps no one.
END_OF_DAY = time(18, 0)
# A delivery time late in the day still gets at least this long (up to midnight).
LATE_WINDOW = timedelta(hours=2)
# A quiz answered wrongly comes back this many delivery days later; again later each time it is
# missed again (spaced repetition), and it is retired once answered right.
REVIEW_AFTER = (3, 7, 14)
FALLBACK_ZONE = "UTC"


@dataclass(frozen=True)
class Schedule:
    """When one learner gets lessons: local time of day, weekdays (0 = Monday), time zone."""

    send_at: time
    days: frozenset[int]
    zone: str = FALLBACK_ZONE

    @classmethod
    def of(cls, *, send_at: str, days: str, zone: str | None) -> Schedule:
        """Give the schedule for settings as stored ("09:00", "mon-fri", "Europe/Berlin")."""
        hours, minutes = send_at.split(":")
        return cls(time(int(hours), int(minutes)), parse_days(days), known_zone(zone))

    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def window_end(self) -> time:
        """Give the end of the day's window: 18:00, or two hours after a later time."""
        end = datetime.combine(date.min, self.send_at) + LATE_WINDOW
        if end.date() > date.min:
            return time.max  # not past midnight: the day is the ledger's key
        return max(END_OF_DAY, end.time())


@cache  # asked for every learner in every pass; the setting has one value
def parse_days(days: str) -> frozenset[int]:
    """Give the weekday numbers (0 = Monday) of "mon-fri", "mon,wed,fri" or "sun-thu"."""
    numbers: set[int] = set()
    for part in filter(None, days.lower().replace(" ", "").split(",")):
        first, _, last = part.partition("-")
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last or first)
        length = (end - start) % 7 + 1
        numbers.update((start + step) % 7 for step in range(length))
    return frozenset(numbers)


def known_zone(zone: str | None) -> str:
    """Give `zone` if it is a time zone this machine knows, else UTC."""
    if not zone:
        return FALLBACK_ZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return FALLBACK_ZONE
    return zone


def due_day(schedule: Schedule, now: datetime) -> date | None:
    """Give the learner's local date if a lesson is due at `now` (aware), else None."""
    local = now.astimezone(schedule.tz())
    if local.weekday() not in schedule.days:
        return None
    if schedule.send_at <= local.time().replace(tzinfo=None) < schedule.window_end():
        return local.date()
    return None


def joined_late(schedule: Schedule, joined_at: str | None, day: date) -> bool:
    """Say whether a learner who joined at `joined_at` (UTC, ISO) joined on `day` after its
    delivery time: that day's lesson is not theirs, their first comes the next delivery day."""
    if not joined_at:
        return False
    joined = datetime.fromisoformat(joined_at)
    if joined.tzinfo is None:
        joined = joined.replace(tzinfo=ZoneInfo("UTC"))
    send = _local(day, schedule.send_at, schedule.tz())
    return joined.astimezone(send.tzinfo).date() == day and joined > send


def next_delivery(schedule: Schedule, now: datetime, *, sent_today: bool) -> datetime | None:
    """Give the next moment (aware, UTC) a lesson will be sent; None if there are no days."""
    if not schedule.days:
        return None
    tz = schedule.tz()
    local = now.astimezone(tz)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        if day.weekday() not in schedule.days:
            continue
        start = _local(day, schedule.send_at, tz)
        end = _local(day, schedule.window_end(), tz) if schedule.window_end() != time.max else None
        if offset == 0:
            if sent_today or (end is not None and local >= end):
                continue
            start = max(start, local)
        return start.astimezone(ZoneInfo("UTC"))
    return None


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    # zoneinfo reads a time skipped on a spring-forward day (02:30) with the offset before the
    # gap, and the first of the two on a fall-back day; the ledger keeps it to one lesson a day.
    return datetime.combine(day, at, tzinfo=tz)


def next_lesson(bank: Bank, delivered: Iterable[str]) -> Lesson | None:
    """Give the first lesson of the course path not yet delivered; None when all are."""
    done = set(delivered)
    return next((lesson for lesson in bank if lesson.id not in done), None)


def delivery_days_later(schedule: Schedule, day: date, count: int) -> date:
    """Give the date `count` delivery days after `day` (weekends and other days skipped)."""
    if not schedule.days:
        raise ValueError("a schedule without delivery days has no next day")
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() in schedule.days:
            count -= 1
    return day


def review_due(schedule: Schedule, answered_on: date, misses: int) -> date:
    """Give the day a quiz answered wrongly `misses` times comes back for review."""
    gap = REVIEW_AFTER[min(misses, len(REVIEW_AFTER)) - 1]
    return delivery_days_later(schedule, answered_on, gap)
