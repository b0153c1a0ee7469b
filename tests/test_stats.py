"""The admins' engagement report: its figures, what it hides, and what forget me leaves."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from contextlib import closing
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot import stats
from bot.cli import main
from bot.lessons import load_bank
from bot.store import Store
from bot.store.schema import MIGRATIONS, TALLY_EVENTS

from .conftest import LESSONS_DIR

RATES = ("completion_rate", "quiz_accuracy", "helpfulness", "answered_share")
COUNTS = ("lessons_delivered", "questions_asked", "questions_unanswered")


@pytest.fixture(scope="module")
def bank():
    return load_bank(LESSONS_DIR)


@pytest.fixture
def store(fresh_db, bank):
    store = Store(fresh_db)
    store.events.topics = {lesson.id: lesson.topic for lesson in bank}
    yield store
    store.close()


def users(n: int, start: int = 0) -> list[str]:
    return [f"U0TEST{i:03d}" for i in range(start, start + n)]


def take(store: Store, user_id: str, lesson_id: str, *kinds: str) -> None:
    """`user_id` got `lesson_id` today and then did `kinds` (completed, quiz_right, ...)."""
    for kind in ("delivered", *kinds):
        store.events.record(user_id, kind, lesson_id=lesson_id)


def log_at(store: Store, at: str, user_id: str, kind: str, lesson_id: str) -> None:
    """Log an event at a chosen time (ISO 8601)."""
    store.events.record(user_id, kind, lesson_id=lesson_id, at=datetime.fromisoformat(at))


# What forget me and purge leave is checked in the file itself, through a connection of the
# test's own: these are tests of the store's tables, not of its API.


def read(store: Store, query: str, *values: object) -> list[tuple]:
    """Give the rows `query` reads from the store's file."""
    with closing(sqlite3.connect(store.path)) as connection:
        return connection.execute(query, values).fetchall()


def retally(store: Store) -> None:
    """Count the tallies again from the log, as a migration does."""
    with closing(sqlite3.connect(store.path)) as connection, connection:
        connection.execute("DELETE FROM tallies")
        connection.execute(TALLY_EVENTS)


def lesson_group(result: stats.Report, lesson_id: str) -> stats.Group:
    return next(g for g in result.by_lesson if g.key == lesson_id)


def topic_group(result: stats.Report, topic: str) -> stats.Group:
    return next(g for g in result.by_topic if g.key == topic)


# --- small groups stay hidden ------------------------------------------------------------------


@pytest.mark.parametrize("n", [4, 5])
def test_a_lesson_shows_its_figures_only_once_min_group_people_had_it(store, bank, n):
    lesson = bank.lessons[0]
    for user_id in users(n):
        take(store, user_id, lesson.id, "completed")
    result = stats.report(store, bank, min_group=5)
    for figures in (
        lesson_group(result, lesson.id).figures,
        topic_group(result, lesson.topic).figures,
        result.totals,
    ):
        if n < 5:
            assert figures.lessons_delivered is None and figures.completion_rate is None
            assert {"lessons_delivered", "completion_rate"} <= set(figures.hidden)
        else:
            assert (figures.lessons_delivered, figures.completion_rate) == (5, 1.0)
            assert figures.hidden == ()


@pytest.mark.parametrize("n, shown", [(0, 0), (1, None), (4, None), (5, 5)])
def test_learner_counts_between_one_and_min_group_are_hidden(store, bank, n, shown):
    for user_id in users(n):
        assert store.learners.enroll(user_id, source="self") == "new"
    learners = stats.report(store, bank, min_group=5).learners
    assert learners["active"] == shown
    assert learners["paused"] == 0


def test_a_topic_shows_when_five_people_each_had_a_different_lesson_of_it(store, bank):
    lessons = bank.by_topic()["strategy"][:5]
    for user_id, lesson in zip(users(5), lessons, strict=True):
        take(store, user_id, lesson.id, "completed")
    figures = topic_group(stats.report(store, bank, min_group=5), "strategy").figures
    assert (figures.lessons_delivered, figures.completion_rate, figures.hidden) == (5, 1.0, ())


def test_a_lesson_one_person_had_stays_hidden_when_others_had_other_lessons(store, bank):
    lessons = bank.by_topic()["strategy"][:5]
    for user_id, lesson in zip(users(5), lessons, strict=True):
        take(store, user_id, lesson.id, "completed")
    figures = lesson_group(stats.report(store, bank, min_group=5), lessons[0].id).figures
    assert figures.lessons_delivered is None and figures.completion_rate is None


# --- the figures -------------------------------------------------------------------------------


def test_quiz_accuracy_counts_first_answers_not_review_answers(store, bank):
    lesson = bank.lessons[0]
    right, wrong = users(3), users(2, start=3)
    for user_id in right:
        take(store, user_id, lesson.id, "quiz_right")
    for user_id in wrong:
        take(store, user_id, lesson.id, "quiz_wrong", "review_wrong", "review_right")
    report = stats.as_json(stats.report(store, bank, min_group=5))
    [entry] = [e for e in report["by_lesson"] if e["lesson"] == lesson.id]
    assert entry["quiz_accuracy"] == 0.6
    assert report["quiz_accuracy"] == 0.6
    assert [e["lesson"] for e in report["hardest_lessons"]] == [lesson.id]


def test_questions_without_a_good_answer_count_as_unanswered_and_show_as_text_only(store, bank):
    lesson = bank.lessons[0]
    asker, unhappy, *others = users(5)
    store.events.record_question(
        user_id=asker, text="How do I answer on TikTok?", language="en", lesson_id=None, score=None
    )
    bad = store.events.record_question(
        user_id=unhappy,
        text="Who approves our posts?",
        language="en",
        lesson_id=lesson.id,
        score=0.4,
    )
    for user_id in others:
        good = store.events.record_question(
            user_id=user_id, text="Why explain?", language="en", lesson_id=lesson.id, score=0.9
        )
        assert store.events.answer_helped(good, user_id, helpful=True)
    assert store.events.answer_helped(bad, unhappy, helpful=False) is False

    result = stats.report(store, bank, min_group=5)
    assert (result.totals.questions_asked, result.totals.questions_unanswered) == (5, 2)
    assert result.totals.answered_share == 0.6
    gaps = {gap.text: (gap.asked, gap.no_lesson, gap.not_helpful) for gap in result.unanswered}
    assert gaps == {"How do I answer on TikTok?": (1, 1, 0), "Who approves our posts?": (1, 0, 1)}
    printed = stats.dumps(result)
    assert not [user_id for user_id in users(5) if user_id in printed]


def test_only_the_asker_says_whether_an_answer_helped_and_only_once(store, bank):
    asker, other = users(2)
    question = store.events.record_question(
        user_id=asker,
        text="Who approves our posts?",
        language="en",
        lesson_id=bank.lessons[0].id,
        score=0.4,
    )
    assert store.events.answer_helped(question, other, helpful=False) is None  # not theirs
    assert store.events.answer_helped(question, asker, helpful=True) is True
    assert store.events.answer_helped(question, asker, helpful=False) is True  # the first say kept
    assert [q["helpful"] for q in store.events.questions()] == [1]
    result = stats.report(store, bank, min_group=1)
    assert result.totals.questions_unanswered == 0 and result.unanswered == []


def test_a_lesson_removed_from_the_bank_still_counts(store, bank):
    store.events.topics["gone-lesson"] = "transparency"
    for user_id in users(5):
        take(store, user_id, "gone-lesson", "completed")
    result = stats.report(store, bank, min_group=5)
    assert result.totals.lessons_delivered == 5
    assert topic_group(result, "transparency").figures.lessons_delivered == 5
    gone = lesson_group(result, "gone-lesson")
    assert (gone.in_bank, gone.topic, gone.figures.lessons_delivered) == (False, "transparency", 5)
    assert [g.in_bank for g in result.by_lesson] == [True] * len(bank) + [False]
    assert "gone-lesson (removed)" in stats.as_text(result)


# --- forget me and purge -----------------------------------------------------------------------


def rows_naming(store: Store, text: str) -> list[str]:
    """Give table.column for every value in the database that contains `text`."""
    found = []
    for (table,) in read(store, "SELECT name FROM sqlite_master WHERE type = 'table'"):
        for column in [row[1] for row in read(store, f"PRAGMA table_info([{table}])")]:
            sql = f"SELECT COUNT(*) FROM [{table}] WHERE CAST([{column}] AS TEXT) LIKE ?"
            if read(store, sql, f"%{text}%")[0][0]:
                found.append(f"{table}.{column}")
    return found


def test_forget_erases_every_trace_and_takes_their_events_off_the_report(store, bank):
    lesson = bank.lessons[0]
    gone = users(6)[0]
    for user_id in users(6):
        store.learners.enroll(user_id, source="audience")
        take(store, user_id, lesson.id, "completed", "quiz_wrong")
    store.prefs.set_language(gone, "de")
    store.reviews.schedule(gone, lesson.id, due="2030-01-01")
    store.ledger.claim(
        user_id=gone,
        day="2030-01-01",
        kind="lesson",
        lesson_id=lesson.id,
        reviews=(),
        welcome=True,
        owner="test",
    )
    store.digests.claim(gone, "2030-01-01")
    question = store.events.record_question(
        user_id=gone, text=f"Can <@{gone}> post?", language="en", lesson_id=None, score=None
    )
    store.events.answer_helped(question, gone, helpful=False)
    assert stats.report(store, bank, min_group=5).totals.lessons_delivered == 6

    assert "events.text" in rows_naming(store, gone)

    assert store.privacy.forget(gone) > 0

    assert rows_naming(store, gone) == []
    assert store.privacy.was_erased(gone)
    totals = stats.report(store, bank, min_group=5).totals
    assert (totals.lessons_delivered, totals.questions_asked) == (5, 0)
    tallies = read(store, "SELECT * FROM tallies ORDER BY 1, 2, 3, 4")
    retally(store)
    # The figures match the log: as if their events had never been tallied (rows at 0 may stay).
    rebuilt = read(store, "SELECT * FROM tallies ORDER BY 1, 2, 3, 4")
    assert rebuilt == [row for row in tallies if row[4]]


def test_a_forgotten_person_comes_back_only_by_subscribing_themselves(store):
    user_id = users(1)[0]
    store.learners.enroll(user_id, source="audience")
    store.privacy.forget(user_id)
    assert store.learners.enroll(user_id, source="audience") == "already"
    assert store.learners.enroll(user_id, source="admin") == "declined"
    assert store.learners.get(user_id) is None
    assert store.learners.enroll(user_id, source="self") == "new"
    assert store.learners.get(user_id).status == "active"
    assert not store.privacy.was_erased(user_id)


def test_purge_drops_old_events_and_their_figures(store, bank):
    lesson = bank.lessons[0]
    for user_id in users(5):
        log_at(store, "2024-01-31T23:59:59+00:00", user_id, "delivered", lesson.id)
        log_at(store, "2024-02-01T00:00:00+00:00", user_id, "delivered", lesson.id)
    period = {"bank": bank, "days": 60, "min_group": 5, "today": date(2024, 2, 28)}
    assert stats.report(store, **period).totals.lessons_delivered == 10

    assert store.privacy.purge(datetime(2024, 2, 1, tzinfo=timezone.utc)) == 5

    assert {e["at"] for e in store.events.all()} == {"2024-02-01T00:00:00+00:00"}
    assert [day for (day,) in read(store, "SELECT DISTINCT day FROM tallies")] == ["2024-02-01"]
    assert stats.report(store, **period).totals.lessons_delivered == 5


# --- an old database ---------------------------------------------------------------------------


def version_7(path: Path) -> sqlite_utils.Database:
    """Give a database at schema 7, migrated no further, to fill and close."""
    old = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:7]:
        migration(old)
    old.execute("PRAGMA user_version = 7")
    return old


def test_a_version_7_database_keeps_its_questions_and_review_answers(fresh_db, bank):
    lesson = bank.lessons[0]
    old = version_7(fresh_db)
    old.execute(
        "INSERT INTO questions (asked_at, user_id, language, text) VALUES (?, ?, ?, ?)",
        ["2024-05-02T09:00:00+00:00", "U0OLD", "en", "How do we reply to trolls?"],
    )
    for kind, detail in (("quiz_wrong", None), ("quiz_wrong", "review"), ("quiz_right", "review")):
        old.execute(
            "INSERT INTO events (at, user_id, kind, lesson_id, detail) VALUES (?, ?, ?, ?, ?)",
            ["2024-05-02T10:00:00+00:00", "U0OLD", kind, lesson.id, detail],
        )
    old.conn.commit()
    old.close()

    store = Store(fresh_db)
    assert [(q["user_id"], q["text"]) for q in store.events.questions()] == [
        ("U0OLD", "How do we reply to trolls?")
    ]
    assert ("questions",) not in read(store, "SELECT name FROM sqlite_master WHERE type = 'table'")
    kinds = [e["kind"] for e in store.events.all()]
    assert kinds == ["quiz_wrong", "review_wrong", "review_right", "asked"]
    result = stats.report(store, bank, min_group=1, today=date(2024, 5, 2))
    assert (result.totals.questions_asked, result.totals.questions_unanswered) == (1, 1)
    assert result.totals.quiz_accuracy == 0.0
    store.close()


def test_one_person_with_five_events_is_still_fewer_than_five_people(store, bank):
    lessons = [lesson.id for lesson in bank.lessons[:5]]
    for lesson_id in lessons:  # a week of lessons and questions, all one manager's
        take(store, "U0ALONE", lesson_id, "completed")
        store.events.record_question(
            user_id="U0ALONE", text="why", language="en", lesson_id=lesson_id, score=1.0
        )
    result = stats.report(store, bank, min_group=5)
    for figures in (result.totals, *(g.figures for g in result.by_topic if g.figures.hidden)):
        assert figures.lessons_delivered is None and figures.completion_rate is None
        assert figures.questions_asked is None
        assert figures.questions_unanswered is None  # not 0: that would say "all answered"
    assert all(g.figures.lessons_delivered in (None, 0) for g in result.weekly)


def test_an_upgrade_fills_in_topics_and_keeps_only_the_first_click(fresh_db, bank):
    lesson = bank.lessons[0]
    old = version_7(fresh_db)
    for user_id in users(5):  # each answered wrongly, then clicked the right option too
        for kind in ("delivered", "quiz_wrong", "quiz_right", "completed", "completed"):
            old.execute(
                "INSERT INTO events (at, user_id, kind, lesson_id) VALUES (?, ?, ?, ?)",
                ["2024-05-02T10:00:00+00:00", user_id, kind, lesson.id],
            )
    old.conn.commit()
    old.close()

    store = Store(fresh_db)
    store.events.set_topics({lesson.id: lesson.topic for lesson in bank})
    result = stats.report(store, bank, min_group=5, today=date(2024, 5, 2))
    topic = topic_group(result, lesson.topic).figures
    assert (topic.lessons_delivered, topic.completion_rate, topic.quiz_accuracy) == (5, 1.0, 0.0)
    assert result.totals.quiz_accuracy == 0.0  # the first answers were all wrong
    assert read(store, "SELECT COUNT(*) FROM upkeep") == [(0,)]  # done once
    store.close()


def test_a_double_click_records_one_first_answer(store, bank):
    lesson = bank.lessons[0]
    barrier = threading.Barrier(8)

    def click(kind: str) -> None:
        barrier.wait()
        store.events.record_first("U0CLICK", kind, lesson.id, one_of=("quiz_right", "quiz_wrong"))

    threads = [threading.Thread(target=click, args=(("quiz_right", "quiz_wrong")[n % 2],))
               for n in range(8)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([e for e in store.events.all("U0CLICK") if e["kind"].startswith("quiz_")]) == 1


def test_a_lesson_sent_while_its_learner_is_forgotten_is_not_logged(store, bank):
    lesson = bank.lessons[0]
    store.learners.enroll("U0GONE", source="self")
    claim = {"user_id": "U0GONE", "day": "2026-11-30", "kind": "lesson", "lesson_id": lesson.id,
             "reviews": (), "welcome": False}  # fmt: skip
    assert store.ledger.claim_many([claim], owner="test") == {"U0GONE"}
    store.privacy.forget("U0GONE")
    store.ledger.mark_sent(
        "U0GONE", "2026-11-30", channel="D1", ts="1.0", events=(("delivered", lesson.id),)
    )
    assert rows_naming(store, "U0GONE") == []


# --- the command line and the text ------------------------------------------------------------


@pytest.fixture
def coach_stats(store, bank, fresh_db):
    """Run `coach stats ARGS` over a store with some lessons taken, one of them removed since."""
    store.events.topics["gone-lesson"] = "transparency"
    for user_id in users(3):
        take(store, user_id, bank.lessons[0].id, "completed", "quiz_right", "rated_helpful")
        take(store, user_id, "gone-lesson", "quiz_wrong")
    env = {"COACH_DB": str(fresh_db), "COACH_LESSONS": str(LESSONS_DIR), "COACH_MIN_GROUP": "1"}
    return lambda *args: CliRunner().invoke(main, ["stats", *args], env=env)


def test_stats_csv_has_one_header_and_a_row_per_lesson_removed_ones_included(coach_stats, bank):
    result = coach_stats("--csv")
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header[:4] == ["lesson", "topic", "title", "in_bank"]
    assert header not in rows
    assert [row[0] for row in rows] == [lesson.id for lesson in bank] + ["gone-lesson"]
    assert rows[-1][1:4] == ["transparency", "gone-lesson", "no"]
    assert rows[0][header.index("lessons_delivered")] == "3"


def test_stats_json_has_the_totals_and_every_topic(coach_stats):
    result = coach_stats("--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"learners", *RATES, *COUNTS} <= set(report)
    assert len(report["by_topic"]) == 6
    assert all(set(topic) >= {*RATES, *COUNTS} for topic in report["by_topic"])
    assert report["lessons_delivered"] == 6 and report["quiz_accuracy"] == 0.5
    groups = [report, *report["by_topic"], *report["by_lesson"]]
    rates = [group[name] for group in groups for name in RATES]
    assert all(rate is None or 0 <= rate <= 1 for rate in rates)
    assert 1.0 in rates


def test_stats_refuses_json_and_csv_together(coach_stats):
    result = coach_stats("--json", "--csv")
    assert result.exit_code == 2
    assert "one of --json and --csv" in result.stderr


def test_the_text_report_shows_a_hidden_count_as_fewer_than_min_group(store, bank):
    lesson = bank.lessons[0]
    for user_id in users(4):
        store.learners.enroll(user_id, source="self")
        take(store, user_id, lesson.id, "completed")
    text = stats.as_text(stats.report(store, bank, min_group=5))
    [row] = [line for line in text.splitlines() if line.startswith(lesson.id + " ")]
    assert row.split()[1] == "<5"  # delivered
    assert "active <5" in text


def test_the_text_report_shows_a_hidden_rate_as_fewer_than_min_group(store, bank):
    lesson = bank.lessons[0]
    for user_id in users(4):
        take(store, user_id, lesson.id, "completed")
    text = stats.as_text(stats.report(store, bank, min_group=5))
    [row] = [line for line in text.splitlines() if line.startswith(lesson.id + " ")]
    assert row.split()[2] == "<5"  # completed


# --- the weeks of the period ------------------------------------------------------------------

WEDNESDAY = date(2026, 12, 2)


THIRTY_DAYS = [
    "2026-11-03 to 2026-11-08",
    "2026-11-09 to 2026-11-15",
    "2026-11-16 to 2026-11-22",
    "2026-11-23 to 2026-11-29",
    "2026-11-30 to 2026-12-02",
]


@pytest.mark.parametrize(
    ("days", "weeks"),
    [
        (1, ["2026-12-02 to 2026-12-02"]),
        (7, ["2026-11-26 to 2026-11-29", "2026-11-30 to 2026-12-02"]),
        (9, ["2026-11-24 to 2026-11-29", "2026-11-30 to 2026-12-02"]),
        (30, THIRTY_DAYS),
    ],
)
def test_the_weekly_figures_are_the_weeks_of_the_period(store, bank, days, weeks):
    result = stats.report(store, bank, days=days, today=WEDNESDAY)
    assert [g.name for g in result.weekly] == weeks
    assert all(date.fromisoformat(g.key).weekday() == 0 for g in result.weekly)  # Mondays


def test_a_week_cut_by_the_period_counts_only_its_days_in_it(store, bank):
    lesson = bank.lessons[0]
    for user_id in users(5):  # Tuesday of last week, and this Monday
        log_at(store, "2026-11-24T09:00:00+00:00", user_id, "delivered", lesson.id)
        log_at(store, "2026-11-30T09:00:00+00:00", user_id, "delivered", lesson.id)
    last_7 = stats.report(store, bank, days=7, today=WEDNESDAY)  # from Thursday 26 November
    assert [g.figures.lessons_delivered for g in last_7.weekly] == [0, 5]
    assert last_7.totals.lessons_delivered == 5  # the weeks add up to the period's total
    last_9 = stats.report(store, bank, days=9, today=WEDNESDAY)  # from Tuesday 24 November
    assert [g.figures.lessons_delivered for g in last_9.weekly] == [5, 5]


def test_the_text_report_shows_the_weeks_of_the_period(store, bank):
    text = stats.as_text(stats.report(store, bank, days=7, today=WEDNESDAY))
    weekly = text.split("By week")[1].split("\n\n")[0].splitlines()[2:]
    assert [row.split("  ")[0] for row in weekly] == [
        "2026-11-26 to 2026-11-29",
        "2026-11-30 to 2026-12-02",
    ]
