"""Who is due at a moment and what each due learner gets: decisions over the store's reads,
nothing claimed or sent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from ..coaching import Coach
from ..curriculum import due_day, joined_late, next_lesson
from ..lessons import Lesson
from ..store import History, Learner
from ..vocabulary import Language
from .message import DayMessage, day_message
from .summary import Skip

# At most this many reviews ride along with one day's message.
REVIEWS_PER_DAY = 2


def due_messages(
    coach: Coach, learners: Iterable[Learner], now: datetime, skipped: Counter[Skip]
) -> list[DayMessage]:
    """Give the messages due at `now` (aware); count in `skipped` why the others get none."""
    due = _due(coach, learners, now, skipped)
    # Most passes of a working day find everyone due already served: look that up in one query
    # and read the course history only of the rest.
    had = coach.store.ledger.messages_on({day.isoformat() for _, day in due})
    waiting = [
        (learner, day) for learner, day in due if (learner.user_id, day.isoformat()) not in had
    ]
    if len(waiting) < len(due):
        skipped[Skip.HAD] += len(due) - len(waiting)
    history = (
        coach.store.ledger.history([learner.user_id for learner, _ in waiting]) if waiting else {}
    )
    reviews_due: dict[str, dict[str, list[str]]] = {}
    planned: list[DayMessage] = []
    for learner, day in waiting:
        message = plan_message(coach, learner, day, history, reviews_due)
        if isinstance(message, Skip):
            skipped[message] += 1
        else:
            planned.append(message)
    return planned


def _due(
    coach: Coach, learners: Iterable[Learner], now: datetime, skipped: Counter[Skip]
) -> list[tuple[Learner, date]]:
    """Give the learners due at `now` with their local day."""
    due: list[tuple[Learner, date]] = []
    for learner in learners:
        schedule = coach.schedule_for(learner)
        day = due_day(schedule, now)
        if day is None:
            skipped[Skip.NOT_DUE] += 1
        elif joined_late(schedule, learner.joined_at, day):
            skipped[Skip.JOINED_LATE] += 1
        else:
            due.append((learner, day))
    return due


def plan_message(
    coach: Coach,
    learner: Learner,
    day: date,
    history: dict[str, History],
    reviews_due: dict[str, dict[str, list[str]]],
) -> DayMessage | Skip:
    """Give the learner's message for `day`, or the reason there is none.

    `reviews_due` caches the store's reviews due by day across the learners of one pass.
    """
    past = history.get(learner.user_id)
    iso = day.isoformat()
    if past is not None and iso in past.days:
        return Skip.HAD
    if iso not in reviews_due:
        reviews_due[iso] = coach.store.reviews.due(iso)
    reviews = _reviews(coach, reviews_due[iso].get(learner.user_id, ()))
    lesson = next_lesson(coach.bank, past.lessons if past else ())
    complete = lesson is None and not (past and past.complete)
    if lesson is None and not complete and not reviews:
        return Skip.NOTHING_LEFT
    return day_message(
        coach,
        learner.user_id,
        iso,
        learner=learner,
        had=past.lessons if past else set(),
        lesson=lesson,
        reviews=reviews,
        welcome=not learner.welcomed,
        complete=complete,
    )


def _reviews(coach: Coach, lesson_ids: Iterable[str]) -> tuple[Lesson, ...]:
    """Give the reviews that ride along: lessons still in the bank with a quiz, the first few."""
    lessons = (coach.bank.get(lesson_id) for lesson_id in lesson_ids)
    with_quiz = (
        lesson
        for lesson in lessons
        if lesson is not None and lesson.text(Language.EN).quiz is not None
    )
    return tuple(with_quiz)[:REVIEWS_PER_DAY]
