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
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Protocol

from .coaching import Coach
from .curriculum import REVIEW_AFTER, delivery_days_later, due_day, joined_late, next_lesson
from .learners import resume_due
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


class MessageRejected(SendError):
    """Slack refuses this message itself (invalid_blocks, msg_too_long): a content bug."""


class MaybeSent(SendError):
    """The answer was lost (a timeout, a dropped connection): Slack may have posted it.

    The claim stays; a later pass reads the DM's history before posting again.
    """


class Superseded(SendError):
    """Another process took the claim over (this one was thought dead): do not post."""


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
    welcome: bool = False  # the welcome goes out first, as a message of its own
    complete: bool = False  # the course-complete message (the last lesson was before)
    send_at: str = "09:00"  # the learner's delivery time, for the welcome
    number: int = 0  # the lesson's place in the learner's course (1 for their first)
    recovered: bool = False  # a later pass sends it again: the welcome may be out already

    @property
    def kind(self) -> str:
        return "lesson" if self.lesson else "complete" if self.complete else "reviews"


class Messenger(Protocol):
    """The Slack side of delivery (bot.slack.messenger implements it)."""

    def send(
        self,
        message: DayMessage,
        *,
        before_post: Callable[[], bool] = lambda: True,
        stop: threading.Event | None = None,
    ) -> tuple[str | None, str | None]:
        """Post the message as a DM; give its channel and ts. Raises the errors above.

        `before_post` is called before every request and says whether the claim is still
        ours; `stop` set means give up between tries.
        """

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
    unconfirmed: int = 0  # answers lost: checked against the history by a later pass
    stopped: str | None = None  # why the pass stopped early (invalid_auth)
    planned: list[DayMessage] = field(default_factory=list)  # a dry run's messages
    seconds: float = 0.0  # how long the pass took


@cache
def owner_id() -> str:
    """Give this process's name in the ledger: host, pid, start time and a random token."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_started(pid)}:{uuid.uuid4().hex[:8]}"


def _started(pid: int) -> str:
    """Give when process `pid` started (clock ticks since boot), "" where /proc cannot say."""
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()  # noqa: SIM115
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


# The days' messages this process is posting right now.
_in_flight: set[tuple[str, str]] = set()
_in_flight_lock = threading.Lock()


def _hold(keys: Iterable[tuple[str, str]]) -> None:
    """Mark days' messages as being handled here, before they are claimed or taken over."""
    with _in_flight_lock:
        _in_flight.update(keys)


def _drop(keys: Iterable[tuple[str, str]]) -> None:
    with _in_flight_lock:
        _in_flight.difference_update(keys)


def owner_alive(claim: Delivery) -> bool:
    """Say whether the process that made a claim may still be posting it.

    Measured on the real clock, whatever moment a pass runs for (`deliver --at`). A claim
    whose process is gone waits GRACE after its last request started; one that was never
    posted needs no wait.
    """
    since = claim.attempt_at or claim.claimed_at
    age = datetime.now(timezone.utc) - datetime.fromisoformat(since)
    if claim.owner == owner_id():
        with _in_flight_lock:
            busy = (claim.user_id, claim.day) in _in_flight
        return busy or (claim.attempt_at is not None and age < GRACE)
    host, pid, started, *_ = ([*claim.owner.split(":"), "", "", ""])[:4]
    if host != socket.gethostname():
        return age < LEASE
    if pid.isdigit() and _process_alive(int(pid), started):
        return True
    return claim.attempt_at is not None and age < GRACE


def _process_alive(pid: int, started: str) -> bool:
    if pid == os.getpid():
        return False  # an earlier process with our pid (a restarted container)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    # A pid the system gave to a new process since is not the one that claimed.
    return not started or _started(pid) in ("", started)


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
    work = [] if dry_run else _recover(coach, messenger, now, learners, summary, stop)
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
        _hold(keys)
        ours = coach.store.claim_many([_claim_row(m) for m in planned], owner=owner_id())
        _drop(key for key in keys if key[0] not in ours)
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
    _hold([(message.user_id, message.day)])
    if not _claim(coach, message):
        _drop([(message.user_id, message.day)])
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
        welcome=not learner.welcomed,
        complete=complete,
        send_at=learner.send_at or coach.settings.send_at,
        number=len(past.lessons) + 1 if past else 1,
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
    stop: threading.Event,
) -> list[DayMessage]:
    """Resolve claims left unconfirmed (a process that died, an answer lost); give the unsent."""
    again: list[DayMessage] = []
    for claim in coach.store.deliveries(state="sending"):
        if stop.is_set():
            break
        if owner_alive(claim):
            if claim.owner != owner_id():
                summary.skipped["sent by another process, not confirmed yet"] += 1
            else:
                summary.skipped["answer lost, checked again shortly"] += 1
            continue
        key = (claim.user_id, claim.day)
        _hold([key])
        if not coach.store.take_over(claim, owner=owner_id()):
            _drop([key])
            continue
        try:
            found = messenger.find(claim.user_id, claim.day) if claim.attempt_at else None
        except RecipientGone as error:
            _recipient_gone(coach, claim.user_id, claim.day, error)
            _drop([key])
            continue
        except AuthFailed as error:
            _drop([key])
            summary.stopped = str(error)
            logger.error("Slack refused the bot token (%s): delivery stopped.", error)
            break
        except Exception as error:
            # Unknown whether it went out: leave it claimed (never a second lesson) for a
            # later pass to look again.
            logger.warning(
                "could not check %s's message of %s: %s", claim.user_id, claim.day, error
            )
            _drop([key])
            continue
        if found is not None:
            message = message_of(coach, claim, learners.get(claim.user_id))
            _record_sent(coach, message, found)
            summary.recovered += 1
            _drop([key])
            continue
        learner = learners.get(claim.user_id)
        if learner is None or due_day(coach.schedule_for(learner), now) != _date(claim.day):
            coach.store.release(claim.user_id, claim.day, owner=owner_id())
            _drop([key])
            continue
        again.append(message_of(coach, claim, learner))  # still held: sent in this pass
    return again


def message_of(coach: Coach, claim: Delivery, learner: Learner | None) -> DayMessage:
    """Give the message a ledger row stands for, in the learner's language."""
    lesson = coach.bank.get(claim.lesson_id) if claim.lesson_id else None
    reviews = tuple(filter(None, map(coach.bank.get, claim.reviews)))
    past = coach.store.history([claim.user_id]).get(claim.user_id)
    had = (past.lessons - {claim.lesson_id}) if past else set()
    return DayMessage(
        user_id=claim.user_id,
        day=claim.day,
        language=coach.language_for(claim.user_id),
        lesson=lesson,
        reviews=reviews,
        welcome=claim.welcome,
        complete=claim.kind == "complete",
        send_at=(learner.send_at if learner else None) or coach.settings.send_at,
        number=len(had) + 1,
        recovered=claim.attempt_at is not None,
    )


def _record_sent(coach: Coach, message: DayMessage, posted: tuple[str | None, str | None]) -> None:
    """Mark the day's message sent with its events; move the reviews it carried on."""
    events = [("review_delivered", review.id) for review in message.reviews]
    if message.lesson:
        events.insert(0, ("delivered", message.lesson.id))
    if message.complete:
        events.append(("course_completed", None))
    coach.store.mark_sent(
        message.user_id, message.day, channel=posted[0], ts=posted[1], events=tuple(events)
    )
    if message.welcome:
        coach.store.mark_welcomed(message.user_id)
    if message.reviews:
        # A review nobody answers comes back later, not every day, and makes way for others.
        schedule = coach.schedule_for(coach.store.learner(message.user_id))
        if schedule.days:
            later = delivery_days_later(schedule, _date(message.day), REVIEW_AFTER[0])
            ids = [review.id for review in message.reviews]
            coach.store.postpone_reviews(message.user_id, ids, due=later.isoformat())


def _recipient_gone(coach: Coach, user_id: str, day: str, error: Exception) -> None:
    """The person is gone for Slack: the day fails and nothing more is sent to them."""
    coach.store.mark_failed(user_id, day, str(error))
    coach.store.update_learner(user_id, status="inactive", reason=str(error))
    logger.warning("%s cannot get messages (%s): marked inactive", user_id, error)


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
    me = owner_id()

    def count(error: object) -> None:
        with lock:
            summary.failed += 1
            summary.errors[str(error)] += 1

    def send(message: DayMessage) -> None:
        key = (message.user_id, message.day)
        _hold([key])
        try:
            send_one(message)
        finally:
            _drop([key])  # only once it is recorded (or released)

    def send_one(message: DayMessage) -> None:
        if stop.is_set() or auth_failed.is_set():
            coach.store.release(message.user_id, message.day, owner=me)
            return
        try:
            posted = messenger.send(
                message,
                before_post=lambda: coach.store.attempting(message.user_id, message.day, owner=me),
                stop=stop,
            )
        except AuthFailed as error:
            coach.store.release(message.user_id, message.day, owner=me)
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
        except Superseded:
            return  # another process owns the claim now and resolves it
        except RecipientGone as error:
            _recipient_gone(coach, message.user_id, message.day, error)
            count(error)
            return
        except MessageRejected as error:
            # Retrying the same message would fail all day: the day is marked failed and the
            # operator told; the lesson comes again on the next delivery day.
            coach.store.mark_failed(message.user_id, message.day, str(error))
            logger.error(
                "Slack rejected %s's message of %s (%s): check the lesson with `validate`",
                message.user_id,
                message.day,
                error,
            )
            count(error)
            return
        except MaybeSent as error:
            # Kept claimed: a later pass looks in the DM's history before posting again.
            logger.warning("%s: answer lost (%s), checked again shortly", message.user_id, error)
            with lock:
                summary.unconfirmed += 1
            return
        except SendError as error:
            coach.store.release(message.user_id, message.day, owner=me)
            logger.warning("sending to %s failed, next pass retries: %s", message.user_id, error)
            count(error)
            return
        except sqlite3.Error:
            # The database is failing (a full disk): so is the pass. The claim stays for a
            # later pass, which looks in the DM's history first if a post was attempted.
            raise
        except Exception:
            # A bug, not Slack: recorded, and the claim left for the history check rather
            # than released (whether it went out is unknown).
            logger.exception("sending to %s failed unexpectedly", message.user_id)
            count("unexpected error (see the log)")
            return
        _record_sent(coach, message, posted)
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
    if summary.unconfirmed:
        yield f"answer lost, checked against the DM history by a later pass: {summary.unconfirmed}"
    yield f"failed: {summary.failed}"
    for reason, count in summary.errors.most_common():
        yield f"  {reason}: {count}"
    if summary.stopped:
        yield f"stopped: Slack refused the token ({summary.stopped})"
    yield f"took: {summary.seconds:.2f} s"
