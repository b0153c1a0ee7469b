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
from .errors import AuthFailed, MaybeSent, MessageRejected, RecipientGone, SendError, Superseded
from .message import DayMessage, Messenger
from .owners import drop, hold, owner_id
from .summary import PassSummary

logger = logging.getLogger(__name__)

# How many messages are on their way to Slack at once.
WORKERS = 8


def record_sent(coach: Coach, message: DayMessage, posted: tuple[str | None, str | None]) -> None:
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
            later = delivery_days_later(schedule, date.fromisoformat(message.day), REVIEW_AFTER[0])
            ids = [review.id for review in message.reviews]
            coach.store.postpone_reviews(message.user_id, ids, due=later.isoformat())


def recipient_gone(coach: Coach, user_id: str, day: str, error: Exception) -> None:
    """The person is gone for Slack: the day fails and nothing more is sent to them."""
    coach.store.mark_failed(user_id, day, str(error))
    coach.store.update_learner(user_id, status="inactive", reason=str(error))
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
    lock = threading.Lock()
    auth_failed = threading.Event()
    me = owner_id()

    def count(error: object) -> None:
        with lock:
            summary.failed += 1
            summary.errors[str(error)] += 1

    def send(message: DayMessage) -> None:
        key = (message.user_id, message.day)
        hold([key])
        try:
            send_one(message)
        finally:
            drop([key])  # only once it is recorded (or released)

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
            recipient_gone(coach, message.user_id, message.day, error)
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
        record_sent(coach, message, posted)
        with lock:
            summary.sent += 1

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(send, work))
