"""Buttons: reading a whole lesson from an answer; the daily DM's quiz and feedback."""

from __future__ import annotations

import logging
import re

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from .. import learners
from ..coaching import Coach
from ..vocabulary import LANGUAGES
from . import blocks, daily
from .blocks import t
from .clicks import Click, ignore, read_click, shown_message
from .users import ack_only

logger = logging.getLogger(__name__)


def register(app: App, coach: Coach) -> None:
    """Add the button listeners to `app`."""

    def show_lesson(body: dict, client: WebClient, respond: Respond) -> None:
        # A modal over the answer: the answer, its other buttons and a thread's message stay.
        # Showing a lesson stores nothing: any id may be asked for, and one not in the bank
        # (removed since the answer) says so.
        click = read_click(body)
        if click is None or not click.trigger_id:
            ignore("read the lesson", "no user, action or trigger")
            return
        lesson_id, _, language = click.value.partition("|")
        if language not in LANGUAGES:
            language = coach.language_for(click.user_id)
        lesson = coach.bank.get(lesson_id)
        try:
            client.views_open(
                trigger_id=click.trigger_id, view=blocks.lesson_modal(lesson, language)
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
        click = read_click(body)
        recorded = None
        if click is not None and re.fullmatch(r"[0-9]{1,12}", click.value):
            clicked = click.action_id == blocks.ANSWER_HELPED
            recorded = coach.rate_answer(int(click.value), click.user_id, helpful=clicked)
        if click is None or recorded is None:
            # Not this person's question (or no question): nothing was recorded or changes.
            ignore("did it help", "a question not asked by them")
            return
        language = coach.language_for(click.user_id)
        note = t(language, "thanks_helped" if recorded else "thanks_not_helped")
        shown, text = shown_message(body)
        respond(replace_original=True, text=text or note,
                blocks=blocks.with_feedback_note(shown, note))  # fmt: skip

    pattern = re.compile(rf"^{blocks.READ_LESSON}_\d+$")
    app.action(pattern)(ack=ack_only, lazy=[show_lesson])
    feedback = re.compile(rf"^({blocks.ANSWER_HELPED}|{blocks.ANSWER_NOT_HELPED})$")
    app.action(feedback)(ack=ack_only, lazy=[did_it_help])


def register_daily(app: App, coach: Coach) -> None:
    """Add the listeners of the daily DM's buttons: quiz answers, got it, helpful or not."""

    def answer_quiz(body: dict, respond: Respond) -> None:
        click = read_click(body)
        if click is None:
            ignore("a quiz", "no user or action")
            return
        lesson_id, number, kind = ([*click.value.split("|"), "", ""])[:3]
        review = kind == "review"
        option = int(number) if re.fullmatch(r"[0-9]{1,3}", number) else 0
        try:
            result = learners.answer_quiz(coach, click.user_id, lesson_id, option, review=review)
        except learners.Refused as refused:
            ignore("a quiz", refused.refusal)
            return
        language = coach.language_for(click.user_id)
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
        click = read_click(body)
        if click is None:
            ignore("got it", "no user or action")
            return
        try:
            read = learners.mark_read(coach, click.user_id, click.value)
        except learners.Refused as refused:
            ignore("got it", refused.refusal)
            return
        if read:
            _feedback(body, respond, click, done=True)
        else:
            _gone(click, respond)

    def rated(body: dict, respond: Respond) -> None:
        click = read_click(body)
        if click is None:
            ignore("a rating", "no user or action")
            return
        helpful = click.action_id == daily.HELPFUL
        try:
            kept = learners.rate(coach, click.user_id, click.value, helpful=helpful)
        except learners.Refused as refused:
            ignore("a rating", refused.refusal)
            return
        if kept is None:
            _gone(click, respond)
        else:
            rating = daily.HELPFUL if kept else daily.NOT_HELPFUL
            _feedback(body, respond, click, rating=rating)

    def _gone(click: Click, respond: Respond) -> None:
        # Sent, but no longer in the bank: nothing recorded, and the person told why.
        text = t(coach.language_for(click.user_id), "lesson_gone")
        respond(replace_original=False, response_type="ephemeral", text=text)

    def _feedback(
        body: dict, respond: Respond, click: Click, *, done: bool = False, rating: str = ""
    ) -> None:
        # Got it and the rating each once, both on the same lesson: the row keeps what is
        # still to click under a note of what was.
        shown, text = shown_message(body)
        lesson_id, language = click.value, coach.language_for(click.user_id)
        was_done, was_rated = daily.feedback_state(shown, lesson_id)
        row = daily.feedback_blocks(
            lesson_id, language, done=done or was_done, rating=was_rated or rating
        )
        new_blocks = daily.with_feedback(shown, lesson_id, row)
        respond(replace_original=True, blocks=new_blocks, text=text)

    app.action(re.compile(rf"^{daily.QUIZ}_\d$"))(ack=ack_only, lazy=[answer_quiz])
    app.action(daily.GOT_IT)(ack=ack_only, lazy=[got_it])
    app.action(re.compile(rf"^({daily.HELPFUL}|{daily.NOT_HELPFUL})$"))(ack=ack_only, lazy=[rated])


def _update(body: dict, respond: Respond, block_id: str, replacement: list[dict]) -> None:
    """Replace one block of the DM the button was in, keeping the rest of the lesson."""
    shown, text = shown_message(body)
    new_blocks = daily.replace_block(shown, block_id, replacement)
    respond(replace_original=True, blocks=new_blocks, text=text)
