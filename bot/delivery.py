"""The delivery pass: every due learner gets the day's message once, whatever fails or restarts.

A pass claims each due learner's (user, local day) row in the ledger before sending. The
database's primary key refuses a second claim, so two passes at once, a retry, a restart or two
processes on one database never send twice. A claim whose process died before Slack confirmed
the send is resolved by reading the DM's history for the message's metadata: found, it is
recorded as sent; not found, it is sent now (or, past the day's window, released).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Protocol

from .coaching import Coach
from .curriculum import due_day, next_lesson
from .lessons import Lesson
from .store import Delivery, Learner

logger = logging.getLogger(__name__)

# How many messages are on their way to Slack at once.
WORKERS = 8
# A claim by a process on another machine counts as abandoned after this long unconfirmed.
LEASE = timedelta(minutes=15)
# A claim by a process on this machine that is gone is checked only after this long: a request
# it sent just before it died may still be in Slack's hands (the client gives up after 10 s).
GRACE = timedelta(seconds=12)
# At most this many reviews ride along with one day's message.
REVIEWS_PER_DAY = 2


class SendError(Exception):
    """Slack did not take the message and another try may work (a later pass retries)."""


class RecipientGone(SendError):
    """Slack will never deliver to this learner (account_inactive, user_not_found, ...)."""


class AuthFailed(Exception):
    """Slack refuses the app's token: nothing can be sent until an operator fixes it."""


@dataclass(frozen=True)
class DayMessage:
    """What one learner gets on one day, in their language."""

    user_id: str
    day: str
    language: str
    lesson: Lesson | None
    reviews: tuple[Lesson, ...] = ()
    welcome: bool = False
    complete: bool = False  # the course-complete message (the last lesson was before)
    send_at: str = "09:00"  # the learner's delivery time, for the welcome

    @property
    def kind(self) -> str:
        return "lesson" if self.lesson else "complete" if self.complete else "reviews"


class Messenger(Protocol):
    """The Slack side of delivery (bot.slack.messenger implements it)."""

    def send(self, message: DayMessage) -> tuple[str | None, str | None]:
        """Post the message as a DM; give its channel and ts. Raises the errors above."""

    def find(self, user_id: str, day: str) -> tuple[str | None, str | None] | None:
        """Give channel and ts of the day's message if Slack has it, else None."""


@dataclass
class PassSummary:
    """What one pass did: sent, skipped (by reason) and failed, with the failures' reasons."""

    sent: int = 0
    failed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    recovered: int = 0
    stopped: str | None = None  # why the pass stopped early (invalid_auth)
    planned: list[DayMessage] = field(default_factory=list)  # a dry run's messages
    seconds: float = 0.0  # how long the pass took


@cache
def owner_id() -> str:
    """Give this process's name in the ledger: host, pid and a token against pid reuse."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_alive(owner: str, claimed_at: str) -> bool:
    """Say whether the process that made a claim may still be sending it.

    Measured on the real clock, whatever moment a pass runs for (`deliver --at`).
    """
    age = datetime.now(timezone.utc) - datetime.fromisoformat(claimed_at)
    if owner == owner_id():
        return age < LEASE  # older: a send that broke off unexpectedly; check the history
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return age < GRACE
        except PermissionError:
            return True
        return True
    return age < LEASE


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
    learners = {learner.user_id: learner for learner in coach.store.learners("active")}
    work = [] if dry_run else _recover(coach, messenger, now, learners, summary)
    due: list[tuple[Learner, date]] = []
    for learner in learners.values():
        day = due_day(coach.schedule_for(learner), now)
        if day is None:
            summary.skipped["not due at this time"] += 1
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
        ours = coach.store.claim_many([_claim_row(m) for m in planned], owner=owner_id())
        work += [m for m in planned if m.user_id in ours]
        if len(ours) < len(planned):
            summary.skipped["already had the day's message"] += len(planned) - len(ours)
    if work:
        _send_all(coach, messenger, work, summary, workers=workers, stop=stop)
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
    if not _claim(coach, message):
        return "had"
    summary = PassSummary()
    _send_all(coach, messenger, [message], summary, workers=1, stop=threading.Event())
    return "sent" if summary.sent else "failed"


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
        welcome=past is None,
        complete=complete,
        send_at=learner.send_at or coach.settings.send_at,
    )


def _claim(coach: Coach, message: DayMessage) -> bool:
    return coach.store.claim(**_claim_row(message), owner=owner_id())


def _claim_row(message: DayMessage) -> dict:
    return {
        "user_id": message.user_id,
        "day": message.day,
        "kind": message.kind,
        "lesson_id": message.lesson.id if message.lesson else None,
        "reviews": tuple(lesson.id for lesson in message.reviews),
        "welcome": message.welcome,
    }


def _recover(
    coach: Coach,
    messenger: Messenger,
    now: datetime,
    learners: dict[str, Learner],
    summary: PassSummary,
) -> list[DayMessage]:
    """Resolve claims left unconfirmed by a process that died; give those to send again."""
    again: list[DayMessage] = []
    for claim in coach.store.deliveries(state="sending"):
        if owner_alive(claim.owner, claim.claimed_at):
            if claim.owner != owner_id():
                summary.skipped["sent by another process, not confirmed yet"] += 1
            continue
        if not coach.store.take_over(
            claim.user_id, claim.day, old_owner=claim.owner, owner=owner_id()
        ):
            continue
        try:
            found = messenger.find(claim.user_id, claim.day)
        except (SendError, AuthFailed) as error:
            # Unknown whether it went out: leave it claimed (never a second lesson) for the
            # next pass to look again.
            logger.warning(
                "could not check %s's message of %s: %s", claim.user_id, claim.day, error
            )
            continue
        if found is not None:
            events = (("delivered", claim.lesson_id),) if claim.lesson_id else ()
            coach.store.mark_sent(
                claim.user_id, claim.day, channel=found[0], ts=found[1], events=events
            )
            summary.recovered += 1
            continue
        learner = learners.get(claim.user_id)
        if learner is None or due_day(coach.schedule_for(learner), now) != _date(claim.day):
            coach.store.release(claim.user_id, claim.day, owner=owner_id())
            continue
        again.append(_message_of(coach, claim))
    return again


def _message_of(coach: Coach, claim: Delivery) -> DayMessage:
    lesson = coach.bank.get(claim.lesson_id) if claim.lesson_id else None
    reviews = tuple(filter(None, map(coach.bank.get, claim.reviews)))
    return DayMessage(
        user_id=claim.user_id,
        day=claim.day,
        language=coach.language_for(claim.user_id),
        lesson=lesson,
        reviews=reviews,
        welcome=claim.welcome,
        complete=claim.kind == "complete",
        send_at=coach.settings.send_at,
    )


def _send_all(
    coach: Coach,
    messenger: Messenger,
    work: list[DayMessage],
    summary: PassSummary,
    *,
    workers: int,
    stop: threading.Event,
) -> None:
    lock = threading.Lock()
    auth_failed = threading.Event()

    def send(message: DayMessage) -> None:
        if stop.is_set() or auth_failed.is_set():
            coach.store.release(message.user_id, message.day, owner=owner_id())
            return
        try:
            channel, ts = messenger.send(message)
        except AuthFailed as error:
            coach.store.release(message.user_id, message.day, owner=owner_id())
            if not auth_failed.is_set():
                auth_failed.set()
                logger.error(
                    "Slack refused the bot token (%s): delivery stopped. Check SLACK_BOT_TOKEN "
                    "and that the app is still installed.",
                    error,
                )
            with lock:
                summary.stopped = str(error)
            return
        except RecipientGone as error:
            coach.store.mark_failed(message.user_id, message.day, str(error))
            coach.store.update_learner(message.user_id, status="inactive", reason=str(error))
            logger.warning("%s cannot get messages (%s): marked inactive", message.user_id, error)
            with lock:
                summary.failed += 1
                summary.errors[str(error)] += 1
            return
        except SendError as error:
            coach.store.release(message.user_id, message.day, owner=owner_id())
            logger.warning("sending to %s failed, next pass retries: %s", message.user_id, error)
            with lock:
                summary.failed += 1
                summary.errors[str(error)] += 1
            return
        except Exception:
            # A bug, not Slack: recorded, and the claim left for the history check after a
            # restart rather than released (whether it went out is unknown).
            logger.exception("sending to %s failed unexpectedly", message.user_id)
            with lock:
                summary.failed += 1
                summary.errors["unexpected error (see the log)"] += 1
            return
        events = [("review_delivered", review.id) for review in message.reviews]
        if message.lesson:
            events.insert(0, ("delivered", message.lesson.id))
        if message.complete:
            events.append(("course_completed", None))
        coach.store.mark_sent(
            message.user_id, message.day, channel=channel, ts=ts, events=tuple(events)
        )
        with lock:
            summary.sent += 1

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(send, work))


def _date(text: str) -> date:
    return date.fromisoformat(text)


def describe(summary: PassSummary) -> Iterable[str]:
    """Give the lines `deliver` prints about a pass."""
    yield f"sent: {summary.sent}"
    if summary.recovered:
        yield f"confirmed from Slack after an interrupted pass: {summary.recovered}"
    yield f"skipped: {sum(summary.skipped.values())}"
    for reason, count in summary.skipped.most_common():
        yield f"  {reason}: {count}"
    yield f"failed: {summary.failed}"
    for reason, count in summary.errors.most_common():
        yield f"  {reason}: {count}"
    if summary.stopped:
        yield f"stopped: Slack refused the token ({summary.stopped})"
    yield f"took: {summary.seconds:.2f} s"
