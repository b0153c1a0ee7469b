"""Sending the admins' Monday digest as a DM, once per admin and week."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ..coaching import Coach
from ..curriculum import known_zone
from ..digest import Digest, claim, digest, due_week, release
from .blocks import t
from .dashboard import digest_blocks
from .roster import profiles
from .users import is_person

logger = logging.getLogger(__name__)


class DigestSender:
    """Sends each admin's digest when it is due in their time zone (checked every few minutes).

    The admins are COACH_ADMINS, or the workspace's admins and owners when it is empty; they and
    their time zones are looked up once a day. `client` must not resend a post on its own after
    a 5xx or a lost connection (clients.post_client): a digest is sent at most once.
    """

    def __init__(self, coach: Coach, client: WebClient):
        self.coach = coach
        self.client = client
        self._zones: dict[str, str] = {}
        self._looked_up: str | None = None  # the UTC day the admins were looked up
        self._digests: dict[str, Digest] = {}

    def run(self, now: datetime) -> int:
        """Send the digests due at `now`; give how many were sent."""
        today = now.date().isoformat()
        if self._looked_up != today:
            admins = self._admins()
            if admins is not None:  # else the ones known so far, and another try next time
                self._zones, self._looked_up = admins, today
                self._digests.clear()
        sent = 0
        for user_id, zone in self._zones.items():
            week = due_week(zone, now)
            if week is None or not claim(self.coach, user_id, week):
                continue
            try:
                sent += self._send(user_id, week)
            except Exception:
                # Not posted: released, so the next check tries again while it is still Monday.
                release(self.coach, user_id, week)
                logger.exception("the weekly digest for %s was not sent", user_id)
        return sent

    def _send(self, user_id: str, week: str) -> int:
        if week not in self._digests:
            self._digests[week] = digest(self.coach, week)
        figures = self._digests[week]
        language = self.coach.language_for(user_id)
        blocks = digest_blocks(figures.last, figures.before, figures.new_gaps, language)
        channel = self.client.conversations_open(users=user_id)["channel"]["id"]
        try:
            self.client.chat_postMessage(
                channel=channel, blocks=blocks, text=t(language, "digest_alt")
            )
        except SlackApiError:
            raise  # Slack answered that it did not post it
        except Exception as error:
            # No answer: Slack may have posted it. Kept as sent, so an admin never gets two;
            # at worst one Monday's digest is missing, and the log says so.
            logger.error("the weekly digest for %s may not have arrived: %s", user_id, error)
            return 0
        return 1

    def _admins(self) -> dict[str, str] | None:
        """Give the admins' user IDs and time zones; None if Slack cannot say now."""
        admins = self.coach.settings.admins
        try:
            everyone = profiles(self.client)
        except Exception as error:
            logger.error("cannot look up the admins for the weekly digest: %s", error)
            return None
        if not admins:
            admins = frozenset(
                user_id
                for user_id, profile in everyone.items()
                if is_person(profile) and (profile.get("is_admin") or profile.get("is_owner"))
            )
        found = {}
        for user_id in sorted(admins):
            profile = everyone.get(user_id, {"deleted": True})
            if not is_person(profile):
                continue
            found[user_id] = known_zone(profile.get("tz"))
            if self.coach.needs_locale(user_id):  # the digest comes in their language
                self.coach.remember_locale(user_id, profile.get("locale") or "")
        return found
