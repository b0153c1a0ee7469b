"""When a lesson is due: local time, workdays, daylight saving, catch-up, the path, reviews."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.curriculum import (
    Schedule,
    delivery_days_later,
    due_day,
    next_delivery,
    next_lesson,
    parse_days,
    review_due,
)
from bot.lessons import load_bank

from .conftest import LESSONS_DIR


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def schedule(zone: str, send_at: str = "09:00", days: str = "mon-fri") -> Schedule:
    return Schedule.of(send_at=send_at, days=days, zone=zone)


# Tuesday 2026-03-03, 09:00 local in each city, as UTC (no daylight-saving change that week).
NINE_LOCAL = {
    "Europe/Berlin": "2026-03-03T08:00",
    "America/New_York": "2026-03-03T14:00",
    "Asia/Tokyo": "2026-03-03T00:00",
    "Australia/Sydney": "2026-03-02T22:00",  # already Tuesday in Sydney
    "America/Los_Angeles": "2026-03-03T17:00",
}


@pytest.mark.parametrize("zone", NINE_LOCAL)
def test_the_lesson_is_due_at_nine_in_each_managers_own_city(zone):
    at_nine = utc(NINE_LOCAL[zone])
    minute_before = at_nine - timedelta(minutes=1)
    assert due_day(schedule(zone), at_nine) == date(2026, 3, 3)
    assert due_day(schedule(zone), minute_before) is None


def test_sydney_and_los_angeles_get_their_tuesday_lesson_on_their_own_tuesday():
    # 22:00 UTC on Monday: Tuesday 09:00 in Sydney, Monday 14:00 in Los Angeles.
    moment = utc("2026-03-02T22:00")
    assert due_day(schedule("Australia/Sydney"), moment) == date(2026, 3, 3)
    assert due_day(schedule("America/Los_Angeles"), moment) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("moment", "local_day"),
    [
        # Berlin springs forward on Sunday 2026-03-29 and falls back on Sunday 2026-10-25; the
        # Monday after each, 09:00 local is a different hour in UTC than the Friday before.
        ("2026-03-27T08:00", date(2026, 3, 27)),  # Friday, CET (UTC+1)
        ("2026-03-30T07:00", date(2026, 3, 30)),  # Monday, CEST (UTC+2)
        ("2026-10-23T07:00", date(2026, 10, 23)),  # Friday, CEST
        ("2026-10-26T08:00", date(2026, 10, 26)),  # Monday, CET
    ],
)
def test_nine_oclock_follows_the_daylight_saving_change(moment, local_day):
    berlin = schedule("Europe/Berlin")
    assert due_day(berlin, utc(moment)) == local_day
    an_hour_earlier = utc(moment) - timedelta(hours=1)
    assert due_day(berlin, an_hour_earlier) is None


def test_on_the_change_days_themselves_a_lesson_at_an_hour_that_is_skipped_or_doubled():
    # 02:30 does not exist in Berlin on 2026-03-29 and happens twice on 2026-10-25; both Sundays,
    # so a schedule for every day shows it: due once the clock is past 02:30, on that one date.
    every_day = schedule("Europe/Berlin", send_at="02:30", days="mon-sun")
    assert due_day(every_day, utc("2026-03-29T00:59")) is None  # 01:59 CET
    assert due_day(every_day, utc("2026-03-29T01:00")) == date(2026, 3, 29)  # 03:00 CEST
    assert due_day(every_day, utc("2026-10-25T00:30")) == date(2026, 10, 25)  # 02:30 CEST
    assert due_day(every_day, utc("2026-10-25T01:30")) == date(2026, 10, 25)  # 02:30 CET


def test_friday_is_followed_by_monday():
    berlin = schedule("Europe/Berlin")
    assert due_day(berlin, utc("2026-03-06T08:00")) == date(2026, 3, 6)  # Friday
    assert due_day(berlin, utc("2026-03-07T08:00")) is None  # Saturday
    assert due_day(berlin, utc("2026-03-08T08:00")) is None  # Sunday
    friday_afternoon = utc("2026-03-06T15:00")
    assert next_delivery(berlin, friday_afternoon, sent_today=True) == utc("2026-03-09T08:00")


def test_after_downtime_the_lesson_catches_up_until_the_end_of_the_working_day():
    berlin = schedule("Europe/Berlin")
    assert due_day(berlin, utc("2026-03-03T12:30")) == date(2026, 3, 3)  # 13:30: catch up
    assert due_day(berlin, utc("2026-03-03T16:59")) == date(2026, 3, 3)  # 17:59: still
    assert due_day(berlin, utc("2026-03-03T17:00")) is None  # 18:00: tomorrow instead
    assert next_delivery(berlin, utc("2026-03-03T17:00"), sent_today=False) == utc(
        "2026-03-04T08:00"
    )


def test_a_late_delivery_time_gets_a_window_of_its_own():
    late = schedule("Europe/Berlin", send_at="19:30")
    assert due_day(late, utc("2026-03-03T18:30")) == date(2026, 3, 3)  # 19:30
    assert due_day(late, utc("2026-03-03T20:30")) is None  # 21:30, past two hours


def test_a_manager_who_moves_or_changes_the_time_is_followed():
    moment = utc("2026-03-03T08:00")  # 09:00 in Berlin, 03:00 in New York
    assert due_day(schedule("Europe/Berlin"), moment) == date(2026, 3, 3)
    assert due_day(schedule("America/New_York"), moment) is None
    assert due_day(schedule("Europe/Berlin", send_at="08:30"), utc("2026-03-03T07:30")) == date(
        2026, 3, 3
    )


def test_an_unknown_time_zone_falls_back_to_utc():
    assert schedule("Mars/Olympus_Mons").zone == "UTC"
    assert schedule("").zone == "UTC"


@pytest.mark.parametrize(
    ("days", "numbers"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("mon,wed,fri", {0, 2, 4}),
        ("sun-thu", {6, 0, 1, 2, 3}),
        ("sat", {5}),
    ],
)
def test_delivery_days(days, numbers):
    assert parse_days(days) == frozenset(numbers)


def test_the_course_is_followed_in_order_and_ends():
    bank = load_bank(LESSONS_DIR)
    path = list(bank)
    assert next_lesson(bank, []) is path[0]
    assert next_lesson(bank, [path[0].id, path[1].id]) is path[2]
    # A lesson skipped (say it was added to the bank later) is picked up before going on.
    assert next_lesson(bank, [path[0].id, path[2].id]) is path[1]
    assert next_lesson(bank, [lesson.id for lesson in path]) is None


def test_a_missed_quiz_comes_back_a_few_workdays_later_and_later_again():
    berlin = schedule("Europe/Berlin")
    wednesday = date(2026, 3, 4)
    assert review_due(berlin, wednesday, 1) == date(2026, 3, 9)  # 3 workdays: Monday
    assert review_due(berlin, wednesday, 2) == date(2026, 3, 13)  # 7 workdays
    assert review_due(berlin, wednesday, 3) == review_due(berlin, wednesday, 9)
    assert delivery_days_later(berlin, date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_the_window_ends_at_six_for_ordinary_times():
    assert schedule("Europe/Berlin").window_end() == time(18, 0)
