"""/coach: every subcommand and question, routed by the one table in `router`."""

from __future__ import annotations

import logging
from enum import Enum

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..delivery import Messenger
from . import blocks
from .router import Where, answer, route

logger = logging.getLogger(__name__)


class Plan(str, Enum):
    """How a /coach request is answered; exactly one applies to each request."""

    NOW = "now"  # inside the acknowledgement: the answer needs the database only
    NOW_AND_LOCALE = "now and locale"  # the same, then the user's Slack locale looked up
    LATER = "later"  # acknowledged at once, answered through response_url (it calls Slack)


def plan(coach: Coach, body: dict, context: BoltContext) -> Plan:
    """Give how this request is answered (worked out once, kept in the request's context)."""
    found = context.get("coach_plan")
    if found is None:
        subcommand, _ = route(body.get("text") or "")
        if subcommand is not None and subcommand.slack:
            found = Plan.LATER
        elif coach.needs_locale(body.get("user_id") or ""):
            found = Plan.NOW_AND_LOCALE
        else:
            found = Plan.NOW
        context["coach_plan"] = found
    return found


def register(app: App, coach: Coach, messenger: Messenger) -> None:
    """Add the /coach listeners to `app`: one per plan, each matching only its own requests."""

    def ack_quietly(ack: Ack) -> None:
        ack()

    def answer_later(command: dict, client: WebClient, respond: Respond) -> None:
        user_id = command["user_id"]
        text = command.get("text") or ""
        try:
            blocks_, fallback = answer(
                coach, user_id, text, Where.COMMAND, client=client, messenger=messenger
            )
        except Exception:
            logger.exception("/coach failed for %r", text[:100])
            blocks_, fallback = None, blocks.t(coach.language_for(user_id), "error")
        respond(response_type="ephemeral", replace_original=False, text=fallback, blocks=blocks_)

    def answer_now(ack: Ack, command: dict) -> None:
        # Inside the acknowledgement: the reply is ready in well under a millisecond.
        user_id = command["user_id"]
        text = command.get("text") or ""
        try:
            blocks_, fallback = answer(coach, user_id, text, Where.COMMAND)
        except Exception:
            logger.exception("/coach failed for %r", text[:100])
            ack(response_type="ephemeral", text=blocks.t(coach.language_for(user_id), "error"))
            return
        ack(response_type="ephemeral", blocks=blocks_, text=fallback)

    def learn_locale(command: dict, client: WebClient) -> None:
        remember_locale(coach, client, command["user_id"])

    def planned(wanted: Plan):  # type: ignore[no-untyped-def]
        def matches(body: dict, context: BoltContext) -> bool:
            return plan(coach, body, context) is wanted

        return matches

    # Bolt copies the whole request for a lazy listener, which costs more than most answers;
    # so only the requests that need Slack, or a locale still unknown, go through one.
    app.command("/coach", matchers=[planned(Plan.LATER)])(ack=ack_quietly, lazy=[answer_later])
    app.command("/coach", matchers=[planned(Plan.NOW_AND_LOCALE)])(
        ack=answer_now, lazy=[learn_locale]
    )
    app.command("/coach", matchers=[planned(Plan.NOW)])(answer_now)


def remember_locale(coach: Coach, client: WebClient, user_id: str) -> None:
    """Look up and keep the user's Slack locale once, off the answer's path."""
    if not coach.needs_locale(user_id):
        return
    try:
        response = client.users_info(user=user_id, include_locale=True)
    except SlackApiError as error:
        # Slack answered (after the client's retries); the question's language serves until
        # the locale is looked up again.
        logger.warning("users.info for %s failed: %s", user_id, error.response.get("error"))
        coach.store.set_locale(user_id, "")
        return
    except SlackClientError as error:
        logger.warning("users.info for %s did not reach Slack: %s", user_id, error)
        return
    coach.store.set_locale(user_id, response["user"].get("locale") or "")
