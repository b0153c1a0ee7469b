"""A manager's own progress, for their App Home: lessons, streak, quiz score, what to reread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .coaching import Coach
from .curriculum import Schedule
from .learners import next_time
from .lessons import Lesson
from .store import Learner
from .vocabulary import QUIZ, RATED, DeliveryState, Event, MessageKind

REREAD = 5
# What counts as working with a day's lesson for the streak.
ENGAGED = {Event.COMPLETED, Event.REVIEW_RIGHT, Event.REVIEW_WRONG, *QUIZ, *RATED}


@dataclass
class Progress:
    learner: Learner | None
    total: int  # lessons in the course
    had: int = 0  # lessons sent
    done: int = 0  # lessons marked read
    streak: int = 0  # delivery days in a row with the lesson worked on
    quiz_right: int = 0  # first answers right
    quiz_answered: int = 0
    complete: bool = False
    next_at: datetime | None = None
    recent: list[Lesson] = field(default_factory=list)  # newest first


def progress(coach: Coach, user_id: str, now: datetime | None = None) -> Progress:
    """Give `user_id`'s progress through the course as of `now`."""
    now = now or datetime.now(timezone.utc)
    learner = coach.store.learners.get(user_id)
    result = Progress(learner, total=len(coach.bank))
    if learner is None:
        return result
    sent = [
        d for d in coach.store.ledger.deliveries(user_id=user_id) if d.state == DeliveryState.SENT
    ]
    had = [d.lesson_id for d in sent if d.lesson_id]
    # Of the course as it is now: a lesson retired since (merged into another) is not counted.
    result.had = len({lesson_id for lesson_id in had if lesson_id in coach.bank})
    result.complete = any(d.kind == MessageKind.COMPLETE for d in sent)
    recent = (coach.bank.get(lesson_id) for lesson_id in dict.fromkeys(reversed(had)))
    result.recent = [lesson for lesson in recent if lesson][:REREAD]
    schedule = coach.schedule_for(learner)
    tz = schedule.tz()
    engaged_days: set[date] = set()
    done: set[str] = set()
    for event in coach.store.events.all(user_id):
        kind = event["kind"]
        if kind == Event.COMPLETED:
            done.add(event["lesson_id"])
        if kind in QUIZ:
            result.quiz_answered += 1
            result.quiz_right += kind == Event.QUIZ_RIGHT
        if kind in ENGAGED:
            engaged_days.add(datetime.fromisoformat(event["at"]).astimezone(tz).date())
    result.done = len(done)
    result.streak = streak(schedule, engaged_days, now.astimezone(tz).date())
    result.next_at = next_time(coach, user_id, now)
    return result


def streak(schedule: Schedule, engaged: set[date], today: date) -> int:
    """Give how many delivery days in a row up to `today` had the lesson worked on.

    Today counts once it has; until then the streak runs to the delivery day before.
    """
    if not schedule.days:
        return 0
    day, count = today, 0
    if day not in engaged:
        day -= timedelta(days=1)
    for _ in range(3660):
        if day.weekday() in schedule.days:
            if day not in engaged:
                break
            count += 1
        day -= timedelta(days=1)
    return count
