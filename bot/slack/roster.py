"""The daily sync: COACH_AUDIENCE's members enrolled, every learner's time zone and locale fresh.

One paginated users.list gives every profile (time zone, locale, bot, deactivated), so a
workspace of thousands costs a few dozen calls rather than one users.info per person.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from http.client import HTTPException

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from .. import learners
from ..coaching import Coach
from ..curriculum import known_zone
from ..vocabulary import DEACTIVATED, IN_COURSE, Enrolled, Source, Status
from .users import account, is_person

logger = logging.getLogger(__name__)

# What a Web API call raises: Slack's answer (SlackApiError is a SlackClientError), or none at
# all, which slack_sdk's urllib client passes on as it is (URLError is an OSError).
SLACK_ERRORS = (SlackClientError, OSError, HTTPException)


class NotEnrolled(str, Enum):
    """Why a member of the audience is not enrolled by the sync."""

    NOT_IN_WORKSPACE = (
        "not in this workspace's user list (from another organisation, in a shared channel)"
    )
    BOT = "a bot or app"
    DEACTIVATED = "deactivated in Slack"
    LEFT = "left the course themselves"
    TAKEN_OUT = "taken out of the course by an admin"
    FORGOTTEN = "asked to be forgotten"
    NO_DMS = "Slack refused their DMs"


@dataclass
class SyncSummary:
    """What a sync did, or would do in a dry run: counts, never who (they are about people)."""

    enrolled: int = 0
    zones_updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False
    audience: int = 0  # people in COACH_AUDIENCE's channels and user groups
    already: int = 0  # of them, in the course already
    refused: Counter[str] = field(default_factory=Counter)  # of them, not enrolled: why
    reactivated: int = 0  # learners whose Slack account is active again


def audience_members(client: WebClient, audience: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Give the members of the channels (C…, G…) and user groups (S…), and any errors."""
    members: set[str] = set()
    errors: list[str] = []
    for target in audience:
        try:
            members.update(members_of(client, target))
        except SLACK_ERRORS as error:
            code = error_code(error)
            errors.append(f"{target}: {code}")
            logger.error("cannot read the members of %s in COACH_AUDIENCE: %s", target, code)
    return members, errors


def members_of(client: WebClient, target: str) -> list[str]:
    """Give the members of one channel (C…, G…) or user group (S…); raises Slack's error."""
    if target.startswith("S"):
        return list(client.usergroups_users_list(usergroup=target).get("users", []))
    members: list[str] = []
    cursor = None
    while True:
        page = client.conversations_members(channel=target, limit=200, cursor=cursor)
        members += page.get("members", [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return members


def error_code(error: Exception) -> str:
    """Give Slack's error code (not_in_channel, invalid_auth…), or the error as text."""
    response = getattr(error, "response", None)
    code = response.get("error") if response is not None else None
    return str(code or error)


def audience_fix(target: str, code: str) -> str:
    """Give what to do when Slack refuses to give the members of a COACH_AUDIENCE entry (or
    gives no answer: then `code` is the error, not one of Slack's snake_case codes)."""
    if not re.fullmatch(r"[a-z_]+", code):
        return "Slack did not answer: check the network, any proxy and SLACK_API_URL"
    if code == "missing_scope":
        return "reinstall the app with the manifest's scopes (`coach check` names the missing ones)"
    if target.startswith("S"):
        return "check the user group's ID in COACH_AUDIENCE (its page's address ends in it)"
    if code in ("not_in_channel", "channel_not_found"):
        return (
            "check the channel's ID (channel details > About, at the end); a private channel "
            "also needs the app as a member: /invite @Social Media Coach in it"
        )
    return f"Slack said {code}: check the ID in COACH_AUDIENCE"


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


def sync(coach: Coach, client: WebClient, *, dry_run: bool = False) -> SyncSummary:
    """Enroll the audience's people and refresh every learner's time zone and locale; give the
    counts. `dry_run`: only read Slack and the database, and give what would be done."""
    summary = SyncSummary(dry_run=dry_run)
    members, summary.errors = audience_members(client, coach.settings.audience)
    try:
        everyone = profiles(client)
        bot_user = client.auth_test().get("user_id")
    except SLACK_ERRORS as error:
        summary.errors.append(f"users.list: {error_code(error)}")
        logger.error("cannot read the workspace's users: %s", error_code(error))
        return summary
    summary.audience = len(members)
    _enroll(coach, members, everyone, bot_user, summary)
    _refresh(coach, everyone, summary)
    logger.info(
        "sync%s: %d enrolled, %d time zones changed, %d deactivated",
        " (dry run)" if dry_run else "",
        summary.enrolled,
        summary.zones_updated,
        summary.deactivated,
    )
    return summary


def _enroll(
    coach: Coach,
    members: set[str],
    everyone: dict[str, dict],
    bot_user: str | None,
    summary: SyncSummary,
) -> None:
    for user_id in sorted(members):
        profile = everyone.get(user_id)
        why = not_enrolled(coach, user_id, profile, bot_user)
        if why == Enrolled.ALREADY:
            summary.already += 1
        elif why:
            summary.refused[why] += 1
        elif summary.dry_run:
            summary.enrolled += 1
        else:
            zone = known_zone((profile or {}).get("tz"))
            if learners.enroll(coach, user_id, source=Source.AUDIENCE, zone=zone) == Enrolled.NEW:
                summary.enrolled += 1
            else:  # another process enrolled them a moment ago
                summary.already += 1


def not_enrolled(
    coach: Coach, user_id: str, profile: dict | None, bot_user: str | None
) -> str | None:
    """Give why the sync does not enroll this member of the audience ("already" if they are in
    the course), or None if it does: the sync never brings back who left."""
    if profile is None:
        return NotEnrolled.NOT_IN_WORKSPACE.value
    if profile.get("deleted"):
        return NotEnrolled.DEACTIVATED.value
    if not is_person(profile) or user_id == bot_user:
        return NotEnrolled.BOT.value
    learner = learners.get(coach, user_id)
    if learner is None:
        return NotEnrolled.FORGOTTEN.value if learners.was_erased(coach, user_id) else None
    if learner.status in IN_COURSE or learner.reason == DEACTIVATED:
        return Enrolled.ALREADY.value  # one who was deactivated is active again: _refresh says so
    if learner.status == Status.UNSUBSCRIBED:
        taken_out = learner.reason == Source.ADMIN
        return (NotEnrolled.TAKEN_OUT if taken_out else NotEnrolled.LEFT).value
    return f"{NotEnrolled.NO_DMS.value} ({learner.reason})"


def _refresh(coach: Coach, everyone: dict[str, dict], summary: SyncSummary) -> None:
    """Follow every learner's Slack account: deactivated, active again, time zone, locale."""
    accounts = {user_id: account(profile) for user_id, profile in everyone.items()}
    followed = learners.follow(coach, accounts, write=not summary.dry_run)
    summary.deactivated = followed.deactivated
    summary.reactivated = followed.reactivated
    summary.zones_updated = followed.zones_updated
