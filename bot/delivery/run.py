"""A delivery pass, and /coach next's message sent at once: plan, recover, claim, send."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

from ..coaching import Coach
from ..curriculum import due_day, joined_late
from ..learners import resume_due
from ..store import Learner
from .message import DayMessage, Messenger, claim_row
from .owners import drop, hold, owner_id
from .plan import plan_message
from .recover import recover
from .send import WORKERS, send_all
from .summary import PassSummary


def run_pass(
    coach: Coach,
    messenger: Messenger,
    now: datetime,
    *,
    dry_run: bool = False,
    workers: int = WORKERS,
    stop: threading.Event | None = None,
) -> PassSummary:
    """Send every message due at `now` (aware); give what happened."""
    started = time.perf_counter()
    summary = PassSummary()
    stop = stop or threading.Event()
    if not dry_run:
        resume_due(coach, now)  # a pause with an end date ends by itself
    learners = {learner.user_id: learner for learner in coach.store.learners("active")}
    work = [] if dry_run else recover(coach, messenger, now, learners, summary, stop)
    due: list[tuple[Learner, date]] = []
    for learner in learners.values():
        schedule = coach.schedule_for(learner)
        day = due_day(schedule, now)
        if day is None:
            summary.skipped["not due at this time"] += 1
        elif joined_late(schedule, learner.joined_at, day):
            summary.skipped["joined after the day's delivery time"] += 1
        else:
            due.append((learner, day))
    # Most passes of a working day find everyone due already served: look that up in one query
    # and read the course history only of the rest.
    had = coach.store.messages_on({day.isoformat() for _, day in due})
    waiting = [
        (learner, day) for learner, day in due if (learner.user_id, day.isoformat()) not in had
    ]
    if len(waiting) < len(due):
        summary.skipped["already had the day's message"] += len(due) - len(waiting)
    history = coach.store.history([learner.user_id for learner, _ in waiting]) if waiting else {}
    reviews_due: dict[str, dict[str, list[str]]] = {}
    planned: list[DayMessage] = []
    for learner, day in waiting:
        message = plan_message(coach, learner, day, history, reviews_due)
        if isinstance(message, str):
            summary.skipped[message] += 1
            continue
        planned.append(message)
    if dry_run:
        summary.planned = planned
    elif planned:
        # One transaction for every claim: the database decides, in one go, who is ours.
        keys = [(m.user_id, m.day) for m in planned]
        hold(keys)
        ours = coach.store.claim_many([claim_row(m) for m in planned], owner=owner_id())
        drop(key for key in keys if key[0] not in ours)
        work += [m for m in planned if m.user_id in ours]
        if len(ours) < len(planned):
            summary.skipped["already had the day's message"] += len(planned) - len(ours)
    if work:
        send_all(coach, messenger, work, summary, workers=workers, stop=stop)
    summary.seconds = time.perf_counter() - started
    return summary


def send_now(coach: Coach, messenger: Messenger, user_id: str, now: datetime) -> str:
    """Send the learner's message for their current local day now (/coach next).

    Gives "sent", "had" (the day has its message already), "nothing" (course done, no review)
    or "failed". It is that day's message: the scheduled pass will not send another.
    """
    learner = coach.store.learner(user_id)
    if learner is None:
        return "nothing"
    day = now.astimezone(coach.schedule_for(learner).tz()).date()
    message = plan_message(coach, learner, day, coach.store.history([user_id]), {})
    if message == "already had the day's message":
        return "had"
    if isinstance(message, str):
        return "nothing"
    hold([(message.user_id, message.day)])
    if not _claim(coach, message):
        drop([(message.user_id, message.day)])
        return "had"
    summary = PassSummary()
    send_all(coach, messenger, [message], summary, workers=1, stop=threading.Event())
    return "sent" if summary.sent else "failed"


def _claim(coach: Coach, message: DayMessage) -> bool:
    return coach.store.claim(**claim_row(message), owner=owner_id())
