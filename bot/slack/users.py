"""Who a Slack user is, asked of Slack once, and the acknowledgement every listener shares.

One users.info path: it keeps the user's locale whenever it has their profile, so the next
answer is in their language; whether they can be a learner; whether they are an admin.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..curriculum import known_zone
from ..learners import Account

logger = logging.getLogger(__name__)


def ack_only(ack: Ack) -> None:
    """Acknowledge a request at once; a lazy listener does the work after it."""
    ack()


def profile(coach: Coach, client: WebClient, user_id: str) -> dict:
    """Give the user's Slack profile ({} if Slack cannot say), keeping their locale."""
    user, _ = _users_info(client, user_id)
    if user is not None:
        coach.remember_locale(user_id, user.get("locale") or "")
    return user or {}


def remember_locale(coach: Coach, client: WebClient, user_id: str) -> None:
    """Look up and keep the user's Slack locale, once, off the answer's path."""
    if not coach.needs_locale(user_id):
        return
    user, answered = _users_info(client, user_id)
    if user is not None or answered:
        # Slack answered without a profile (after the client's retries): the question's
        # language serves, and the locale is not asked for again at every answer.
        coach.remember_locale(user_id, (user or {}).get("locale") or "")


def _users_info(client: WebClient, user_id: str) -> tuple[dict | None, bool]:
    """Give the user's profile (None if Slack gave none) and whether Slack answered at all."""
    try:
        return client.users_info(user=user_id, include_locale=True)["user"], True
    except SlackApiError as error:
        logger.warning("users.info for %s failed: %s", user_id, error.response.get("error"))
        return None, True
    except SlackClientError as error:
        logger.warning("users.info for %s did not reach Slack: %s", user_id, error)
        return None, False


def is_person(profile: dict) -> bool:
    """Say whether a Slack user can be a learner: not a bot, not deactivated, not Slackbot."""
    return not (profile.get("is_bot") or profile.get("deleted") or profile.get("id") == "USLACKBOT")


def is_admin(coach: Coach, client: WebClient | None, user_id: str) -> bool:
    """Say whether `user_id` is in COACH_ADMINS or a workspace admin or owner (which takes a
    client to ask Slack)."""
    if user_id in coach.settings.admins:
        return True
    if client is None:
        return False
    found = profile(coach, client, user_id)  # keeps the locale: one lookup serves both
    return bool(found and (found.get("is_admin") or found.get("is_owner")))


def account(profile: dict) -> Account:
    """Give what the daily sync follows of a user's account, from their Slack profile."""
    return Account(
        deleted=bool(profile.get("deleted")),
        person=is_person(profile),
        zone=known_zone(profile.get("tz")),
        locale=profile.get("locale") or "",
    )
