"""/healthz as a load balancer and an operator read it: 503 with the reason when the database or
the delivery is failing, 200 with the last pass when all is well."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from bot.health import Health
from bot.slack.messenger import make_messenger
from bot.slack.serve import scheduled_pass

from ..full_disk import full_disk
from .test_delivery import TUESDAY, coach, enroll  # noqa: F401 (the fixture)
from .test_serve import free_port, http_env, start, wait_healthy


@pytest.fixture
def health(settings) -> Health:
    return Health(settings.db_path, started=TUESDAY - timedelta(minutes=1))


def test_after_a_pass_healthz_is_ok_with_its_time_and_counts(coach, fake_slack, health):  # noqa: F811
    enroll(coach, fake_slack, "UNEWYORK", "America/New_York")  # 09:00 there: due
    scheduled_pass(coach, make_messenger(coach), TUESDAY, stop=threading.Event(), health=health)
    verdict = health.verdict(TUESDAY + timedelta(minutes=1))
    assert verdict.ok and verdict.problems == ()
    assert verdict.last_pass["at"] == "2026-03-03T14:00:00+00:00"
    assert (verdict.last_pass["sent"], verdict.last_pass["failed"]) == (1, 0)


def test_a_pass_that_fails_on_a_full_disk_is_a_503_until_one_succeeds(coach, fake_slack, health):  # noqa: F811
    for number in range(100):  # enough claims to need new pages in the ledger
        enroll(coach, fake_slack, f"UNEWYORK{number}", "America/New_York")
    messenger = make_messenger(coach)
    with full_disk(coach.store):  # no room for a new page
        assert (
            scheduled_pass(coach, messenger, TUESDAY, stop=threading.Event(), health=health) is None
        )
    verdict = health.verdict(TUESDAY + timedelta(seconds=30))
    assert not verdict.ok
    assert any("delivery pass" in p and "the disk is full" in p for p in verdict.problems)
    assert fake_slack.dms("UNEWYORK0") == []

    later = TUESDAY + timedelta(minutes=1)
    assert (
        scheduled_pass(coach, messenger, later, stop=threading.Event(), health=health).sent == 100
    )
    assert health.verdict(later).ok


def test_no_pass_for_five_minutes_is_a_503_that_says_so(coach, health):  # noqa: F811
    assert health.verdict(TUESDAY).ok  # just started: the first pass is on its way
    verdict = health.verdict(TUESDAY + timedelta(minutes=5))
    assert not verdict.ok
    assert verdict.problems == ("no delivery pass has run since the start at 13:59:00: "
                                "the scheduler is stuck",)  # fmt: skip


def test_a_disk_without_room_is_a_503(settings, coach):  # noqa: F811
    nearly_full = Health(settings.db_path, started=TUESDAY, min_free=1 << 60)
    verdict = nearly_full.verdict(TUESDAY)
    assert not verdict.ok and "is full" in verdict.problems[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_database_is_a_503(settings, coach, health):  # noqa: F811
    settings.db_path.chmod(0o444)
    try:
        verdict = health.verdict(TUESDAY)
    finally:
        settings.db_path.chmod(0o644)
    assert not verdict.ok and "read-only" in verdict.problems[0]


def get(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_serve_answers_503_as_soon_as_its_database_is_damaged(fake_slack, tmp_path, stop_later):
    port = free_port()
    process = start(http_env(fake_slack, PORT=str(port)), tmp_path)
    stop_later.append(process)
    wait_healthy(port, process)
    status, report = get(port)
    assert (status, report["status"], report["problems"]) == (200, "ok", [])
    for name in ("coach.db", "coach.db-wal"):  # both overwritten, as a failing disk might
        path = tmp_path / name
        path.write_bytes(b"\x5a" * path.stat().st_size)
    status, report = get(port)
    assert (status, report["status"]) == (503, "failing")
    assert "not an SQLite database" in report["problems"][0], report
