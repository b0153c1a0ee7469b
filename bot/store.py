"""The SQLite store: the only module that knows table and column names."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils


@dataclass(frozen=True)
class UserPrefs:
    """What the app knows about a user's language."""

    user_id: str
    language: str | None  # chosen with /coach language
    locale: str | None  # from Slack (users.info include_locale)


def _create_questions(db: sqlite_utils.Database) -> None:
    db["questions"].create(
        {
            "id": int,
            "asked_at": str,
            "user_id": str,
            "language": str,
            "text": str,
            "lesson_id": str,
            "topic": str,
            "score": float,
        },
        pk="id",
        not_null={"asked_at", "user_id", "text"},
    )
    db["questions"].create_index(["asked_at"])
    db["questions"].create_index(["user_id"])


def _create_users(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {"user_id": str, "language": str, "locale": str, "updated_at": str},
        pk="user_id",
    )


# Each entry moves the schema one version on; PRAGMA user_version says how far a file has come.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_create_questions, _create_users]


class Store:
    """One SQLite file shared by the request threads; writes are serialised by a lock."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        connection = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
        self.db = sqlite_utils.Database(connection)
        self._lock = threading.Lock()
        self._prefs: dict[str, UserPrefs] = {}
        with self._lock:
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL never corrupts; a power cut may lose the last commits.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db.conn:
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def record_question(
        self,
        *,
        user_id: str,
        text: str,
        language: str | None,
        lesson_id: str | None,
        topic: str | None,
        score: float | None,
    ) -> None:
        """Store a question and the lesson it matched (None when nothing fitted)."""
        # A plain INSERT: sqlite-utils' insert() inspects the table first, on the answer's path.
        values = (_now(), user_id, language, text, lesson_id, topic, score)
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT INTO questions (asked_at, user_id, language, text, lesson_id, topic, score)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    def questions(self) -> list[dict]:
        """Give every stored question, oldest first."""
        with self._lock:
            return list(self.db["questions"].rows_where(order_by="id"))

    def user_prefs(self, user_id: str) -> UserPrefs | None:
        """Give what is known about a user's language, or None if nothing is."""
        # Asked twice for every answer; kept in memory, written through on every change.
        prefs = self._prefs.get(user_id)
        if prefs is None:
            with self._lock:
                row = self.db.execute(
                    "SELECT language, locale FROM users WHERE user_id = ?", [user_id]
                ).fetchone()
            if row is None:
                return None
            prefs = self._prefs[user_id] = UserPrefs(user_id, row[0], row[1])
        return prefs

    def set_locale(self, user_id: str, locale: str | None) -> None:
        """Keep the user's Slack locale (empty string when Slack gave none)."""
        with self._lock, self.db.conn:
            self.db["users"].upsert(
                {"user_id": user_id, "locale": locale or "", "updated_at": _now()}, pk="user_id"
            )
            self._prefs.pop(user_id, None)

    def set_language(self, user_id: str, language: str) -> None:
        """Keep the language the user chose."""
        with self._lock, self.db.conn:
            self.db["users"].upsert(
                {"user_id": user_id, "language": language, "updated_at": _now()}, pk="user_id"
            )
            self._prefs.pop(user_id, None)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
