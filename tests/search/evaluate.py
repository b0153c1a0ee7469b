"""Judges the answers on held-out questions, each written by someone who never saw the lessons.

Three sets: questions.yaml (the first, on which the first search was tuned), questions_fresh.yaml
(the second) and questions_third.yaml (the third, split with a fixed seed into a tuning half
and a test half: the search is tuned on the tuning half and the older sets, and reported on the
test half, which is never looked at question by question).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.lessons import Bank
from bot.search import Searcher

HERE = Path(__file__).parent
QUESTIONS = HERE / "questions.yaml"
FRESH = HERE / "questions_fresh.yaml"
THIRD = HERE / "questions_third.yaml"
SEED = 2026  # the third set's split; fixed, or the test half would mix with the tuning half


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def split(items: list[dict], *, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Give the tuning half and the test half, each with half of every topic and language."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for item in items:
        groups[(item["topic"], item["lang"])].append(item)
    rng = random.Random(seed)
    tuning, test = [], []
    for _, group in sorted(groups.items(), key=lambda pair: str(pair[0])):
        group = group[:]
        rng.shuffle(group)
        tuning += group[: len(group) // 2]
        test += group[len(group) // 2 :]
    return tuning, test


def question_sets() -> dict[str, list[dict]]:
    """Give each set to report by name: the older two whole, the third's two halves."""
    tuning, test = split(load(THIRD))
    return {
        "first set": load(QUESTIONS),
        "second set": load(FRESH),
        "third set, tuning half": tuning,
        "third set, test half (never tuned on)": test,
    }


@dataclass
class Figures:
    on_topic: int = 0
    first_right: int = 0  # the first confident match has the right topic
    offered_first_right: int = 0  # the first lesson offered (match, else suggestion) is right
    top3_right: int = 0  # the right topic among the first three lessons offered
    answered: int = 0  # on-topic questions with a confident match
    off_topic: int = 0
    off_topic_refused: int = 0  # no match
    off_topic_silent: int = 0  # no match and no suggestion
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)

    @property
    def on_topic_rate(self) -> float:
        return self.first_right / self.on_topic if self.on_topic else 1.0

    @property
    def top3_rate(self) -> float:
        return self.top3_right / self.on_topic if self.on_topic else 1.0

    @property
    def off_topic_rate(self) -> float:
        return self.off_topic_refused / self.off_topic if self.off_topic else 1.0


def evaluate(
    searcher: Searcher | Bank, questions: Path | list[dict] = QUESTIONS, *, hide: bool = False
) -> Figures:
    """Ask every question; count the right topics for on-topic ones, refusals for the others.

    `hide`: keep no misses (for the test half, which is never read question by question).
    """
    if isinstance(searcher, Bank):
        searcher = Searcher(searcher)
    items = load(questions) if isinstance(questions, Path) else questions
    figures = Figures()
    for item in items:
        answer = searcher.ask(item["q"])
        offered = [match.lesson.topic for match in (*answer.matches, *answer.suggestions)][:3]
        first = answer.matches[0].lesson.topic if answer.matches else None
        if item["topic"] is None:
            figures.off_topic += 1
            right = first is None
            figures.off_topic_refused += right
            figures.off_topic_silent += not offered
        else:
            figures.on_topic += 1
            right = first == item["topic"]
            figures.first_right += right
            figures.answered += first is not None
            figures.offered_first_right += bool(offered) and offered[0] == item["topic"]
            figures.top3_right += item["topic"] in offered
        kind = figures.by_kind[f"{item.get('kind', '?')} ({item['lang']})"]
        kind[0] += right
        kind[1] += 1
        if not right and not hide:
            got = first or (f"suggested {offered}" if offered else None)
            figures.misses.append(f"{item['q']!r}: expected {item['topic']}, got {got}")
    return figures
