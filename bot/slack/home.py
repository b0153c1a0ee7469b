"""The App Home tab: the manager's progress and settings; for admins also the dashboard."""

from __future__ import annotations

import logging
import re
from datetime import date

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from .. import learners, stats
from ..coaching import Coach
from ..progress import Progress, progress
from ..vocabulary import IN_COURSE, LANGUAGES, Status
from . import blocks, dashboard, enrollment
from .blocks import t, to_dicts, when_text
from .clicks import ignore, read_click
from .strings import date_text
from .users import ack_only, is_admin, remember_locale

logger = logging.getLogger(__name__)

JOIN, PAUSE, RESUME = "home_join", "home_pause", "home_resume"
PAUSE_UNTIL = "home_pause_until"  # a date picker: lessons pause until that day
TIME, LANGUAGE, READ = "home_time", "home_language", "home_read"
# The lesson times offered in the App Home (any other is set with /coach time).
TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(6, 21) for minute in (0, 30)]


def register(app: App, coach: Coach) -> None:
    """Publish the App Home when a user opens it and after each of its buttons."""

    def opened(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        remember_locale(coach, client, event["user"])
        publish(coach, client, event["user"])

    def clicked(body: dict, client: WebClient) -> None:
        # Each of these acts on the clicker's own settings, as /coach would, and each value is
        # checked where it is used (a time, a date, a language): nothing to hold it against.
        click = read_click(body)
        if click is None:
            ignore("the App Home", "no user or action")
            return
        user_id, name, value = click.user_id, click.action_id, click.selected or click.value
        if name == JOIN:
            enrollment.subscribe(coach, client, user_id)  # and the welcome, in the DM
        elif name == PAUSE:
            learners.pause(coach, user_id)
        elif name == PAUSE_UNTIL and value:
            today = learners.local_today(coach, learners.get(coach, user_id))
            try:
                learners.pause(coach, user_id, until=learners.pause_until(value, today))
            except learners.LearnerError:
                ignore("the App Home's pause until", "not a date within a year")
        elif name == RESUME:
            learners.resume(coach, user_id)
        elif name == TIME and value:
            try:
                learners.set_time(coach, user_id, value)
            except learners.LearnerError:
                ignore("the App Home's lesson time", "not a time the course allows")
        elif name == LANGUAGE and value in LANGUAGES:
            learners.set_language(coach, user_id, value)
        publish(coach, client, user_id)

    def read(body: dict, client: WebClient) -> None:
        # Showing a lesson stores nothing: one not in the bank says it is gone.
        click = read_click(body)
        if click is None or not click.trigger_id:
            ignore("the App Home's read", "no user, action or trigger")
            return
        lesson = coach.bank.get(click.value)
        view = blocks.lesson_modal(lesson, coach.language_for(click.user_id))
        try:
            client.views_open(trigger_id=click.trigger_id, view=view)
        except (SlackApiError, SlackClientError) as error:
            logger.warning("views.open for a lesson from the App Home failed: %s", error)

    app.event("app_home_opened")(ack=ack_only, lazy=[opened])
    app.action(re.compile(rf"^({JOIN}|{PAUSE}|{PAUSE_UNTIL}|{RESUME}|{TIME}|{LANGUAGE})$"))(
        ack=ack_only, lazy=[clicked]
    )
    app.action(re.compile(rf"^{READ}_\d+$"))(ack=ack_only, lazy=[read])


def publish(coach: Coach, client: WebClient, user_id: str) -> None:
    """Build the user's App Home (with the dashboard for an admin) and publish it."""
    language = coach.language_for(user_id)
    report = None
    if is_admin(coach, client, user_id):
        report = coach.report()
    view = home_view(coach, user_id, language, report=report)
    try:
        client.views_publish(user_id=user_id, view=view)
    except (SlackApiError, SlackClientError) as error:
        logger.warning("views.publish for %s failed: %s", user_id, error)


def home_view(coach: Coach, user_id: str, language: str, *, report: stats.Report | None) -> dict:
    """Give the App Home view: progress, settings and lessons to reread; the dashboard if given."""
    mine = progress(coach, user_id)
    view = [
        *to_dicts([HeaderBlock(text=t(language, "help_title"))]),
        *manager_blocks(coach, mine, user_id, language),
        *to_dicts([DividerBlock(), SectionBlock(text=t(language, "home_intro"))]),
    ]
    if report is not None:
        view += dashboard.dashboard_blocks(report, coach.bank, language)
    return {"type": "home", "blocks": view[:100]}


def manager_blocks(coach: Coach, mine: Progress, user_id: str, language: str) -> list[dict]:
    learner = mine.learner
    status = learner.status if learner else None
    result: list[Block] = [HeaderBlock(text=t(language, "home_progress"))]
    if status in IN_COURSE:
        result.append(SectionBlock(text=_progress_text(mine, language)))
    if status == Status.ACTIVE:
        if mine.complete:
            result.append(SectionBlock(text=t(language, "home_complete")))
        zone = coach.schedule_for(learner).zone
        when = when_text(mine.next_at, zone, language)
        result.append(SectionBlock(text=t(language, "home_next", when=when)))
    elif status == Status.PAUSED and learner.paused_until:
        until = date.fromisoformat(learner.paused_until)
        day = date_text(language, until, weekday=True)
        result.append(SectionBlock(text=t(language, "home_paused_until", day=day)))
    elif status == Status.PAUSED:
        result.append(SectionBlock(text=t(language, "home_paused")))
    elif status == Status.INACTIVE:
        result.append(SectionBlock(text=t(language, "home_inactive")))
    else:
        result.append(SectionBlock(text=t(language, "home_not_enrolled")))
    result.append(ActionsBlock(elements=_settings(coach, mine, language)))
    if mine.recent:
        result.append(SectionBlock(text=t(language, "home_reread")))
        for number, lesson in enumerate(mine.recent):
            button = ButtonElement(
                text=t(language, "home_read"), action_id=f"{READ}_{number}", value=lesson.id
            )
            result.append(SectionBlock(text=lesson.text(language).title, accessory=button))
    return to_dicts(result)


def _progress_text(mine: Progress, language: str) -> str:
    streak = (
        t(language, "home_streak", n=mine.streak)
        if mine.streak
        else t(language, "home_streak_none")
    )
    quiz = (
        t(language, "home_quiz", right=mine.quiz_right, answered=mine.quiz_answered)
        if mine.quiz_answered
        else t(language, "home_quiz_none")
    )
    return t(
        language,
        "home_progress_text",
        had=mine.had,
        total=mine.total,
        done=mine.done,
        streak=streak,
        quiz=quiz,
    )


def _settings(coach: Coach, mine: Progress, language: str) -> list:
    learner = mine.learner
    status = learner.status if learner else None
    elements: list = []
    if status == Status.ACTIVE:
        elements.append(ButtonElement(text=t(language, "home_pause"), action_id=PAUSE))
    elif status == Status.PAUSED:
        elements.append(
            ButtonElement(text=t(language, "home_resume"), action_id=RESUME, style="primary")
        )
    elif status != Status.INACTIVE:
        elements.append(
            ButtonElement(text=t(language, "home_join"), action_id=JOIN, style="primary")
        )
    if status in IN_COURSE:
        elements.append(
            DatePickerElement(
                action_id=PAUSE_UNTIL,
                placeholder=t(language, "home_pause_until"),
                initial_date=learner.paused_until if learner else None,
            )
        )
        current = (learner.send_at if learner else None) or coach.settings.send_at
        times = TIMES if current in TIMES else sorted({*TIMES, current})
        elements.append(
            StaticSelectElement(
                action_id=TIME,
                placeholder=t(language, "home_time"),
                options=[Option(value=v, text=v) for v in times[:100]],
                initial_option=Option(value=current, text=current),
            )
        )
    names = {"de": "Deutsch", "en": "English"}
    elements.append(
        StaticSelectElement(
            action_id=LANGUAGE,
            placeholder=t(language, "home_language"),
            options=[Option(value=code, text=name) for code, name in names.items()],
            initial_option=Option(value=language, text=names[language]),
        )
    )
    return elements
