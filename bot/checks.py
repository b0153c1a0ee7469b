"""`coach check`: one verdict per thing an operator can get wrong, with the fix.

The verdicts that need no Slack live here (the database, the lesson bank); bot/slack/check.py
asks Slack about the token, its scopes, DMs and the audience.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lessons import check_bank
from .store.errors import DatabaseError, diagnose

MARKS = {True: "✓", False: "✗", None: "-"}


@dataclass(frozen=True)
class Check:
    """One verdict: `ok` None when it could not be checked (an earlier check failed)."""

    name: str
    ok: bool | None
    text: str
    fix: str = ""

    def line(self) -> str:
        """Give the verdict as the one line `check` prints."""
        fix = f" Fix: {self.fix}" if self.fix and self.ok is False else ""
        return f"{MARKS[self.ok]} {self.name}: {self.text}{fix}"


def passed(checks: list[Check]) -> bool:
    """Say whether no check failed (one not checked is not a failure by itself)."""
    return all(check.ok is not False for check in checks)


def database_check(path: Path) -> Check:
    """Give the verdict on the database in COACH_DB: intact, writable, room on its disk."""
    try:
        return Check("database", True, diagnose(path))
    except DatabaseError as error:
        return Check("database", False, f"COACH_DB={error.path}: {error.problem}.", error.fix)


def lessons_check(directory: Path) -> Check:
    """Give the verdict on the lesson bank in COACH_LESSONS, as `validate` finds it."""
    bank, problems = check_bank(directory)
    if problems:
        many = f"{len(problems)} problems, the first" if len(problems) > 1 else "1 problem"
        fix = (
            f"`coach validate {directory}` lists them; `serve` does not start until they are fixed"
        )
        return Check("lesson bank", False, f"{many}: {problems[0]}", fix)
    topics = len({lesson.topic for lesson in bank})
    return Check("lesson bank", True, f"{len(bank)} lessons in {topics} topics in {directory}")
