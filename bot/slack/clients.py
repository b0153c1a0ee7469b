"""The one way the app makes a Web API client, with the retries each use needs."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from ..config import Settings


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
