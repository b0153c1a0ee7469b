"""/coach my data and /coach forget me: what is stored about a manager, and erasing it."""

from __future__ import annotations

import logging
from collections import Counter

from slack_bolt import Ack, App, Respond
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from ..coaching import Coach
from .blocks import escape, notice_blocks, t, to_dicts
from .dashboard import verbatim

logger = logging.getLogger(__name__)

FORGET_YES, FORGET_NO = "forget_yes", "forget_no"
LATEST = 10  # rows shown of a long list, newest first
SECTION = 2900  # characters of a section's text (Slack allows 3000)


def my_data_blocks(coach: Coach, user_id: str, language: str) -> tuple[list[dict], str]:
    """Give every row stored about `user_id`, table by table, and the fallback text."""
    data = {table: rows for table, rows in coach.store.personal_data(user_id).items() if rows}
    title = t(language, "my_data_title")
    if not data:
        return notice_blocks(t(language, "my_data_nothing")), t(language, "my_data_nothing")
    result: list[Block] = [HeaderBlock(text=title)]
    for table, rows in data.items():
        if table == "events":
            asked = [row for row in rows if row["kind"] == "asked"]
            other = [row for row in rows if row["kind"] != "asked"]
            if other:
                result.append(SectionBlock(text=verbatim(_events(other, language))))
            if asked:
                result.append(SectionBlock(text=verbatim(_questions(asked, language))))
            continue
        heading = _heading(table, language, len(rows))
        lines = [_row(row) for row in reversed(rows[-LATEST:])]
        if len(rows) > LATEST:
            lines.append(t(language, "my_data_more", n=len(rows) - LATEST))
        text = _cut(heading + "\n" + "\n".join(lines))
        result.append(SectionBlock(text=verbatim(text)))
    footer = t(
        language,
        "my_data_footer",
        n=coach.settings.min_group,
        days=coach.settings.retention_days,
    )
    result.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    return to_dicts(result[:50]), title


def _heading(table: str, language: str, count: int) -> str:
    key = f"my_data_{table}"
    try:
        return t(language, key, n=count)
    except KeyError:  # a table added later is still shown, under its own name
        return f"*{table}* ({count})"


def _events(rows: list[dict], language: str) -> str:
    kinds = Counter(row["kind"] for row in rows)
    lines = [
        t(language, "my_data_events", n=len(rows)),
        ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
    ]
    for row in reversed(rows[-LATEST:]):
        lines.append(" · ".join(filter(None, (row["at"], row["kind"], row["lesson_id"],
                                              row["detail"]))))  # fmt: skip
    if len(rows) > LATEST:
        lines.append(t(language, "my_data_more", n=len(rows) - LATEST))
    return _cut("\n".join(lines))


def _questions(rows: list[dict], language: str) -> str:
    lines = [t(language, "my_data_questions", n=len(rows))]
    for row in reversed(rows[-LATEST:]):
        helped = {1: "✓", 0: "✗"}.get(row["helpful"], "")
        lesson = row["lesson_id"] or "–"
        lines.append(f"{row['at']} · “{escape(row['text'][:200])}” → {lesson} {helped}".rstrip())
    if len(rows) > LATEST:
        lines.append(t(language, "my_data_more", n=len(rows) - LATEST))
    return _cut("\n".join(lines))


def _row(row: dict) -> str:
    values = (f"{key}: {escape(str(value))}" for key, value in row.items()
              if value not in (None, "") and key != "user_id")  # fmt: skip
    return " · ".join(values)


def _cut(text: str) -> str:
    """Give at most SECTION characters of whole lines (an escaped & is never cut in two)."""
    if len(text) <= SECTION:
        return text
    end = text.rfind("\n", 0, SECTION - 2)
    return text[: end if end > 0 else SECTION - 2] + "\n…"


def forget_blocks(language: str) -> tuple[list[dict], str]:
    """Give the question before erasing, with the buttons that confirm or keep."""
    buttons = [
        ButtonElement(
            text=t(language, "forget_yes"), action_id=FORGET_YES, value="yes", style="danger"
        ),
        ButtonElement(text=t(language, "forget_no"), action_id=FORGET_NO, value="no"),
    ]
    text = t(language, "forget_confirm")
    return to_dicts([SectionBlock(text=text), ActionsBlock(elements=buttons)]), text


def register(app: App, coach: Coach) -> None:
    """Add the listeners of forget me's buttons."""

    def ack_only(ack: Ack) -> None:
        ack()

    def confirmed(body: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        language = coach.language_for(user_id)
        erased = coach.store.forget(user_id)
        logger.info("forgot a user on their request (%d rows)", erased)
        text = t(language, "forgotten")
        respond(replace_original=True, response_type="ephemeral", text=text)

    def kept(body: dict, respond: Respond) -> None:
        text = t(coach.language_for(body["user"]["id"]), "forget_kept")
        respond(replace_original=True, response_type="ephemeral", text=text)

    app.action(FORGET_YES)(ack=ack_only, lazy=[confirmed])
    app.action(FORGET_NO)(ack=ack_only, lazy=[kept])
