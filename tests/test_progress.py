"""The streak a manager sees in the App Home: delivery days in a row with the lesson worked on."""

from __future__ import annotations

from datetime import date

import pytest

from bot.curriculum import Schedule
from bot.progress import streak

WEEKDAYS = Schedule.of(send_at="09:00", days="mon-fri", zone="Europe/Berlin")
MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (23, 24, 25, 26, 27))
NEXT_MON, NEXT_TUE = date(2026, 11, 30), date(2026, 12, 1)


@pytest.mark.parametrize(
    ("engaged", "today", "expected"),
    [
        ({MON, TUE, WED}, WED, 3),  # today done: counts
        ({MON, TUE}, WED, 2),  # today not done yet: runs to yesterday
        ({MON, WED}, WED, 1),  # Tuesday missed breaks it
        ({THU, FRI, NEXT_MON}, NEXT_MON, 3),  # the weekend is not a gap
        ({THU, FRI}, NEXT_TUE, 0),  # Monday missed
        (set(), WED, 0),
    ],
)
def test_the_streak_counts_delivery_days_in_a_row(engaged, today, expected):
    assert streak(WEEKDAYS, engaged, today) == expected
