"""The engagement log: events and questions, their tallies per day, and the report's figures
over them."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from ..vocabulary import Event
from . import clock
from .schema import TALLIES_OF, TALLY_EVENTS

# One person's share of the tallies, taken off when they are forgotten.
THEIR_TALLIES = TALLIES_OF.format(where="user_id = ?")


@dataclass(frozen=True)
class Gap:
    """A question the bank could not answer well: its text and how often it came."""

    text: str
    asked: int
    no_lesson: int  # times no lesson matched
    not_helpful: int  # times the asker said the lesson shown did not help
    last_asked: str
    question_id: int = 0  # the latest time it was asked: how an admin's menu points at it


class Events:
    """The events table and its tallies: what people did with their lessons and what they
    asked. Each lesson's topic is kept with its events, so a lesson removed later still counts
    under it."""

    def __init__(self, db: sqlite_utils.Database, lock: threading.Lock):
        self._db = db
        self._lock = lock
        # lesson_id -> topic, set by the coach from the bank: events keep the topic they had.
        self.topics: dict[str, str] = {}

    def set_topics(self, topics: dict[str, str]) -> None:
        """Keep each lesson's topic for the events to come (and, once, fill it into the events of
        a database migrated to one log, which were logged without it)."""
        self.topics = topics
        with self._lock, self._db.conn:
            if not self._db.execute("SELECT 1 FROM upkeep WHERE task = 'fill_topics'").fetchone():
                return
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS lesson_topics (lesson_id, topic)")
            self._db.execute("DELETE FROM temp.lesson_topics")
            self._db.conn.executemany(
                "INSERT INTO temp.lesson_topics VALUES (?, ?)", list(topics.items())
            )
            self._db.execute(
                "UPDATE events SET topic = (SELECT topic FROM temp.lesson_topics t"
                " WHERE t.lesson_id = events.lesson_id) WHERE topic IS NULL"
                " AND lesson_id IN (SELECT lesson_id FROM temp.lesson_topics)"
            )
            self._db.execute("DELETE FROM tallies")
            self._db.execute(TALLY_EVENTS)
            self._db.execute("DELETE FROM upkeep WHERE task = 'fill_topics'")

    def record(
        self,
        user_id: str,
        kind: str,
        *,
        lesson_id: str | None = None,
        detail: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Log one engagement event (delivered, completed, quiz_right, paused, ...), now or
        `at`."""
        stamp = clock.at(at) if at else clock.now()
        with self._lock, self._db.conn:
            self.log(stamp, user_id, kind, lesson_id, detail=detail)

    def record_first(
        self, user_id: str, kind: str, lesson_id: str, *, one_of: tuple[str, ...]
    ) -> bool:
        """Log the event unless the user has one of `one_of` for the lesson; True if logged.

        Checked and written under one lock, so a double click cannot count twice.
        """
        with self._lock, self._db.conn:
            if self._db.conn.execute(
                "SELECT 1 FROM events WHERE user_id = ? AND lesson_id = ?"
                f" AND kind IN ({', '.join('?' * len(one_of))})",
                [user_id, lesson_id, *one_of],
            ).fetchone():
                return False
            self.log(clock.now(), user_id, kind, lesson_id, first=kind in one_of or None)
            return True

    def first_of(self, user_id: str, lesson_id: str, *, one_of: tuple[str, ...]) -> str | None:
        """Give the kind of the user's first event among `one_of` for the lesson, if any."""
        with self._lock:
            row = self._db.conn.execute(
                "SELECT kind FROM events WHERE user_id = ? AND lesson_id = ?"
                f" AND kind IN ({', '.join('?' * len(one_of))}) ORDER BY at, id LIMIT 1",
                [user_id, lesson_id, *one_of],
            ).fetchone()
        return row[0] if row else None

    def log(
        self,
        at: str,
        user_id: str,
        kind: str,
        lesson_id: str | None,
        *,
        detail: str | None = None,
        question: tuple[str, str | None, float | None] | None = None,
        first: bool | None = None,
    ) -> int:
        """Insert one event and count it in the day's tallies; give its id. Inside the caller's
        transaction, under the store's lock: the ledger and the reviews log with their changes.

        `first`: whether it is the person's first of its kind for the lesson, if the caller
        has just checked; else it is looked up.

        On the answer's path: the connection's own execute, which costs a tenth of
        sqlite-utils' wrapper here.
        """
        topic = self.topics.get(lesson_id) if lesson_id else None
        if first is None:
            first = not self._db.conn.execute(
                "SELECT 1 FROM events WHERE user_id = ? AND kind = ? AND lesson_id IS ?",
                [user_id, kind, lesson_id],
            ).fetchone()
        text, language, score = question or (None, None, None)
        cursor = self._db.conn.execute(
            "INSERT INTO events"
            " (at, user_id, kind, lesson_id, topic, detail, text, language, score)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [at, user_id, kind, lesson_id, topic, detail, text, language, score],
        )
        self._tally(at[:10], kind, topic, lesson_id, first=first)
        return int(cursor.lastrowid or 0)

    def _tally(
        self, day: str, kind: str, topic: str | None, lesson_id: str | None, *, first: bool
    ) -> None:
        self._db.conn.execute(
            "INSERT INTO tallies (kind, topic, lesson_id, day, events, firsts)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (kind, topic, lesson_id, day)"
            " DO UPDATE SET events = events + 1, firsts = firsts + excluded.firsts",
            [kind, topic or "", lesson_id or "", day, int(first)],
        )

    def record_question(
        self,
        *,
        user_id: str,
        text: str,
        language: str | None,
        lesson_id: str | None,
        score: float | None,
        at: datetime | None = None,
    ) -> int:
        """Log a question and the lesson it matched (None when nothing fitted), now or `at`;
        give its id."""
        stamp = clock.at(at) if at else clock.now()
        with self._lock, self._db.conn:
            return self.log(
                stamp, user_id, Event.ASKED, lesson_id, question=(text, language, score)
            )

    def answer_helped(self, question_id: int, user_id: str, *, helpful: bool) -> bool | None:
        """Keep whether the answer to the asker's question helped (the first say counts); give
        what is kept, or None if the question is not theirs."""
        with self._lock, self._db.conn:
            row = self._db.execute(
                "SELECT at, topic, lesson_id, helpful FROM events WHERE id = ? AND user_id = ?"
                " AND kind = 'asked'",
                [question_id, user_id],
            ).fetchone()
            if row is None:
                return None
            if row[3] is not None:
                return bool(row[3])
            self._db.execute(
                "UPDATE events SET helpful = ? WHERE id = ?", [int(helpful), question_id]
            )
            kind = Event.ANSWER_HELPFUL if helpful else Event.ANSWER_NOT_HELPFUL
            self._tally(row[0][:10], kind, row[1], row[2], first=True)
            return helpful

    def questions(self) -> list[dict]:
        """Give every stored question, oldest first."""
        with self._lock:
            return list(
                self._db["events"].rows_where(
                    "kind = 'asked'",
                    select="id, at, user_id, language, text, lesson_id, topic, score, helpful",
                    order_by="id",
                )
            )

    def all(self, user_id: str | None = None) -> list[dict]:
        """Give every event, or every event of `user_id`, in the order they were logged."""
        with self._lock:
            if user_id is None:
                return list(self._db["events"].rows_where(order_by="id"))
            return list(self._db["events"].rows_where("user_id = ?", [user_id], order_by="id"))

    # --- the report's figures -----------------------------------------------------------------

    def tallies(self, since: str, until: str) -> list[tuple[str, str, str, int, int]]:
        """Give (kind, topic, lesson_id, events, firsts) summed over the UTC days [since, until).

        topic and lesson_id are "" where an event has none. firsts counts the events that were
        a person's first of their kind for that lesson: for a lesson's delivery, got-it, first
        quiz answer or rating that is the number of people.
        """
        with self._lock:
            return self._db.execute(
                # The table is clustered in group order: no sort, whatever the period.
                "SELECT kind, topic, lesson_id, SUM(events), SUM(firsts) FROM tallies"
                " WHERE day >= ? AND day < ? GROUP BY kind, topic, lesson_id",
                [since, until],
            ).fetchall()

    def tallies_by_week(self, since: str, until: str) -> list[tuple[str, str, str, int, int]]:
        """Give (monday, kind, lesson_id, events, firsts) per week, Monday to Sunday (UTC days)."""
        with self._lock:
            return self._db.execute(
                "SELECT date(day, '-6 days', 'weekday 1') AS week, kind, lesson_id, SUM(events),"
                " SUM(firsts) FROM tallies WHERE day >= ? AND day < ?"
                " GROUP BY week, kind, lesson_id",
                [since, until],
            ).fetchall()

    def people(
        self,
        kinds: tuple[str, ...],
        since: str,
        until: str,
        *,
        topic: str | None = None,
        lesson_id: str | None = None,
    ) -> int:
        """Give how many people had an event of `kinds` in the UTC days [since, until).

        Exact, from the log itself; the report asks only where the tallies cannot tell that a
        group is big enough to show.
        """
        sql = (
            "SELECT COUNT(DISTINCT user_id) FROM events"
            f" WHERE kind IN ({', '.join('?' * len(kinds))}) AND at >= ? AND at < ?"
        )
        values = [*kinds, since, until]
        for column, value in (("topic", topic), ("lesson_id", lesson_id)):
            if value:
                sql += f" AND {column} = ?"
                values.append(value)
        with self._lock:
            return self._db.execute(sql, values).fetchone()[0]

    def gaps(self, since: str, until: str, *, limit: int = 50) -> list[Gap]:
        """Give the questions with no lesson or an answer that did not help, most frequent first.

        Texts only: who asked is never part of it. The same words asked differently in case or
        spacing count as one question.
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT MIN(text), COUNT(*), SUM(lesson_id IS NULL), SUM(helpful = 0), MAX(at),"
                " MAX(id)"
                " FROM events WHERE kind = 'asked' AND at >= ? AND at < ?"
                " AND (lesson_id IS NULL OR helpful = 0)"
                " GROUP BY lower(text) ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                [since, until, limit],
            ).fetchall()
        return [Gap(text, asked, int(none or 0), int(bad or 0), last, number) for text, asked,
                none, bad, last, number in rows]  # fmt: skip

    def count(self) -> int:
        """Give how many events the log holds."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def question_text(self, question_id: int) -> str | None:
        """Give the text of the question logged as `question_id`, or None if it is gone."""
        with self._lock:
            row = self._db.execute(
                "SELECT text FROM events WHERE id = ? AND kind = 'asked'", [question_id]
            ).fetchone()
        return row[0] if row else None

    # --- erasing and purging (inside the caller's transaction) -----------------------------

    def untally(self, user_id: str) -> None:
        """Take `user_id`'s events off the tallies, so the figures match the log once their
        events are deleted (inside the caller's transaction)."""
        self._db.conn.executemany(
            "UPDATE tallies SET events = MAX(events - ?, 0), firsts = MAX(firsts - ?, 0)"
            " WHERE day = ?"
            " AND kind = ? AND topic = ? AND lesson_id = ?",
            self._db.execute(THEIR_TALLIES, [user_id, user_id]).fetchall(),
        )

    def drop_before(self, day: str) -> int:
        """Delete the events and tallies of the UTC days before `day`; give how many events went
        (inside the caller's transaction)."""
        gone = self._db.execute("DELETE FROM events WHERE at < ?", [day]).rowcount
        self._db.execute("DELETE FROM tallies WHERE day < ?", [day])
        return gone
