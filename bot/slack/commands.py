"""/coach: questions, help, topics and the language choice."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from .. import learners
from ..coaching import Coach
from ..delivery import Messenger
from . import admin, blocks, enrolment, privacy

logger = logging.getLogger(__name__)

# Words after /coach that are commands rather than questions (each is in the help and README).
SUBCOMMANDS = (
    "help", "topics", "language", *enrolment.QUICK, *enrolment.SLOW, *admin.REPORTS, "my data",
    "forget me",
)  # fmt: skip


def register(app: App, coach: Coach, messenger: Messenger) -> None:
    """Add the /coach listeners to `app`."""

    def ack_quietly(ack: Ack) -> None:
        ack()

    def answer_later(command: dict, client: WebClient, respond: Respond) -> None:
        user_id = command["user_id"]
        word, _, rest = (command.get("text") or "").strip().partition(" ")
        blocks_: list[dict] | None = None
        try:
            if word.lower() in admin.REPORTS:
                blocks_, text = admin.answer(coach, client, user_id, word.lower(), rest)
            else:
                text = enrolment.slow(coach, client, messenger, user_id, word.lower(), rest)
        except Exception:
            logger.exception("/coach %s failed", word)
            blocks_, text = None, blocks.t(coach.language_for(user_id), "error")
        respond(response_type="ephemeral", replace_original=False, text=text, blocks=blocks_)

    def needs_slack(body: dict) -> bool:
        word, _, rest = (body.get("text") or "").strip().partition(" ")
        word = word.lower()
        if word in admin.REPORTS:
            return admin.is_report(rest)
        return word in enrolment.SLOW and (word in ("enroll", "unenroll") or not rest)

    def answer(ack: Ack, command: dict) -> None:
        # Answered inside the acknowledgement: the reply is ready in well under a millisecond.
        user_id = command["user_id"]
        text = (command.get("text") or "").strip()
        try:
            blocks_, fallback = respond_to(coach, user_id, text)
        except Exception:
            logger.exception("/coach failed for %r", text[:100])
            message = blocks.t(coach.language_for(user_id), "error")
            ack(response_type="ephemeral", text=message)
            return
        ack(response_type="ephemeral", blocks=blocks_, text=fallback)

    def learn_locale(command: dict, client: WebClient) -> None:
        remember_locale(coach, client, command["user_id"])

    def locale_unknown(body: dict) -> bool:
        return coach.needs_locale(body.get("user_id", ""))

    # Bolt copies the whole request for a lazy listener, which costs more than the answer
    # itself; so only a user whose locale is still unknown goes through the lazy one.
    app.command("/coach", matchers=[needs_slack])(ack=ack_quietly, lazy=[answer_later])
    app.command("/coach", matchers=[locale_unknown])(ack=answer, lazy=[learn_locale])
    app.command("/coach")(answer)


def respond_to(coach: Coach, user_id: str, text: str) -> tuple[list[dict], str]:
    """Give the blocks and fallback text that answer `/coach text`."""
    word, _, rest = text.partition(" ")
    subcommand = word.lower()
    if not text or subcommand == "help":
        language = coach.language_for(user_id)
        return blocks.help_blocks(language), blocks.t(language, "help_title")
    if subcommand == "topics" and not rest:
        language = coach.language_for(user_id)
        return blocks.topic_blocks(coach.bank, language), blocks.t(language, "topics_title")
    if subcommand in ("language", "sprache") and len(rest.split()) <= 1:
        return _set_language(coach, user_id, rest.strip().lower())
    if subcommand in enrolment.QUICK and (subcommand == "time" or not rest):
        return enrolment.quick(coach, user_id, subcommand, rest)
    if text.lower() in ("my data", "meine daten"):
        return privacy.my_data_blocks(coach, user_id, coach.language_for(user_id))
    if text.lower() in ("forget me", "vergiss mich"):
        return privacy.forget_blocks(coach.language_for(user_id))
    reply = coach.ask(user_id, text)
    return blocks.answer_blocks(reply), blocks.answer_text(reply)


def _set_language(coach: Coach, user_id: str, choice: str) -> tuple[list[dict], str]:
    if choice not in ("de", "en"):
        language = coach.language_for(user_id)
        message = blocks.t(language, "language_usage")
        return blocks.notice_blocks(message), message
    learners.set_language(coach, user_id, choice)
    message = blocks.t(choice, "language_set")
    return blocks.notice_blocks(message), message


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
