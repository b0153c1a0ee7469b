"""Writes a lesson bank of N lessons for benchmarks, remixed from the real lessons."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from bot.lessons import BODY_MAX_WORDS, SCHEMA_COMMENT, load_bank

ROOT = Path(__file__).resolve().parents[2]


def generate(target: Path, count: int, *, seed: int = 7) -> Path:
    """Write `count` valid lessons to `target`, each the size of a real one.

    Each is a real lesson with one paragraph of its body swapped for one of another lesson and
    with example questions of both, so the lessons differ but read like the bank's own.
    """
    real = list(load_bank(ROOT / "lessons"))
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        base, other = rng.sample(real, 2)
        data = base.model_dump(mode="json")
        data["id"] = f"{base.id}-{number:04d}"
        data["order"] = 10_000 + number
        for language in ("de", "en"):
            text, mix = data[language], other.model_dump(mode="json")[language]
            paragraphs = text["body"].split("\n\n")
            paragraphs[rng.randrange(len(paragraphs))] = rng.choice(mix["body"].split("\n\n"))
            body = "\n\n".join(paragraphs)
            if len(body.split()) <= BODY_MAX_WORDS:  # a long paragraph swapped in: keep the own
                text["body"] = body
            text["title"] = f"{text['title']} ({number})"
            keep = len(text["questions"]) - 2
            text["questions"] = text["questions"][:keep] + rng.sample(mix["questions"], 2)
        path = target / data["topic"] / f"{data['id']}.yaml"
        path.parent.mkdir(exist_ok=True)
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(f"{SCHEMA_COMMENT}\n{dumped}", encoding="utf-8")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    arguments = parser.parse_args()
    generate(arguments.target, arguments.count)
    print(f"wrote {arguments.count} lessons to {arguments.target}")
