"""`coach backup`: a consistent copy of the live database, by SQLite's online backup API.

The copy is made in one step inside one read transaction, so it is the database as it was at
one moment. In WAL mode a reader does not block writers: `serve` goes on answering and
delivering in its own process while the copy is made, and what it writes meanwhile is not in
the copy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import DatabaseError, explain, kind_of


class BackupError(ValueError):
    """The copy cannot be made where asked; the message says why and what to do."""


@dataclass(frozen=True)
class Copy:
    """A finished backup."""

    path: Path
    size: int  # bytes
    seconds: float


def backup(source: Path, target: Path) -> Copy:
    """Copy the database at `source` to `target` (which must not exist; its folder must) and
    check the copy; give it. Raises BackupError, or DatabaseError for a database that cannot
    be read or a disk that fills up (the partial copy is removed)."""
    refuse(target)
    started = time.perf_counter()
    # Written beside the target under another name and renamed when checked, so a file with
    # the target's name is always a whole backup (a cron job may be copying it off).
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(source, partial, target)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Copy(target, target.stat().st_size, time.perf_counter() - started)


def refuse(target: Path) -> None:
    """Raise BackupError if `target` cannot take a new backup: a backup never overwrites."""
    if target.exists():
        what = "a folder" if target.is_dir() else "a file"
        raise BackupError(
            f"{target} is {what} that exists already; a backup never overwrites one. Give a new "
            "file name, e.g. with the date: coach-$(date +%F).db"
        )
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist; create it first")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise BackupError(
            f"the folder {target.parent} is read-only for this user; choose one you can write to"
        )


def _copy(source: Path, partial: Path, target: Path) -> None:
    """Copy `source` into a new file `partial` and check it; raise DatabaseError."""
    try:
        # mode=rw: not created if missing; a write-protected file is read all the same.
        database = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=10)
    except sqlite3.Error as error:
        raise explain(source, error) from error
    try:
        copy = sqlite3.connect(str(partial))
        try:
            database.backup(copy)  # all pages in one step: one consistent moment
            # A file of its own: opened anywhere (even read-only) it needs no -wal beside it.
            # Restored over COACH_DB, the coach turns WAL on again when it opens it.
            copy.execute("PRAGMA journal_mode=DELETE")
            _check(copy, source)
        finally:
            copy.close()
    except sqlite3.Error as error:
        # The database is only read: a disk that is full or cannot be written is the copy's.
        blamed = target if kind_of(error) in ("full", "readonly", "cantopen") else source
        raise explain(blamed, error) from error
    finally:
        database.close()


def _check(copy: sqlite3.Connection, source: Path) -> None:
    """Raise DatabaseError unless the copy is an intact database (so is its source then)."""
    problems = [row[0] for row in copy.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise DatabaseError(
            source,
            f"the database is damaged; its copy fails SQLite's check ({problems[0]})",
            "Stop the coach and restore the last good backup; `sqlite3 FILE .recover` may "
            "save what is left",
        )
