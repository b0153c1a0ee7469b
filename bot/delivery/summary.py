"""What a pass reports: its counts by outcome and the lines `deliver` and `serve` print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..vocabulary import Word
from .message import DayMessage


class Skip(Word):
    """Why a learner gets no message from a pass (the words `deliver` prints; the pass alone
    uses them, so they live here rather than in bot/vocabulary.py)."""

    NOT_DUE = "not due at this time"
    JOINED_LATE = "joined after the day's delivery time"
    HAD = "already had the day's message"
    NOTHING_LEFT = "course complete, nothing to review"
    ANOTHER_PROCESS = "sent by another process, not confirmed yet"
    ANSWER_LOST = "answer lost, checked again shortly"


@dataclass
class PassSummary:
    """What one pass did: sent, skipped (by reason) and failed, with the failures' reasons."""

    sent: int = 0
    failed: int = 0
    skipped: Counter[Skip] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    recovered: int = 0
    unconfirmed: int = 0  # answers lost: checked against the history by a later pass
    stopped: str | None = None  # why the pass stopped early (invalid_auth)
    planned: list[DayMessage] = field(default_factory=list)  # a dry run's messages
    seconds: float = 0.0  # how long the pass took


def describe(summary: PassSummary) -> Iterable[str]:
    """Give the lines `deliver` prints about a pass."""
    yield f"sent: {summary.sent}"
    if summary.recovered:
        yield f"confirmed from Slack after an interrupted pass: {summary.recovered}"
    yield f"skipped: {sum(summary.skipped.values())}"
    for reason, count in summary.skipped.most_common():
        yield f"  {reason}: {count}"
    if summary.unconfirmed:
        yield f"answer lost, checked against the DM history by a later pass: {summary.unconfirmed}"
    yield f"failed: {summary.failed}"
    for reason, count in summary.errors.most_common():
        yield f"  {reason}: {count}"
    if summary.stopped:
        yield f"stopped: Slack refused the token ({summary.stopped})"
    yield f"took: {summary.seconds:.2f} s"
