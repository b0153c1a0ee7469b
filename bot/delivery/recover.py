"""Claims left unconfirmed (a process that died, an answer lost), resolved from the DM history:
found, recorded as sent; not found, sent in this pass, or released once its day is over."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime

from ..coaching import Coach
from ..curriculum import due_day
from ..store import Delivery, Learner
from ..vocabulary import DeliveryState
from .errors import AuthFailed, RecipientGone
from .message import DayMessage, Messenger, message_of
from .owners import Holds, owner_alive, owner_id
from .send import recipient_gone, record_sent
from .summary import PassSummary, Skip

logger = logging.getLogger(__name__)


def recover(
    coach: Coach,
    messenger: Messenger,
    now: datetime,
    learners: dict[str, Learner],
    summary: PassSummary,
    *,
    stop: threading.Event,
    held: Holds,
) -> list[DayMessage]:
    """Resolve the claims whose process is gone; give the unsent still due, held in `held`."""
    again: list[DayMessage] = []
    for claim in coach.store.ledger.deliveries(state=DeliveryState.SENDING):
        if stop.is_set():
            break
        if owner_alive(claim):
            mine = claim.owner == owner_id()
            summary.skipped[Skip.ANSWER_LOST if mine else Skip.ANOTHER_PROCESS] += 1
            continue
        held.add([(claim.user_id, claim.day)])
        if not coach.store.ledger.take_over(claim, owner=owner_id()):
            continue
        try:
            message = _resolve(coach, messenger, claim, learners.get(claim.user_id), now, summary)
        except AuthFailed as error:
            summary.stopped = str(error)
            logger.error("Slack refused the bot token (%s): delivery stopped.", error)
            break
        if message is not None:
            again.append(message)
    return again


def _resolve(
    coach: Coach,
    messenger: Messenger,
    claim: Delivery,
    learner: Learner | None,
    now: datetime,
    summary: PassSummary,
) -> DayMessage | None:
    """Settle a claim taken over: give its message if it is to be sent now, else None."""
    try:
        found = messenger.find(claim.user_id, claim.day) if claim.attempt_at else None
    except RecipientGone as error:
        recipient_gone(coach, claim.user_id, claim.day, error)
        return None
    except AuthFailed:
        raise
    except Exception as error:
        # Unknown whether it went out: leave it claimed (never a second lesson) for a later
        # pass to look again.
        logger.warning("could not check %s's message of %s: %s", claim.user_id, claim.day, error)
        return None
    if found is not None:
        record_sent(coach, message_of(coach, claim, learner), found)
        summary.recovered += 1
        return None
    if learner is None or due_day(coach.schedule_for(learner), now) != date.fromisoformat(
        claim.day
    ):
        coach.store.ledger.release(claim.user_id, claim.day, owner=owner_id())
        return None
    return message_of(coach, claim, learner)
