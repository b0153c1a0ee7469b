"""Parts of the store that share its connection and lock: the Slack messages answered (so each
is answered once, across processes), the questions the admins taught, and the fitted topic
model kept between starts."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from . import clock


class Answered:
    """Which DMs and mentions have been answered: claimed before answering, once per message.

    A claim is a row keyed by the message (its channel and timestamp, the same in Slack's
    retries). Two processes on one database race for the row; SQLite lets one win. A claim never
    finished (the process died before posting) may be taken over after `stale` by a retry.
    """

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def claim(self, key: str, *, now: datetime, stale: timedelta = timedelta(seconds=30)) -> bool:
        """Claim the message `key` for answering; False if it is answered or being answered."""
        at = clock.millis(now)
        with self._lock, self._db.conn:
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO answered (key, claimed_at) VALUES (?, ?)", [key, at]
            ).rowcount
            if inserted:
                return True
            # A claim left unfinished for `stale` is taken over (compare and swap on its time).
            return bool(
                self._db.execute(
                    "UPDATE answered SET claimed_at = ? WHERE key = ? AND done_at IS NULL"
                    " AND claimed_at < ?",
                    [at, key, clock.millis(now - stale)],
                ).rowcount
            )

    def finish(self, key: str, *, now: datetime) -> None:
        """Mark the message `key` answered: no retry answers it again."""
        with self._lock, self._db.conn:
            self._db.execute(
                "UPDATE answered SET done_at = ? WHERE key = ?", [clock.millis(now), key]
            )

    def purge(self, before: datetime) -> int:
        """Forget the claims older than `before` (Slack retries within minutes, not days)."""
        with self._lock, self._db.conn:
            return self._db.execute(
                "DELETE FROM answered WHERE claimed_at < ?", [clock.millis(before)]
            ).rowcount


@dataclass(frozen=True)
class Taught:
    """A question an admin taught the coach: the lesson that answers it. No one's name."""

    key: str  # the question's words, normalised (teaching.key)
    question: str  # as it was asked
    lesson_id: str
    language: str | None
    taught_at: str


class TaughtQuestions:
    """The taught questions, and a version that changes with each change (for other processes)."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def add(self, taught: Taught) -> None:
        """Make `taught.lesson_id` the answer to the question (replacing an earlier lesson)."""
        with self._lock, self._db.conn:
            self._db.execute(
                "INSERT OR REPLACE INTO taught (key, question, lesson_id, language, taught_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [taught.key, taught.question, taught.lesson_id, taught.language, taught.taught_at],
            )
            self._bump()

    def remove(self, key: str, lesson_id: str) -> bool:
        """Undo teaching `lesson_id` for the question `key`; False if it was not taught."""
        with self._lock, self._db.conn:
            gone = self._db.execute(
                "DELETE FROM taught WHERE key = ? AND lesson_id = ?", [key, lesson_id]
            ).rowcount
            if gone:
                self._bump()
        return bool(gone)

    def all(self) -> list[Taught]:
        """Give every taught question, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, question, lesson_id, language, taught_at FROM taught"
                " ORDER BY taught_at, key"
            ).fetchall()
        return [Taught(*row) for row in rows]

    def version(self) -> int:
        """Give a number that changes whenever a question is taught or untaught."""
        with self._lock:
            row = self._db.execute("SELECT value FROM versions WHERE name = 'taught'").fetchone()
        return row[0] if row else 0

    def _bump(self) -> None:
        self._db.execute(
            "INSERT INTO versions (name, value) VALUES ('taught', 1)"
            " ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )


class Models:
    """The topic model's numbers, kept so a restart with the same lessons need not fit it."""

    KEEP = 3  # the latest models kept (one per bank and taught questions)

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def get(self, key: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM models WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def has(self, key: str) -> bool:
        with self._lock:
            return bool(self._db.execute("SELECT 1 FROM models WHERE key = ?", [key]).fetchone())

    def put(self, key: str, data: bytes, *, now: datetime) -> None:
        with self._lock, self._db.conn:
            self._db.execute(
                "INSERT OR REPLACE INTO models (key, data, made_at) VALUES (?, ?, ?)",
                [key, data, clock.millis(now)],
            )
            self._db.execute(
                "DELETE FROM models WHERE key NOT IN"
                " (SELECT key FROM models ORDER BY made_at DESC LIMIT ?)",
                [self.KEEP],
            )
