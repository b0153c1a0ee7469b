"""Claims left unconfirmed (a process that died, an answer lost), resolved from the DM history:
found, recorded as sent; not found, sent in this pass, or released once its day is over."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime

from ..coaching import Coach
from ..curriculum import due_day
from ..store import Learner
from .errors import AuthFailed, RecipientGone
from .message import DayMessage, Messenger, message_of
from .owners import drop, hold, owner_alive, owner_id
from .send import recipient_gone, record_sent
from .summary import PassSummary, Skip

logger = logging.getLogger(__name__)


def recover(
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
                summary.skipped[Skip.ANOTHER_PROCESS] += 1
            else:
                summary.skipped[Skip.ANSWER_LOST] += 1
            continue
        key = (claim.user_id, claim.day)
        hold([key])
        if not coach.store.take_over(claim, owner=owner_id()):
            drop([key])
            continue
        try:
            found = messenger.find(claim.user_id, claim.day) if claim.attempt_at else None
        except RecipientGone as error:
            recipient_gone(coach, claim.user_id, claim.day, error)
            drop([key])
            continue
        except AuthFailed as error:
            drop([key])
            summary.stopped = str(error)
            logger.error("Slack refused the bot token (%s): delivery stopped.", error)
            break
        except Exception as error:
            # Unknown whether it went out: leave it claimed (never a second lesson) for a
            # later pass to look again.
            logger.warning(
                "could not check %s's message of %s: %s", claim.user_id, claim.day, error
            )
            drop([key])
            continue
        if found is not None:
            message = message_of(coach, claim, learners.get(claim.user_id))
            record_sent(coach, message, found)
            summary.recovered += 1
            drop([key])
            continue
        learner = learners.get(claim.user_id)
        if learner is None or due_day(coach.schedule_for(learner), now) != date.fromisoformat(
            claim.day
        ):
            coach.store.release(claim.user_id, claim.day, owner=owner_id())
            drop([key])
            continue
        again.append(message_of(coach, claim, learner))  # still held: sent in this pass
    return again
