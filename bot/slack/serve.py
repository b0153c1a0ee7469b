"""`serve`: load the bank, check the token, and run HTTP mode or Socket Mode."""

from __future__ import annotations

import gc
import logging
import time

from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..config import Settings

logger = logging.getLogger(__name__)


class ServeError(RuntimeError):
    """The app cannot start; the message says why and what to do."""


def build(settings: Settings):
    """Give the coach and its Bolt app; raise ServeError if Slack refuses the token.

    In HTTP mode the app is meant to be served by web.SlackWSGI, which checks signatures.
    """
    from .app import create_app

    started = time.perf_counter()
    coach = Coach.from_settings(settings)
    logger.info(
        "loaded %d lessons from %s in %.0f ms",
        len(coach.bank),
        settings.lessons_dir,
        (time.perf_counter() - started) * 1000,
    )
    # The bank's objects live as long as the process: keep the garbage collector off them.
    gc.collect()
    gc.freeze()
    try:
        app = create_app(coach, verified_at_edge=not settings.socket_mode)
    except (BoltError, SlackApiError, SlackClientError) as error:
        raise ServeError(
            f"Slack did not accept SLACK_BOT_TOKEN at {settings.api_url}: {error}"
        ) from error
    return coach, app


def run(settings: Settings) -> None:
    """Serve until stopped."""
    coach, app = build(settings)
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        logger.info("Socket Mode: connecting to Slack")
        SocketModeHandler(app, settings.app_token).start()
        return
    from .web import SlackWSGI, make_server

    wsgi = SlackWSGI(
        app,
        signing_secret=settings.signing_secret or "",
        health=lambda: {"status": "ok", "lessons": len(coach.bank)},
    )
    server = make_server(wsgi, host="0.0.0.0", port=settings.port)
    logger.info("HTTP mode: listening on port %d, path /slack/events", settings.port)
    server.run()
