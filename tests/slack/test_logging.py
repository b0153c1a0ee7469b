"""What `serve` logs: what an operator needs, one line per pass that did something, no noise.

Left to the libraries' defaults, every start warns "As you gave `client` as well, `token` will
be unused", and the scheduler's "Running job …" and "… executed successfully" drown the lines
an operator needs.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.__main__ import QUIET, Repeats, configure_logging
from bot.slack.serve import build, start_jobs

from ..full_disk import full_disk
from .requests import slash_command
from .test_serve import free_port, http_env, start, wait_healthy

PASS = 0.1  # seconds between the test's delivery passes (a minute in serve)


@pytest.fixture
def operator_logging(caplog):
    """Logging as `python -m bot` sets it up, captured at INFO."""
    levels = {name: logging.getLogger(name).level for name in QUIET}
    configure_logging("INFO")
    caplog.set_level(logging.INFO)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def health(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
        return json.loads(reply.read())


def run_passes(coach, app, messenger, *, passes: int) -> None:
    """Start the scheduler as serve does, with the passes PASS seconds apart, and stop it."""
    stop = threading.Event()
    scheduler = start_jobs(coach, app.client, messenger, stop)
    for job_id in ("deliver", "digest"):
        scheduler.reschedule_job(job_id, trigger=IntervalTrigger(seconds=PASS))
    time.sleep(PASS * passes + 0.5)
    stop.set()
    scheduler.shutdown(wait=True)


def lines(caplog) -> list[str]:
    return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records]


def test_a_start_and_idle_passes_log_a_few_lines_and_no_warning(
    operator_logging, settings, monkeypatch
):
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.bot_token)  # as an operator sets it
    coach, app, messenger = build(settings)
    coach.store.learners.enroll("U1MANAGER", source="admin", zone="Pacific/Kiritimati")
    coach.store.learners.update("U1MANAGER", status="paused")  # nothing is due

    run_passes(coach, app, messenger, passes=10)
    coach.store.close()

    logged = lines(operator_logging)
    assert not [line for line in logged if line.startswith(("WARNING", "ERROR"))], logged
    assert not [line for line in logged if "apscheduler" in line], logged
    assert [line.split(":")[0] for line in logged] == [
        "INFO bot.slack.serve",  # loaded 43 lessons from lessons in … ms
        "INFO bot.slack.roster",  # sync: 0 enrolled, …
    ], logged


def test_a_pass_that_sends_logs_one_line_and_the_idle_ones_after_it_none(
    operator_logging, settings
):
    settings = replace(settings, days="mon-sun")
    coach, app, messenger = build(settings)
    now = datetime.now(timezone.utc)
    before = now - timedelta(minutes=1)
    coach.store.learners.enroll("U1MANAGER", source="admin", zone="UTC")
    coach.store.learners.update(
        "U1MANAGER",
        send_at="00:00" if before.date() < now.date() else before.strftime("%H:%M"),
        joined_at=(now - timedelta(days=1)).isoformat(),
    )
    operator_logging.clear()

    run_passes(coach, app, messenger, passes=10)
    coach.store.close()

    logged = lines(operator_logging)
    [sent] = [line for line in logged if "delivery pass" in line]
    assert sent.startswith("INFO bot.slack.serve: delivery pass: sent: 1;"), logged
    assert not [line for line in logged if "apscheduler" in line], logged


def test_python_m_bot_serve_logs_no_scheduler_lines_and_no_token_warning(
    fake_slack, tmp_path, stop_later
):
    port = free_port()
    process = start(http_env(fake_slack, PORT=str(port)), tmp_path)
    stop_later.append(process)
    wait_healthy(port, process)
    # The first delivery pass and digest check run 3 s after the start; /healthz shows the pass.
    deadline = time.monotonic() + 30
    while not health(port).get("last_pass") and time.monotonic() < deadline:
        time.sleep(0.1)
    process.terminate()
    _, stderr = process.communicate(timeout=30)

    logged = [line.split(" ", 2)[2] for line in stderr.splitlines() if line.strip()]
    assert not [line for line in logged if "apscheduler" in line or "unused" in line], stderr
    info = [line for line in logged if line.startswith("INFO")]
    # The sync runs in the scheduler's thread beside the server's start: either may log first.
    assert sorted(line.split(":")[0] for line in info) == [
        "INFO bot.slack.roster",  # sync: …
        "INFO bot.slack.serve",  # loaded 43 lessons …
        "INFO bot.slack.serve",  # HTTP mode: listening on port …
        "INFO bot.slack.serve",  # stopping: finishing the messages in flight
        "INFO bot.slack.serve",  # stopped
    ], stderr
    assert "loaded 43 lessons" in info[0] and "stopped" in info[-1], stderr


QUESTION = "How do I apologise in public for a wrong post?"


def test_on_a_full_disk_questions_are_answered_and_the_failure_logged_once_without_them(
    served, caplog
):
    repeats = Repeats()  # as `python -m bot` sets up its log handler
    caplog.handler.addFilter(repeats)
    caplog.set_level(logging.INFO)
    try:
        with full_disk(served.coach.store):
            replies = [served.slack.post(slash_command(f"{QUESTION} ({n})")) for n in range(40)]
    finally:
        caplog.handler.removeFilter(repeats)
    assert all(reply.status == 200 and "apolog" in reply.body.lower() for reply in replies)
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, problems
    assert "not recorded: database or disk is full" in problems[0]
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "apologise" not in logged


def test_the_same_error_again_is_held_back_and_counted_in_the_next_line():
    now = [0.0]
    repeats = Repeats(window=600, clock=lambda: now[0])
    log = logging.getLogger("bot.test.repeats")

    def record(message: str, *args: object) -> logging.LogRecord:
        return log.makeRecord(log.name, logging.ERROR, __file__, 1, message, args, None)

    first = record("sending to %s failed", "U1")
    assert repeats.filter(first)
    assert not any(repeats.filter(record("sending to %s failed", "U1")) for _ in range(19_999))
    assert repeats.filter(record("sending to %s failed", "U2"))  # another message: logged
    now[0] = 601.0
    later = record("sending to %s failed", "U1")
    assert repeats.filter(later)
    assert (
        later.getMessage()
        == "sending to U1 failed (and 19,999 times more since it was last logged)"
    )
