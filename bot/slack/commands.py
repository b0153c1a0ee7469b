"""/coach: every subcommand and question, routed by the one table in `router`."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from .. import learners
from ..coaching import Coach
from ..delivery import Messenger
from . import blocks
from .router import Where, answer, route
from .users import ack_only, remember_locale

logger = logging.getLogger(__name__)


def needs_slack(coach: Coach, body: dict) -> bool:
    """Say whether a /coach request asks Slack something, so that it is answered after the
    acknowledgement: a subcommand that calls Slack (the router's table says which), or any
    subcommand of a person whose language must first be looked up (`locale_first`)."""
    subcommand, _ = route(body.get("text") or "")
    if subcommand is None:
        return False
    return subcommand.slack or locale_first(coach, body.get("user_id") or "")


def locale_first(coach: Coach, user_id: str) -> bool:
    """Say whether the user's Slack locale must be looked up before a subcommand is answered.

    A subcommand has no words to tell the language by. A person who asked to be forgotten has
    their locale kept in memory only, so after a restart it is looked up before the answer.
    """
    return coach.needs_locale(user_id) and learners.was_erased(coach, user_id)


def register(app: App, coach: Coach, messenger: Messenger) -> None:
    """Add the /coach listeners to `app`: one per plan, each matching only its own requests."""
    # The user's Slack locale is looked up once, after the answer. Not in a lazy listener:
    # Bolt copies the whole request for one, which costs more than most answers.
    lookups = ThreadPoolExecutor(max_workers=2, thread_name_prefix="locale")

    def answer_later(command: dict, client: WebClient, respond: Respond) -> None:
        user_id = command["user_id"]
        text = command.get("text") or ""
        # Answered after the acknowledgement anyway: the locale first, so that even the first
        # answer (an admin's stats, the help) is in the person's language.
        remember_locale(coach, client, user_id)
        try:
            blocks_, fallback = answer(
                coach, user_id, text, Where.COMMAND, client=client, messenger=messenger
            )
        except Exception:
            logger.exception("/coach failed")
            blocks_, fallback = None, blocks.t(coach.language_for(user_id), "error")
        respond(response_type="ephemeral", replace_original=False, text=fallback, blocks=blocks_)

    def answer_now(ack: Ack, command: dict, client: WebClient) -> None:
        # Inside the acknowledgement: the reply is ready in well under a millisecond.
        user_id = command["user_id"]
        text = command.get("text") or ""
        try:
            blocks_, fallback = answer(coach, user_id, text, Where.COMMAND)
        except Exception:
            logger.exception("/coach failed")
            ack(response_type="ephemeral", text=blocks.t(coach.language_for(user_id), "error"))
            return
        ack(response_type="ephemeral", blocks=blocks_, text=fallback)
        if coach.needs_locale(user_id):
            lookups.submit(remember_locale, coach, client, user_id)

    def answered_later(body: dict) -> bool:
        return needs_slack(coach, body)

    def answered_at_once(body: dict) -> bool:
        return not needs_slack(coach, body)

    # The two matchers exclude each other, so the order does not decide; the common one first.
    app.command("/coach", matchers=[answered_at_once])(answer_now)
    app.command("/coach", matchers=[answered_later])(ack=ack_only, lazy=[answer_later])
