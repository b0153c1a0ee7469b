"""The engagement log and what is kept about a person: record, report, show, erase, purge."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from .schema import TALLIES_OF, TALLY_EVENTS

# Kinds of which a lesson counts only a person's first: one answer to its quiz, one rating.
QUIZ = ("quiz_right", "quiz_wrong")
RATED = ("rated_helpful", "rated_not_helpful")

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


class Engagement:
    """The events table and every table that names a person (mixed into Store)."""

    db: sqlite_utils.Database
    _lock: threading.Lock
    _prefs: dict
    # lesson_id -> topic, set by the coach from the bank: events keep the topic they had.
    topics: dict[str, str]

    def set_topics(self, topics: dict[str, str]) -> None:
        """Keep each lesson's topic for the events to come (and, once, fill it into the events of
        a database migrated to one log, which were logged without it)."""
        self.topics = topics
        with self._lock, self.db.conn:
            if not self.db.execute("SELECT 1 FROM upkeep WHERE task = 'fill_topics'").fetchone():
                return
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS lesson_topics (lesson_id, topic)")
            self.db.execute("DELETE FROM temp.lesson_topics")
            self.db.conn.executemany(
                "INSERT INTO temp.lesson_topics VALUES (?, ?)", list(topics.items())
            )
            self.db.execute(
                "UPDATE events SET topic = (SELECT topic FROM temp.lesson_topics t"
                " WHERE t.lesson_id = events.lesson_id) WHERE topic IS NULL"
                " AND lesson_id IN (SELECT lesson_id FROM temp.lesson_topics)"
            )
            self.db.execute("DELETE FROM tallies")
            self.db.execute(TALLY_EVENTS)
            self.db.execute("DELETE FROM upkeep WHERE task = 'fill_topics'")

    def record_event(
        self, user_id: str, kind: str, *, lesson_id: str | None = None, detail: str | None = None
    ) -> None:
        """Log one engagement event (delivered, completed, quiz_right, paused, ...)."""
        with self._lock, self.db.conn:
            self._log(_now(), user_id, kind, lesson_id, detail=detail)

    def record_first(
        self, user_id: str, kind: str, lesson_id: str, *, one_of: tuple[str, ...]
    ) -> bool:
        """Log the event unless the user has one of `one_of` for the lesson; True if logged.

        Checked and written under one lock, so a double click cannot count twice.
        """
        with self._lock, self.db.conn:
            if self.db.conn.execute(
                "SELECT 1 FROM events WHERE user_id = ? AND lesson_id = ?"
                f" AND kind IN ({', '.join('?' * len(one_of))})",
                [user_id, lesson_id, *one_of],
            ).fetchone():
                return False
            self._log(_now(), user_id, kind, lesson_id, first=kind in one_of or None)
            return True

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
            return self.db.conn.execute(sql, [user_id, lesson_id]).fetchone() is not None

    def record_review(self, user_id: str, kind: str, lesson_id: str, *, right: bool) -> bool:
        """Log an answer to a review that is still open (not yet answered right); True if
        logged. A right answer closes it. Checked and written under one lock, so a second click
        on a review answered right counts nothing."""
        with self._lock, self.db.conn:
            if not self.db.conn.execute(
                "SELECT 1 FROM reviews WHERE user_id = ? AND lesson_id = ? AND done = 0",
                [user_id, lesson_id],
            ).fetchone():
                return False
            self._log(_now(), user_id, kind, lesson_id)
            if right:
                self.db.conn.execute(
                    "UPDATE reviews SET done = 1 WHERE user_id = ? AND lesson_id = ?",
                    [user_id, lesson_id],
                )
            return True

    def first_of(self, user_id: str, lesson_id: str, *, one_of: tuple[str, ...]) -> str | None:
        """Give the kind of the user's first event among `one_of` for the lesson, if any."""
        with self._lock:
            row = self.db.conn.execute(
                "SELECT kind FROM events WHERE user_id = ? AND lesson_id = ?"
                f" AND kind IN ({', '.join('?' * len(one_of))}) ORDER BY at, id LIMIT 1",
                [user_id, lesson_id, *one_of],
            ).fetchone()
        return row[0] if row else None

    def _log(
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
        """Insert one event and count it in the day's tallies (inside the caller's transaction).

        `first`: whether it is the person's first of its kind for the lesson, if the caller
        has just checked; else it is looked up.

        On the answer's path: the connection's own execute, which costs a tenth of
        sqlite-utils' wrapper here.
        """
        topic = self.topics.get(lesson_id) if lesson_id else None
        if first is None:
            first = not self.db.conn.execute(
                "SELECT 1 FROM events WHERE user_id = ? AND kind = ? AND lesson_id IS ?",
                [user_id, kind, lesson_id],
            ).fetchone()
        text, language, score = question or (None, None, None)
        cursor = self.db.conn.execute(
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
        self.db.conn.execute(
            "INSERT INTO tallies (kind, topic, lesson_id, day, events, firsts)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (kind, topic, lesson_id, day)"
            " DO UPDATE SET events = events + 1, firsts = firsts + excluded.firsts",
            [kind, topic or "", lesson_id or "", day, int(first)],
        )

    def _insert_events(self, user_id: str, at: str, events: tuple[tuple[str, str | None], ...]):
        """Log (kind, lesson_id) events inside the caller's transaction."""
        for kind, lesson_id in events:
            self._log(at, user_id, kind, lesson_id)

    def record_question(
        self,
        *,
        user_id: str,
        text: str,
        language: str | None,
        lesson_id: str | None,
        score: float | None,
    ) -> int:
        """Log a question and the lesson it matched (None when nothing fitted); give its id."""
        with self._lock, self.db.conn:
            return self._log(_now(), user_id, "asked", lesson_id, question=(text, language, score))

    def answer_helped(self, question_id: int, user_id: str, *, helpful: bool) -> bool | None:
        """Keep whether the answer to the asker's question helped (the first say counts); give
        what is kept, or None if the question is not theirs."""
        with self._lock, self.db.conn:
            row = self.db.execute(
                "SELECT at, topic, lesson_id, helpful FROM events WHERE id = ? AND user_id = ?"
                " AND kind = 'asked'",
                [question_id, user_id],
            ).fetchone()
            if row is None:
                return None
            if row[3] is not None:
                return bool(row[3])
            self.db.execute(
                "UPDATE events SET helpful = ? WHERE id = ?", [int(helpful), question_id]
            )
            kind = "answer_helpful" if helpful else "answer_not_helpful"
            self._tally(row[0][:10], kind, row[1], row[2], first=True)
            return helpful

    def questions(self) -> list[dict]:
        """Give every stored question, oldest first."""
        with self._lock:
            return list(
                self.db["events"].rows_where(
                    "kind = 'asked'",
                    select="id, at, user_id, language, text, lesson_id, topic, score, helpful",
                    order_by="id",
                )
            )

    def events(self, user_id: str | None = None) -> list[dict]:
        with self._lock:
            if user_id is None:
                return list(self.db["events"].rows_where(order_by="id"))
            return list(self.db["events"].rows_where("user_id = ?", [user_id], order_by="id"))

    # --- the report's figures -----------------------------------------------------------------

    def tallies(self, since: str, until: str) -> list[tuple[str, str, str, int, int]]:
        """Give (kind, topic, lesson_id, events, firsts) summed over the UTC days [since, until).

        topic and lesson_id are "" where an event has none. firsts counts the events that were
        a person's first of their kind for that lesson: for a lesson's delivery, got-it, first
        quiz answer or rating that is the number of people.
        """
        with self._lock:
            return self.db.execute(
                # The table is clustered in group order: no sort, whatever the period.
                "SELECT kind, topic, lesson_id, SUM(events), SUM(firsts) FROM tallies"
                " WHERE day >= ? AND day < ? GROUP BY kind, topic, lesson_id",
                [since, until],
            ).fetchall()

    def tallies_by_week(self, since: str, until: str) -> list[tuple[str, str, str, int, int]]:
        """Give (monday, kind, lesson_id, events, firsts) per week, Monday to Sunday (UTC days)."""
        with self._lock:
            return self.db.execute(
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
            return self.db.execute(sql, values).fetchone()[0]

    def gaps(self, since: str, until: str, *, limit: int = 50) -> list[Gap]:
        """Give the questions with no lesson or an answer that did not help, most frequent first.

        Texts only: who asked is never part of it. The same words asked differently in case or
        spacing count as one question.
        """
        with self._lock:
            rows = self.db.execute(
                "SELECT MIN(text), COUNT(*), SUM(lesson_id IS NULL), SUM(helpful = 0), MAX(at),"
                " MAX(id)"
                " FROM events WHERE kind = 'asked' AND at >= ? AND at < ?"
                " AND (lesson_id IS NULL OR helpful = 0)"
                " GROUP BY lower(text) ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                [since, until, limit],
            ).fetchall()
        return [Gap(text, asked, int(none or 0), int(bad or 0), last, number) for text, asked,
                none, bad, last, number in rows]  # fmt: skip

    def question_text(self, question_id: int) -> str | None:
        """Give the text of the question logged as `question_id`, or None if it is gone."""
        with self._lock:
            row = self.db.execute(
                "SELECT text FROM events WHERE id = ? AND kind = 'asked'", [question_id]
            ).fetchone()
        return row[0] if row else None

    def learner_counts(self) -> dict[str, int]:
        """Give how many learners have each status."""
        with self._lock:
            rows = self.db.execute("SELECT status, COUNT(*) FROM learners GROUP BY status")
            return dict(rows.fetchall())

    # --- one person's data --------------------------------------------------------------------

    def personal_data(self, user_id: str) -> dict[str, list[dict]]:
        """Give every row that names `user_id`, table by table (what /coach my data shows)."""
        with self._lock:
            return {
                table: [
                    dict(row)
                    for row in self.db[table].rows_where("user_id = ?", [user_id], order_by="rowid")
                ]
                for table in self._personal_tables()
            }

    def forget(self, user_id: str) -> int:
        """Erase every row that names `user_id`; give how many went.

        What is left is a fingerprint (a hash of the ID, not the ID) so the nightly sync does
        not enrol them again; `/coach subscribe` removes it.
        """
        with self._lock, self.db.conn:
            # Their part of the tallies goes too, so the figures match the log.
            self.db.conn.executemany(
                "UPDATE tallies SET events = MAX(events - ?, 0), firsts = MAX(firsts - ?, 0)"
                " WHERE day = ?"
                " AND kind = ? AND topic = ? AND lesson_id = ?",
                self.db.execute(THEIR_TALLIES, [user_id, user_id]).fetchall(),
            )
            erased = 0
            for table in self._personal_tables():
                cursor = self.db.execute(f"DELETE FROM [{table}] WHERE user_id = ?", [user_id])
                erased += cursor.rowcount
            self.db.execute(
                "INSERT OR REPLACE INTO erased (fingerprint, erased_at) VALUES (?, ?)",
                [fingerprint(user_id), _now()],
            )
            self._prefs.pop(user_id, None)
        # The deleted rows' old pages may still be in the write-ahead log: fold it in soon.
        self.fold_log_later()
        return erased

    def was_erased(self, user_id: str) -> bool:
        with self._lock:
            row = self.db.execute(
                "SELECT 1 FROM erased WHERE fingerprint = ?", [fingerprint(user_id)]
            ).fetchone()
        return row is not None

    def _unerase(self, user_id: str) -> None:
        """Drop the fingerprint of a person who came back themselves (inside a transaction)."""
        self.db.execute("DELETE FROM erased WHERE fingerprint = ?", [fingerprint(user_id)])
        # The Slack locale looked up while they were forgotten was kept in memory only: from
        # now on it is stored, so their lessons come in their language after a restart too.
        prefs = self._prefs.pop(user_id, None)
        if prefs is not None and prefs.locale is not None:
            self.db.execute(
                "INSERT INTO users (user_id, locale, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale,"
                " updated_at = excluded.updated_at",
                [user_id, prefs.locale, _now()],
            )

    def _personal_tables(self) -> list[str]:
        return [
            table.name
            for table in self.db.tables
            if "user_id" in table.columns_dict and not table.name.startswith("sqlite_")
        ]

    def purge(self, before: datetime) -> int:
        """Delete the events (and digest records) of the UTC days before `before`'s day.

        Whole days, so the tallies (one row per day) and the log stay the same figures.
        Give how many events went.
        """
        day = before.astimezone(timezone.utc).date().isoformat()
        with self._lock, self.db.conn:
            gone = self.db.execute("DELETE FROM events WHERE at < ?", [day]).rowcount
            self.db.execute("DELETE FROM tallies WHERE day < ?", [day])
            self.db.execute("DELETE FROM digests WHERE sent_at < ?", [day])
        return gone

    # --- the admins' digest -------------------------------------------------------------------

    def claim_digest(self, user_id: str, week: str) -> bool:
        """Claim `user_id`'s digest for the week starting `week`; False if it was sent."""
        with self._lock, self.db.conn:
            try:
                self.db.execute(
                    "INSERT INTO digests (user_id, week, sent_at) VALUES (?, ?, ?)",
                    [user_id, week, _now()],
                )
            except sqlite3.IntegrityError:
                return False
        return True

    def release_digest(self, user_id: str, week: str) -> None:
        with self._lock, self.db.conn:
            self.db.execute("DELETE FROM digests WHERE user_id = ? AND week = ?", [user_id, week])


def fingerprint(user_id: str) -> str:
    """Give a one-way fingerprint of a user ID (what remains after forget me)."""
    return hashlib.sha256(f"social-media-coach:{user_id}".encode()).hexdigest()


def _now() -> str:
    """Give the time now as the store writes it: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
