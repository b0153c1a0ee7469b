"""What one learner gets on one day (DayMessage), its row in the ledger both ways, and the
Slack side that carries it (Messenger)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..coaching import Coach
from ..lessons import Lesson
from ..store import Delivery, Learner
from ..vocabulary import MessageKind


@dataclass(frozen=True)
class DayMessage:
    """What one learner gets on one day, in their language."""

    user_id: str
    day: str
    language: str
    lesson: Lesson | None
    reviews: tuple[Lesson, ...] = ()
    welcome: bool = False  # the welcome goes out first, as a message of its own
    complete: bool = False  # the course-complete message (the last lesson was before)
    send_at: str = "09:00"  # the learner's delivery time, for the welcome
    number: int = 0  # the lesson's place in the learner's course (1 for their first)
    recovered: bool = False  # a later pass sends it again: the welcome may be out already

    @property
    def kind(self) -> MessageKind:
        if self.lesson:
            return MessageKind.LESSON
        return MessageKind.COMPLETE if self.complete else MessageKind.REVIEWS


class Messenger(Protocol):
    """The Slack side of delivery (bot.slack.messenger implements it)."""

    def send(
        self,
        message: DayMessage,
        *,
        before_post: Callable[[], bool] = lambda: True,
        stop: threading.Event | None = None,
    ) -> tuple[str | None, str | None]:
        """Post the message as a DM; give its channel and ts. Raises bot.delivery.errors.

        `before_post` is called before every request and says whether the claim is still
        ours; `stop` set means give up between tries.
        """

    def find(self, user_id: str, day: str) -> tuple[str | None, str | None] | None:
        """Give channel and ts of the day's message if Slack has it, else None."""


def claim_row(message: DayMessage) -> dict:
    """Give the ledger row that claims `message` (the ledger's claim_many dict)."""
    return {
        "user_id": message.user_id,
        "day": message.day,
        "kind": message.kind,
        "lesson_id": message.lesson.id if message.lesson else None,
        "reviews": tuple(lesson.id for lesson in message.reviews),
        "welcome": message.welcome,
    }


def day_message(
    coach: Coach,
    user_id: str,
    day: str,
    *,
    learner: Learner | None,
    had: set[str],
    lesson: Lesson | None,
    reviews: tuple[Lesson, ...] = (),
    welcome: bool = False,
    complete: bool = False,
    recovered: bool = False,
) -> DayMessage:
    """Give `user_id`'s message for `day` in their language; `had`: the lessons sent before it."""
    return DayMessage(
        user_id=user_id,
        day=day,
        language=coach.language_for(user_id),
        lesson=lesson,
        reviews=reviews,
        welcome=welcome,
        complete=complete,
        send_at=(learner.send_at if learner else None) or coach.settings.send_at,
        number=len(had) + 1,
        recovered=recovered,
    )


def message_of(coach: Coach, claim: Delivery, learner: Learner | None) -> DayMessage:
    """Give the message a ledger row stands for, in the learner's language."""
    past = coach.store.ledger.history([claim.user_id]).get(claim.user_id)
    return day_message(
        coach,
        claim.user_id,
        claim.day,
        learner=learner,
        had=(past.lessons - {claim.lesson_id}) if past else set(),
        lesson=coach.bank.get(claim.lesson_id) if claim.lesson_id else None,
        reviews=tuple(filter(None, map(coach.bank.get, claim.reviews))),
        welcome=claim.welcome,
        complete=claim.kind == MessageKind.COMPLETE,
        recovered=claim.attempt_at is not None,
    )
