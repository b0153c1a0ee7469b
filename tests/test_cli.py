"""The command line as an operator or author uses it.

In process with click's CliRunner, as sqlite-utils tests its CLI; a real process only where the
process is what the test is about (reading .env, `python -m bot` itself).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from bot.store import Store

from .conftest import LESSONS_DIR, ROOT


@pytest.fixture(autouse=True)
def no_settings_from_the_shell(monkeypatch):
    """Each test starts from no Slack or coach settings but the lesson bank's folder."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "COACH_")) or name == "PORT":
            monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_LESSONS", str(LESSONS_DIR))


def run(*args: str, env: dict | None = None, stdin: str | None = None) -> Result:
    """Run `coach ARGS` in this process."""
    return CliRunner().invoke(main, list(args), env=env, input=stdin, prog_name="coach")


def coach(
    *args: str, env: dict | None = None, cwd=ROOT, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Run `python -m bot ARGS` as a process of its own (with the checkout's bot on the path),
    without the shell's SLACK_* and COACH_* settings; `prefix`: a command that runs it."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COACH_"))}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environ,
        timeout=60,
    )


# --- ask --------------------------------------------------------------------------------------


def test_ask_json_puts_the_public_apology_lesson_first():
    result = run("ask", "--json", "Wie entschuldige ich mich öffentlich?")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.stdout)["matches"]
    assert matches[0]["topic"] == "public-apology"
    assert set(matches[0]) == {"lesson", "topic", "title", "score"}
    assert all(isinstance(m["score"], (int, float)) for m in matches)


def test_ask_json_gives_no_matches_for_an_off_topic_question():
    result = run("ask", "--json", "Wie beantrage ich Urlaub?")
    assert json.loads(result.stdout) == {"matches": [], "suggestions": []}


def test_ask_in_words_shows_the_title_and_takeaway():
    result = run("ask", "--lang", "en", "how", "do", "we", "apologize", "publicly")
    assert result.exit_code == 0
    assert "public-apology" in result.stdout.splitlines()[0]


@pytest.mark.parametrize("question", [[""], ["   "], ["", " "]])
def test_an_empty_question_is_a_usage_error(question):
    result = run("ask", *question)
    assert result.exit_code == 2
    assert "QUESTION is empty" in result.stderr
    assert "No lesson" not in result.output


def test_ask_without_a_question_is_a_usage_error():
    assert run("ask").exit_code == 2


def test_a_question_in_the_other_language_says_where_the_lesson_is():
    result = run("ask", "--lang", "en", "Wie gehe ich mit Trollen um?")
    assert result.exit_code == 0
    assert result.stdout == (
        "No English lesson matches; in German perhaps: Kritik ernst nehmen, Trolle nicht "
        "füttern (dialogue-critics-and-trolls). Try --lang de.\n"
    )


def test_the_other_languages_hint_goes_to_stderr_with_json():
    result = run("ask", "--json", "--lang", "en", "Wie gehe ich mit Trollen um?")
    assert json.loads(result.stdout) == {"matches": [], "suggestions": []}
    assert "in German perhaps: Kritik ernst nehmen" in result.stderr


def test_an_off_topic_question_gets_no_hint_about_the_other_language():
    result = run("ask", "--lang", "en", "Wie beantrage ich Urlaub?")
    assert result.stdout.startswith("No lesson covers that yet.")
    assert "German" not in result.output


# --- manifest ---------------------------------------------------------------------------------


def test_manifest_for_http_mode_names_the_request_urls_and_scopes():
    result = run("manifest", "--url", "https://coach.example.org/")
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
    result = run("manifest", "--socket-mode")
    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load(result.stdout)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ([], "HTTP mode needs the app's public address: --url https://YOUR-HOST"),
        (["--url", "example.org"], "--url 'example.org' must start with https://"),
        (["--url", "http://coach.example.org"], "must start with https://"),
        (["--url", "https://"], "is not a base URL like https://coach.example.org"),
        (["--url", "https://coach.example.org/?x=1"], "is not a base URL"),
        (
            ["--url", "https://coach.example.org/slack/events"],
            "adds /slack/events itself: --url https://coach.example.org",
        ),
        (["--socket-mode", "--url", "https://coach.example.org"], "--socket-mode needs no --url"),
    ],
)
def test_manifest_refuses_what_slack_could_not_call_with_the_reason(args, reason):
    result = run("manifest", *args)
    assert result.exit_code == 2
    assert result.stdout == ""  # no manifest to paste by mistake
    assert "Usage: coach manifest" in result.stderr and reason in result.stderr


def test_the_docs_manifest_example_is_what_the_command_prints():
    page = (ROOT / "docs" / "slack-app.md").read_text(encoding="utf-8")
    pattern = r"`python -m bot (manifest [^`]+)` prints:\n\n```yaml\n(.*?)```"
    [(command, example)] = re.findall(pattern, page, re.S)
    assert example == run(*command.split()).stdout


def test_the_readme_shows_the_manifest_commands_that_work():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"`python -m bot (manifest[^`]*)`", readme)
    assert shown, "the quick start shows how to make the manifest"
    for command in shown:
        args = command.replace("YOUR-HOST", "coach.example.org").split()
        assert run(*args).exit_code == 0, command


# --- settings ---------------------------------------------------------------------------------


def test_every_bad_setting_is_reported_at_once_and_stops_the_start():
    result = run("ask", "hello", env={"PORT": "abc", "COACH_SEND_AT": "25:00"})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: PORT='abc' is not valid: expected a whole number from 1 to 65535",
        "error: COACH_SEND_AT='25:00' is not valid: expected a time of day as HH:MM, "
        "for example 09:00",
    ]


def test_settings_are_read_from_a_dot_env_file_in_the_working_folder(tmp_path):
    (tmp_path / ".env").write_text(f"COACH_LESSONS={LESSONS_DIR}\nCOACH_DAYS=someday\nPORT=x\n")
    result = coach("ask", "hello", cwd=tmp_path)
    assert result.returncode == 2
    assert "COACH_DAYS='someday'" in result.stderr and "PORT='x'" in result.stderr


# --- stats and digest need the database -------------------------------------------------------


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["digest"]])
def test_a_report_on_a_database_that_is_not_there_says_so_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = run(*command, env={"COACH_DB": str(missing)})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"no database at {missing} (COACH_DB)" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def database(tmp_path):
    """A database with one lesson delivered and one open question on Tuesday 2026-11-24."""
    path = tmp_path / "coach.db"
    store = Store(path)
    store.events.set_topics({"apology-own-it": "public-apology"})
    tuesday = datetime(2026, 11, 24, 9, tzinfo=timezone.utc)
    store.events.record("U1", "delivered", lesson_id="apology-own-it", at=tuesday)
    store.events.record_question(
        user_id="U1",
        text="how do llamas post",
        language=None,
        lesson_id=None,
        score=None,
        at=tuesday + timedelta(minutes=5),
    )
    store.close()
    return path


def test_digest_prints_mondays_digest_and_sends_and_records_nothing(database):
    env = {"COACH_DB": str(database), "COACH_MIN_GROUP": "1"}
    before = database.read_bytes()
    result = run("digest", "--week", "2026-12-02", env=env)  # a Wednesday: that week's
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Your weekly coaching digest\n===")
    assert "Last week (23 November to 29 November 2026)" in " ".join(text.split())
    assert "Lessons delivered: 1 (week before: 0)" in text
    assert "how do llamas post" in text
    assert "*" not in text and "&lt;" not in text  # Slack's marks become plain text
    assert database.read_bytes() == before  # nothing recorded (no digest marked as sent)
    german = run("digest", "--lang", "de", "--week", "2026-11-30", env=env)
    assert "Ihr wöchentlicher Coaching-Bericht" in german.stdout
    assert "Lektionen zugestellt: 1 (Woche davor: 0)" in german.stdout


def test_digest_refuses_a_week_that_is_not_a_date(database):
    result = run("digest", "--week", "last monday", env={"COACH_DB": str(database)})
    assert result.exit_code == 2 and "is not a date like 2026-11-30" in result.stderr


# --- deliver ----------------------------------------------------------------------------------


def test_deliver_needs_a_token_and_a_readable_time(tmp_path):
    env = {"COACH_DB": str(tmp_path / "coach.db")}
    no_token = run("deliver", env=env)
    assert no_token.exit_code == 2 and "SLACK_BOT_TOKEN" in no_token.stderr
    bad_time = run("deliver", "--at", "yesterday", env=env)
    assert bad_time.exit_code == 2 and "not an ISO-8601 time" in bad_time.stderr


def test_a_dry_runs_summary_agrees_with_its_list_and_nothing_is_recorded(tmp_path):
    path = tmp_path / "coach.db"
    store = Store(path)
    for user_id, zone in [
        ("UA", "Europe/Berlin"),
        ("UB", "Europe/Berlin"),
        ("UC", "America/New_York"),
    ]:
        store.learners.enroll(user_id, source="admin", zone=zone)
        store.learners.update(user_id, joined_at="2026-03-01T00:00:00+00:00")
    store.close()

    at = "2026-03-03T09:30+01:00"
    result = run("deliver", "--dry-run", "--at", at, env={"COACH_DB": str(path)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    listed = [line for line in lines if line.startswith("  would send ")]
    assert "  would send UA (2026-03-03): leadership-understand-first (after the welcome)" in listed
    assert len(listed) == 2  # Berlin at 09:30; New York at 03:30 is not due yet
    assert "would send: 2" in lines and "would skip: 1" in lines
    assert not [line for line in lines if line.startswith(("sent:", "skipped:"))]
    store = Store(path)
    assert store.ledger.deliveries() == []  # nothing claimed, nothing recorded
    store.close()


# --- help --------------------------------------------------------------------------------------


def test_every_command_is_in_the_help_and_the_readmes_command_list():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line")[1].split("\n## ")[0]
    listed = set(re.findall(r"^\| `(\w+)", section, re.M))
    overview = run("--help").stdout
    for name, command in main.commands.items():
        assert re.search(rf"^  {name} +\S", overview, re.M), name
        assert command.short_help and len(command.short_help) <= 60, name
        assert run(name, "--help").exit_code == 0, name
    assert listed == set(main.commands)


def test_python_m_bot_is_the_command_line(tmp_path):
    result = coach("--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("Usage: coach ")
