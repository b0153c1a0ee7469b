"""A YAML mistake in a lesson is reported at the line the author has to fix.

Each case breaks a copy of a real lesson the way an author's editor does (a key one space off,
a line pulled to column 0, a tab, a quote left open) and checks that `validate` points at the
broken line, not at the line where PyYAML happened to stop.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from bot.lessons import check_bank
from bot.yaml_errors import locate, parse_error

from .conftest import LESSONS_DIR

LESSON = LESSONS_DIR / "leadership" / "leadership-be-present.yaml"


def indent(line: str, width: int) -> str:
    return " " * width + line.lstrip(" ")


# (what the author did, line broken (1-based), how, a phrase the message must have)
CASES: list[tuple[str, int, Callable[[str], str], str]] = [
    ("de.title one space too far", 6, lambda line: indent(line, 3), "3 spaces here, but 2"),
    ("de.title one space short", 6, lambda line: indent(line, 1), "1 space here, but 2 would fit"),
    ("de.body at column 0", 7, lambda line: indent(line, 0), "0 spaces here, but 2"),
    ("a line of de.body at column 0", 10, lambda line: indent(line, 0), "0 spaces here, but 4"),
    ("de.takeaway one space too far", 19, lambda line: indent(line, 3), "3 spaces here, but 2 "),
    ("a quiz option two spaces short", 39, lambda line: indent(line, 4), "4 spaces here, but 6 "),
    ("quiz.answer at column 0", 42, lambda line: indent(line, 0), "0 spaces here, but 4"),
    ("en: one space in", 44, lambda line: indent(line, 1), "1 space here, but 0 would fit"),
    ("a tab before en.title", 45, lambda line: "\t" + line.lstrip(), "a tab here"),
    ("a quote left open", 45, lambda line: line.replace(": ", ': "', 1), "quoted scalar"),
    ("a stray quote", 19, lambda line: line.replace(": ", ": '", 1), "quoted text"),
    ("a bracket left open", 81, lambda line: line.replace(": ", ": [", 1), "flow sequence"),
]


@pytest.mark.parametrize(("_", "number", "breakage", "phrase"), CASES, ids=[c[0] for c in CASES])
def test_a_yaml_mistake_is_reported_at_the_broken_line(tmp_path, _, number, breakage, phrase):
    lines = LESSON.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[number - 1] = breakage(lines[number - 1])
    path = tmp_path / "leadership" / LESSON.name
    path.parent.mkdir()
    path.write_text("".join(lines), encoding="utf-8")
    shutil.copy(LESSONS_DIR / "course.yaml", tmp_path)

    _, problems = check_bank(tmp_path)

    assert [str(problem) for problem in problems] == [f"{path}:{number}: {problems[0].message}"]
    assert phrase in problems[0].message


def test_the_issues_case_names_the_line_the_parser_stopped_at_too():
    text = LESSON.read_text(encoding="utf-8").replace("  title: Schauen", "   title: Schauen")
    error = parse_error(text)
    assert error.problem_mark.line + 1 == 7  # where PyYAML stopped: the next key, body
    line, message = locate(text, error)
    assert line == 6
    assert message == (
        "YAML indentation: 3 spaces here, but 2 would fit "
        "(the YAML parser stopped at line 7: did not find expected key)"
    )


def test_a_mistake_the_parser_notices_on_its_own_line_is_reported_there():
    text = LESSON.read_text(encoding="utf-8").replace("order: 170", "order: 170: 180")
    line, message = locate(text, parse_error(text))
    assert line == 4
    assert message == "YAML syntax error: mapping values are not allowed in this context"
