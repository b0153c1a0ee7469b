"""The lesson bank: the format, the validator's file:line messages, the editors' schema."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.lessons import (
    SCHEMA_COMMENT,
    SCHEMA_PATH,
    LessonBankError,
    check_bank,
    json_schema,
    lesson_files,
    load_bank,
)

from .conftest import LESSONS_DIR, lesson_data, write_lesson

GOOD = yaml.safe_dump(lesson_data(), allow_unicode=True, sort_keys=False)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """Give the 1-based line of the `occurrence`-th line containing `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[occurrence - 1]


def broken(**changes: object) -> str:
    return yaml.safe_dump(lesson_data(**changes), allow_unicode=True, sort_keys=False)


def without_english() -> str:
    data = lesson_data()
    del data["en"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def changed(value: object, *path: str | int) -> str:
    """Give the valid lesson's YAML with the field at `path` set to `value`."""
    data = lesson_data()
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


CASES = [
    # (file text, the line's marker, expected message part)
    (  # the line with the open bracket, not the next one where the parser stopped
        GOOD.replace("topic: public-apology", "topic: [public-apology"),
        "topic:",
        "YAML syntax error",
    ),
    (without_english(), "id:", "English version (en:) is missing"),
    (broken(topic="marketing"), "topic:", "unknown topic 'marketing'"),
    (changed(4, "en", "quiz", "answer"), "answer: 4", "quiz.answer 4 is out of range (3 options)"),
    (
        changed("T" * 151, "de", "title"),
        "title: TTT",
        "de.title is 151 characters; Slack shows at most 150",
    ),
    (
        changed("o" * 76, "en", "quiz", "options", 1),
        "- ooo",
        "en.quiz.options[2] is 76 characters; Slack shows at most 75",
    ),
    (changed("word " * 301, "en", "body"), "body:", "body has 301 words"),
    (changed("Apologise.", "en", "takeway"), "takeway:", "unknown field 'en.takeway'"),
    (
        broken(id="Apology Test"),
        "id:",
        "id 'Apology Test' must be lowercase words joined by hyphens",
    ),
    (GOOD.replace("order: 10", "order: 10\norder: 11"), "order: 11", "duplicate key 'order'"),
    (GOOD.replace("order: 10\n", ""), "id:", "order is missing"),
]


@pytest.mark.parametrize(("text", "marker", "message"), CASES, ids=[c[2][:30] for c in CASES])
def test_each_kind_of_broken_lesson_is_reported_with_file_and_line(tmp_path, text, marker, message):
    path = write_lesson(tmp_path, "broken.yaml", text)
    bank, problems = check_bank(tmp_path)
    assert len(bank) == 0
    assert len(problems) >= 1
    assert str(problems[0]).startswith(f"{path}:{line_of(text, marker)}: ")
    assert message in problems[0].message


def test_a_duplicate_id_names_both_files(tmp_path):
    first = write_lesson(tmp_path, "a.yaml", lesson_data())
    second = write_lesson(tmp_path, "b.yaml", lesson_data(order=20))
    _, problems = check_bank(tmp_path)
    assert [str(p) for p in problems] == [
        f"{second}:1: duplicate id 'apology-test', also in {first}:1"
    ]


def test_every_problem_in_the_bank_is_reported_at_once(tmp_path):
    write_lesson(tmp_path, "a.yaml", broken(topic="marketing"))
    write_lesson(tmp_path, "b.yaml", changed(9, "en", "quiz", "answer"))
    write_lesson(tmp_path, "c.yaml", lesson_data("apology-fine", order=30))
    with pytest.raises(LessonBankError) as raised:
        load_bank(tmp_path)
    assert len(raised.value.problems) == 2
    assert "a.yaml:" in str(raised.value) and "b.yaml:" in str(raised.value)


def test_a_valid_lesson_loads_with_both_languages(bank_dir):
    bank = load_bank(bank_dir)
    lesson = bank.get("apology-test")
    assert lesson.topic == "public-apology"
    assert lesson.text("de").title == "Entschuldigen, wie man es meint"
    assert lesson.text("en").quiz.options[lesson.text("en").quiz.answer - 1].startswith("Respons")


COURSE = {
    "welcome": {
        "de": {"title": "Willkommen", "text": "{lessons} Lektionen, {days} um {time} Uhr."},
        "en": {"title": "Welcome", "text": "{lessons} lessons, {days} at {time}."},
    },
    "complete": {
        "de": {"title": "Geschafft", "text": "Alle {lessons} Lektionen."},
        "en": {"title": "Done", "text": "All {lessons} lessons."},
    },
}


def course_yaml(message: str = "", language: str = "", text: str | None = None) -> str:
    data = copy.deepcopy(COURSE)
    if text is None and message:
        del data[message][language]
    elif message:
        data[message][language]["text"] = text
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_course_messages_load_with_the_lessons(bank_dir):
    write_lesson(bank_dir, "course.yaml", course_yaml())
    bank = load_bank(bank_dir)
    assert len(bank) == 1  # course.yaml is not taken for a lesson
    assert bank.course.welcome.text("de").title == "Willkommen"
    assert bank.course.complete.text("en").text == "All {lessons} lessons."


@pytest.mark.parametrize(
    ("text", "marker", "message"),
    [
        (
            course_yaml("complete", "en", "All {lessons} lessons at {time}."),
            "All {lessons} lessons at",
            "complete.en.text: unknown placeholder {time}; use {lessons}",
        ),
        (
            course_yaml("welcome", "de", "Willkommen {name}!"),
            "Willkommen {name}",
            "welcome.de.text: unknown placeholder {name}; use {lessons}, {time}, {days}, {first}",
        ),
        (
            course_yaml("welcome", "en", "Hello {"),
            "Hello {",
            "welcome.en.text: a lone { or }",
        ),
        (
            course_yaml("complete", "de"),
            "complete:",
            "complete: the German version (de:) is missing",
        ),
    ],
)
def test_a_broken_course_message_is_reported_with_its_line(bank_dir, text, marker, message):
    path = write_lesson(bank_dir, "course.yaml", text)
    bank, problems = check_bank(bank_dir)
    assert bank.course is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:{line_of(text, marker)}: {message}")


def test_every_lesson_file_points_editors_at_the_schema():
    for path in lesson_files(LESSONS_DIR):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT, path


def test_the_editors_schema_is_the_validators_model():
    # Regenerate with: python -c "from bot.lessons import write_schema; write_schema()"
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema()


def test_validate_command_passes_on_the_bank_and_fails_on_a_broken_one(tmp_path):
    ok = CliRunner().invoke(main, ["validate", str(LESSONS_DIR)])
    assert ok.exit_code == 0, ok.output
    text = changed(5, "en", "quiz", "answer")
    path = write_lesson(tmp_path, "x.yaml", text)
    bad = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert bad.exit_code == 1
    assert bad.stdout.splitlines()[0] == (
        f"{path}:{line_of(text, 'answer: 5')}: quiz.answer 5 is out of range (3 options)"
    )
