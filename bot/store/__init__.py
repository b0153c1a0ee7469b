"""The SQLite store: the only module that knows table and column names."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ..vocabulary import IN_COURSE
from .confirmations import Confirmations
from .conversations import Answered, Models, Taught, TaughtQuestions
from .engagement import QUIZ, RATED, Engagement, Gap, _now, fingerprint
from .errors import DatabaseError, DiskFull, check_path, explain
from .schema import MIGRATIONS

logger = logging.getLogger(__name__)

__all__ = [
    "QUIZ",
    "RATED",
    "DatabaseError",
    "Delivery",
    "DiskFull",
    "Gap",
    "History",
    "Learner",
    "Store",
    "Taught",
    "UserPrefs",
    "fingerprint",
]


@dataclass(frozen=True)
class UserPrefs:
    """What the app knows about a user's language."""

    user_id: str
    language: str | None  # chosen with /coach language
    locale: str | None  # from Slack (users.info include_locale)


@dataclass(frozen=True)
class Learner:
    """A manager enrolled in the course, and how they get their lessons."""

    user_id: str
    status: str  # active, paused, unsubscribed or inactive
    source: str  # audience (a channel or user group), self (/coach subscribe) or admin
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


def _learner(row: tuple) -> Learner:
    return Learner(*row[:7], welcomed=bool(row[7]), paused_until=row[8])


@dataclass
class History:
    """What a learner has had so far (sent or on its way)."""

    days: set[str]
    lessons: set[str]
    complete: bool = False


@dataclass(frozen=True)
class Delivery:
    """One day's message for one learner, as the ledger knows it."""

    user_id: str
    day: str  # the learner's local date, YYYY-MM-DD
    kind: str  # lesson, reviews or complete
    lesson_id: str | None
    reviews: tuple[str, ...]
    welcome: bool
    state: str  # sending, sent or failed
    owner: str
    claimed_at: str
    channel: str | None = None
    ts: str | None = None
    attempt_at: str | None = None  # when the last request to post it started


# How long one attempt to empty the write-ahead log may keep writers waiting, and when it is
# tried again while a reader keeps it busy (seconds).
FOLD_WAIT = 0.2
FOLD_RETRIES = (1.0, 5.0, 30.0, 120.0, 600.0)


class Store(Engagement):
    """One SQLite file shared by the request threads; writes are serialised by a lock."""

    def __init__(self, path: Path | str):
        """Open (or create) the database at `path`; raise DatabaseError (DiskFull) naming the
        path and the fix if it cannot be read and written."""
        self.path = Path(path)
        self._lock = threading.Lock()
        self._prefs: dict[str, UserPrefs] = {}
        self.topics: dict[str, str] = {}
        check_path(self.path)
        connection = None
        try:
            connection = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
            self.db = sqlite_utils.Database(connection)
            with self._lock:
                # The first statements that read the file: a damaged one fails here, not later.
                self.db.execute("PRAGMA journal_mode=WAL")
                # WAL with synchronous=NORMAL never corrupts; a power cut may lose the last
                # commits.
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise explain(self.path, error) from error
        # Parts that share the connection and the lock, each owning its tables.
        self.answered = Answered(self.db, self._lock)
        self.taught = TaughtQuestions(self.db, self._lock)
        self.models = Models(self.db, self._lock)
        self.confirmations = Confirmations(self.db, self._lock)

    def _migrate(self) -> None:
        # One write transaction from reading the version to the last migration: a second
        # process starting on the same new file waits, then finds it migrated.
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    def fold_log(self, *, wait: float = FOLD_WAIT) -> bool:
        """Fold the write-ahead log into the database file and empty it; give whether that
        finished (not while another connection still reads an older snapshot).

        From a connection of its own, not under the store's lock: a checkpoint waits for the
        readers, and while it waits it keeps writers out, so it waits `wait` seconds at most.
        """
        try:
            with closing(sqlite3.connect(str(self.path), timeout=wait)) as connection:
                busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:  # locked (someone is writing), or the file cannot be opened
            return False
        return busy == 0

    def fold_log_later(self, delays: tuple[float, ...] | None = None) -> threading.Thread:
        """Try fold_log in the background now and after each of `delays` (seconds) until it
        finishes; give the thread."""
        delays = FOLD_RETRIES if delays is None else delays

        def fold() -> None:
            for delay in (0.0, *delays):
                time.sleep(delay)
                if self.fold_log():
                    return
            logger.warning("the write-ahead log could not be emptied: a reader held it open")

        thread = threading.Thread(target=fold, name="fold-log", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def user_prefs(self, user_id: str) -> UserPrefs | None:
        """Give what is known about a user's language, or None if nothing is."""
        # Asked twice for every answer; kept in memory, written through on every change.
        prefs = self._prefs.get(user_id)
        if prefs is None:
            with self._lock:  # read and cached together, so a change cannot slip in between
                row = self.db.execute(
                    "SELECT language, locale FROM users WHERE user_id = ?", [user_id]
                ).fetchone()
                if row is None:
                    return None
                prefs = self._prefs[user_id] = UserPrefs(user_id, row[0], row[1])
        return prefs

    def set_locale(self, user_id: str, locale: str | None) -> None:
        """Keep the user's Slack locale (empty string when Slack gave none).

        Of a person who asked to be forgotten, only in memory (until a restart, then looked up
        again): their replies stay in their language and nothing about them is stored again.
        """
        with self._lock, self.db.conn:
            if self.db.execute(
                "SELECT 1 FROM erased WHERE fingerprint = ?", [fingerprint(user_id)]
            ).fetchone():
                row = self.db.execute(
                    "SELECT language FROM users WHERE user_id = ?", [user_id]
                ).fetchone()
                self._prefs[user_id] = UserPrefs(user_id, row[0] if row else None, locale or "")
                return
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

    # --- learners -----------------------------------------------------------------------------

    def enroll(self, user_id: str, *, source: str, zone: str | None = None) -> str:
        """Enrol `user_id`; give "new", "again", "already" or "declined".

        source: "audience" (the channel and user-group sync), "self" or "admin". The sync never
        brings anyone back; an admin does not override a manager's own unsubscribe ("declined");
        the manager can always come back. Someone who had themselves forgotten counts as having
        unsubscribed themselves.
        """
        now = _now()
        with self._lock, self.db.conn:
            row = self.db.execute(
                "SELECT status, reason FROM learners WHERE user_id = ?", [user_id]
            ).fetchone()
            if row is None:
                erased = self.db.execute(
                    "SELECT 1 FROM erased WHERE fingerprint = ?", [fingerprint(user_id)]
                ).fetchone()
                if erased and source != "self":
                    return "already" if source == "audience" else "declined"
                if erased:
                    self._unerase(user_id)
                cursor = self.db.execute(
                    "INSERT INTO learners (user_id, status, source, zone, enrolled_at, updated_at,"
                    " joined_at) VALUES (?, 'active', ?, ?, ?, ?, ?)"
                    " ON CONFLICT (user_id) DO NOTHING",
                    [user_id, source, zone, now, now, now],
                )
                # Another process may have enrolled them a moment ago: then it is theirs.
                return "new" if cursor.rowcount == 1 else "already"
            status, reason = row
            if status in IN_COURSE or source == "audience":
                return "already"
            if status == "unsubscribed" and reason == "self" and source != "self":
                return "declined"
            self.db.execute(
                "UPDATE learners SET status = 'active', source = ?, reason = NULL,"
                " zone = COALESCE(?, zone), updated_at = ?, joined_at = ?, paused_until = NULL"
                " WHERE user_id = ?",
                [source, zone, now, now, user_id],
            )
            return "again"

    def learner(self, user_id: str) -> Learner | None:
        with self._lock:
            row = self.db.execute(f"{_LEARNER} WHERE user_id = ?", [user_id]).fetchone()
        return _learner(row) if row else None

    def learners(self, *statuses: str) -> list[Learner]:
        """Give the learners with one of `statuses` (all when none is given)."""
        sql = _LEARNER
        if statuses:
            sql += f" WHERE status IN ({', '.join('?' * len(statuses))})"
        with self._lock:
            return [_learner(row) for row in self.db.execute(sql + " ORDER BY user_id", statuses)]

    def update_learner(self, user_id: str, **values: str | None) -> bool:
        """Change a learner's status, reason, zone, send_at or paused_until; False if not
        enrolled. Becoming active again sets when they joined; any status but paused ends a
        pause's date."""
        now = _now()
        if "status" in values and values["status"] != "paused":
            values.setdefault("paused_until", None)
        if values.get("status") == "active":
            values.setdefault("joined_at", now)
        allowed = {"status", "reason", "zone", "send_at", "paused_until", "joined_at"}
        if not values or not set(values) <= allowed:
            raise ValueError(f"cannot set {sorted(set(values) - allowed)} on a learner")
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._lock, self.db.conn:
            cursor = self.db.execute(
                f"UPDATE learners SET {columns}, updated_at = ? WHERE user_id = ?",
                [*values.values(), now, user_id],
            )
            return cursor.rowcount > 0

    def mark_welcomed(self, user_id: str) -> None:
        """Note that the learner has had the welcome (it goes out once)."""
        with self._lock, self.db.conn:
            self.db.execute(
                "UPDATE learners SET welcomed_at = ? WHERE user_id = ? AND welcomed_at IS NULL",
                [_now(), user_id],
            )

    def set_zones(self, zones: dict[str, str]) -> None:
        """Keep the time zones Slack gave for these learners (the daily refresh)."""
        now = _now()
        with self._lock, self.db.conn:
            self.db.conn.executemany(
                "UPDATE learners SET zone = ?, updated_at = ? WHERE user_id = ?",
                [(zone, now, user_id) for user_id, zone in zones.items()],
            )

    # --- the ledger ---------------------------------------------------------------------------

    def claim(
        self,
        *,
        user_id: str,
        day: str,
        kind: str,
        lesson_id: str | None,
        reviews: tuple[str, ...],
        welcome: bool,
        owner: str,
    ) -> bool:
        """Claim `user_id`'s message for `day`; False if the day already has one (the ledger)."""
        row = {"user_id": user_id, "day": day, "kind": kind, "lesson_id": lesson_id,
               "reviews": reviews, "welcome": welcome}  # fmt: skip
        return user_id in self.claim_many([row], owner=owner)

    def claim_many(self, claims: list[dict], *, owner: str) -> set[str]:
        """Claim many days' messages in one transaction; give the user IDs whose claim is ours.

        Each claim is a dict with user_id, day, kind, lesson_id, reviews and welcome.
        """
        now = _now_precise()
        rows = [
            (c["user_id"], c["day"], c["kind"], c["lesson_id"], ",".join(c["reviews"]),
             int(c["welcome"]), owner, now)
            for c in claims
        ]  # fmt: skip
        ours: set[str] = set()
        with self._lock, self.db.conn:
            for row in rows:
                cursor = self.db.conn.execute(
                    "INSERT OR IGNORE INTO deliveries"
                    " (user_id, day, kind, lesson_id, reviews, welcome, state, owner, claimed_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?)",
                    row,
                )
                if cursor.rowcount == 1:
                    ours.add(row[0])
        return ours

    def attempting(self, user_id: str, day: str, *, owner: str) -> bool:
        """Note that a request to post the message starts now; False if the claim is not ours.

        A claim taken over by another process (ours was thought dead) must not be posted again.
        """
        with self._lock, self.db.conn:
            cursor = self.db.execute(
                "UPDATE deliveries SET attempt_at = ? WHERE user_id = ? AND day = ?"
                " AND state = 'sending' AND owner = ?",
                [_now_precise(), user_id, day, owner],
            )
            return cursor.rowcount == 1

    def take_over(self, claim: Delivery, *, owner: str) -> bool:
        """Move an unconfirmed claim from a process that died to `owner`; False if it moved on."""
        with self._lock, self.db.conn:
            cursor = self.db.execute(
                "UPDATE deliveries SET owner = ?, claimed_at = ? WHERE user_id = ? AND day = ?"
                " AND state = 'sending' AND owner = ? AND COALESCE(attempt_at, '') = ?",
                [
                    owner,
                    _now_precise(),
                    claim.user_id,
                    claim.day,
                    claim.owner,
                    claim.attempt_at or "",
                ],
            )
            return cursor.rowcount == 1

    def mark_sent(
        self,
        user_id: str,
        day: str,
        *,
        channel: str | None,
        ts: str | None,
        events: tuple[tuple[str, str | None], ...] = (),
    ) -> None:
        """Record the day's message as sent, with its (kind, lesson_id) events, at once."""
        now = _now()
        with self._lock, self.db.conn:
            cursor = self.db.execute(
                "UPDATE deliveries SET state = 'sent', sent_at = ?, channel = ?, ts = ?,"
                " error = NULL WHERE user_id = ? AND day = ?",
                [now, channel, ts, user_id, day],
            )
            if cursor.rowcount:  # not if they were forgotten while it was on its way
                self._insert_events(user_id, now, events)

    def mark_failed(self, user_id: str, day: str, error: str) -> None:
        with self._lock, self.db.conn:
            self.db.execute(
                "UPDATE deliveries SET state = 'failed', error = ? WHERE user_id = ? AND day = ?",
                [error, user_id, day],
            )

    def release(self, user_id: str, day: str, *, owner: str) -> None:
        """Drop an unconfirmed claim that was not sent, so a later pass sends it."""
        with self._lock, self.db.conn:
            self.db.execute(
                "DELETE FROM deliveries WHERE user_id = ? AND day = ? AND state = 'sending'"
                " AND owner = ?",
                [user_id, day, owner],
            )

    def delivery(self, user_id: str, day: str) -> Delivery | None:
        with self._lock:
            row = self.db.execute(
                f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE user_id = ? AND day = ?",
                [user_id, day],
            ).fetchone()
        return _delivery(row) if row else None

    def deliveries(self, *, state: str | None = None, user_id: str | None = None) -> list[Delivery]:
        """Give ledger rows, oldest day first, optionally of one state or one learner."""
        where, values = [], []
        if state:
            where.append("state = ?")
            values.append(state)
        if user_id:
            where.append("user_id = ?")
            values.append(user_id)
        sql = f"SELECT {_DELIVERY_COLUMNS} FROM deliveries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self.db.execute(sql + " ORDER BY day, user_id", values).fetchall()
        return [_delivery(row) for row in rows]

    def messages_on(self, days: set[str]) -> set[tuple[str, str]]:
        """Give the (user_id, day) pairs that have a message on one of `days`."""
        if not days:
            return set()
        marks = ", ".join("?" * len(days))
        with self._lock:
            rows = self.db.execute(
                f"SELECT user_id, day FROM deliveries WHERE day IN ({marks})", sorted(days)
            ).fetchall()
        return {(user_id, day) for user_id, day in rows}

    def history(self, user_ids: list[str] | None = None) -> dict[str, History]:
        """Give learners' days with a message, lessons had and whether the course ended.

        `user_ids`: only these learners (all when None).
        """
        sql = "SELECT user_id, day, kind, lesson_id FROM deliveries WHERE state != 'failed'"
        rows: list[tuple] = []
        with self._lock:
            if user_ids is None:
                rows = self.db.execute(sql).fetchall()
            for start in range(0, len(user_ids or ()), 500):
                chunk = user_ids[start : start + 500]  # type: ignore[index]
                marks = ", ".join("?" * len(chunk))
                rows += self.db.execute(f"{sql} AND user_id IN ({marks})", chunk).fetchall()
        histories: dict[str, History] = {}
        for user_id, day, kind, lesson_id in rows:
            history = histories.get(user_id)
            if history is None:
                history = histories[user_id] = History(set(), set())
            history.days.add(day)
            if lesson_id:
                history.lessons.add(lesson_id)
            if kind == "complete":
                history.complete = True
        return histories

    # --- reviews and events -------------------------------------------------------------------

    def schedule_review(self, user_id: str, lesson_id: str, *, due: str) -> int:
        """Count another miss of a quiz and set when it comes back; give the number of misses."""
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT INTO reviews (user_id, lesson_id, misses, due, done) VALUES (?, ?, 1, ?, 0)"
                " ON CONFLICT (user_id, lesson_id) DO UPDATE SET misses = misses + 1, due = ?,"
                " done = 0",
                [user_id, lesson_id, due, due],
            )
            return self.db.execute(
                "SELECT misses FROM reviews WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            ).fetchone()[0]

    def postpone_reviews(self, user_id: str, lesson_ids: list[str], *, due: str) -> None:
        """Move reviews that were just sent (and may go unanswered) to a later day."""
        with self._lock, self.db.conn:
            self.db.conn.executemany(
                "UPDATE reviews SET due = ? WHERE user_id = ? AND lesson_id = ? AND done = 0",
                [(due, user_id, lesson_id) for lesson_id in lesson_ids],
            )

    def misses(self, user_id: str, lesson_id: str) -> int:
        with self._lock:
            row = self.db.execute(
                "SELECT misses FROM reviews WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            ).fetchone()
        return row[0] if row else 0

    def retire_review(self, user_id: str, lesson_id: str) -> None:
        with self._lock, self.db.conn:
            self.db.execute(
                "UPDATE reviews SET done = 1 WHERE user_id = ? AND lesson_id = ?",
                [user_id, lesson_id],
            )

    def reviews_due(self, day: str) -> dict[str, list[str]]:
        """Give each learner's quizzes due for review on or before `day`, oldest first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT user_id, lesson_id FROM reviews WHERE done = 0 AND due <= ?"
                " ORDER BY due, lesson_id",
                [day],
            ).fetchall()
        due: dict[str, list[str]] = {}
        for user_id, lesson_id in rows:
            due.setdefault(user_id, []).append(lesson_id)
        return due


_DELIVERY_COLUMNS = (
    "user_id, day, kind, lesson_id, reviews, welcome, state, owner, claimed_at, channel, ts,"
    " attempt_at"
)


def _delivery(row: tuple) -> Delivery:
    values = list(row)
    values[4] = tuple(filter(None, (values[4] or "").split(",")))
    values[5] = bool(values[5])
    return Delivery(*values)


def _now_precise() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
