"""Buttons: reading a whole lesson from an answer; the daily DM's quiz and feedback."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from .. import learners
from ..coaching import Coach
from . import blocks, daily
from .blocks import t

logger = logging.getLogger(__name__)


def register(app: App, coach: Coach) -> None:
    """Add the button listeners to `app`."""

    def ack_only(ack: Ack) -> None:
        ack()

    def show_lesson(body: dict, client: WebClient, respond: Respond) -> None:
        # A modal over the answer: the answer, its other buttons and a thread's message stay.
        lesson_id, _, language = body["actions"][0]["value"].partition("|")
        if language not in ("de", "en"):
            language = coach.language_for(body["user"]["id"])
        lesson = coach.bank.get(lesson_id)
        try:
            client.views_open(
                trigger_id=body["trigger_id"], view=blocks.lesson_modal(lesson, language)
            )
        except (SlackApiError, SlackClientError) as error:
            # The trigger lasts 3 seconds: late, the lesson comes below the answer, to the
            # clicker alone.
            logger.warning("views.open for a lesson failed (%s); sending it instead", error)
            content = blocks.lesson_blocks(lesson, language) if lesson else None
            text = blocks.t(language, "lesson_gone") if lesson is None else ""
            respond(replace_original=False, response_type="ephemeral", blocks=content,
                    text=text or blocks.escape(lesson.text(language).title))  # fmt: skip

    def did_it_help(body: dict, respond: Respond) -> None:
        # The first say counts: the buttons give way to what was recorded, so what the person
        # sees is what the gaps list and the figures keep.
        action = body["actions"][0]
        user_id = body["user"]["id"]
        clicked = action["action_id"] == blocks.ANSWER_HELPED
        recorded = None
        if action.get("value", "").isdigit():
            recorded = coach.store.answer_helped(int(action["value"]), user_id, helpful=clicked)
        if recorded is None:
            return  # not this person's question: nothing was recorded, nothing changes
        language = coach.language_for(user_id)
        note = t(language, "thanks_helped" if recorded else "thanks_not_helped")
        message = body.get("message") or {}
        respond(replace_original=True, text=message.get("text") or note,
                blocks=blocks.with_feedback_note(message.get("blocks") or [], note))  # fmt: skip

    pattern = re.compile(rf"^{blocks.READ_LESSON}_\d+$")
    app.action(pattern)(ack=ack_only, lazy=[show_lesson])
    feedback = re.compile(rf"^({blocks.ANSWER_HELPED}|{blocks.ANSWER_NOT_HELPED})$")
    app.action(feedback)(ack=ack_only, lazy=[did_it_help])


def register_daily(app: App, coach: Coach) -> None:
    """Add the listeners of the daily DM's buttons: quiz answers, got it, helpful or not."""

    def ack_only(ack: Ack) -> None:
        ack()

    def answer_quiz(body: dict, respond: Respond) -> None:
        action = body["actions"][0]
        lesson_id, number, kind = ([*action["value"].split("|"), "", ""])[:3]
        user_id = body["user"]["id"]
        review = kind == "review"
        result = learners.answer_quiz(coach, user_id, lesson_id, int(number or 0), review=review)
        language = coach.language_for(user_id)
        if result is None:
            respond(
                replace_original=False, response_type="ephemeral", text=t(language, "lesson_gone")
            )
            return
        feedback = daily.quiz_feedback(
            result.lesson, language, result.option, result.right, review=review
        )
        _update(body, respond, f"{daily.QUIZ_BLOCK}{lesson_id}", feedback)

    def got_it(body: dict, respond: Respond) -> None:
        lesson_id = body["actions"][0]["value"]
        learners.mark_read(coach, body["user"]["id"], lesson_id)
        _feedback(body, respond, lesson_id, done=True)

    def rated(body: dict, respond: Respond) -> None:
        action = body["actions"][0]
        user_id = body["user"]["id"]
        helpful = learners.rate(
            coach, user_id, action["value"], helpful=action["action_id"] == daily.HELPFUL
        )
        rating = daily.HELPFUL if helpful else daily.NOT_HELPFUL
        _feedback(body, respond, action["value"], rating=rating)

    def _feedback(
        body: dict, respond: Respond, lesson_id: str, *, done: bool = False, rating: str = ""
    ) -> None:
        # Got it and the rating each once, both on the same lesson: the row keeps what is
        # still to click under a note of what was.
        message = body.get("message") or {}
        shown = message.get("blocks") or []
        was_done, was_rated = daily.feedback_state(shown, lesson_id)
        language = coach.language_for(body["user"]["id"])
        row = daily.feedback_blocks(
            lesson_id, language, done=done or was_done, rating=was_rated or rating
        )
        new_blocks = daily.with_feedback(shown, lesson_id, row)
        respond(replace_original=True, blocks=new_blocks, text=message.get("text") or "")

    app.action(re.compile(rf"^{daily.QUIZ}_\d$"))(ack=ack_only, lazy=[answer_quiz])
    app.action(daily.GOT_IT)(ack=ack_only, lazy=[got_it])
    app.action(re.compile(rf"^({daily.HELPFUL}|{daily.NOT_HELPFUL})$"))(ack=ack_only, lazy=[rated])


def _update(body: dict, respond: Respond, block_id: str, replacement: list[dict]) -> None:
    """Replace one block of the DM the button was in, keeping the rest of the lesson."""
    message = body.get("message") or {}
    new_blocks = daily.replace_block(message.get("blocks") or [], block_id, replacement)
    respond(replace_original=True, blocks=new_blocks, text=message.get("text") or "")
