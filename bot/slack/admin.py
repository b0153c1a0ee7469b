"""/coach stats and /coach gaps: the admins' figures, refused politely to everyone else."""

from __future__ import annotations

from slack_sdk import WebClient

from .. import stats
from ..coaching import Coach
from .blocks import notice_blocks, t
from .dashboard import gaps_blocks, stats_blocks
from .enrolment import is_admin

REPORTS = ("stats", "gaps")
MAX_DAYS = 365


def is_report(rest: str) -> bool:
    """Say whether the words after stats or gaps ask for a report: none, or a number of days."""
    rest = rest.strip()
    return not rest or (rest.isdigit() and 1 <= int(rest) <= MAX_DAYS)


def answer(
    coach: Coach, client: WebClient, user_id: str, word: str, rest: str
) -> tuple[list[dict], str]:
    """Give the blocks and text of /coach stats [DAYS] or /coach gaps [DAYS] for `user_id`."""
    language = coach.language_for(user_id)
    if not is_admin(coach, client, user_id):
        text = t(language, "admins_only")
        return notice_blocks(text), text  # no figure, not even a count, reaches a non-admin
    days = int(rest) if rest.strip() else 30
    report = stats.report(coach.store, coach.bank, days=days, min_group=coach.settings.min_group)
    if word == "gaps":
        return gaps_blocks(report, language), t(language, "gaps_title", days=days)
    return stats_blocks(report, coach.bank, language), t(language, "stats_title", days=days)
