"""The schema: each migration moves a database file one version on."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _create_questions(db: sqlite_utils.Database) -> None:
    db["questions"].create(
        {
            "id": int,
            "asked_at": str,
            "user_id": str,
            "language": str,
            "text": str,
            "lesson_id": str,
            "topic": str,
            "score": float,
        },
        pk="id",
        not_null={"asked_at", "user_id", "text"},
    )
    db["questions"].create_index(["asked_at"])
    db["questions"].create_index(["user_id"])


def _create_users(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {"user_id": str, "language": str, "locale": str, "updated_at": str},
        pk="user_id",
    )


def _create_learners(db: sqlite_utils.Database) -> None:
    # status: active, paused, unsubscribed (by themselves or an admin) or inactive (Slack says
    # the account cannot get messages). zone: the Slack time zone; send_at: their own time.
    db["learners"].create(
        {
            "user_id": str,
            "status": str,
            "source": str,
            "zone": str,
            "send_at": str,
            "reason": str,
            "enrolled_at": str,
            "updated_at": str,
        },
        pk="user_id",
        not_null={"status", "source", "enrolled_at"},
    )
    db["learners"].create_index(["status"])


def _create_deliveries(db: sqlite_utils.Database) -> None:
    # The ledger: one row per learner and local day, so the database itself refuses a second
    # lesson on the same day, whichever process or pass tries. state: sending (claimed, not yet
    # confirmed by Slack), sent, or failed (a permanent error; the learner is inactive).
    db["deliveries"].create(
        {
            "user_id": str,
            "day": str,
            "kind": str,
            "lesson_id": str,
            "reviews": str,
            "welcome": int,
            "state": str,
            "owner": str,
            "claimed_at": str,
            "sent_at": str,
            "channel": str,
            "ts": str,
            "error": str,
        },
        pk=("user_id", "day"),
        not_null={"kind", "state", "claimed_at"},
    )
    db["deliveries"].create_index(["state"])
    db["deliveries"].create_index(["day"])


def _create_reviews(db: sqlite_utils.Database) -> None:
    # A quiz answered wrongly: when it comes back, and how often it was missed.
    db["reviews"].create(
        {"user_id": str, "lesson_id": str, "misses": int, "due": str, "done": int},
        pk=("user_id", "lesson_id"),
        not_null={"misses", "due", "done"},
    )


def _create_events(db: sqlite_utils.Database) -> None:
    # The engagement log the statistics are computed from.
    db["events"].create(
        {"id": int, "at": str, "user_id": str, "kind": str, "lesson_id": str, "detail": str},
        pk="id",
        not_null={"at", "user_id", "kind"},
    )
    db["events"].create_index(["kind", "at"])
    db["events"].create_index(["user_id"])


def _add_attempt_at(db: sqlite_utils.Database) -> None:
    # When the last request to post a claimed message started: the grace before a dead
    # process's claim is looked up in the history counts from it.
    db["deliveries"].add_column("attempt_at", str)


def _one_engagement_log(db: sqlite_utils.Database) -> None:
    # Questions join the events, so one log holds everything a manager did; an asked event keeps
    # the question's text, language and score, and whether the asker said the answer helped.
    # topic: the lesson's topic when it was recorded, so a lesson later removed from the bank
    # still counts under its topic. Review answers get kinds of their own (accuracy counts the
    # first answer to a lesson's quiz).
    events = db["events"]
    for column, kind in (("topic", str), ("text", str), ("language", str), ("score", float),
                         ("helpful", int)):  # fmt: skip
        events.add_column(column, kind)
    db.execute(
        "INSERT INTO events (at, user_id, kind, lesson_id, topic, text, language, score)"
        " SELECT asked_at, user_id, 'asked', lesson_id, topic, text, language, score"
        " FROM questions ORDER BY id"
    )
    db["questions"].drop()
    db.execute(
        "UPDATE events SET kind = 'review_' || substr(kind, 6), detail = NULL"
        " WHERE kind IN ('quiz_right', 'quiz_wrong') AND detail = 'review'"
    )
    # A lesson's first quiz answer, "Got it" and rating count; a database before this schema
    # may hold every click, so only the first of each stays.
    db.execute(
        "DELETE FROM events WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER ("
        " PARTITION BY user_id, lesson_id, CASE WHEN kind LIKE 'quiz_%' THEN 'quiz'"
        " WHEN kind LIKE 'rated_%' THEN 'rated' ELSE kind END ORDER BY at, id) AS n"
        " FROM events WHERE kind IN ('quiz_right', 'quiz_wrong', 'rated_helpful',"
        " 'rated_not_helpful', 'completed')) WHERE n > 1)"
    )
    # The migration cannot see the lesson bank: the first start fills in the topics of the
    # events logged so far (store.events.set_topics).
    db.execute("CREATE TABLE upkeep (task TEXT PRIMARY KEY)")
    db.execute(
        "INSERT INTO upkeep (task) SELECT 'fill_topics' WHERE EXISTS"
        " (SELECT 1 FROM events WHERE lesson_id IS NOT NULL AND topic IS NULL)"
    )
    # What a person did is found by user, kind and lesson (first-ness, my data, forget me); the
    # questions without an answer by kind and time.
    db.execute("DROP INDEX IF EXISTS idx_events_kind_at")
    db.execute("DROP INDEX IF EXISTS idx_events_user_id")
    events.create_index(["user_id", "kind", "lesson_id"], index_name="events_person")
    events.create_index(["kind", "at"], index_name="events_kind_at")
    # The report's figures, rolled up as events are recorded: per UTC day, kind, topic and lesson
    # ("" for none), how many events and how many were a person's first of that kind for that
    # lesson. No user IDs: a report over a year reads a few thousand rows, not a million.
    # Clustered by kind, topic and lesson (WITHOUT ROWID): a period's sums come in group order
    # with no sort and no second index to write on every event.
    db.execute(
        "CREATE TABLE tallies (kind TEXT, topic TEXT, lesson_id TEXT, day TEXT,"
        " events INTEGER NOT NULL, firsts INTEGER NOT NULL,"
        " PRIMARY KEY (kind, topic, lesson_id, day)) WITHOUT ROWID"
    )
    db.execute(TALLY_EVENTS)


# The tallies of the events that match {where}: (events, firsts, day, kind, topic, lesson_id).
# The figures' kinds of event, plus answer_helpful and answer_not_helpful from the questions.
TALLIES_OF = """
SELECT COUNT(*), SUM(first), substr(at, 1, 10), kind, COALESCE(topic, ''), COALESCE(lesson_id, '')
FROM (
    SELECT at, kind, topic, lesson_id,
        ROW_NUMBER() OVER (PARTITION BY user_id, kind, lesson_id ORDER BY at, id) = 1 AS first
    FROM events WHERE {where}
    UNION ALL
    SELECT at, CASE helpful WHEN 1 THEN 'answer_helpful' ELSE 'answer_not_helpful' END,
        topic, lesson_id, 1
    FROM events WHERE {where} AND kind = 'asked' AND helpful IS NOT NULL
)
GROUP BY substr(at, 1, 10), kind, COALESCE(topic, ''), COALESCE(lesson_id, '')
"""

# Tallies every event logged so far (a new database has none; the benchmark loads events).
TALLY_EVENTS = (
    "INSERT INTO tallies (events, firsts, day, kind, topic, lesson_id)"
    + TALLIES_OF.format(where="1 = 1")
)


def _digests_and_erasures(db: sqlite_utils.Database) -> None:
    # The admins' weekly digest: one row per admin and week, so it is sent once.
    db["digests"].create(
        {"user_id": str, "week": str, "sent_at": str}, pk=("user_id", "week"), not_null={"sent_at"}
    )
    # Who asked to be forgotten, as a one-way fingerprint: the sync must not enroll them again.
    db["erased"].create({"fingerprint": str, "erased_at": str}, pk="fingerprint")


def _answered_and_taught(db: sqlite_utils.Database) -> None:
    # The DMs and mentions answered, keyed by channel and message timestamp (the same in Slack's
    # retries): claimed before the answer is posted, so each is answered once.
    db.execute(
        "CREATE TABLE answered (key TEXT PRIMARY KEY, claimed_at TEXT NOT NULL, done_at TEXT)"
    )
    # The questions admins taught the coach, keyed by their normalised words; no user ID.
    db.execute(
        "CREATE TABLE taught (key TEXT PRIMARY KEY, question TEXT NOT NULL,"
        " lesson_id TEXT NOT NULL, language TEXT, taught_at TEXT NOT NULL)"
    )
    # Counters other processes poll to see a change (the taught questions).
    db.execute("CREATE TABLE versions (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    # The topic model fitted to a bank, keyed by a hash of what it learnt from: a restart with
    # the same lessons loads it instead of fitting it again.
    db.execute(
        "CREATE TABLE models (key TEXT PRIMARY KEY, data BLOB NOT NULL, made_at TEXT NOT NULL)"
    )


def _joined_welcomed_paused(db: sqlite_utils.Database) -> None:
    # joined_at: when the learner last became active (enrolled or back): a lesson day that began
    # before is not theirs. welcomed_at: when the welcome went out, so it goes out once.
    # paused_until: the local date their lessons start again by themselves (None: until resumed).
    for column in ("joined_at", "welcomed_at", "paused_until"):
        db.execute(f"ALTER TABLE learners ADD COLUMN {column} TEXT")
    db.execute("UPDATE learners SET joined_at = enrolled_at")
    # Whoever had a message has had the welcome with it.
    db.execute(
        "UPDATE learners SET welcomed_at = enrolled_at"
        " WHERE user_id IN (SELECT user_id FROM deliveries)"
    )


def _confirmations(db: sqlite_utils.Database) -> None:
    # The one-time tokens of questions the app asked a person (forget me?), each answerable once
    # within minutes. The token as a SHA-256 hash (the database holds no usable token) and the
    # person as their fingerprint, like the erased table: asking a forgotten person stores
    # nothing that names them.
    db.execute(
        "CREATE TABLE confirmations (token_hash TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
        " question TEXT NOT NULL, issued_at TEXT NOT NULL)"
    )


# Each entry moves the schema one version on; PRAGMA user_version says how far a file has come.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _create_questions,
    _create_users,
    _create_learners,
    _create_deliveries,
    _create_reviews,
    _create_events,
    _add_attempt_at,
    _one_engagement_log,
    _digests_and_erasures,
    _answered_and_taught,
    _joined_welcomed_paused,
    _confirmations,
]
