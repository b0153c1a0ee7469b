"""Talking to the coach: a DM to the app, and an @mention in a channel.

Both are acknowledged at once and answered from a lazy listener with chat.postMessage: a DM in
the DM (in its thread, if it was written in one), a mention in a thread under it. The router
gives the same answers as /coach; in a channel, personal and admin commands are refused with a
pointer to the DM. Each message is answered once: the app's own messages, other bots, edits,
deletions and joins get nothing, and the message is claimed in the store before answering, so
neither Slack's retries nor a second process answer it again.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..delivery import Messenger
from . import blocks
from .blocks import Said
from .router import Where, answer, refused
from .users import ack_only, remember_locale

logger = logging.getLogger(__name__)

_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Emoji as Slack sends them (:wave:, :+1::skin-tone-2:): no words to answer.
_EMOJI = re.compile(r":[a-z0-9_+'-]+:")
_SEPARATORS = ":,;.-–— "


def register(app: App, coach: Coach, messenger: Messenger, poster: WebClient) -> None:
    """Add the listeners of DMs (message.im) and mentions (app_mention) to `app`.

    `poster` posts the answers: a client that retries only throttling, since a post retried
    after a lost answer would show twice.
    """

    def direct_message(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("channel_type") != "im" or not from_a_person(event):
            return
        reply(coach, messenger, poster, client, event, Where.DM, app_user_id=context.bot_user_id)

    def mentioned(event: dict, client: WebClient, context: BoltContext) -> None:
        # A mention written in the app's DM comes as message.im too, which answers it there.
        if event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D"):
            return
        if not from_a_person(event):  # a bot's mention, or one with a subtype
            return
        where = Where.CHANNEL
        reply(coach, messenger, poster, client, event, where, app_user_id=context.bot_user_id)

    app.event("message")(ack=ack_only, lazy=[direct_message])
    app.event("app_mention")(ack=ack_only, lazy=[mentioned])


def from_a_person(event: dict) -> bool:
    """Say whether a message event is a person's new message (not a bot's, an edit, a join…).

    A file shared with words is answered by its words; Slack marks it with a subtype.
    """
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    subtype = event.get("subtype")
    return subtype is None or subtype in ("file_share", "thread_broadcast")


def reply(
    coach: Coach,
    messenger: Messenger,
    poster: WebClient,
    client: WebClient,
    event: dict,
    where: Where,
    *,
    app_user_id: str | None = None,
) -> None:
    """Answer one message once: claim it, work out the answer, post it, mark it answered."""
    key = f"{event.get('channel')}:{event.get('ts')}"
    if not coach.claim_message(key, datetime.now(timezone.utc)):
        logger.info("message %s already answered (a retry or another process)", key)
        return
    user_id = event["user"]
    remember_locale(coach, client, user_id)
    text = words_of(event, app_user_id)
    # In a channel, a personal or admin command is refused to the person alone.
    private = refused(text, where)
    try:
        said = _answer(coach, messenger, client, user_id, text, event, where)
    except Exception:
        logger.exception("answering a %s failed", where.value)
        error = blocks.t(coach.language_for(user_id), "error")
        said = blocks.notice_blocks(error), error
    # A mention is answered in a thread under it; a DM in its thread if it had one.
    thread = event.get("thread_ts") or (event["ts"] if where is Where.CHANNEL else None)
    if post(poster, event["channel"], said, thread_ts=thread, to=user_id if private else None):
        coach.finish_message(key, datetime.now(timezone.utc))


def words_of(event: dict, app_user_id: str | None = None) -> str:
    """Give the words of a message: without the app's mention, emoji and extra spaces.

    Other people's mentions stay (`enroll @anna` names them); with `app_user_id` unknown,
    every mention goes.
    """
    mention = _MENTION
    if app_user_id:
        mention = re.compile(rf"<@{re.escape(app_user_id)}(?:\|[^>]*)?>")
    text = _EMOJI.sub(" ", mention.sub(" ", event.get("text") or ""))
    # "@coach: help" and "@coach, help" leave a separator before the words.
    return " ".join(text.split()).lstrip(_SEPARATORS).strip()


def _answer(
    coach: Coach,
    messenger: Messenger,
    client: WebClient,
    user_id: str,
    text: str,
    event: dict,
    where: Where,
) -> Said:
    if not any(character.isalnum() for character in text):
        language = coach.language_for(user_id)
        hint = blocks.t(language, "not_text" if event.get("files") else "mention_hint")
        return blocks.notice_blocks(hint), hint
    return answer(coach, user_id, text, where, client=client, messenger=messenger)


def post(
    poster: WebClient, channel: str, said: Said, *, thread_ts: str | None, to: str | None
) -> bool:
    """Post the answer (seen only by the user `to`, if given); True if Slack has it."""
    content, text = said
    try:
        if to:
            poster.chat_postEphemeral(
                channel=channel, user=to, blocks=content, text=text, thread_ts=thread_ts
            )
        else:
            poster.chat_postMessage(channel=channel, blocks=content, text=text, thread_ts=thread_ts)
    except (SlackApiError, SlackClientError) as error:
        # Recorded, not retried: the message may have reached Slack before the error.
        logger.error("posting the answer in %s failed: %s", channel, error)
        return False
    return True
