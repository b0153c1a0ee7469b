"""The admins' weekly digest: one record per admin and week, claimed before it is sent, so it
is sent once whatever the number of processes."""

from __future__ import annotations

import sqlite3
import threading

import sqlite_utils

from .clock import now


class Digests:
    """The digests table."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def claim(self, user_id: str, week: str) -> bool:
        """Claim `user_id`'s digest for the week starting `week`; False if it was sent."""
        with self._lock, self._db.conn:
            try:
                self._db.execute(
                    "INSERT INTO digests (user_id, week, sent_at) VALUES (?, ?, ?)",
                    [user_id, week, now()],
                )
            except sqlite3.IntegrityError:
                return False
        return True

    def release(self, user_id: str, week: str) -> None:
        """Drop the claim of a digest that could not be sent, so a later run sends it."""
        with self._lock, self._db.conn:
            self._db.execute("DELETE FROM digests WHERE user_id = ? AND week = ?", [user_id, week])

    def drop_before(self, day: str) -> None:
        """Delete the records of digests sent before `day` (inside the caller's transaction)."""
        self._db.execute("DELETE FROM digests WHERE sent_at < ?", [day])
