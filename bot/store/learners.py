"""The learners: who is enrolled in the course, in which state, and where they are."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlite_utils

from ..vocabulary import IN_COURSE, Enrolled, Source, Status
from .clock import now
from .prefs import Prefs
from .privacy import Erasures


@dataclass(frozen=True)
class Learner:
    """A manager enrolled in the course, and how they get their lessons."""

    user_id: str
    status: Status | str  # read from SQLite as its text, which equals the Status
    source: Source | str  # audience (a channel or user group), self (/coach subscribe), admin
    zone: str | None  # IANA time zone from Slack
    send_at: str | None  # their own delivery time (HH:MM), None for the default
    reason: str | None = None  # why inactive (Slack's error)
    joined_at: str | None = None  # when they last became active (UTC, ISO)
    welcomed: bool = False  # the welcome went out
    paused_until: str | None = None  # the local date a pause ends by itself


_LEARNER = (
    "SELECT user_id, status, source, zone, send_at, reason, joined_at,"
    " welcomed_at IS NOT NULL, paused_until FROM learners"
)

# The columns update() may change.
_CHANGEABLE = {"status", "reason", "zone", "send_at", "paused_until", "joined_at"}


def _learner(row: tuple) -> Learner:
    return Learner(*row[:7], welcomed=bool(row[7]), paused_until=row[8])


class Learners:
    """The learners table. Enrolling someone who was forgotten takes their fingerprint and
    stores the locale kept in memory for them, so it is given those parts."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        lock: threading.Lock,
        *,
        erasures: Erasures,
        prefs: Prefs,
    ):
        self._db = db
        self._lock = lock
        self._erasures = erasures
        self._prefs = prefs

    def enroll(self, user_id: str, *, source: str, zone: str | None = None) -> Enrolled:
        """Enroll `user_id`; give what that did: new, again, already or declined.

        source: audience (the channel and user-group sync), self or admin. The sync never
        brings anyone back; an admin does not override a manager's own unsubscribe (declined);
        the manager can always come back. Someone who had themselves forgotten counts as having
        unsubscribed themselves.
        """
        with self._lock, self._db.conn:
            row = self._db.execute(
                "SELECT status, reason FROM learners WHERE user_id = ?", [user_id]
            ).fetchone()
            if row is None:
                return self._enroll_new(user_id, source, zone)
            status, reason = row
            if status in IN_COURSE or source == Source.AUDIENCE:
                return Enrolled.ALREADY
            if status == Status.UNSUBSCRIBED and reason == Source.SELF and source != Source.SELF:
                return Enrolled.DECLINED
            stamp = now()
            self._db.execute(
                "UPDATE learners SET status = 'active', source = ?, reason = NULL,"
                " zone = COALESCE(?, zone), updated_at = ?, joined_at = ?, paused_until = NULL"
                " WHERE user_id = ?",
                [source, zone, stamp, stamp, user_id],
            )
            return Enrolled.AGAIN

    def _enroll_new(self, user_id: str, source: str, zone: str | None) -> Enrolled:
        """Give enroll's answer for someone not in the table (inside its transaction)."""
        if self._erasures.holds(user_id):
            if source != Source.SELF:
                return Enrolled.ALREADY if source == Source.AUDIENCE else Enrolled.DECLINED
            self._erasures.remove(user_id)
            self._prefs.keep_locale(user_id)
        stamp = now()
        cursor = self._db.execute(
            "INSERT INTO learners (user_id, status, source, zone, enrolled_at, updated_at,"
            " joined_at) VALUES (?, 'active', ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO NOTHING",
            [user_id, source, zone, stamp, stamp, stamp],
        )
        # Another process may have enrolled them a moment ago: then it is theirs.
        return Enrolled.NEW if cursor.rowcount == 1 else Enrolled.ALREADY

    def get(self, user_id: str) -> Learner | None:
        """Give the learner `user_id`, or None if they are not enrolled."""
        with self._lock:
            row = self._db.execute(f"{_LEARNER} WHERE user_id = ?", [user_id]).fetchone()
        return _learner(row) if row else None

    def all(self, *statuses: str) -> list[Learner]:
        """Give the learners with one of `statuses` (all when none is given), by user ID."""
        sql = _LEARNER
        if statuses:
            sql += f" WHERE status IN ({', '.join('?' * len(statuses))})"
        with self._lock:
            return [_learner(row) for row in self._db.execute(sql + " ORDER BY user_id", statuses)]

    def counts(self) -> dict[str, int]:
        """Give how many learners have each status."""
        with self._lock:
            rows = self._db.execute("SELECT status, COUNT(*) FROM learners GROUP BY status")
            return dict(rows.fetchall())

    def update(self, user_id: str, **values: str | None) -> bool:
        """Change a learner's status, reason, zone, send_at or paused_until; False if not
        enrolled. Becoming active again sets when they joined; any status but paused ends a
        pause's date."""
        stamp = now()
        if "status" in values and values["status"] != Status.PAUSED:
            values.setdefault("paused_until", None)
        if values.get("status") == Status.ACTIVE:
            values.setdefault("joined_at", stamp)
        if not values or not set(values) <= _CHANGEABLE:
            raise ValueError(f"cannot set {sorted(set(values) - _CHANGEABLE)} on a learner")
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._lock, self._db.conn:
            cursor = self._db.execute(
                f"UPDATE learners SET {columns}, updated_at = ? WHERE user_id = ?",
                [*values.values(), stamp, user_id],
            )
            return cursor.rowcount > 0

    def mark_welcomed(self, user_id: str) -> None:
        """Note that the learner has had the welcome (it goes out once)."""
        with self._lock, self._db.conn:
            self._db.execute(
                "UPDATE learners SET welcomed_at = ? WHERE user_id = ? AND welcomed_at IS NULL",
                [now(), user_id],
            )

    def set_zones(self, zones: dict[str, str]) -> None:
        """Keep the time zones Slack gave for these learners (the daily refresh)."""
        stamp = now()
        with self._lock, self._db.conn:
            self._db.conn.executemany(
                "UPDATE learners SET zone = ?, updated_at = ? WHERE user_id = ?",
                [(zone, stamp, user_id) for user_id, zone in zones.items()],
            )
