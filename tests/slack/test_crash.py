"""Delivery as processes: two passes at once, a pass killed part-way, and a clean SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from click.testing import CliRunner

from bot.cli import main
from bot.delivery.owners import GRACE
from bot.store import Store

from ..conftest import LESSONS_DIR
from .test_serve import free_port, http_env, start, wait_healthy

TUESDAY = "2026-03-03T14:00+00:00"  # 15:00 in Berlin


def enroll(
    db: Path, count: int, zone: str = "Europe/Berlin", send_at: str | None = None
) -> list[str]:
    store = Store(db)
    users = [f"U{number:05d}" for number in range(count)]
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    for user_id in users:
        # Enrolled yesterday and welcomed: today's lesson is theirs, a message of its own.
        store.learners.enroll(user_id, source="admin", zone=zone)
        store.learners.update(user_id, joined_at=yesterday)
        store.learners.mark_welcomed(user_id)
        if send_at:
            store.learners.update(user_id, send_at=send_at)
    store.close()
    return users


def deliver(fake_slack, db: Path, at: str = TUESDAY) -> subprocess.Popen:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ.update({"COACH_DB": str(db), "COACH_LESSONS": str(LESSONS_DIR), **http_env(fake_slack)})
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "deliver", "--at", at],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def deliver_here(fake_slack, db: Path, at: str = TUESDAY):
    """Run the same pass as `deliver` in this process; give click's result."""
    environ = {"COACH_DB": str(db), "COACH_LESSONS": str(LESSONS_DIR), **http_env(fake_slack)}
    return CliRunner().invoke(main, ["deliver", "--at", at], env=environ, prog_name="coach")


def sent_in(output: str) -> int:
    return int(next(line for line in output.splitlines() if line.startswith("sent: "))[6:])


def messages_per_user(fake_slack, users: list[str]) -> dict[int, int]:
    """Give how many learners got how many messages: {1: 40} is everyone exactly once."""
    counts: dict[int, int] = {}
    for user_id in users:
        n = len(fake_slack.dms(user_id))
        counts[n] = counts.get(n, 0) + 1
    return counts


def test_two_passes_started_together_send_each_lesson_once(fake_slack, tmp_path):
    db = tmp_path / "coach.db"
    users = enroll(db, 30)
    fake_slack.post_delay = 0.01
    first, second = deliver(fake_slack, db), deliver(fake_slack, db)
    outputs = [process.communicate(timeout=60)[0] for process in (first, second)]
    assert first.returncode == second.returncode == 0, outputs
    assert messages_per_user(fake_slack, users) == {1: 30}
    assert sum(sent_in(output) for output in outputs) == 30
    again = deliver_here(fake_slack, db)
    assert sent_in(again.output) == 0 and "already had the day's message: 30" in again.output
    assert messages_per_user(fake_slack, users) == {1: 30}


def test_a_pass_killed_part_way_ends_with_exactly_one_lesson_per_learner(
    fake_slack, tmp_path, clean_environment
):
    db = tmp_path / "coach.db"
    users = enroll(db, 40)
    fake_slack.post_delay = 0.15
    victim = deliver(fake_slack, db)
    deadline = time.monotonic() + 30
    while sum(len(fake_slack.dms(u)) for u in users) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    assert 10 <= sum(len(fake_slack.dms(u)) for u in users) < 40  # killed part-way

    # At once: everything not claimed by the dead pass is sent; its unconfirmed claims wait.
    right_after = deliver_here(fake_slack, db)
    assert "sent by another process, not confirmed yet" in right_after.output
    # Once the dead pass's requests can no longer be in flight, its claims are resolved: the
    # pass after the grace runs in this process, on a clock moved past the grace.
    after_grace = datetime.now(timezone.utc) + GRACE + timedelta(seconds=1)
    with time_machine.travel(after_grace, tick=True):
        later = deliver_here(fake_slack, db)
    assert later.exit_code == 0, later.output
    assert messages_per_user(fake_slack, users) == {1: 40}
    store = Store(db)
    assert {d.state for d in store.ledger.deliveries()} == {"sent"}
    assert len(store.ledger.deliveries()) == 40
    store.close()


def a_zone_before_six_pm() -> str:
    now = datetime.now(timezone.utc)
    for zone in ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Honolulu"):
        if now.astimezone(ZoneInfo(zone)).hour < 17:
            return zone
    raise AssertionError("no zone found")


def test_sigterm_lets_the_sends_in_flight_finish_and_exits_within_ten_seconds(
    fake_slack, tmp_path, stop_later
):
    db = tmp_path / "coach.db"
    users = enroll(db, 3, zone=a_zone_before_six_pm(), send_at="00:00")
    fake_slack.post_delay = 1.0  # the signal comes while all three wait for their answer
    port = free_port()
    process = start(http_env(fake_slack, PORT=str(port), COACH_DAYS="mon-sun"), tmp_path)
    stop_later.append(process)
    wait_healthy(port, process)
    fake_slack.wait_for("chat.postMessage", 3, timeout=15)  # all three on their way
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    assert time.monotonic() - signalled < 10
    assert process.returncode == 0, process.communicate()[1]
    assert messages_per_user(fake_slack, users) == {1: 3}
    store = Store(db)
    assert [d.state for d in store.ledger.deliveries()] == ["sent"] * 3  # recorded before exiting
    store.close()
