"""Part of the store that shares its connection and lock: the one-time confirmations the app
asked people for (forget me?), so that only a click on a question really asked, by the person it
was asked of, within minutes, does anything, and only once."""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

import sqlite_utils

from . import clock
from .privacy import fingerprint

# Why a token cannot be used (Confirmations.use); None when it was used up just now.
UNKNOWN = "unknown"  # never issued, or already used (a second click)
NOT_THEIRS = "not theirs"  # issued to someone else, or for another question
EXPIRED = "expired"  # issued longer ago than it may be used


class Confirmations:
    """One-time tokens, each for one question asked of one person, kept until used or expired.

    Only a hash of each token is stored, and the person as their fingerprint: the database holds
    nothing that could be clicked with, and nothing that names someone who was forgotten.
    """

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def issue(self, user_id: str, question: str, *, now: datetime, within: timedelta) -> str:
        """Give a new token for `question` asked of `user_id` now. The tokens older than
        `within` go (here and when one is used): no one can use them any more."""
        token = secrets.token_urlsafe(16)
        with self._lock, self._db.conn:
            expired = clock.millis(now - within)
            self._db.execute("DELETE FROM confirmations WHERE issued_at < ?", [expired])
            self._db.execute(
                "INSERT INTO confirmations (token_hash, fingerprint, question, issued_at)"
                " VALUES (?, ?, ?, ?)",
                [_hash(token), fingerprint(user_id), question, clock.millis(now)],
            )
        return token

    def use(
        self, user_id: str, question: str, token: str, *, now: datetime, within: timedelta
    ) -> str | None:
        """Use up `token`, the answer of `user_id` to `question`; give None if it was theirs
        and issued within `within` before `now`, else why not (UNKNOWN, NOT_THEIRS, EXPIRED).

        A question answered is answered: every token of theirs for it goes (an older prompt's
        buttons do nothing more). Someone else's token stays theirs.
        """
        person = fingerprint(user_id)
        with self._lock, self._db.conn:
            row = self._db.execute(
                "SELECT fingerprint, question, issued_at FROM confirmations WHERE token_hash = ?",
                [_hash(token)],
            ).fetchone()
            if row is None:
                return UNKNOWN
            if (row[0], row[1]) != (person, question):
                return NOT_THEIRS
            self._db.execute(
                "DELETE FROM confirmations WHERE (fingerprint = ? AND question = ?)"
                " OR issued_at < ?",
                [person, question, clock.millis(now - within)],
            )
            return EXPIRED if row[2] < clock.millis(now - within) else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
