"""Who is due at a moment and what each due learner gets: pure decisions over the store's
reads, nothing claimed or sent."""

from __future__ import annotations

from datetime import date

from ..coaching import Coach
from ..curriculum import next_lesson
from ..store import Learner
from .message import DayMessage

# At most this many reviews ride along with one day's message.
REVIEWS_PER_DAY = 2


def plan_message(
    coach: Coach,
    learner: Learner,
    day: date,
    history: dict,
    reviews_due: dict[str, dict[str, list[str]]],
) -> DayMessage | str:
    """Give the learner's message for `day`, or the reason there is none."""
    past = history.get(learner.user_id)
    iso = day.isoformat()
    if past is not None and iso in past.days:
        return "already had the day's message"
    if iso not in reviews_due:
        reviews_due[iso] = coach.store.reviews_due(iso)
    bank = coach.bank
    reviews = tuple(
        lesson
        for lesson in map(bank.get, reviews_due[iso].get(learner.user_id, ()))
        if lesson is not None and lesson.text("en").quiz is not None
    )[:REVIEWS_PER_DAY]
    lesson = next_lesson(bank, past.lessons if past else ())
    complete = lesson is None and not (past and past.complete)
    if lesson is None and not complete and not reviews:
        return "course complete, nothing to review"
    return DayMessage(
        user_id=learner.user_id,
        day=iso,
        language=coach.language_for(learner.user_id),
        lesson=lesson,
        reviews=reviews,
        welcome=not learner.welcomed,
        complete=complete,
        send_at=learner.send_at or coach.settings.send_at,
        number=len(past.lessons) + 1 if past else 1,
    )
