"""The Bolt app: the WebClient with its retries, and every listener registered on it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from ..coaching import Coach
from ..config import Settings
from ..delivery import Messenger
from . import actions, commands, conversation, home, privacy, teach
from .messenger import make_messenger

logger = logging.getLogger(__name__)


def make_client(
    settings: Settings, *, retry_handlers: list[RetryHandler] | None = None
) -> WebClient:
    """Give the WebClient for `settings`: by default it retries throttling, 5xx answers and
    dropped connections; a post that must not come twice passes `throttling_only()`."""
    if retry_handlers is None:
        retry_handlers = [
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        retry_handlers=retry_handlers,
    )


def throttling_only() -> list[RetryHandler]:
    """Give the retries for a post that must not come twice: a 429 posted nothing, a 5xx or a
    lost connection may have."""
    return [RateLimitErrorRetryHandler(max_retry_count=3)]


def post_client(settings: Settings) -> WebClient:
    """Give a WebClient that retries only throttling: for a post that must not come twice."""
    return make_client(settings, retry_handlers=throttling_only())


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
