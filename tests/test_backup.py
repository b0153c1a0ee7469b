"""`coach backup`: a consistent copy while another process writes, and the restore the docs give."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.store import Store

from .conftest import ROOT

# Enrolls U00000, U00001, … one transaction each, as serve's writes come: a consistent copy holds
# exactly the first N of them, whatever N.
WRITER = """
import sys
from bot.store import Store
store = Store(sys.argv[1])
for number in range(int(sys.argv[2])):
    store.learners.enroll(f"U{number:05d}", source="admin", zone="Europe/Berlin")
store.close()
"""


pytestmark = pytest.mark.usefixtures("clean_environment")


def backup(db: Path, target: Path) -> Result:
    return CliRunner().invoke(main, ["backup", str(target)], env={"COACH_DB": str(db)})


def learner_ids(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT user_id FROM learners ORDER BY 1")]


def test_a_backup_while_another_process_writes_is_whole_and_the_writer_never_waits(tmp_path):
    db = tmp_path / "coach.db"
    Store(db).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "1000"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while len(learner_ids(db)) < 100 and time.monotonic() < deadline:
        time.sleep(0.02)
    result = backup(db, tmp_path / "copy.db")
    assert writer.wait(timeout=60) == 0, writer.stderr.read()  # no "database is locked"

    assert result.exit_code == 0, result.output
    size = (tmp_path / "copy.db").stat().st_size
    assert result.stdout.startswith(f"Backed up {db} to {tmp_path / 'copy.db'}: ")
    assert f"{size / 1024:.1f} KB, checked intact" in result.stdout
    copied = learner_ids(tmp_path / "copy.db")
    assert 100 <= len(copied) <= 1000
    assert copied == [f"U{number:05d}" for number in range(len(copied))]  # one moment's state
    assert len(learner_ids(db)) == 1000
    # One self-contained file: nothing beside it, so it can be copied off as it is.
    assert [p.name for p in tmp_path.iterdir() if "copy" in p.name] == ["copy.db"]
    with closing(sqlite3.connect(tmp_path / "copy.db")) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_the_restore_in_the_docs_brings_back_the_backups_state(tmp_path):
    db = tmp_path / "coach.db"
    store = Store(db)
    store.learners.enroll("UBEFORE", source="admin")
    assert backup(db, tmp_path / "copy.db").exit_code == 0
    store.learners.enroll("UAFTER", source="admin")  # in coach.db-wal, as in a running serve
    store.close()
    # docs/deployment.md: stop serve, copy the backup over COACH_DB, remove the -wal and -shm.
    shutil.copyfile(tmp_path / "copy.db", db)
    for stale in ("coach.db-wal", "coach.db-shm"):
        (tmp_path / stale).unlink(missing_ok=True)
    store = Store(db)
    assert [learner.user_id for learner in store.learners.all()] == ["UBEFORE"]
    store.close()


def test_a_backup_never_overwrites_and_needs_its_folder(tmp_path):
    db = tmp_path / "coach.db"
    Store(db).close()
    earlier = tmp_path / "monday.db"
    earlier.write_bytes(b"last week's backup")

    refused = backup(db, earlier)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.startswith(f"error: {earlier} is a file that exists already; a backup ")
    assert earlier.read_bytes() == b"last week's backup"

    nowhere = backup(db, tmp_path / "backups" / "coach.db")
    assert nowhere.exit_code == 1
    assert f"the folder {tmp_path / 'backups'} does not exist" in nowhere.stderr
    assert not (tmp_path / "backups").exists()


def test_there_is_nothing_to_back_up_without_a_database(tmp_path):
    result = backup(tmp_path / "typo.db", tmp_path / "copy.db")
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'typo.db'} (COACH_DB)" in result.stderr
    assert sorted(tmp_path.iterdir()) == []
