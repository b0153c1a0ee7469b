"""The reviews: quizzes answered wrongly, each coming back on a later day until answered right."""

from __future__ import annotations

import threading

import sqlite_utils

from .clock import now
from .events import Events


class Reviews:
    """The reviews table. An answer to a review is logged in the same transaction that closes
    it, so it is given the engagement log."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock, *, events: Events):
        self._db = db
        self._lock = lock
        self._events = events

    def schedule(self, user_id: str, lesson_id: str, *, due: str) -> int:
        """Count another miss of a quiz and set when it comes back; give the number of misses."""
        with self._lock, self._db.conn:
            self._db.execute(
                "INSERT INTO reviews (user_id, lesson_id, misses, due, done) VALUES (?, ?, 1, ?, 0)"
                " ON CONFLICT (user_id, lesson_id) DO UPDATE SET misses = misses + 1, due = ?,"
                " done = 0",
                [user_id, lesson_id, due, due],
            )
            return self._db.execute(
                "SELECT misses FROM reviews WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            ).fetchone()[0]

    def postpone(self, user_id: str, lesson_ids: list[str], *, due: str) -> None:
        """Move reviews that were just sent (and may go unanswered) to a later day."""
        with self._lock, self._db.conn:
            self._db.conn.executemany(
                "UPDATE reviews SET due = ? WHERE user_id = ? AND lesson_id = ? AND done = 0",
                [(due, user_id, lesson_id) for lesson_id in lesson_ids],
            )

    def misses(self, user_id: str, lesson_id: str) -> int:
        """Give how many times `user_id` missed the lesson's quiz (0 if never)."""
        with self._lock:
            row = self._db.execute(
                "SELECT misses FROM reviews WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            ).fetchone()
        return row[0] if row else 0

    def retire(self, user_id: str, lesson_id: str) -> None:
        """Close the lesson's review: it comes back no more."""
        with self._lock, self._db.conn:
            self._db.execute(
                "UPDATE reviews SET done = 1 WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            )

    def due(self, day: str) -> dict[str, list[str]]:
        """Give each learner's quizzes due for review on or before `day`, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT user_id, lesson_id FROM reviews WHERE done = 0 AND due <= ?"
                " ORDER BY due, lesson_id",
                [day],
            ).fetchall()
        due: dict[str, list[str]] = {}
        for user_id, lesson_id in rows:
            due.setdefault(user_id, []).append(lesson_id)
        return due

    def record_answer(self, user_id: str, kind: str, lesson_id: str, *, right: bool) -> bool:
        """Log an answer to a review that is still open (not yet answered right); True if
        logged. A right answer closes it. Checked and written under one lock, so a second click
        on a review answered right counts nothing."""
        with self._lock, self._db.conn:
            if not self._db.conn.execute(
                "SELECT 1 FROM reviews WHERE user_id = ? AND lesson_id = ? AND done = 0",
                [user_id, lesson_id],
            ).fetchone():
                return False
            self._events.log(now(), user_id, kind, lesson_id)
            if right:
                self._db.conn.execute(
                    "UPDATE reviews SET done = 1 WHERE user_id = ? AND lesson_id = ?",
                    [user_id, lesson_id],
                )
            return True
