"""Buttons: reading a whole lesson from an answer."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond

from ..coaching import Coach
from . import blocks


def register(app: App, coach: Coach) -> None:
    """Add the button listeners to `app`."""

    def ack_only(ack: Ack) -> None:
        ack()

    def show_lesson(body: dict, respond: Respond) -> None:
        lesson_id, _, language = body["actions"][0]["value"].partition("|")
        lesson = coach.bank.get(lesson_id)
        language = language if language in ("de", "en") else coach.settings.language
        if lesson is None:
            message = blocks.t(language, "lesson_gone")
            respond(replace_original=False, response_type="ephemeral", text=message)
            return
        respond(
            replace_original=True,
            response_type="ephemeral",
            blocks=blocks.lesson_blocks(lesson, language),
            text=blocks.escape(lesson.text(language).title),
        )

    pattern = re.compile(rf"^{blocks.READ_LESSON}_\d+$")
    app.action(pattern)(ack=ack_only, lazy=[show_lesson])
