"""The documentation tells the truth: every command is documented, the code is formatted."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import vocabulary as bot_vocabulary
from bot.cli import main
from bot.config import Settings
from bot.lessons import load_bank
from bot.slack.router import SUBCOMMANDS, Where, help_blocks
from bot.vocabulary import LANGUAGES, Word

from .conftest import LESSONS_DIR, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("subcommand", SUBCOMMANDS, ids=lambda subcommand: subcommand.name)
def test_every_coach_subcommand_is_in_the_help_and_the_readme(subcommand):
    for language in LANGUAGES:
        shown = str(help_blocks(language, where=Where.COMMAND, admin=True))
        assert f"/coach {subcommand.name}" in shown, language
        in_dm = str(help_blocks(language, where=Where.DM, admin=True))
        assert f"`{subcommand.name}" in in_dm and "/coach" not in in_dm, language
    assert f"/coach {subcommand.name}" in README


@pytest.mark.parametrize(
    "variable",
    [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "PORT",
        "COACH_DB",
        "COACH_LESSONS",
        "COACH_ADMINS",
        "COACH_AUDIENCE",
        "COACH_SEND_AT",
        "COACH_DAYS",
        "COACH_LANGUAGE",
        "COACH_MIN_GROUP",
        "COACH_RETENTION_DAYS",
    ],
)
def test_every_setting_is_in_the_readmes_configuration_table(variable):
    assert re.search(rf"^\| `{variable}` \|", README, re.MULTILINE), variable


def test_the_readme_documents_as_many_settings_as_the_app_has():
    documented = set(re.findall(r"^\| `((?:SLACK|COACH)_[A-Z_]+|PORT)` \|", README, re.MULTILINE))
    assert len(documented) == len(Settings.__dataclass_fields__)


def test_the_quick_start_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in README and ci.rstrip().endswith("python -m pytest")


@pytest.mark.parametrize("check", [["check", "."], ["format", "--check", "."]])
def test_the_code_passes_ruff(check):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *check], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_is_for_a_newcomer_and_its_links_resolve():
    assert len(README.splitlines()) <= 300
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if not target.startswith(("http://", "https://")):
                assert (page.parent / target).exists(), f"{page.name}: {target}"
    assert "docs/course.md" in README


def test_the_course_page_says_how_many_lessons_the_course_has():
    bank = load_bank(LESSONS_DIR)
    assert f"{len(bank)} lessons" in (ROOT / "docs" / "course.md").read_text(encoding="utf-8")


def test_the_deployment_page_uses_only_commands_that_exist():
    page = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    code = " ".join(re.findall(r"```.*?```|`[^`\n]+`", page, re.S))
    # Where a command starts: a line, a code span, after `;`, `$ `, a venv's bin/, or an image
    # called coach (`docker run … coach coach check`).
    used = set(re.findall(r"(?:^|[`;] ?|\$ |bin/|coach )coach (\w+)", code, re.M))
    assert {"serve", "check", "sync", "deliver", "backup", "manifest"} <= used
    assert used <= set(main.commands), used - set(main.commands)


def test_the_slack_package_goes_through_the_domain_never_the_store():
    """bot/slack translates between Slack and the domain: the rules (enroll and log it, who a
    deactivated account leaves) live in the domain modules, which alone use the store."""
    slack = ROOT / "bot" / "slack"
    reaching = [
        f"{path.name}:{number}"
        for path in sorted(slack.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".store." in line
    ]
    assert reaching == []


# The store's connection (`db`) and lock, and any part's private state, seen from outside.
INSIDE_THE_STORE = re.compile(r"\bstore(?:\.\w+)*\.(?:db\b|_\w+)|\.db\.(?:execute|conn)\b")


def test_the_tests_use_the_stores_parts_never_its_connection_or_lock():
    """Tests call the store's parts; a test of what is in the file reads it through a
    connection of its own. Only full_disk.py reaches in: no part can make a disk full."""
    tests = ROOT / "tests"
    reaching = [
        f"{path.relative_to(tests)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        if path.name not in {"full_disk.py", "test_docs.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INSIDE_THE_STORE.search(line)
    ]
    assert reaching == []


def test_no_function_is_harder_to_read_than_radon_grade_c():
    from radon.complexity import cc_rank, cc_visit

    hard = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({cc_rank(block.complexity)})"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > 20  # D starts at 21
    ]
    assert hard == []


# enrol, enrols, enrolment, unenrol (not enroll, enrolled, enrolling).
BRITISH_ENROL = re.compile(r"enrol(?!l)", re.IGNORECASE)


def _code_words(path: Path) -> Iterator[tuple[int, str]]:
    """Give the words a module's reader sees as its own: names, comments and docstrings (not
    the strings users read, which are British English), with their line numbers."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NAME, tokenize.COMMENT):
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield (node.body[0].lineno, docstring)


SPELLED = sorted((ROOT / "bot").rglob("*.py"))


@pytest.mark.parametrize("path", SPELLED, ids=lambda path: str(path.relative_to(ROOT / "bot")))
def test_the_code_spells_enroll_as_the_command_does(path):
    found = [f"{path.name}:{number}: {text.strip()[:60]}"
             for number, text in [(0, path.name), *_code_words(path)]
             if BRITISH_ENROL.search(text)]  # fmt: skip
    assert found == []


def test_no_module_spells_out_a_vocabulary_of_its_own():
    """A whole word-set such as ("de", "en") is written once, in bot/vocabulary.py."""
    whole = {frozenset(word.value for word in vocabulary) for vocabulary in _vocabularies()}
    spelled = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if path.name != "vocabulary.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Tuple, ast.List, ast.Set))
        and all(isinstance(item, ast.Constant) for item in node.elts)
        and frozenset(item.value for item in node.elts) in whole
    ]
    assert spelled == []


def _vocabularies() -> list[type[Word]]:
    return [
        value
        for value in vars(bot_vocabulary).values()
        if isinstance(value, type) and issubclass(value, Word) and value is not Word
    ]
