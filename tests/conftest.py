"""Shared fixtures: lesson files in a temporary bank, and a fresh database."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LESSONS_DIR = ROOT / "lessons"

_TEXT = {
    "en": {
        "title": "Say sorry like you mean it",
        "body": "A bakery's delivery van parks on a cycle lane. *Own it* in public.",
        "takeaway": "Apologise without 'if'.",
        "try_today": "Reread your last public statement.",
        "questions": ["how do we apologise in public", "sorry post after a mistake"],
        "quiz": {
            "question": "What belongs in a public apology?",
            "options": ["An excuse", "Responsibility and what changes", "A discount code"],
            "answer": 2,
            "explanation": "Responsibility and change make an apology credible.",
        },
    },
    "de": {
        "title": "Entschuldigen, wie man es meint",
        "body": "Ein Lieferwagen einer Bäckerei parkt auf dem Radweg. *Stehen Sie dazu*.",
        "takeaway": "Entschuldigen Sie sich ohne Wenn und Aber.",
        "try_today": "Lesen Sie Ihre letzte öffentliche Stellungnahme noch einmal.",
        "questions": ["Wie entschuldige ich mich öffentlich?", "Entschuldigung nach einem Fehler"],
        "quiz": {
            "question": "Was gehört in eine öffentliche Entschuldigung?",
            "options": ["Eine Ausrede", "Verantwortung und was sich ändert", "Ein Rabattcode"],
            "answer": 2,
            "explanation": "Verantwortung und Veränderung machen sie glaubwürdig.",
        },
    },
}


def lesson_data(lesson_id: str = "apology-test", **changes: object) -> dict:
    """Give a valid lesson as a dict; `changes` replace top-level fields."""
    data = {"id": lesson_id, "topic": "public-apology", "order": 10, **copy.deepcopy(_TEXT)}
    data.update(changes)
    return data


def write_lesson(directory: Path, name: str, content: dict | str) -> Path:
    """Write a lesson file (a dict is dumped as YAML, a str written as it is)."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    path.write_text(content, encoding="utf-8")
    return path


def pytest_xdist_auto_num_workers(config) -> int:
    """Give `-n auto` one worker more than the cores this process may use (eight at most): a
    worker waiting on a process, a server or a deadline leaves its core to the others."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min((cores or 1) + 1, 8)


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A temporary lesson folder holding one valid lesson."""
    directory = tmp_path / "lessons"
    write_lesson(directory, "apology-test.yaml", lesson_data())
    return directory


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def clean_environment(monkeypatch):
    """No SLACK_* or COACH_* setting from the shell running the tests; the real lesson bank."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "COACH_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_LESSONS", str(LESSONS_DIR))


def keep_model(db: Path) -> None:
    """Keep the real bank's topic model in the database at `db`, as a second start of `serve`
    finds it: a process started on it loads the model instead of fitting it again."""
    from bot import classifier
    from bot.lessons import load_bank
    from bot.store import Store

    store = Store(db)
    try:
        classifier.train(load_bank(LESSONS_DIR), store=store)
    finally:
        store.close()
