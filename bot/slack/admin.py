"""/coach stats, gaps and digest: the admins' figures (the router refuses everyone else)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..coaching import Coach
from ..digest import digest, this_week
from .blocks import notice_blocks, t
from .dashboard import digest_blocks, gaps_blocks, stats_blocks

MAX_DAYS = 365
DEFAULT_DAYS = 30
_DAYS = re.compile(r"[0-9]{1,3}")


def days(argument: str) -> int | None:
    """Give the number of days asked for after stats or gaps (30 for none); None if it is not
    a whole number from 1 to MAX_DAYS written in digits."""
    argument = argument.strip()
    if not argument:
        return DEFAULT_DAYS
    if not _DAYS.fullmatch(argument) or not 1 <= int(argument) <= MAX_DAYS:
        return None
    return int(argument)


def answer(coach: Coach, user_id: str, word: str, rest: str) -> tuple[list[dict], str]:
    """Give the blocks and text of /coach stats [DAYS] or /coach gaps [DAYS] for `user_id`,
    an admin (the router checks)."""
    language = coach.language_for(user_id)
    period = days(rest)
    if period is None:
        text = t(language, "days_usage", command=word, most=MAX_DAYS)
        return notice_blocks(text), text
    report = coach.report(days=period)
    if word == "gaps":
        title = t(language, "gaps_title", n=period)
        return gaps_blocks(report, language, bank=coach.bank), title
    return stats_blocks(report, coach.bank, language), t(language, "stats_title", n=period)


def digest_now(coach: Coach, user_id: str, zone: str) -> tuple[list[dict], str]:
    """Give this week's Monday digest for `user_id`, an admin, as it is sent (the week of
    `zone`, their time zone); shown, not sent, and nothing is recorded."""
    language = coach.language_for(user_id)
    week = this_week(zone, datetime.now(timezone.utc))
    figures = digest(coach, week)
    blocks = digest_blocks(figures.last, figures.before, figures.new_gaps, language)
    note = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": t(language, "digest_preview")}],
    }
    return [*blocks, note], t(language, "digest_alt")
