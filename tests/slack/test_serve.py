"""`python -m bot serve` as an operator runs it: HTTP mode, Socket Mode, and refusals to start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl

from click.testing import CliRunner, Result

from bot.cli import main

from ..conftest import LESSONS_DIR, keep_model, lesson_data, write_lesson
from .blockkit import assert_valid_blocks
from .requests import SIGNING_SECRET, SlackSender, slash_command
from .socket_mode import socket_mode_env, socket_mode_slack


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env: dict[str, str], tmp_path: Path) -> subprocess.Popen:
    """Start `serve` in tmp_path on the real bank, with the topic model a previous start kept
    in its database (a test about the fit itself starts `serve` on a database of its own)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ.update({"COACH_DB": str(tmp_path / "coach.db"), "COACH_LESSONS": str(LESSONS_DIR)})
    if "COACH_DB" not in env and "COACH_LESSONS" not in env:
        keep_model(tmp_path / "coach.db")
    environ.update(env)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def http_env(fake_slack, **extra: str) -> dict[str, str]:
    """Give the environment of `serve` in HTTP mode against the fake Web API."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        **extra,
    }


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 10) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        assert process.poll() is None, process.communicate()[1]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise AssertionError("serve did not become healthy")


def test_http_mode_answers_signed_requests_and_refuses_forged_ones(
    fake_slack, tmp_path, stop_later
):
    port = free_port()
    process = start(http_env(fake_slack, PORT=str(port)), tmp_path)
    stop_later.append(process)
    wait_healthy(port, process)
    assert fake_slack.calls_to("auth.test"), "the token is checked at start"
    slack = SlackSender(f"http://127.0.0.1:{port}")
    response = slack.post(slash_command("Wie entschuldige ich mich öffentlich?"))
    assert response.status == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert_valid_blocks(answer["blocks"])
    assert slack.post(slash_command("help"), headers={"X-Slack-Signature": "v0=bad"}).status == 401
    slack.close()


def test_socket_mode_starts_when_the_app_token_is_set(fake_slack, tmp_path, stop_later):
    envelope = {
        "envelope_id": "env-1",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": dict(parse_qsl(slash_command("how do we apologize publicly"))),
    }
    with socket_mode_slack(fake_slack, envelope) as answers:
        stop_later.append(start(socket_mode_env(fake_slack), tmp_path))
        answer = answers.get(timeout=15)
    opened = fake_slack.wait_for("apps.connections.open")[0]
    assert opened.headers.get("Authorization") == "Bearer xapp-1-test"
    assert answer["envelope_id"] == "env-1"
    assert answer["payload"]["response_type"] == "ephemeral"
    assert_valid_blocks(answer["payload"]["blocks"])


def serve_here(env: dict[str, str], tmp_path: Path) -> Result:
    """Run `serve` in this process, for a start that stops before it listens."""
    environ: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("SLACK_", "COACH_"))
    }
    environ.update({"COACH_DB": str(tmp_path / "coach.db"), "COACH_LESSONS": str(LESSONS_DIR)})
    environ.update(env)
    return CliRunner().invoke(main, ["serve"], env=environ, prog_name="coach")


def test_without_slack_credentials_serve_exits_2_naming_the_variables(tmp_path):
    result = serve_here({}, tmp_path)
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in result.stderr
    assert "api.slack.com/apps" in result.stderr


def test_a_broken_lesson_stops_serve_with_file_and_line(fake_slack, tmp_path):
    lessons = tmp_path / "lessons"
    data = lesson_data(topic="marketing")
    path = write_lesson(lessons, "broken.yaml", data)
    result = serve_here(http_env(fake_slack, COACH_LESSONS=str(lessons)), tmp_path)
    assert result.exit_code == 1
    assert f"{path}:2: unknown topic 'marketing'" in result.stderr


def test_a_token_slack_refuses_stops_serve(fake_slack, tmp_path):
    fake_slack.plan("auth.test", 200, {"ok": False, "error": "invalid_auth"})
    process = start(http_env(fake_slack, SLACK_BOT_TOKEN="xoxb-revoked"), tmp_path)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "SLACK_BOT_TOKEN" in stderr and "invalid_auth" in stderr
