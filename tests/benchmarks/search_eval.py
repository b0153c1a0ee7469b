"""Benchmark: how well and how fast the bank answers questions.

Quality: two sets of held-out questions in tests/search/ (each written by someone who did not read
the lessons; the search's thresholds were chosen on the first, never on the fresh one), answered
by the search as it ships and by simpler variants of it, to show what each part earns.
Speed: the time one question takes on the real bank and on 1,000 generated lessons.

Run: python tests/benchmarks/search_eval.py
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot import search  # noqa: E402
from bot.lessons import load_bank  # noqa: E402
from bot.search import Searcher  # noqa: E402
from tests.benchmarks.generate_bank import generate  # noqa: E402
from tests.benchmarks.slack_latency import questions  # noqa: E402
from tests.search.evaluate import QUESTIONS, evaluate  # noqa: E402


class _NoStemming:
    def stemWord(self, word: str) -> str:
        return word


@contextmanager
def variant(name: str):
    """Switch off one part of the search for the length of the block."""
    patches = {
        "as shipped": [],
        "no coverage threshold (always answers)": [mock.patch.object(search, "MIN_COVERAGE", 0.0)],
        "no field weights": [
            mock.patch.dict(search.FIELD_WEIGHTS, {field: 1.0 for field in search.FIELD_WEIGHTS})
        ],
        "without the example questions": [
            mock.patch.dict(search.FIELD_WEIGHTS, {"questions": 0.0})
        ],
        "without typo correction": [
            mock.patch("bot.words.FuzzyIndex.closest", lambda self, word: None)
        ],
        "without stemming": [mock.patch.object(search, "stemmer", lambda language: _NoStemming())],
    }[name]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.stop()


VARIANTS = [
    "as shipped",
    "no coverage threshold (always answers)",
    "no field weights",
    "without the example questions",
    "without typo correction",
    "without stemming",
]


class Fts5Searcher:
    """SQLite FTS5's own bm25() over the same stems and field weights, for comparison.

    It ranks whole-word matches only: no typo correction, compounds or coverage threshold.
    """

    def __init__(self, bank):
        self.bank = bank
        self.index = Searcher(bank)._indexes
        self.db = sqlite3.connect(":memory:")
        fields = list(search.FIELD_WEIGHTS)
        self.weights = ", ".join(str(search.FIELD_WEIGHTS[field]) for field in fields)
        self.db.execute(
            f"CREATE VIRTUAL TABLE lessons USING fts5(lang UNINDEXED, {', '.join(fields)})"
        )
        for number, lesson in enumerate(bank):
            for language, index in self.index.items():
                text = lesson.text(language)
                values = [
                    " ".join(index.terms(" ".join(v) if isinstance(v, list) else v))
                    for v in (getattr(text, field) for field in fields)
                ]
                self.db.execute(
                    f"INSERT INTO lessons (rowid, lang, {', '.join(fields)}) "
                    f"VALUES (?, ?{', ?' * len(fields)})",
                    [number * 2 + (language == "en"), language, *values],
                )

    def ask(self, question: str):
        best = None
        for language, index in self.index.items():
            stems = {stem for stem in index.terms(question)}
            if not stems:
                continue
            query = " OR ".join(f'"{stem}"' for stem in stems)
            row = self.db.execute(
                f"SELECT rowid, bm25(lessons, 0, {self.weights}) AS rank FROM lessons "
                "WHERE lessons MATCH ? AND lang = ? ORDER BY rank LIMIT 1",
                [query, language],
            ).fetchone()
            if row and (best is None or row[1] < best[1]):
                best = row
        lesson = self.bank.lessons[best[0] // 2] if best else None
        match = search.Match(lesson, 0.0, "de", 1.0) if lesson else None
        return search.Answer((match,) if match else (), None)


QUESTION_SETS = {
    "first set (thresholds chosen on it)": QUESTIONS,
    "fresh set (never tuned on)": QUESTIONS.with_name("questions_fresh.yaml"),
}


def quality() -> None:
    bank = load_bank(ROOT / "lessons")
    for set_name, question_file in QUESTION_SETS.items():
        print(f"\nHeld-out questions, {set_name}, bank of {len(bank)} lessons")
        print(f"{'variant':42} {'right topic first':>18} {'off-topic refused':>18}")
        for name in VARIANTS:
            with variant(name):
                searcher = Searcher(bank, min_coverage=search.MIN_COVERAGE)
                print_figures(name, evaluate(searcher, question_file))
        print_figures(
            "SQLite FTS5 bm25(), same stems and weights",
            evaluate(Fts5Searcher(bank), question_file),
        )
        figures = evaluate(Searcher(bank), question_file)
        print("As shipped, by kind of question:")
        for kind, (right, total) in sorted(figures.by_kind.items()):
            print(f"  {kind:24} {right}/{total}")
        print("Misses:")
        for miss in figures.misses:
            print(f"  {miss}")


def print_figures(name: str, figures) -> None:  # type: ignore[no-untyped-def]
    on = f"{figures.on_topic_right}/{figures.on_topic} ({figures.on_topic_rate:.0%})"
    off = f"{figures.off_topic_refused}/{figures.off_topic} ({figures.off_topic_rate:.0%})"
    print(f"{name:42} {on:>18} {off:>18}")


def speed() -> None:
    asked = questions(2000)  # the held-out questions, every other one with a fresh typo
    with tempfile.TemporaryDirectory() as folder:
        banks = {
            "real bank": load_bank(ROOT / "lessons"),
            "1,000 lessons": load_bank(generate(Path(folder) / "lessons", 1000)),
        }
        print(f"\n{'bank':16} {'lessons':>8} {'mean µs':>8} {'p50 µs':>8} {'p99 µs':>8}")
        for name, bank in banks.items():
            searcher = Searcher(bank)
            timings = []
            for question in asked:
                started = time.perf_counter()
                searcher.ask(question)
                timings.append((time.perf_counter() - started) * 1e6)
            timings.sort()
            print(
                f"{name:16} {len(bank):8d} {statistics.mean(timings):8.0f} "
                f"{timings[len(timings) // 2]:8.0f} {timings[int(len(timings) * 0.99)]:8.0f}"
            )


if __name__ == "__main__":
    quality()
    speed()
