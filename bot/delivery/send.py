"""The pool that posts a pass's claimed messages, and what each outcome leaves in the ledger.

Each message's claim is this process's before it gets here; Slack's answer decides whether the
claim becomes sent, failed, released for a later pass, or stays for the history check.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from ..coaching import Coach
from ..curriculum import REVIEW_AFTER, delivery_days_later
from ..vocabulary import Event, Status
from .errors import AuthFailed, MaybeSent, MessageRejected, RecipientGone, SendError, Superseded
from .message import DayMessage, Messenger
from .owners import owner_id
from .summary import PassSummary

logger = logging.getLogger(__name__)

# How many messages are on their way to Slack at once.
WORKERS = 8


def record_sent(coach: Coach, message: DayMessage, posted: tuple[str | None, str | None]) -> None:
    """Mark the day's message sent with its events; move the reviews it carried on."""
    events = [(Event.REVIEW_DELIVERED, review.id) for review in message.reviews]
    if message.lesson:
        events.insert(0, (Event.DELIVERED, message.lesson.id))
    if message.complete:
        events.append((Event.COURSE_COMPLETED, None))
    coach.store.ledger.mark_sent(
        message.user_id, message.day, channel=posted[0], ts=posted[1], events=tuple(events)
    )
    if message.welcome:
        coach.store.learners.mark_welcomed(message.user_id)
    if message.reviews:
        # A review nobody answers comes back later, not every day, and makes way for others.
        schedule = coach.schedule_for(coach.store.learners.get(message.user_id))
        if schedule.days:
            later = delivery_days_later(schedule, date.fromisoformat(message.day), REVIEW_AFTER[0])
            ids = [review.id for review in message.reviews]
            coach.store.reviews.postpone(message.user_id, ids, due=later.isoformat())


def recipient_gone(coach: Coach, user_id: str, day: str, error: Exception) -> None:
    """The person is gone for Slack: the day fails and nothing more is sent to them."""
    coach.store.ledger.mark_failed(user_id, day, str(error))
    coach.store.learners.update(user_id, status=Status.INACTIVE, reason=str(error))
    logger.warning("%s cannot get messages (%s): marked inactive", user_id, error)


def send_all(
    coach: Coach,
    messenger: Messenger,
    work: list[DayMessage],
    summary: PassSummary,
    *,
    workers: int,
    stop: threading.Event,
) -> None:
    """Post the claimed messages of `work`, `workers` at a time; count the outcomes in `summary`.

    The caller holds the messages (owners.holding) until this returns.
    """
    sending = _Sending(coach, messenger, summary, stop)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(sending.send, work))


class _Sending:
    """One pass's posting: each outcome recorded, the first refused token stopping the rest."""

    def __init__(
        self, coach: Coach, messenger: Messenger, summary: PassSummary, stop: threading.Event
    ):
        self.coach = coach
        self.messenger = messenger
        self.summary = summary
        self.stop = stop
        self.me = owner_id()
        self.auth_failed = threading.Event()
        self.lock = threading.Lock()

    def send(self, message: DayMessage) -> None:
        """Post `message` unless the pass is stopping; leave its claim as the answer calls for."""
        store, user_id, day = self.coach.store, message.user_id, message.day
        if self.stop.is_set() or self.auth_failed.is_set():
            store.ledger.release(user_id, day, owner=self.me)
            return
        try:
            posted = self.messenger.send(
                message,
                before_post=lambda: store.ledger.attempting(user_id, day, owner=self.me),
                stop=self.stop,
            )
        except AuthFailed as error:
            store.ledger.release(user_id, day, owner=self.me)
            self._stop_for(error)
            return
        except Superseded:
            return  # another process owns the claim now and resolves it
        except RecipientGone as error:
            recipient_gone(self.coach, user_id, day, error)
            self._count(error)
            return
        except MessageRejected as error:
            # Retrying the same message would fail all day: the day is marked failed and the
            # operator told; the lesson comes again on the next delivery day.
            store.ledger.mark_failed(user_id, day, str(error))
            logger.error(
                "Slack rejected %s's message of %s (%s): check the lesson with `validate`",
                user_id,
                day,
                error,
            )
            self._count(error)
            return
        except MaybeSent as error:
            # Kept claimed: a later pass looks in the DM's history before posting again.
            logger.warning("%s: answer lost (%s), checked again shortly", user_id, error)
            with self.lock:
                self.summary.unconfirmed += 1
            return
        except SendError as error:
            store.ledger.release(user_id, day, owner=self.me)
            logger.warning("sending to %s failed, next pass retries: %s", user_id, error)
            self._count(error)
            return
        except sqlite3.Error:
            # The database is failing (a full disk): so is the pass. The claim stays for a
            # later pass, which looks in the DM's history first if a post was attempted.
            raise
        except Exception:
            # A bug, not Slack: recorded, and the claim left for the history check rather
            # than released (whether it went out is unknown).
            logger.exception("sending to %s failed unexpectedly", user_id)
            self._count("unexpected error (see the log)")
            return
        record_sent(self.coach, message, posted)
        with self.lock:
            self.summary.sent += 1

    def _stop_for(self, error: AuthFailed) -> None:
        """Stop the pass's other sends; tell the operator once."""
        with self.lock:
            first = not self.auth_failed.is_set()
            self.auth_failed.set()
            self.summary.stopped = str(error)
        if first:
            logger.error(
                "Slack refused the bot token (%s): delivery stopped. Check SLACK_BOT_TOKEN "
                "and that the app is still installed.",
                error,
            )

    def _count(self, error: object) -> None:
        with self.lock:
            self.summary.failed += 1
            self.summary.errors[str(error)] += 1
