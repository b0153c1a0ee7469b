"""`coach demo`: the course in a terminal, a day per run, with the welcome, quizzes and help."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from bot import demo
from bot.cli import main
from bot.config import Settings
from bot.lessons import load_bank

from .conftest import LESSONS_DIR

TUESDAY = date(2026, 3, 3)
BANK = load_bank(LESSONS_DIR)


@pytest.fixture
def run_demo(tmp_path):
    """Run the demo once with `keys` typed (one answer per prompt); give what it printed."""

    def run(keys: list[str], *, language: str = "en", day: int | None = None) -> str:
        printed: list[str] = []
        typed = iter(keys)
        demo.run(
            Settings(lessons_dir=LESSONS_DIR, days="mon-fri"),
            language=language,
            echo=printed.append,
            prompt=lambda text: next(typed, ""),
            db_path=tmp_path / "coach-demo.db",
            day=day,
            today=TUESDAY,
        )
        return "\n".join(printed)

    return run


def answer(lesson_number: int, *, right: bool) -> str:
    quiz = BANK.lessons[lesson_number - 1].en.quiz
    return str(quiz.answer if right else quiz.answer % len(quiz.options) + 1)


def test_the_first_run_welcomes_and_gives_lesson_1_and_its_quiz(run_demo):
    shown = run_demo([answer(1, right=True)])
    first = BANK.lessons[0]
    assert "Welcome to your social media coaching" in shown
    assert "43 in all. Here is your first lesson." in " ".join(shown.split())  # as in Slack
    assert "/coach" not in shown.split("Lesson 1 of")[0]  # the welcome's Slack commands left out
    assert f"Lesson 1 of {len(BANK)}: {first.en.title}" in shown
    assert "Right." in shown
    assert "Day 1 of the course, 2026-03-03" in shown


def test_the_first_run_in_german_welcomes_in_german(run_demo):
    shown = run_demo([], language="de")
    assert "Willkommen beim Social-Media-Coaching" in shown
    assert "montags bis freitags um 09:00 Uhr" in " ".join(shown.split())
    assert f"Lektion 1 von {len(BANK)}: {BANK.lessons[0].de.title}" in shown


def test_each_run_the_same_day_is_the_next_day_of_the_course(run_demo):
    run_demo([answer(1, right=True)])
    second = run_demo([])
    third = run_demo([])
    assert "Welcome" not in second
    assert f"Lesson 2 of {len(BANK)}: {BANK.lessons[1].en.title}" in second
    assert "Day 2 of the course, 2026-03-04" in second
    assert f"Lesson 3 of {len(BANK)}: {BANK.lessons[2].en.title}" in third


def test_a_wrong_answer_comes_back_as_a_review_three_delivery_days_later(run_demo):
    shown = run_demo([answer(1, right=False)])
    assert "Not quite." in shown and "comes back for review" in shown
    for _ in range(2):
        assert "Review:" not in run_demo([])
    fourth = run_demo(["", answer(1, right=True)])  # Friday: lesson 4, then the review
    assert f"Review: {BANK.lessons[0].en.title}" in fourth
    assert "Day 4 of the course, 2026-03-06" in fourth


def test_day_n_jumps_to_that_day_and_day_1_starts_again(run_demo):
    run_demo([])
    fifth = run_demo([], day=5)
    assert f"Lesson 5 of {len(BANK)}: {BANK.lessons[4].en.title}" in fifth
    assert "Welcome" not in fifth
    again = run_demo([], day=1)
    assert "Welcome to your social media coaching" in again
    assert f"Lesson 1 of {len(BANK)}" in again


def test_after_the_last_lesson_the_course_complete_message(run_demo):
    shown = run_demo([], day=len(BANK) + 1)
    assert "You've finished the course" in shown


@pytest.mark.parametrize(("language", "word"), [("en", "help"), ("de", "hilfe"), ("de", "Help")])
def test_help_at_the_question_prompt_says_what_the_demo_does(run_demo, language, word):
    shown = run_demo(["", word], language=language)
    help_text = shown.split(f"{BANK.lessons[0].text(language).title}")[-1]
    assert "--day N" in help_text
    assert demo.TEXT[language]["none"] not in help_text  # not "no lesson covers that"


def test_a_question_gets_its_lesson(run_demo):
    shown = run_demo(["", "how do we apologise in public"])
    assert "An apology that is actually an apology" in shown


def test_the_command_line_demo_runs_without_slack_and_refuses_day_0(tmp_path, monkeypatch):
    runner = CliRunner()
    env = {"COACH_LESSONS": str(LESSONS_DIR), "SLACK_BOT_TOKEN": ""}
    monkeypatch.chdir(tmp_path)  # the demo keeps its database in the working folder
    result = runner.invoke(main, ["demo", "--lang", "en"], input="\n\n", env=env)
    assert result.exit_code == 0, result.output
    assert "Lesson 1 of" in result.output and "Run it again for day 2" in result.output
    again = runner.invoke(main, ["demo", "--lang", "en"], input="\n\n", env=env)
    assert "Lesson 2 of" in again.output
    refused = runner.invoke(main, ["demo", "--day", "0"], env=env)
    assert refused.exit_code == 2 and "--day" in refused.output
