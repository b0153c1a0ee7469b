"""The Bolt app: the WebClient with its retries, and every listener registered on it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from ..coaching import Coach
from ..delivery import Messenger
from . import actions, commands, conversation, home, privacy, teach
from .clients import make_client, post_client
from .messenger import make_messenger

logger = logging.getLogger(__name__)


class _Drop(logging.Filter):
    """Drops the log records with exactly `message` while `when()` is true."""

    def __init__(self, message: str, *, when: Callable[[], bool]):
        super().__init__()
        self.message = message
        self.when = when

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.getMessage() == self.message and self.when())


def create_app(
    coach: Coach,
    *,
    client: WebClient | None = None,
    messenger: Messenger | None = None,
    verified_at_edge: bool = False,
) -> App:
    """Give the Bolt app with the coach's listeners; checks the token with auth.test.

    `verified_at_edge`: the HTTP server (web.SlackWSGI) checks every signature before Bolt sees
    the request, so Bolt need not check it again.
    """
    settings = coach.settings
    client = client or make_client(settings)
    bolt_logger = logging.getLogger("bot.slack.bolt")
    # Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, and then warns
    # at every start that the token will be unused. The client carries that same token, so
    # the warning says nothing; one with a different token still shows.
    same_token = _Drop(
        warning_client_prioritized_and_token_skipped(),
        when=lambda: os.environ.get("SLACK_BOT_TOKEN") in (None, client.token),
    )
    bolt_logger.addFilter(same_token)
    try:
        app = App(
            # Named here: without a name Bolt takes the caller's file name from inspect.stack(),
            # which reads the source of every frame on the stack (tens of milliseconds).
            name="social-media-coach",
            client=client,
            signing_secret=settings.signing_secret or "",
            # Listeners answer inside the acknowledgement; Web API calls go to lazy listeners.
            process_before_response=True,
            request_verification_enabled=not (settings.socket_mode or verified_at_edge),
            logger=bolt_logger,
        )
    finally:
        bolt_logger.removeFilter(same_token)
    messenger = messenger or make_messenger(coach)
    commands.register(app, coach, messenger)
    conversation.register(app, coach, messenger, post_client(settings))
    teach.register(app, coach)
    actions.register(app, coach)
    actions.register_daily(app, coach)
    home.register(app, coach)
    privacy.register(app, coach)

    @app.error
    def log_error(error: Exception) -> None:
        logger.exception("unexpected error in a listener", exc_info=error)

    return app
