"""What is kept about a person: shown (my data), erased (forget me), and purged with age; and
the fingerprints of the people who had themselves forgotten."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import sqlite_utils

from .clock import now

if TYPE_CHECKING:
    from .digests import Digests
    from .events import Events
    from .prefs import Prefs


def fingerprint(user_id: str) -> str:
    """Give a one-way fingerprint of a user ID (what remains after forget me)."""
    return hashlib.sha256(f"social-media-coach:{user_id}".encode()).hexdigest()


class Erasures:
    """The fingerprints of the people who asked to be forgotten: the sync must not enroll them
    again. Every method runs inside its caller's transaction, under the store's lock."""

    def __init__(self, db: sqlite_utils.Database):
        self._db = db

    def holds(self, user_id: str) -> bool:
        """Give whether `user_id` asked to be forgotten (and has not come back)."""
        row = self._db.execute(
            "SELECT 1 FROM erased WHERE fingerprint = ?", [fingerprint(user_id)]
        ).fetchone()
        return row is not None

    def add(self, user_id: str) -> None:
        """Keep `user_id`'s fingerprint: they asked to be forgotten."""
        self._db.execute(
            "INSERT OR REPLACE INTO erased (fingerprint, erased_at) VALUES (?, ?)",
            [fingerprint(user_id), now()],
        )

    def remove(self, user_id: str) -> None:
        """Drop `user_id`'s fingerprint: they came back themselves."""
        self._db.execute("DELETE FROM erased WHERE fingerprint = ?", [fingerprint(user_id)])


class Privacy:
    """Every table that names a person, read and erased together, and the purge by age.

    It takes the parts whose state it changes: the prefs kept in memory, the engagement log's
    tallies, the digest records, and the store's folding of the write-ahead log.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        lock: threading.Lock,
        *,
        erasures: Erasures,
        prefs: Prefs,
        events: Events,
        digests: Digests,
        fold_log_later: Callable[[], object],
    ):
        self._db = db
        self._lock = lock
        self._erasures = erasures
        self._prefs = prefs
        self._events = events
        self._digests = digests
        self._fold_log_later = fold_log_later

    def personal_data(self, user_id: str) -> dict[str, list[dict]]:
        """Give every row that names `user_id`, table by table (what /coach my data shows)."""
        with self._lock:
            return {
                table: [
                    dict(row)
                    for row in self._db[table].rows_where(
                        "user_id = ?", [user_id], order_by="rowid"
                    )
                ]
                for table in self._personal_tables()
            }

    def forget(self, user_id: str) -> int:
        """Erase every row that names `user_id`; give how many went.

        What is left is a fingerprint (a hash of the ID, not the ID) so the nightly sync does
        not enroll them again; `/coach subscribe` removes it.
        """
        with self._lock, self._db.conn:
            # Their part of the tallies goes too, so the figures match the log.
            self._events.untally(user_id)
            erased = 0
            for table in self._personal_tables():
                cursor = self._db.execute(f"DELETE FROM [{table}] WHERE user_id = ?", [user_id])
                erased += cursor.rowcount
            self._erasures.add(user_id)
            self._prefs.drop(user_id)
        # The deleted rows' old pages may still be in the write-ahead log: fold it in soon.
        self._fold_log_later()
        return erased

    def was_erased(self, user_id: str) -> bool:
        """Give whether `user_id` asked to be forgotten and has not subscribed again since."""
        with self._lock:
            return self._erasures.holds(user_id)

    def purge(self, before: datetime) -> int:
        """Delete the events (and digest records) of the UTC days before `before`'s day.

        Whole days, so the tallies (one row per day) and the log stay the same figures.
        Give how many events went.
        """
        day = before.astimezone(timezone.utc).date().isoformat()
        with self._lock, self._db.conn:
            gone = self._events.drop_before(day)
            self._digests.drop_before(day)
        return gone

    def _personal_tables(self) -> list[str]:
        return [
            table.name
            for table in self._db.tables
            if "user_id" in table.columns_dict and not table.name.startswith("sqlite_")
        ]
