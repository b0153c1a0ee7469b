"""Teaching the coach from /coach gaps: an admin picks the lesson that answers a question.

The pick (or its undo) is checked against the admins, applied through `teaching`, and answered
by the gaps list as it now is, with a line that says what was taught and a button to undo it.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from ..coaching import Coach
from ..teaching import TeachingError
from . import admin
from .blocks import escape, t, to_dicts
from .clicks import ignore, read_click
from .dashboard import TEACH, TEACH_BLOCK, verbatim
from .users import ack_only, is_admin

logger = logging.getLogger(__name__)

UNDO = "teach_undo"


def register(app: App, coach: Coach) -> None:
    """Add the listeners of the gaps' lesson menus and of the undo button."""

    # Admins only (checked first, in _change); the question and the lesson must both exist.
    def picked(body: dict, client: WebClient, respond: Respond) -> None:
        click = read_click(body)
        if click is None:
            ignore("teach", "no user or action")
            return
        question_id, days = _numbers(click.block_id.removeprefix(TEACH_BLOCK))
        _change(coach, client, respond, click.user_id, question_id, click.selected, days)

    def undone(body: dict, client: WebClient, respond: Respond) -> None:
        click = read_click(body)
        if click is None:
            ignore("undo teaching", "no user or action")
            return
        question_id, lesson_id, days = ([*click.value.split("|")] + [""] * 3)[:3]
        _change(
            coach, client, respond, click.user_id, _number(question_id), lesson_id,
            _number(days), undo=True,
        )  # fmt: skip

    app.action(TEACH)(ack=ack_only, lazy=[picked])
    app.action(UNDO)(ack=ack_only, lazy=[undone])


def _change(
    coach: Coach,
    client: WebClient,
    respond: Respond,
    user_id: str,
    question_id: int,
    lesson_id: str,
    days: int,
    *,
    undo: bool = False,
) -> None:
    language = coach.language_for(user_id)
    if not is_admin(coach, client, user_id):
        respond(replace_original=False, response_type="ephemeral", text=t(language, "admins_only"))
        return
    question = coach.question_text(question_id)
    lesson = coach.bank.get(lesson_id)
    if question is None or lesson is None:
        key = "question_gone" if question is None else "lesson_gone"
        respond(replace_original=False, response_type="ephemeral", text=t(language, key))
        return
    try:
        if undo:
            coach.teachings.undo(lesson_id, question)
        else:
            coach.teachings.teach(lesson_id, question)
    except TeachingError as error:
        logger.warning("teaching refused: %s", error)
        respond(replace_original=False, response_type="ephemeral", text=t(language, "error"))
        return
    logger.info("an admin %s lesson %s for a question", "untaught" if undo else "taught", lesson_id)
    period = admin.days(str(days)) or admin.DEFAULT_DAYS
    gaps, text = admin.answer(coach, user_id, "gaps", str(period))
    said = t(
        language,
        "untaught" if undo else "taught",
        question=escape(question[:150]),
        title=escape(lesson.text(language).title),
    )
    note: list = [SectionBlock(text=verbatim(said))]
    if not undo:
        value = f"{question_id}|{lesson_id}|{period}"
        note.append(
            ActionsBlock(
                elements=[
                    ButtonElement(text=t(language, "teach_undo"), action_id=UNDO, value=value)
                ]
            )
        )
    respond(
        replace_original=True, response_type="ephemeral", blocks=to_dicts(note) + gaps, text=text
    )


def _numbers(text: str) -> tuple[int, int]:
    first, _, second = text.partition("|")
    return _number(first), _number(second)


def _number(text: str) -> int:
    return int(text) if re.fullmatch(r"[0-9]{1,12}", text or "") else 0
