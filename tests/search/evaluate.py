"""Judges the search on the held-out questions in questions.yaml."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.lessons import Bank
from bot.search import Searcher

QUESTIONS = Path(__file__).with_name("questions.yaml")


@dataclass
class Figures:
    on_topic: int = 0
    on_topic_right: int = 0
    off_topic: int = 0
    off_topic_refused: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)

    @property
    def on_topic_rate(self) -> float:
        return self.on_topic_right / self.on_topic

    @property
    def off_topic_rate(self) -> float:
        return self.off_topic_refused / self.off_topic


def evaluate(searcher: Searcher | Bank, questions: Path = QUESTIONS) -> Figures:
    """Ask every held-out question; count the right topic first and the refused off-topic ones."""
    if isinstance(searcher, Bank):
        searcher = Searcher(searcher)
    figures = Figures()
    for item in yaml.safe_load(questions.read_text(encoding="utf-8")):
        best = searcher.ask(item["q"]).best
        got = best.lesson.topic if best else None
        right = got == item["topic"]
        if item["topic"] is None:
            figures.off_topic += 1
            figures.off_topic_refused += right
        else:
            figures.on_topic += 1
            figures.on_topic_right += right
        kind = figures.by_kind[f"{item['kind']} ({item['lang']})"]
        kind[0] += right
        kind[1] += 1
        if not right:
            figures.misses.append(f"{item['q']!r}: expected {item['topic']}, got {got}")
    return figures
