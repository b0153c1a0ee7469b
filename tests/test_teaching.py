"""Teaching the coach from the terminal: `coach teach`, `teach --undo` and `taught`."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from bot.lessons import load_bank
from bot.teaching import key

from .conftest import LESSONS_DIR

GERMAN = "Wie häufig sollen wir über unsere Bäckerei posten?"
GERMAN_TYPED_DIFFERENTLY = [
    "wie häufig sollen wir über unsere bäckerei posten",  # case, no punctuation
    "WIE HAEUFIG SOLLEN WIR UEBER UNSERE BAECKEREI POSTEN???",  # ae for ä, shouting
    "Wie haufig sollen wir uber unsere Backerei posten?",  # umlauts left out
    "Wie   häufig sollen wir denn eigentlich über unsere Bäckerei posten ?!",  # fillers, spaces
    "Über unsere Bäckerei: wie häufig sollen wir posten?",  # another order
]
ENGLISH = "Do we need an editorial calendar?"
ENGLISH_TYPED_DIFFERENTLY = [
    "do we need an editorial calendar",
    "DO WE REALLY NEED AN EDITORIAL CALENDAR?!",
    "Do we need an editorial calendar, please?",
    "An editorial calendar: do we need it?",
]
# With a greeting and fillers the key keeps: answered all the same (the search learns the
# taught question as one of the lesson's example questions).
CHATTY = {
    GERMAN: "Hallo! Wie häufig sollen wir eigtl über unsere Bäckerei posten?",
    ENGLISH: "Hi coach, do we actually need an editorial calendar?",
}


@pytest.mark.parametrize(
    ("question", "typed_differently"),
    [(GERMAN, GERMAN_TYPED_DIFFERENTLY), (ENGLISH, ENGLISH_TYPED_DIFFERENTLY)],
    ids=["de", "en"],
)
def test_a_question_typed_differently_has_the_same_key(question, typed_differently):
    assert key(question)
    assert {key(typed) for typed in typed_differently} == {key(question)}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (GERMAN, "Wie häufig sollen wir über unsere Brauerei posten?"),
        (ENGLISH, "Do we need an editorial team?"),
        ("Should the intern post alone?", "Should the intern post?"),
        # Question words and negations make another question.
        ("When should we post about the strike?", "What should we post about the strike?"),
        ("Should we delete negative comments?", "Should we not delete negative comments?"),
        ("Who answers comments at night?", "Why answer comments at night?"),
        # One word of content: only that question as typed, not every question about it.
        ("Kann ich das alles einfach einer Agentur geben?", "Agentur?"),
    ],
)
def test_different_questions_have_different_keys(one, other):
    assert key(one) != key(other)


@pytest.fixture
def run(tmp_path: Path):
    """Run a `coach` command in this process against a fresh database."""
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("SLACK_", "COACH_"))
    }
    env.update({"COACH_DB": str(tmp_path / "coach.db"), "COACH_LESSONS": str(LESSONS_DIR)})
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def first_lesson(run, question: str) -> str | None:
    result = run("ask", "--json", question)
    assert result.exit_code == 0, result.stderr
    matches = json.loads(result.stdout)["matches"]
    return matches[0]["lesson"] if matches else None


def other_lesson(run, question: str) -> str:
    """Give a lesson the bank does not offer for `question` (so teaching it shows)."""
    result = json.loads(run("ask", "--json", question).stdout)
    offered = {match["lesson"] for match in result["matches"] + result["suggestions"]}
    return next(lesson.id for lesson in load_bank(LESSONS_DIR) if lesson.id not in offered)


@pytest.mark.parametrize(
    ("question", "typed_differently"),
    [(GERMAN, GERMAN_TYPED_DIFFERENTLY), (ENGLISH, ENGLISH_TYPED_DIFFERENTLY)],
    ids=["de", "en"],
)
def test_a_taught_question_gets_its_lesson_first_also_typed_differently(
    run, question, typed_differently
):
    typed = [question, *typed_differently, CHATTY[question]]
    others = ["how do we apologize publicly", "Wie beantrage ich Urlaub?"]
    undone = [question, typed_differently[1]]  # checked again after the undo
    before = {text: first_lesson(run, text) for text in undone + others}
    lesson_id = other_lesson(run, question)
    result = run("teach", lesson_id, question)
    assert result.exit_code == 0, result.stderr
    assert lesson_id in result.stdout
    for text in typed:
        assert first_lesson(run, text) == lesson_id, text
    # Teaching one question does not change the answer to others.
    assert {text: first_lesson(run, text) for text in others} == {t: before[t] for t in others}
    result = run("teach", "--undo", lesson_id, *typed_differently[0].split())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Undone")
    assert {text: first_lesson(run, text) for text in undone} == {t: before[t] for t in undone}


def test_teaching_an_unknown_lesson_exits_1_naming_it(run):
    result = run("teach", "no-such-lesson", GERMAN)
    assert result.exit_code == 1
    assert "no-such-lesson" in result.stderr
    assert "coach ask --json" in result.stderr  # where to find the ids
    assert "# No questions have been taught yet." in run("taught").stdout


@pytest.mark.parametrize("question", ["???", "  ", "the and of"])
def test_a_question_without_words_to_recognise_exits_1(run, question):
    lesson_id = load_bank(LESSONS_DIR).lessons[0].id
    result = run("teach", lesson_id, question)
    assert result.exit_code == 1
    assert "no words" in result.stderr


def test_undoing_what_was_not_taught_exits_1(run):
    lesson_id = load_bank(LESSONS_DIR).lessons[0].id
    result = run("teach", "--undo", lesson_id, GERMAN)
    assert result.exit_code == 1
    assert lesson_id in result.stderr and GERMAN in result.stderr


def test_teaching_again_replaces_the_lesson(run):
    bank = load_bank(LESSONS_DIR)
    first, second = bank.lessons[0].id, bank.lessons[1].id
    run("teach", first, ENGLISH)
    run("teach", second, ENGLISH.lower())
    assert first_lesson(run, ENGLISH) == second
    listed = yaml.safe_load(run("taught").stdout)
    assert [questions for files in listed.values() for questions in files.values()] == [
        [ENGLISH.lower()]
    ]


def test_taught_prints_yaml_per_lesson_file_and_language(run):
    bank = load_bank(LESSONS_DIR)
    german_lesson, english_lesson = bank.lessons[0], bank.lessons[-1]
    assert run("teach", german_lesson.id, GERMAN).exit_code == 0
    assert run("teach", german_lesson.id, "Brauchen wir einen Redaktionsplan?").exit_code == 0
    assert run("teach", english_lesson.id, ENGLISH).exit_code == 0
    result = run("taught")
    assert result.exit_code == 0
    assert result.stdout.startswith("#")  # a comment saying what to do with it
    listed = yaml.safe_load(result.stdout)
    files = {Path(name).resolve(): languages for name, languages in listed.items()}
    assert files == {
        bank.paths[german_lesson.id].resolve(): {
            "de": [GERMAN, "Brauchen wir einen Redaktionsplan?"]
        },
        bank.paths[english_lesson.id].resolve(): {"en": [ENGLISH]},
    }
    # Once undone, a question is no longer listed.
    run("teach", "--undo", german_lesson.id, GERMAN)
    listed = yaml.safe_load(run("taught").stdout)
    assert GERMAN not in json.dumps(listed, ensure_ascii=False)


def test_a_taught_question_is_stored_without_who_asked(run, tmp_path):
    lesson_id = load_bank(LESSONS_DIR).lessons[0].id
    run("teach", lesson_id, ENGLISH)
    with sqlite3.connect(tmp_path / "coach.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(taught)")]
        rows = db.execute("SELECT * FROM taught").fetchall()
    assert columns == ["key", "question", "lesson_id", "language", "taught_at"]  # no one
    assert [row[columns.index("question")] for row in rows] == [ENGLISH]
    assert [row[columns.index("lesson_id")] for row in rows] == [lesson_id]


def test_a_process_sees_a_question_taught_elsewhere_once_its_check_interval_has_passed(tmp_path):
    """What makes "within a minute in any other process": each looks at the store's version."""
    from bot.store import Store
    from bot.teaching import Teachings

    bank = load_bank(LESSONS_DIR)
    now = [0.0]
    here = Teachings(Store(tmp_path / "coach.db"), bank, check_every=5.0, clock=lambda: now[0])
    elsewhere = Teachings(Store(tmp_path / "coach.db"), bank)
    lesson_id = bank.lessons[0].id
    elsewhere.teach(lesson_id, ENGLISH)
    now[0] = 4.9
    assert here.lesson_for(ENGLISH) is None  # not looked yet
    now[0] = 5.0
    assert here.lesson_for(ENGLISH_TYPED_DIFFERENTLY[1]) == lesson_id
    elsewhere.undo(lesson_id, ENGLISH)
    now[0] = 10.0
    assert here.lesson_for(ENGLISH) is None
