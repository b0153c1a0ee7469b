"""Why the database file cannot be used, as named errors whose message says what to do.

    DatabaseError   the file cannot be opened, read or written: missing folder, not a database,
    │               damaged, read-only, locked
    └── DiskFull    a write found no room on the disk

Each carries the path, the problem and the fix; the command line names the setting (COACH_DB)
and exits, `serve` does so before it starts.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from .schema import MIGRATIONS

RESTORE = "restore the last backup (docs/deployment.md, 'Backups')"


class DatabaseError(Exception):
    """The database at `path` cannot be used: `problem` says why, `fix` what to do."""

    def __init__(self, path: Path | str, problem: str, fix: str):
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem}. {fix}")


class DiskFull(DatabaseError):
    """A write to the database found the disk full."""


def check_path(path: Path) -> None:
    """Raise DatabaseError if `path` cannot hold a writable database, before SQLite is asked:
    SQLite would create a missing file anywhere it may, and open a read-only one read-only,
    failing only at the first write (in `serve`, at the first answer)."""
    folder = path.parent
    if path.is_dir():
        raise DatabaseError(
            path,
            "this is a folder, not a database file",
            f"Set COACH_DB to a file in it, e.g. {path / 'coach.db'}",
        )
    if not folder.is_dir():
        raise DatabaseError(
            path,
            f"the folder {folder} does not exist",
            "Create it (on a disk that survives restarts: docs/deployment.md), or set COACH_DB "
            "to a file in an existing folder",
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseError(
            path,
            "the file is read-only for this user",
            "Make it readable and writable for the user the coach runs as (chown or chmod)",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(
            path,
            f"the folder {folder} is read-only for this user; SQLite writes {path.name}-wal and "
            f"{path.name}-shm beside the database",
            "Make the folder writable for the user the coach runs as, or move the database to "
            "a folder that is",
        )


def explain(path: Path | str, error: sqlite3.Error) -> DatabaseError:
    """Give the named error for what SQLite said about the database at `path`."""
    path = Path(path)
    kind = kind_of(error)
    if kind == "full":
        return DiskFull(
            path,
            f"the disk is full (SQLite: {error})",
            f"Free space on the disk that holds {path.parent}, or move the database to a larger "
            "one, then run it again",
        )
    problem, fix = _PROBLEMS.get(kind, (f"SQLite says: {error}", f"Check the file, or {RESTORE}"))
    return DatabaseError(path, problem, fix)


_PROBLEMS = {
    "notadb": (
        "the file is not an SQLite database",
        "Set COACH_DB to the coach's database; if this file is what is left of it, " + RESTORE,
    ),
    "corrupt": (
        "the database is damaged (SQLite: database disk image is malformed), for example cut "
        "short by a copy that did not finish",
        f"Stop the coach and {RESTORE}; `sqlite3 FILE .recover` may save what is left",
    ),
    "readonly": (
        "the database cannot be written (a read-only file, folder or disk)",
        "Make the file and its folder writable for the user the coach runs as",
    ),
    "cantopen": (
        "the database cannot be opened",
        "Check that the file and its folder exist and belong to the user the coach runs as",
    ),
    "busy": (
        "another process has held the database's write lock for more than 10 seconds",
        "Run it again; if that keeps happening, find the process that holds the file "
        "(`fuser FILE`)",
    ),
    "ioerr": (
        "the disk reported an I/O error",
        f"Check the disk (`dmesg`); if the file was damaged, {RESTORE}",
    ),
}

# SQLite's primary result codes (the low byte of an extended code) for the cases above.
_CODES = {
    13: "full",
    26: "notadb",
    11: "corrupt",
    8: "readonly",
    14: "cantopen",
    5: "busy",
    10: "ioerr",
}
# Python 3.10 has no sqlite_errorcode: there, SQLite's own messages.
_MESSAGES = {
    "database or disk is full": "full",
    "file is not a database": "notadb",
    "database disk image is malformed": "corrupt",
    "readonly database": "readonly",
    "unable to open database file": "cantopen",
    "database is locked": "busy",
    "disk i/o error": "ioerr",
}


def kind_of(error: sqlite3.Error) -> str:
    """Give what went wrong as one word: full, notadb, corrupt, readonly, cantopen, busy,
    ioerr, or other."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CODES:
        return _CODES[code & 0xFF]
    text = str(error).lower()
    return next((kind for words, kind in _MESSAGES.items() if words in text), "other")


# `check` fails below this much free space: the database grows by a few kilobytes a learner
# a week, but a backup or a migration may need as much again as the file itself.
LOW_SPACE = 50 * 1024 * 1024


def diagnose(
    path: Path, *, thorough: bool = True, wait: float = 10, min_free: int = LOW_SPACE
) -> str:
    """Give what an operator should know about a usable database at `path` (one line); raise
    DatabaseError if it cannot be used. Takes the write lock for a moment (waiting `wait`
    seconds at most) and reads every page (PRAGMA quick_check), or only the schema when not
    `thorough`; creates, migrates and writes nothing."""
    check_path(path)
    free = shutil.disk_usage(path.parent).free
    if free < min_free:
        raise DiskFull(
            path,
            f"the disk that holds it is full ({size_text(free)} free)",
            "Free space on it, or move the database to a larger disk",
        )
    if not path.exists():
        return f"{path} does not exist yet; `serve` or `sync` creates it ({size_text(free)} free)"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=wait)
        try:
            version = _inspect(connection, thorough=thorough)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise explain(path, error) from error
    if version > len(MIGRATIONS):
        raise DatabaseError(
            path,
            f"a newer version of the coach made it (schema {version}; this one knows "
            f"{len(MIGRATIONS)})",
            "Run the newer version, or restore a backup this version made",
        )
    size = size_text(path.stat().st_size)
    later = "" if version == len(MIGRATIONS) else "; `serve` brings its tables up to date"
    return f"{path}: readable and writable, {size}{later} ({size_text(free)} free on its disk)"


def _inspect(connection: sqlite3.Connection, *, thorough: bool) -> int:
    """Give the schema version of an intact database whose write lock can be had; raise
    sqlite3.Error otherwise."""
    if thorough:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("database disk image is malformed")
    else:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    connection.execute("BEGIN IMMEDIATE")  # as a write would: fails if read-only or held
    connection.rollback()
    return connection.execute("PRAGMA user_version").fetchone()[0]


def size_text(size: float) -> str:
    """Give a size in bytes as people read it: 512 bytes, 1.5 MB."""
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:,.1f} {unit}"
