"""A user's language: the one they chose and their Slack locale, kept in memory as well."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlite_utils

from .clock import now
from .privacy import Erasures


@dataclass(frozen=True)
class UserPrefs:
    """What the app knows about a user's language."""

    user_id: str
    language: str | None  # chosen with /coach language
    locale: str | None  # from Slack (users.info include_locale)


class Prefs:
    """The users table, and a copy in memory written through on every change."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock, *, erasures: Erasures):
        self._db = db
        self._lock = lock
        self._erasures = erasures
        # Asked twice for every answer: read from here, not from the database.
        self._cache: dict[str, UserPrefs] = {}

    def get(self, user_id: str) -> UserPrefs | None:
        """Give what is known about a user's language, or None if nothing is."""
        prefs = self._cache.get(user_id)
        if prefs is None:
            with self._lock:  # read and cached together, so a change cannot slip in between
                row = self._db.execute(
                    "SELECT language, locale FROM users WHERE user_id = ?", [user_id]
                ).fetchone()
                if row is None:
                    return None
                prefs = self._cache[user_id] = UserPrefs(user_id, row[0], row[1])
        return prefs

    def set_locale(self, user_id: str, locale: str | None) -> None:
        """Keep the user's Slack locale (empty string when Slack gave none).

        Of a person who asked to be forgotten, only in memory (until a restart, then looked up
        again): their replies stay in their language and nothing about them is stored again.
        """
        with self._lock, self._db.conn:
            if self._erasures.holds(user_id):
                row = self._db.execute(
                    "SELECT language FROM users WHERE user_id = ?", [user_id]
                ).fetchone()
                self._cache[user_id] = UserPrefs(user_id, row[0] if row else None, locale or "")
                return
            self._db["users"].upsert(
                {"user_id": user_id, "locale": locale or "", "updated_at": now()}, pk="user_id"
            )
            self._cache.pop(user_id, None)

    def set_language(self, user_id: str, language: str) -> None:
        """Keep the language the user chose."""
        with self._lock, self._db.conn:
            self._db["users"].upsert(
                {"user_id": user_id, "language": language, "updated_at": now()}, pk="user_id"
            )
            self._cache.pop(user_id, None)

    def reload(self) -> None:
        """Forget what is kept in memory: each user is read from the database again, as after a
        restart."""
        with self._lock:
            self._cache.clear()

    def drop(self, user_id: str) -> None:
        """Forget what is kept in memory about `user_id` (inside the caller's transaction)."""
        self._cache.pop(user_id, None)

    def keep_locale(self, user_id: str) -> None:
        """Store the Slack locale known in memory only, of a person who was forgotten and came
        back themselves: their lessons then come in their language after a restart too (inside
        the caller's transaction)."""
        prefs = self._cache.pop(user_id, None)
        if prefs is not None and prefs.locale is not None:
            self._db.execute(
                "INSERT INTO users (user_id, locale, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale,"
                " updated_at = excluded.updated_at",
                [user_id, prefs.locale, now()],
            )
