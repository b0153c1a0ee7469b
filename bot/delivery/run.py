"""A delivery pass, and /coach next's message sent at once: recover, plan, claim, send."""

from __future__ import annotations

import threading
import time
from datetime import datetime

from ..coaching import Coach
from ..learners import resume_due
from ..vocabulary import SendNow, Status
from .message import DayMessage, Messenger, claim_row
from .owners import Holds, holding, owner_id
from .plan import due_messages, plan_message
from .recover import recover
from .send import WORKERS, send_all
from .summary import PassSummary, Skip


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
    learners = {learner.user_id: learner for learner in coach.store.learners.all(Status.ACTIVE)}
    if dry_run:
        summary.planned = due_messages(coach, learners.values(), now, summary.skipped)
    else:
        with holding() as held:
            work = recover(coach, messenger, now, learners, summary, stop=stop, held=held)
            planned = due_messages(coach, learners.values(), now, summary.skipped)
            work += _claim(coach, planned, summary, held)
            if work:
                send_all(coach, messenger, work, summary, workers=workers, stop=stop)
    summary.seconds = time.perf_counter() - started
    return summary


def _claim(
    coach: Coach, planned: list[DayMessage], summary: PassSummary, held: Holds
) -> list[DayMessage]:
    """Claim the planned messages; give those that are this process's to send."""
    if not planned:
        return []
    held.add((m.user_id, m.day) for m in planned)
    # One transaction for every claim: the database decides, in one go, who is ours.
    ours = coach.store.ledger.claim_many([claim_row(m) for m in planned], owner=owner_id())
    if len(ours) < len(planned):
        summary.skipped[Skip.HAD] += len(planned) - len(ours)
    return [m for m in planned if m.user_id in ours]


def send_now(coach: Coach, messenger: Messenger, user_id: str, now: datetime) -> SendNow:
    """Send the learner's message for their current local day now (/coach next).

    Gives "sent", "had" (the day has its message already), "nothing" (course done, no review)
    or "failed". It is that day's message: the scheduled pass will not send another.
    """
    learner = coach.store.learners.get(user_id)
    if learner is None:
        return SendNow.NOTHING
    day = now.astimezone(coach.schedule_for(learner).tz()).date()
    message = plan_message(coach, learner, day, coach.store.ledger.history([user_id]), {})
    if message is Skip.HAD:
        return SendNow.HAD
    if isinstance(message, Skip):
        return SendNow.NOTHING
    summary = PassSummary()
    with holding() as held:
        if not _claim(coach, [message], summary, held):
            return SendNow.HAD
        send_all(coach, messenger, [message], summary, workers=1, stop=threading.Event())
    return SendNow.SENT if summary.sent else SendNow.FAILED
