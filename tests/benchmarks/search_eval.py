"""Benchmark: how well and how fast the bank answers questions.

Quality: three sets of held-out questions in tests/search/, each written by a helper who never
saw the lessons. The search was tuned on the first two and on the tuning half of the third;
the third's test half was never looked at question by question (tests/search/evaluate.py). Each
set is answered by the search as it ships and by variants without one of its parts, to show
what each part earns. Per set: the right topic first (the first sure answer), the right topic
among the first three lessons offered (sure answers, then suggestions), and the off-topic
questions that got no lesson.
Speed: the time one question takes on the real bank and on 1,000 generated lessons, and the
time to fit the topic model.

Run: python tests/benchmarks/search_eval.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot import classifier, search  # noqa: E402
from bot.lessons import load_bank  # noqa: E402
from bot.search import Searcher  # noqa: E402
from tests.benchmarks.generate_bank import generate  # noqa: E402
from tests.benchmarks.slack_latency import questions  # noqa: E402
from tests.search.evaluate import evaluate, question_sets  # noqa: E402


class _NoStemming:
    def stemWord(self, word: str) -> str:
        return word


# name -> (patches, whether the topic model is used)
VARIANTS = {
    "as shipped": ([], True),
    "BM25 alone, coverage threshold (the last version)": ([], False),
    "topic model alone (no BM25 in the ranking)": (
        [mock.patch.object(search, "BM25_WEIGHT", 0.0)],
        True,
    ),
    "no off-topic decision (the model only ranks)": (
        [
            mock.patch.object(search, "OFF_TOPIC_CHANCE", 1.01),
            mock.patch.object(search, "DOUBT_CHANCE", 1.01),
        ],
        True,
    ),
    "without the example questions in BM25": (
        [mock.patch.dict(search.FIELD_WEIGHTS, {"questions": 0.0})],
        True,
    ),
    "without typo correction in BM25": (
        [mock.patch("bot.words.FuzzyIndex.closest", lambda self, word: None)],
        True,
    ),
    "without stemming in BM25": (
        [mock.patch.object(search, "stemmer", lambda language: _NoStemming())],
        True,
    ),
}


@contextmanager
def variant(name: str):
    """Switch off one part of the search for the length of the block."""
    patches, _ = VARIANTS[name]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in reversed(patches):
            patch.stop()


def quality() -> None:
    bank = load_bank(ROOT / "lessons")
    started = time.perf_counter()
    model = classifier.fit(*classifier.examples(bank))
    fitted = time.perf_counter() - started
    sets = question_sets()
    print(f"Bank of {len(bank)} lessons; topic model fitted in {fitted:.1f} s")
    print("Each cell: right topic first / right topic in the first three / off-topic refused\n")
    names = [name.replace(" (never tuned on)", "") for name in sets]
    print(f"{'variant':52}" + "".join(f"{name[:22]:>24}" for name in names))
    for name, (_, with_model) in VARIANTS.items():
        with variant(name):
            searcher = Searcher(bank, model=model if with_model else None)
            cells = []
            for items in sets.values():
                figures = evaluate(searcher, items, hide=True)
                cells.append(
                    f"{figures.on_topic_rate:.0%} / {figures.top3_rate:.0%} / "
                    f"{figures.off_topic_rate:.0%}"
                )
        print(f"{name:52}" + "".join(f"{cell:>24}" for cell in cells))
    searcher = Searcher(bank, model=model)
    print("\nAs shipped, per set:")
    for set_name, items in sets.items():
        figures = evaluate(searcher, items, hide=True)
        print(
            f"  {set_name}: {figures.first_right}/{figures.on_topic} right topic first, "
            f"{figures.top3_right}/{figures.on_topic} in the first three, "
            f"{figures.off_topic_refused}/{figures.off_topic} off-topic refused "
            f"({figures.off_topic_silent} without suggestions either)"
        )


def speed() -> None:
    asked = questions(2000)  # the held-out questions, every other one with a fresh typo
    with tempfile.TemporaryDirectory() as folder:
        banks = {
            "real bank": load_bank(ROOT / "lessons"),
            "1,000 lessons": load_bank(generate(Path(folder) / "lessons", 1000)),
        }
        print(
            f"\n{'bank':16} {'lessons':>8} {'fit s':>6} {'mean µs':>8} {'p50 µs':>8} {'p99 µs':>8}"
        )
        for name, bank in banks.items():
            started = time.perf_counter()
            model = classifier.fit(*classifier.examples(bank))
            fitted = time.perf_counter() - started
            searcher = Searcher(bank, model=model)
            for question in asked[:200]:  # warm: each word's share is worked out once
                searcher.ask(question)
            timings = []
            for question in asked:
                started = time.perf_counter()
                searcher.ask(question)
                timings.append((time.perf_counter() - started) * 1e6)
            timings.sort()
            print(
                f"{name:16} {len(bank):8d} {fitted:6.1f} {statistics.mean(timings):8.0f} "
                f"{timings[len(timings) // 2]:8.0f} {timings[int(len(timings) * 0.99)]:8.0f}"
            )


if __name__ == "__main__":
    quality()
    speed()
