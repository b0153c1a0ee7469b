"""The command line as an operator or author uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from .conftest import ROOT


def coach(*args: str, env: dict | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environ,
        timeout=60,
    )


def test_ask_json_puts_the_public_apology_lesson_first():
    result = coach("ask", "--json", "Wie entschuldige ich mich öffentlich?")
    assert result.returncode == 0, result.stderr
    matches = json.loads(result.stdout)["matches"]
    assert matches[0]["topic"] == "public-apology"
    assert set(matches[0]) == {"lesson", "topic", "title", "score"}
    assert all(isinstance(m["score"], (int, float)) for m in matches)


def test_ask_json_gives_no_matches_for_an_off_topic_question():
    result = coach("ask", "--json", "Wie beantrage ich Urlaub?")
    assert json.loads(result.stdout) == {"matches": [], "suggestions": []}


def test_ask_in_words_shows_the_title_and_takeaway():
    result = coach("ask", "--lang", "en", "how", "do", "we", "apologize", "publicly")
    assert result.returncode == 0
    assert "public-apology" in result.stdout.splitlines()[0]


def test_manifest_for_http_mode_names_the_request_urls_and_scopes():
    result = coach("manifest", "--url", "https://coach.example.org/")
    manifest = yaml.safe_load(result.stdout)
    url = "https://coach.example.org/slack/events"
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/coach" and command["url"] == url
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert set(events) == {"app_home_opened", "app_mention", "message.im"}
    assert manifest["settings"]["interactivity"] == {"is_enabled": True, "request_url": url}
    assert manifest["settings"]["socket_mode_enabled"] is False
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "users:read", "app_mentions:read", "im:history", "chat:write"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False


def test_manifest_for_socket_mode_has_no_request_urls():
    manifest = yaml.safe_load(coach("manifest", "--socket-mode").stdout)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]


def test_a_bad_setting_stops_the_start_naming_the_variable():
    result = coach("ask", "hello", env={"COACH_SEND_AT": "25:00"})
    assert result.returncode == 2
    assert "COACH_SEND_AT='25:00'" in result.stderr and "HH:MM" in result.stderr


def test_settings_are_read_from_a_dot_env_file_in_the_working_folder(tmp_path):
    (tmp_path / ".env").write_text(f"COACH_LESSONS={ROOT / 'lessons'}\nCOACH_DAYS=someday\n")
    result = coach("ask", "hello", cwd=tmp_path)
    assert result.returncode == 2
    assert "COACH_DAYS='someday'" in result.stderr


def demo(tmp_path, keys: str, *args: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ["COACH_LESSONS"] = str(ROOT / "lessons")
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo", *args],
        input=keys,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environ,
        timeout=60,
    )


def test_demo_shows_todays_lesson_takes_the_quiz_and_answers_questions(tmp_path):
    from bot.lessons import load_bank

    first = load_bank(ROOT / "lessons").lessons[0]
    right = first.en.quiz.answer
    result = demo(tmp_path, f"{right}\nhow do we apologise in public\n\n", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"Today's lesson: {first.en.title}" in result.stdout
    assert "Right." in result.stdout
    assert "An apology that is actually an apology" in result.stdout  # the question's answer
    assert (tmp_path / "coach-demo.db").exists()
    # The same day again: the lesson is shown again, not the next one; no Slack needed.
    again = demo(tmp_path, "\n\n", "--lang", "de")
    assert "hier ist sie noch einmal" in again.stdout and first.de.title in again.stdout


def test_deliver_needs_a_token_and_a_readable_time_and_dry_run_sends_nothing(tmp_path):
    env = {"COACH_LESSONS": str(ROOT / "lessons"), "COACH_DB": str(tmp_path / "coach.db")}
    no_token = coach("deliver", env=env, cwd=tmp_path)
    assert no_token.returncode == 2 and "SLACK_BOT_TOKEN" in no_token.stderr
    bad_time = coach("deliver", "--at", "yesterday", env=env, cwd=tmp_path)
    assert bad_time.returncode == 2 and "not an ISO-8601 time" in bad_time.stderr
    from bot.store import Store

    store = Store(tmp_path / "coach.db")
    store.enroll("UA", source="admin", zone="Europe/Berlin")
    store.close()
    dry = coach("deliver", "--dry-run", "--at", "2026-03-03T09:30+01:00", env=env, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "would send UA (2026-03-03): leadership-understand-first" in dry.stdout
    store = Store(tmp_path / "coach.db")
    assert store.deliveries() == []  # nothing claimed, nothing recorded
    store.close()
