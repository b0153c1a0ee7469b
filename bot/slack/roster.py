"""The daily sync: COACH_AUDIENCE's members enrolled, every learner's time zone and locale fresh.

One paginated users.list gives every profile (time zone, locale, bot, deactivated), so a
workspace of thousands costs a few dozen calls rather than one users.info per person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..curriculum import known_zone
from .enrolment import is_person

logger = logging.getLogger(__name__)


@dataclass
class SyncSummary:
    enrolled: int = 0
    zones_updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)


def audience_members(client: WebClient, audience: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Give the members of the channels (C…, G…) and user groups (S…), and any errors."""
    members: set[str] = set()
    errors: list[str] = []
    for target in audience:
        try:
            if target.startswith("S"):
                response = client.usergroups_users_list(usergroup=target)
                members.update(response.get("users", []))
                continue
            cursor = None
            while True:
                page = client.conversations_members(channel=target, limit=200, cursor=cursor)
                members.update(page.get("members", []))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except (SlackApiError, SlackClientError) as error:
            code = getattr(getattr(error, "response", None), "get", lambda _: None)("error")
            errors.append(f"{target}: {code or error}")
            logger.error(
                "cannot read the members of %s in COACH_AUDIENCE: %s", target, code or error
            )
    return members, errors


def profiles(client: WebClient) -> dict[str, dict]:
    """Give every user's profile by ID (users.list, paginated, with locales)."""
    found: dict[str, dict] = {}
    cursor = None
    while True:
        page = client.users_list(limit=200, include_locale=True, cursor=cursor)
        for user in page.get("members", []):
            found[user["id"]] = user
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return found


def sync(coach: Coach, client: WebClient) -> SyncSummary:
    """Enrol the audience's people and refresh every learner's time zone and locale."""
    summary = SyncSummary()
    members, summary.errors = audience_members(client, coach.settings.audience)
    try:
        everyone = profiles(client)
        bot_user = client.auth_test().get("user_id")
    except (SlackApiError, SlackClientError) as error:
        summary.errors.append(f"users.list: {error}")
        logger.error("cannot read the workspace's users: %s", error)
        return summary
    for user_id in sorted(members):
        profile = everyone.get(user_id)
        if profile is None or not is_person(profile) or user_id == bot_user:
            continue
        outcome = coach.store.enroll(user_id, source="audience", zone=known_zone(profile.get("tz")))
        if outcome == "new":
            coach.store.record_event(user_id, "subscribed", detail="audience")
            summary.enrolled += 1
    zones: dict[str, str] = {}
    for learner in coach.store.learners():
        profile = everyone.get(learner.user_id)
        if profile is None:
            continue
        if profile.get("deleted") and learner.status in ("active", "paused"):
            coach.store.update_learner(learner.user_id, status="inactive", reason="deactivated")
            summary.deactivated += 1
            continue
        if learner.status == "inactive" and learner.reason == "deactivated" and is_person(profile):
            coach.store.update_learner(learner.user_id, status="active", reason=None)
        zone = known_zone(profile.get("tz"))
        if zone != learner.zone:
            zones[learner.user_id] = zone
        coach.store.set_locale(learner.user_id, profile.get("locale") or "")
    coach.store.set_zones(zones)
    summary.zones_updated = len(zones)
    logger.info(
        "sync: %d enrolled, %d time zones changed, %d deactivated",
        summary.enrolled,
        summary.zones_updated,
        summary.deactivated,
    )
    return summary
