"""Benchmark: the engagement report, the admin App Home and recording an event at scale.

Builds a database of 10,000 learners and about 1,000,000 events over the last year, shaped like
the course: each learner gets lessons on workdays from a start date, marks most read, answers
most quizzes (some wrongly, then reviews), rates some, asks questions, pauses now and then.
Measured (median and slowest of several runs, in this process):
- `stats.report` over the default 30 days and over the whole year (365 days);
- the admin's App Home view: the report plus building and validating its Block Kit;
- recording one event (`store.events.record`, one transaction each) on the full database;
- the database file's size per million events.

Run: python tests/benchmarks/stats_report.py [--learners 10000] [--events 1000000] [--keep DB]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot import stats  # noqa: E402
from bot.lessons import load_bank  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.schema import TALLY_EVENTS  # noqa: E402

QUESTIONS = [f"how do I handle case {n}" for n in range(400)] + [
    f"unanswered thing number {n}" for n in range(300)
]


def build(path: Path, learners: int, target: int, today: date) -> int:
    """Fill `path` with learners and about `target` events; give the number of events."""
    bank = load_bank(ROOT / "lessons")
    lessons = [(lesson.id, lesson.topic) for lesson in bank]
    Store(path).close()  # a new database, migrated
    rng = random.Random(7)
    users = [f"U{n:08d}" for n in range(learners)]
    statuses = ["active"] * 16 + ["paused", "paused", "unsubscribed", "inactive"]
    # A million events, loaded in bulk through a connection of the benchmark's own: one
    # transaction each through the store would take longer than the measurements.
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO learners (user_id, status, source, enrolled_at) VALUES (?, ?, ?, ?)",
            [(u, rng.choice(statuses), "audience", "2025-11-01") for u in users],
        )
    # Learners who started late have fewer events: generate a little more, then drop at random.
    per_learner = target / learners * 1.15
    rows: list[tuple] = []
    for user_id in users:
        rows += _learner_events(rng, user_id, lessons, today, per_learner)
    if len(rows) > target:
        rows = rng.sample(rows, target)
    rows.sort()
    with db:
        db.executemany(
            "INSERT INTO events (at, user_id, kind, lesson_id, topic, text, helpful)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute(TALLY_EVENTS)
    db.close()
    return len(rows)


def _learner_events(rng, user_id, lessons, today, per_learner):  # type: ignore[no-untyped-def]
    """One learner's year: lessons on workdays, with answers, ratings and questions."""
    events = []
    day = today - timedelta(days=rng.randrange(1, 365))
    lesson_number = 0
    while len(events) < per_learner and day <= today:
        if day.weekday() < 5:
            at = datetime(day.year, day.month, day.day, 8, rng.randrange(60), tzinfo=timezone.utc)
            lesson_id, topic = lessons[lesson_number % len(lessons)]
            lesson_number += 1
            events.append(_event(at, user_id, "delivered", lesson_id, topic))
            later = at + timedelta(minutes=rng.randrange(5, 600))
            if rng.random() < 0.7:
                events.append(_event(later, user_id, "completed", lesson_id, topic))
            if rng.random() < 0.6:
                right = rng.random() < 0.75
                kind = "quiz_right" if right else "quiz_wrong"
                events.append(_event(later, user_id, kind, lesson_id, topic))
                if not right:
                    review = later + timedelta(days=3)
                    events.append(_event(review, user_id, "review_right", lesson_id, topic))
            if rng.random() < 0.3:
                kind = "rated_helpful" if rng.random() < 0.8 else "rated_not_helpful"
                events.append(_event(later, user_id, kind, lesson_id, topic))
            if rng.random() < 0.1:
                text = rng.choice(QUESTIONS)
                matched = not text.startswith("unanswered")
                helpful = rng.choice([None, 1, 1, 0]) if matched else None
                events.append(
                    (later.isoformat(timespec="seconds"), user_id, "asked",
                     lesson_id if matched else None, topic if matched else None, text, helpful)
                )  # fmt: skip
            if rng.random() < 0.01:
                events.append(_event(later, user_id, "paused", None, None))
                events.append(_event(later + timedelta(days=2), user_id, "resumed", None, None))
        day += timedelta(days=1)
    return [e for e in events if e[0] < (today + timedelta(days=1)).isoformat()]


def _event(at, user_id, kind, lesson_id, topic):  # type: ignore[no-untyped-def]
    return (at.isoformat(timespec="seconds"), user_id, kind, lesson_id, topic, None, None)


def timed(function, runs: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Give the median, 99th percentile and slowest time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)], times[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at this path")
    args = parser.parse_args()

    from slack_sdk.models.views import View

    from bot.slack import dashboard  # the admin view's Block Kit

    today = datetime.now(timezone.utc).date()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "stats.db"
    if not path.exists():
        started = time.perf_counter()
        count = build(path, args.learners, args.events, today)
        print(f"built {count:,} events for {args.learners:,} learners in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    store = Store(path)
    bank = load_bank(ROOT / "lessons")
    count = store.events.count()
    size = path.stat().st_size
    print(f"database: {count:,} events, {size / 1e6:.0f} MB ({size / 1e6 / count * 1e6:.0f} MB "
          f"per million events, indexes and tallies included)")  # fmt: skip

    for days in (30, 365):
        median, _, worst = timed(lambda d=days: stats.report(store, bank, days=d), args.runs)
        print(f"report over {days:>3} days:  median {median:6.1f} ms, slowest {worst:6.1f} ms"
              "  (target: at most 300 ms)")  # fmt: skip

    def admin_home() -> None:
        blocks = dashboard.dashboard_blocks(stats.report(store, bank), bank, "en")
        View(type="home", blocks=blocks).validate_json()

    median, _, worst = timed(admin_home, args.runs)
    print(f"admin App Home view: median {median:6.1f} ms, slowest {worst:6.1f} ms"
          "  (target: at most 100 ms)")  # fmt: skip

    lesson = next(iter(bank))
    store.events.topics = {lesson.id: lesson.topic}
    users = iter(f"UBENCH{n:06d}" for n in range(10_000))  # new people: a first each time
    median, p99, worst = timed(
        lambda: store.events.record(next(users), "completed", lesson_id=lesson.id), 5000
    )
    print(f"record one event:   median {median:6.3f} ms, p99 {p99:6.3f} ms, slowest "
          f"{worst:6.3f} ms of 5,000  (target: at most 1 ms)")  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
