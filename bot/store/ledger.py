"""The delivery ledger: one row per learner and day, claimed before the day's message is posted,
so each day has one message whatever the number of processes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from ..vocabulary import DeliveryState, MessageKind
from .clock import now, now_precise, precise
from .events import Events


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
    kind: MessageKind | str  # read from SQLite as its text, which equals the MessageKind
    lesson_id: str | None
    reviews: tuple[str, ...]
    welcome: bool
    state: DeliveryState | str  # likewise read as text
    owner: str
    claimed_at: str
    channel: str | None = None
    ts: str | None = None
    attempt_at: str | None = None  # when the last request to post it started


_DELIVERY_COLUMNS = (
    "user_id, day, kind, lesson_id, reviews, welcome, state, owner, claimed_at, channel, ts,"
    " attempt_at"
)


def _delivery(row: tuple) -> Delivery:
    values = list(row)
    values[4] = tuple(filter(None, (values[4] or "").split(",")))
    values[5] = bool(values[5])
    return Delivery(*values)


class Ledger:
    """The deliveries table. A message marked sent logs its events in the same transaction, so
    it is given the engagement log."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock, *, events: Events):
        self._db = db
        self._lock = lock
        self._events = events

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
        """Claim `user_id`'s message for `day`; False if the day already has one."""
        row = {"user_id": user_id, "day": day, "kind": kind, "lesson_id": lesson_id,
               "reviews": reviews, "welcome": welcome}  # fmt: skip
        return user_id in self.claim_many([row], owner=owner)

    def claim_many(self, claims: list[dict], *, owner: str) -> set[str]:
        """Claim many days' messages in one transaction; give the user IDs whose claim is ours.

        Each claim is a dict with user_id, day, kind, lesson_id, reviews and welcome.
        """
        stamp = now_precise()
        rows = [
            (c["user_id"], c["day"], c["kind"], c["lesson_id"], ",".join(c["reviews"]),
             int(c["welcome"]), owner, stamp)
            for c in claims
        ]  # fmt: skip
        ours: set[str] = set()
        with self._lock, self._db.conn:
            for row in rows:
                cursor = self._db.conn.execute(
                    "INSERT OR IGNORE INTO deliveries"
                    " (user_id, day, kind, lesson_id, reviews, welcome, state, owner, claimed_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?)",
                    row,
                )
                if cursor.rowcount == 1:
                    ours.add(row[0])
        return ours

    def attempting(self, user_id: str, day: str, *, owner: str, at: datetime | None = None) -> bool:
        """Note that a request to post the message starts now (or started `at`); False if the
        claim is not ours.

        A claim taken over by another process (ours was thought dead) must not be posted again.
        """
        stamp = precise(at) if at else now_precise()
        with self._lock, self._db.conn:
            cursor = self._db.execute(
                "UPDATE deliveries SET attempt_at = ? WHERE user_id = ? AND day = ?"
                " AND state = 'sending' AND owner = ?",
                [stamp, user_id, day, owner],
            )
            return cursor.rowcount == 1

    def take_over(self, claim: Delivery, *, owner: str) -> bool:
        """Move an unconfirmed claim from a process that died to `owner`; False if it moved on."""
        with self._lock, self._db.conn:
            cursor = self._db.execute(
                "UPDATE deliveries SET owner = ?, claimed_at = ? WHERE user_id = ? AND day = ?"
                " AND state = 'sending' AND owner = ? AND COALESCE(attempt_at, '') = ?",
                [
                    owner,
                    now_precise(),
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
        stamp = now()
        with self._lock, self._db.conn:
            cursor = self._db.execute(
                "UPDATE deliveries SET state = 'sent', sent_at = ?, channel = ?, ts = ?,"
                " error = NULL WHERE user_id = ? AND day = ?",
                [stamp, channel, ts, user_id, day],
            )
            if cursor.rowcount:  # not if they were forgotten while it was on its way
                for kind, lesson_id in events:
                    self._events.log(stamp, user_id, kind, lesson_id)

    def mark_failed(self, user_id: str, day: str, error: str) -> None:
        """Record that Slack refused the day's message, and why."""
        with self._lock, self._db.conn:
            self._db.execute(
                "UPDATE deliveries SET state = 'failed', error = ? WHERE user_id = ? AND day = ?",
                [error, user_id, day],
            )

    def release(self, user_id: str, day: str, *, owner: str) -> None:
        """Drop an unconfirmed claim that was not sent, so a later pass sends it."""
        with self._lock, self._db.conn:
            self._db.execute(
                "DELETE FROM deliveries WHERE user_id = ? AND day = ? AND state = 'sending'"
                " AND owner = ?",
                [user_id, day, owner],
            )

    def delivery(self, user_id: str, day: str) -> Delivery | None:
        """Give `user_id`'s message for `day`, or None if the day has none."""
        with self._lock:
            row = self._db.execute(
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
            rows = self._db.execute(sql + " ORDER BY day, user_id", values).fetchall()
        return [_delivery(row) for row in rows]

    def messages_on(self, days: set[str]) -> set[tuple[str, str]]:
        """Give the (user_id, day) pairs that have a message on one of `days`."""
        if not days:
            return set()
        marks = ", ".join("?" * len(days))
        with self._lock:
            rows = self._db.execute(
                f"SELECT user_id, day FROM deliveries WHERE day IN ({marks})", sorted(days)
            ).fetchall()
        return {(user_id, day) for user_id, day in rows}

    def was_sent(self, user_id: str, lesson_id: str, *, as_review: bool = False) -> bool:
        """Say whether one of `user_id`'s day messages had the lesson (with `as_review`: among
        its reviews), sent or on its way. A message Slack refused (failed) was never seen."""
        if as_review:
            if "," in lesson_id:  # the reviews are kept comma-separated
                return False
            sql = (
                "SELECT 1 FROM deliveries WHERE user_id = ? AND state != 'failed'"
                " AND instr(',' || reviews || ',', ',' || ? || ',') > 0 LIMIT 1"
            )
        else:
            sql = (
                "SELECT 1 FROM deliveries WHERE user_id = ? AND lesson_id = ?"
                " AND state != 'failed' LIMIT 1"
            )
        with self._lock:
            return self._db.conn.execute(sql, [user_id, lesson_id]).fetchone() is not None

    def history(self, user_ids: list[str] | None = None) -> dict[str, History]:
        """Give learners' days with a message, lessons had and whether the course ended.

        `user_ids`: only these learners (all when None).
        """
        sql = "SELECT user_id, day, kind, lesson_id FROM deliveries WHERE state != 'failed'"
        rows: list[tuple] = []
        with self._lock:
            if user_ids is None:
                rows = self._db.execute(sql).fetchall()
            for start in range(0, len(user_ids or ()), 500):
                chunk = user_ids[start : start + 500]  # type: ignore[index]
                marks = ", ".join("?" * len(chunk))
                rows += self._db.execute(f"{sql} AND user_id IN ({marks})", chunk).fetchall()
        histories: dict[str, History] = {}
        for user_id, day, kind, lesson_id in rows:
            history = histories.get(user_id)
            if history is None:
                history = histories[user_id] = History(set(), set())
            history.days.add(day)
            if lesson_id:
                history.lessons.add(lesson_id)
            if kind == MessageKind.COMPLETE:
                history.complete = True
        return histories
