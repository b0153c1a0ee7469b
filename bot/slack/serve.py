"""`serve`: load the bank, check the token, and run HTTP mode or Socket Mode."""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from ..coaching import Coach
from ..config import Settings
from ..delivery import Messenger, PassSummary, describe, run_pass
from ..health import Health
from .clients import post_client
from .digests import DigestSender
from .envelopes import SLACK_HOOKS
from .messenger import SlackMessenger, make_messenger
from .roster import sync
from .web import SlackWSGI, make_server, stop_server

logger = logging.getLogger(__name__)


class ServeError(RuntimeError):
    """The app cannot start; the message says why and what to do."""


def build(settings: Settings, *, coach: Coach | None = None) -> tuple[Coach, App, SlackMessenger]:
    """Give the coach, its Bolt app and the messenger that posts lessons (one, shared by
    /coach next and the scheduled passes); raise ServeError if Slack refuses the token.
    `coach`: one made already (its topic model fitted later, as serve does).

    In HTTP mode the app is meant to be served by web.SlackWSGI, which checks signatures.
    """
    from .app import create_app

    started = time.perf_counter()
    coach = coach or Coach.from_settings(settings)
    logger.info(
        "loaded %d lessons from %s in %.0f ms",
        len(coach.bank),
        settings.lessons_dir,
        (time.perf_counter() - started) * 1000,
    )
    # The bank's objects live as long as the process: keep the garbage collector off them.
    gc.collect()
    gc.freeze()
    messenger = make_messenger(coach)
    try:
        app = create_app(coach, messenger=messenger, verified_at_edge=not settings.socket_mode)
    except (BoltError, SlackApiError, SlackClientError) as error:
        raise ServeError(
            f"Slack did not accept SLACK_BOT_TOKEN at {settings.api_url}: {error}"
        ) from error
    return coach, app, messenger


def tune_for_serving() -> None:
    """Set the interpreter up for a server (process-wide, so only `run` and its benchmark)."""
    # A thread that answers a DM after the acknowledgement holds the interpreter for up to the
    # switch interval before the acknowledging thread may finish (5 ms by default): 0.5 ms keeps
    # Slack's request waiting no longer than the work it needs.
    sys.setswitchinterval(0.0005)


def run(settings: Settings) -> None:
    """Serve until SIGTERM or SIGINT: the Slack app, the daily sync and the delivery passes."""
    tune_for_serving()
    coach, app, messenger = build(settings)
    stop = threading.Event()
    health = Health(settings.db_path, started=datetime.now(timezone.utc))
    scheduler = start_jobs(coach, app.client, messenger, stop, health=health)
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        logger.info("Socket Mode: connecting to Slack")
        handler = SocketModeHandler(app, settings.app_token)
        finished = _on_signals(stop, scheduler, handler.close)
        handler.connect()
        coach.learn_in_background()
        finished.wait()
        return

    def healthz() -> tuple[int, dict]:
        verdict = health.verdict(datetime.now(timezone.utc))
        return (200 if verdict.ok else 503), {**verdict.as_json(), "lessons": len(coach.bank)}

    wsgi = http_app(app, settings, health=healthz)
    server = make_server(wsgi, host="0.0.0.0", port=settings.port)
    finished = _on_signals(stop, scheduler, lambda: stop_server(server, timeout=5))
    logger.info("HTTP mode: listening on port %d, path /slack/events", settings.port)
    # Once the port is open: the app answers (by coverage alone) while the model is fitted.
    coach.learn_in_background()
    server.run()
    finished.wait()


def http_app(app: App, settings: Settings, *, health: Callable[[], tuple[int, dict]]) -> SlackWSGI:
    """Give HTTP mode's WSGI app: `app` at /slack/events behind the signature and shape checks,
    `health` at /healthz."""
    return SlackWSGI(
        app,
        signing_secret=settings.signing_secret or "",
        health=health,
        # A proxy in front of Slack's Web API (SLACK_API_URL) may stand in for its hooks too.
        response_urls=(*SLACK_HOOKS, settings.api_url),
    )


def start_jobs(
    coach: Coach,
    client: WebClient,
    messenger: Messenger,
    stop: threading.Event,
    *,
    health: Health | None = None,
) -> BackgroundScheduler:
    """Start the scheduler: the sync now and daily at 02:30 UTC, a delivery pass every minute
    (each told to `health`), the admins' digest check every 10 minutes, and the purge of old
    events now and daily."""
    scheduler = BackgroundScheduler(timezone=timezone.utc)

    def deliver() -> None:
        if not stop.is_set():
            scheduled_pass(coach, messenger, datetime.now(timezone.utc), stop=stop, health=health)

    def daily_sync() -> None:
        if not stop.is_set():
            sync(coach, client)

    digests = DigestSender(coach, post_client(coach.settings))

    def send_digests() -> None:
        if not stop.is_set():
            sent = digests.run(datetime.now(timezone.utc))
            if sent:
                logger.info("weekly digest: sent to %d admin(s)", sent)

    def purge() -> None:
        gone = coach.purge(datetime.now(timezone.utc))
        if gone:
            logger.info("purged %d events older than %d days", gone, coach.settings.retention_days)

    now = datetime.now(timezone.utc)
    started = now + timedelta(seconds=DELIVERY_DELAY)
    jobs = [
        ("sync", daily_sync, CronTrigger(hour=2, minute=30, timezone=timezone.utc), now),
        ("deliver", deliver, IntervalTrigger(minutes=1), started),
        ("digest", send_digests, IntervalTrigger(minutes=DIGEST_EVERY), started),
        ("purge", purge, CronTrigger(hour=3, minute=15, timezone=timezone.utc), now),
    ]
    for job_id, job, trigger, first in jobs:
        # One run at a time; runs missed while one was busy collapse into one.
        scheduler.add_job(
            job, trigger, id=job_id, next_run_time=first, max_instances=1, coalesce=True
        )
    scheduler.start()
    return scheduler


def scheduled_pass(
    coach: Coach,
    messenger: Messenger,
    now: datetime,
    *,
    stop: threading.Event,
    health: Health | None = None,
) -> PassSummary | None:
    """Run the delivery pass of `now`, log it and tell `health` how it went; give its summary,
    or None if it failed (logged, and retried by the next pass)."""
    try:
        summary = run_pass(coach, messenger, now, stop=stop)
    except Exception as error:
        logger.exception("delivery pass failed")
        if health:
            health.failed(error, at=now)
        return None
    if health:
        health.passed(summary, at=now)
    if summary.sent or summary.failed or summary.recovered:
        logger.info("delivery pass: %s", "; ".join(describe(summary)))
    return summary


# How often the admins' Monday digest is checked for (each admin's 09:00 in their time zone).
DIGEST_EVERY = 10

# The first pass waits this long after start, so the start-up sync has enrolled the audience.
DELIVERY_DELAY = 3


def _on_signals(
    stop: threading.Event, scheduler: BackgroundScheduler, close: Callable[[], None]
) -> threading.Event:
    """On SIGTERM or SIGINT stop cleanly; give the event set once everything is stopped."""
    finished = threading.Event()

    def shut_down() -> None:
        # No new sends are claimed; the ones in flight finish (an unsent claim is released).
        logger.info("stopping: finishing the messages in flight")
        stop.set()
        scheduler.shutdown(wait=True)
        close()
        logger.info("stopped")
        finished.set()

    def on_signal(signum: int, frame: object) -> None:
        if not stop.is_set():
            threading.Thread(target=shut_down, name="shutdown").start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return finished
