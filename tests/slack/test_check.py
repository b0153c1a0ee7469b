"""`coach check` against the fake Slack Web API: what an operator gets wrong, each with the fix."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.slack.check import required_scopes
from bot.slack.manifest import manifest
from bot.store import Store

from ..conftest import LESSONS_DIR, write_lesson
from .fake_slack import BOT_USER_ID, FakeSlack


@pytest.fixture(autouse=True)
def no_settings_from_the_shell(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("SLACK_", "COACH_")):
            monkeypatch.delenv(name)


@pytest.fixture
def installed(fake_slack: FakeSlack, tmp_path) -> dict[str, str]:
    """A workspace where everything is right: the settings of an installation that works."""
    fake_slack.scopes = list(manifest(socket_mode=True)["oauth_config"]["scopes"]["bot"])
    fake_slack.members["C0MANAGERS"] = ["U1MANAGER", "U2MANAGERIN", BOT_USER_ID]
    fake_slack.members["S0LEADS"] = ["U1MANAGER"]
    Store(tmp_path / "coach.db").close()
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake_slack.url,
        "COACH_DB": str(tmp_path / "coach.db"),
        "COACH_LESSONS": str(LESSONS_DIR),
        "COACH_AUDIENCE": "C0MANAGERS,S0LEADS",
        "COACH_ADMINS": "U0ADMIN",
    }


def check(env: dict[str, str]) -> Result:
    return CliRunner().invoke(main, ["check"], env=env)


def test_an_installation_that_works_passes_every_check_and_posts_nothing(installed, fake_slack):
    fake_slack.add_user("U0ADMIN")
    result = check(installed)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "✓ token",
        "✓ scopes",
        "✓ DMs",
        "✓ audience C0MANAGERS",
        "✓ audience S0LEADS",
        "✓ database",
        "✓ lesson bank",
    ]
    assert lines[0] == "✓ token: works in Example (T0TEAM) as @coach"
    assert lines[1] == f"✓ scopes: all {len(required_scopes())} the manifest asks for are granted"
    assert "with U0ADMIN from COACH_ADMINS" in lines[2]
    assert lines[3] == "✓ audience C0MANAGERS: 3 members readable"
    assert "43 lessons in 6 topics" in lines[6]
    # Nothing a person would see: no message, and the DM opened is an admin's.
    assert fake_slack.calls_to("chat.postMessage") == []
    assert [c.params["users"] for c in fake_slack.calls_to("conversations.open")] == ["U0ADMIN"]


def test_a_missing_scope_is_named_with_reinstalling_as_the_fix(installed, fake_slack):
    fake_slack.scopes = [scope for scope in fake_slack.scopes if scope != "im:history"]
    result = check(installed)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert line.startswith("✗ scopes: missing im:history (")
    assert "Fix: paste `coach manifest --url https://YOUR-HOST` under App Manifest" in line
    assert "reinstall the app" in line


def test_the_required_scopes_are_the_manifests(monkeypatch):
    # A scope added to the manifest is one `check` asks for, with no second list to keep.
    from bot.slack import manifest as module

    monkeypatch.setattr(module, "BOT_SCOPES", [*module.BOT_SCOPES, "reactions:write"])
    assert required_scopes()[-1] == "reactions:write"


def test_a_refused_token_fails_and_the_checks_that_need_it_say_they_were_not_made(
    installed, fake_slack
):
    fake_slack.plan("auth.test", 200, {"ok": False, "error": "invalid_auth"})
    result = check(installed)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("✗ token: Slack refused SLACK_BOT_TOKEN (invalid_auth). Fix: copy")
    assert lines[1:5] == [
        "- scopes: not checked: the token does not work",
        "- DMs: not checked: the token does not work",
        "- audience C0MANAGERS: not checked: the token does not work",
        "- audience S0LEADS: not checked: the token does not work",
    ]
    assert lines[5].startswith("✓ database") and lines[6].startswith("✓ lesson bank")


def test_no_token_and_no_database_yet(installed, tmp_path):
    del installed["SLACK_BOT_TOKEN"]
    installed["COACH_DB"] = str(tmp_path / "new.db")
    result = check(installed)
    assert result.exit_code == 1
    assert result.stdout.startswith("✗ token: SLACK_BOT_TOKEN is not set. Fix: copy the Bot User")
    assert f"✓ database: {tmp_path / 'new.db'} does not exist yet" in result.stdout
    assert not (tmp_path / "new.db").exists()  # check creates nothing


def test_an_audience_the_app_cannot_read_says_how_to_let_it_in(installed, fake_slack):
    fake_slack.plan("conversations.members", 200, {"ok": False, "error": "not_in_channel"})
    result = check(installed)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert line.startswith("✗ audience C0MANAGERS: cannot read its members (not_in_channel).")
    assert "/invite @Social Media Coach" in line


def test_without_an_admin_the_dm_is_opened_with_an_unnamed_member_of_the_audience(
    installed, fake_slack
):
    del installed["COACH_ADMINS"]
    result = check(installed)
    [dms] = [line for line in result.stdout.splitlines() if "DMs" in line]
    assert dms.startswith("✓ DMs:") and "a member of the audience" in dms
    assert "U1MANAGER" not in result.stdout and "U2MANAGERIN" not in result.stdout
    assert BOT_USER_ID not in [c.params["users"] for c in fake_slack.calls_to("conversations.open")]


def test_a_dm_the_app_may_not_open_fails_with_the_scope_to_add(installed, fake_slack):
    fake_slack.plan("conversations.open", 200, {"ok": False, "error": "missing_scope"})
    result = check(installed)
    [line] = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert line == (
        "✗ DMs: the app cannot open a DM (missing_scope). Fix: reinstall the app with the "
        "manifest's scopes (im:write)"
    )


@pytest.mark.parametrize("broken", ["database", "lesson bank"])
def test_a_damaged_database_or_a_lesson_with_a_mistake_fails_the_check(installed, tmp_path, broken):
    if broken == "database":
        (tmp_path / "coach.db").write_bytes(b"not a database" * 100)
    else:
        folder = tmp_path / "lessons"
        write_lesson(folder, "bad.yaml", "id: [unclosed\n")
        installed["COACH_LESSONS"] = str(folder)
    result = check(installed)
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    if broken == "database":
        assert line.startswith(f"✗ database: COACH_DB={tmp_path / 'coach.db'}: the file is not")
    else:
        assert line.startswith("✗ lesson bank: 1 problem: ") and "bad.yaml:" in line
        assert line.endswith(
            f"Fix: `coach validate {folder}` lists them; `serve` does not "
            "start until they are fixed"
        )


def test_slack_not_answering_is_told_apart_from_a_refused_token(installed, fake_slack):
    fake_slack.plan("auth.test", 200, {"drop": "before"})  # the connection closed, no answer
    result = check(installed)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"✗ token: no answer from Slack at {fake_slack.url} (")
    assert first.endswith(
        "Fix: check the network, any proxy, and SLACK_API_URL (default https://slack.com/api/)"
    )
    assert "Traceback" not in result.output
