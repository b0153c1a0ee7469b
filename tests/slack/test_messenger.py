"""The pace of the sending threads after Slack's 429s, on a controlled clock."""

from __future__ import annotations

from bot.slack.messenger import Pace


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def a_second_of_sending(accepted: int) -> tuple[Clock, Pace]:
    """Give a pace whose last second saw `accepted` messages go through, and its clock."""
    clock = Clock()
    pace = Pace(clock)
    for _ in range(accepted):
        clock.now += 1 / accepted
        pace.accepted()
    return clock, pace


def test_after_a_full_second_of_sending_the_pace_is_a_little_under_what_slack_accepted():
    _, pace = a_second_of_sending(50)  # 50 accepted in one second
    pace.throttled(1.0)
    assert abs(pace.interval - 1 / (50 * 0.95)) < 1e-9


def test_a_429_soon_after_a_pause_slows_down_by_a_tenth_instead_of_guessing():
    clock, pace = a_second_of_sending(50)  # 50 accepted in one second
    pace.throttled(1.0)
    first = pace.interval
    clock.now += 1.2  # the pause is over; two sends, then another 429
    pace.accepted()
    pace.accepted()
    pace.throttled(1.0)
    assert abs(pace.interval - first * 1.1) < 1e-9


def test_a_second_threads_429_during_the_pause_changes_nothing():
    clock, pace = a_second_of_sending(50)  # 50 accepted in one second
    pace.throttled(2.0)
    interval = pace.interval
    clock.now += 0.5
    pace.throttled(2.0)
    assert pace.interval == interval
