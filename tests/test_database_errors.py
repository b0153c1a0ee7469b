"""A database that cannot be used stops every command with what to do, never a traceback.

In process with CliRunner, except where the process is the point: `serve` itself, and a
read-only file, which needs a process without root's power to write anything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import EXIT_DISK_FULL, main
from bot.store import Store

from .conftest import LESSONS_DIR
from .slack.fake_slack import FakeSlack, start_fake_slack
from .test_cli import coach

pytestmark = pytest.mark.usefixtures("clean_environment")


def run(*args: str, db: Path, **env: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"COACH_DB": str(db), **env})


def a_database(path: Path, learners: int = 300) -> Path:
    """Make a coach database with learners in it, all in the one file (no -wal beside it)."""
    store = Store(path)
    for number in range(learners):
        store.learners.enroll(f"U{number:05d}", source="admin", zone="Europe/Berlin")
    assert store.fold_log()
    store.close()
    return path


def truncated(tmp_path: Path) -> Path:
    path = a_database(tmp_path / "coach.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # as a copy cut short
    return path


def not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    path.write_text("COACH_DB=coach.db\nSLACK_BOT_TOKEN=xoxb-…\n")  # the .env, by mistake
    return path


BROKEN = {
    "a missing folder": (lambda tmp: tmp / "data" / "coach.db", "the folder"),
    "a folder": (lambda tmp: tmp, "this is a folder, not a database file"),
    "not a database": (not_a_database, "the file is not an SQLite database"),
    "a truncated file": (truncated, "the database is damaged"),
}
TOKEN = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
# Every command that opens the database (sync and deliver open it before calling Slack).
COMMANDS = [
    ["ask", "how do we apologise"],
    ["teach", "apology-own-it", "sorry post"],
    ["taught"],
    ["stats"],
    ["digest"],
    ["deliver", "--dry-run"],
    ["deliver"],
    ["sync"],
    ["sync", "--dry-run"],
    ["backup", "{tmp}/backup.db"],
]


@pytest.mark.parametrize("kind", BROKEN)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_broken_database_stops_each_command_naming_coach_db_and_the_path(tmp_path, kind, command):
    make, _ = BROKEN[kind]
    path = make(tmp_path)
    if kind == "a missing folder" and command[0] in ("ask", "taught"):
        pytest.skip("answers from the lesson bank alone when there is no database")
    args = [part.replace("{tmp}", str(tmp_path / "elsewhere")) for part in command]
    (tmp_path / "elsewhere").mkdir()
    result = run(*args, db=path, **TOKEN)
    assert result.exit_code == 1, result.output
    assert f"COACH_DB={path}" in result.stderr or f"{path} (COACH_DB)" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    assert not (tmp_path / "elsewhere" / "backup.db").exists()


@pytest.mark.parametrize("kind", BROKEN)
def test_each_kind_of_broken_database_is_named_with_what_to_do(tmp_path, kind):
    make, problem = BROKEN[kind]
    path = make(tmp_path)
    result = run("deliver", "--dry-run", db=path)
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: COACH_DB={path}: {problem}")
    fix = {
        "a missing folder": "Create it (on a disk that survives restarts",
        "a folder": f"Set COACH_DB to a file in it, e.g. {path / 'coach.db'}",
        "not a database": "Set COACH_DB to the coach's database",
        "a truncated file": "restore the last backup",
    }[kind]
    assert fix in line
    if kind == "a missing folder":
        assert not path.parent.exists()  # nothing created where nobody asked for it


def test_serve_with_a_broken_database_exits_1_before_it_listens(tmp_path):
    path = not_a_database(tmp_path)
    env = {
        "COACH_DB": str(path),
        "COACH_LESSONS": str(LESSONS_DIR),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
    }
    process = coach("serve", env=env)
    assert process.returncode == 1
    assert process.stderr.strip().splitlines() == [
        f"error: COACH_DB={path}: the file is not an SQLite database. Set COACH_DB to the "
        "coach's database; if this file is what is left of it, restore the last backup "
        "(docs/deployment.md, 'Backups')"
    ]


# --- read-only ------------------------------------------------------------------------------


def without_root_powers() -> list[str]:
    """Give the command prefix that runs a process as this user, without root's power to
    write to a read-only file (CAP_DAC_OVERRIDE): nothing for others, setpriv for root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file is writable to root")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Paths a test makes read-only, made writable again after it (so they can be removed)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755)


@pytest.mark.parametrize(
    ("which", "problem"),
    [
        ("file", "the file is read-only for this user"),
        ("folder", "is read-only for this user; SQLite writes coach.db-wal and coach.db-shm"),
    ],
)
def test_a_read_only_database_stops_deliver_with_what_to_do(tmp_path, read_only, which, problem):
    folder = tmp_path / "data"
    folder.mkdir()
    path = a_database(folder / "coach.db", learners=1)
    target = path if which == "file" else folder
    target.chmod(0o444 if which == "file" else 0o555)
    read_only.append(target)
    env = {"COACH_DB": str(path), "COACH_LESSONS": str(LESSONS_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    process = coach("deliver", "--dry-run", env=env, prefix=tuple(without_root_powers()))
    assert process.returncode == 1, process.stdout + process.stderr
    assert process.stderr.startswith(f"error: COACH_DB={path}: ")
    assert problem in process.stderr and "writable for the user the coach runs as" in (
        process.stderr
    )
    assert "Traceback" not in process.stderr


# --- a full disk during deliver ---------------------------------------------------------------


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake, stop = start_fake_slack()
    yield fake
    stop()


def full_at_its_size(monkeypatch, path: Path) -> None:
    """Make every connection to `path` find the disk full once the file would grow: SQLite's
    max_page_count at its present size, which fails a write as a full disk does (SQLITE_FULL)."""
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    connect = sqlite3.connect

    def full(database, *args, **kwargs):
        connection = connect(database, *args, **kwargs)
        if Path(str(database)) == path:
            connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(sqlite3, "connect", full)


def test_a_full_disk_during_deliver_says_so_with_its_own_exit_status(
    tmp_path, fake_slack, monkeypatch
):
    path = tmp_path / "coach.db"
    store = Store(path)
    for number in range(60):
        user_id = f"U{number:04d}"
        fake_slack.add_user(user_id)
        store.learners.enroll(user_id, source="admin", zone="Europe/Berlin")
        store.learners.update(user_id, joined_at="2026-03-01T00:00:00+00:00")
    store.close()
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake_slack.url}
    at = "2026-03-03T09:30+01:00"

    with monkeypatch.context() as patch:
        full_at_its_size(patch, path)
        result = run("deliver", "--at", at, db=path, **env)
    assert result.exit_code == EXIT_DISK_FULL == 3
    assert result.stderr.startswith(f"error: COACH_DB={path}: the disk is full")
    assert f"Free space on the disk that holds {tmp_path}" in result.stderr
    assert "Traceback" not in result.output
    assert fake_slack.calls_to("chat.postMessage") == []  # nothing claimed, so nothing sent

    again = run("deliver", "--at", at, db=path, **env)  # room again
    assert again.exit_code == 0, again.output
    assert "sent: 60" in again.stdout
    assert all(len(fake_slack.dms(f"U{n:04d}")) == 1 for n in range(60))


def test_a_refused_token_exits_1_not_the_full_disks_status(tmp_path, fake_slack):
    path = tmp_path / "coach.db"
    store = Store(path)
    fake_slack.add_user("UA")
    store.learners.enroll("UA", source="admin", zone="Europe/Berlin")
    store.learners.update("UA", joined_at="2026-03-01T00:00:00+00:00")
    store.close()
    fake_slack.plan("chat.postMessage", 200, {"ok": False, "error": "invalid_auth"})
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake_slack.url}
    result = run("deliver", "--at", "2026-03-03T09:30+01:00", db=path, **env)
    assert result.exit_code == 1
    assert "stopped: Slack refused the token (invalid_auth)" in result.stdout
