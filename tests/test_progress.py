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


def test_lessons_had_counts_only_the_course_as_it_is_now(tmp_path):
    """A lesson retired since (merged into another) is not one of "3 of 43"."""
    from bot.coaching import Coach, Fit
    from bot.config import Settings
    from bot.lessons import load_bank
    from bot.progress import progress
    from bot.store import Store

    from .conftest import LESSONS_DIR

    bank = load_bank(LESSONS_DIR)
    settings = Settings(db_path=tmp_path / "coach.db", lessons_dir=LESSONS_DIR)
    coach = Coach(settings, bank=bank, store=Store(settings.db_path), model=Fit.NONE)
    coach.store.learners.enroll("U1", source="self", zone="Europe/Berlin")
    sent = [bank.lessons[0].id, "strategy-channels-and-readiness", bank.lessons[1].id]  # retired
    for number, lesson_id in enumerate(sent, start=1):
        day = f"2026-11-{number:02d}"
        coach.store.ledger.claim(user_id="U1", day=day, kind="lesson", lesson_id=lesson_id,
                          reviews=(), welcome=False, owner="test")  # fmt: skip
        coach.store.ledger.mark_sent("U1", day, channel="DU1", ts=f"{number}.0")
    mine = progress(coach, "U1")
    assert (mine.had, mine.total) == (2, len(bank))
