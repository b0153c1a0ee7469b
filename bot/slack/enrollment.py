"""Subcommands about one's lessons: subscribe, pause, time, next; the admins' enroll.

The ones that need Slack (a profile for the time zone, an admin check, sending a DM) take a
client and give text; the others answer from the database alone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from .. import learners
from ..coaching import Coach
from ..curriculum import known_zone
from ..delivery import Messenger, send_now
from ..vocabulary import Enrolled, Language, SendNow, Source
from .blocks import Said, say, t, users_text, when_text
from .daily import WELCOME_EVENT, welcome_message
from .strings import date_text
from .users import is_person, profile

logger = logging.getLogger(__name__)


def pause(coach: Coach, user_id: str, argument: str = "") -> Said:
    """Answer `pause` or `pause until 2026-12-14`."""
    language = coach.language_for(user_id)
    learner = learners.get(coach, user_id)
    if not learners.enrolled(coach, user_id):
        return say(t(language, "not_enrolled"))
    until = None
    if argument:
        today = learners.local_today(coach, learner)
        try:
            until = learners.pause_until(argument, today)
        except learners.LearnerError as error:
            return say(t(language, str(error), example=_example(today, language)))
    if not learners.pause(coach, user_id, until=until):
        return say(t(language, "not_running"))
    if until is None:
        return say(t(language, "paused"))
    day = date_text(language, until, weekday=True)
    return say(t(language, "paused_until", day=day))


def _example(today: date, language: str) -> str:
    later = today + timedelta(days=14)
    return later.isoformat() if language == Language.EN else later.strftime("%d.%m.%Y")


def resume(coach: Coach, user_id: str) -> Said:
    """Answer `resume`."""
    language = coach.language_for(user_id)
    if not learners.enrolled(coach, user_id):
        return say(t(language, "not_enrolled"))
    if learners.resume(coach, user_id):
        return say(t(language, "resumed", when=_when(coach, user_id, language)))
    return say(t(language, "not_paused"))


def unsubscribe(coach: Coach, user_id: str) -> Said:
    """Answer `unsubscribe`."""
    language = coach.language_for(user_id)
    key = "unsubscribed" if learners.unsubscribe(coach, user_id) else "not_enrolled"
    return say(t(language, key))


def set_time(coach: Coach, user_id: str, text: str) -> Said:
    """Answer `time HH:MM`."""
    language = coach.language_for(user_id)
    try:
        value = learners.set_time(coach, user_id, text)
    except learners.LearnerError as error:
        return say(t(language, str(error)))
    return say(t(language, "time_set", time=value, when=_when(coach, user_id, language)))


def subscribe(coach: Coach, client: WebClient, user_id: str, *, in_dm: bool = False) -> Said:
    """Answer `subscribe`: enroll oneself with one's Slack time zone.

    Someone new gets the welcome at once, a message of its own in the app's DM (typed in the
    DM, it is the answer); their first lesson comes at the next delivery time.
    """
    found = profile(coach, client, user_id)
    zone = known_zone(found.get("tz")) if found else None
    outcome = learners.subscribe(coach, user_id, zone=zone)
    language = coach.language_for(user_id)
    when = _when(coach, user_id, language)
    learner = learners.get(coach, user_id)
    if learner is not None and not learner.welcomed and coach.bank.course is not None:
        welcome = welcome_message(
            coach.bank.course, language, lessons=len(coach.bank), days=coach.settings.days,
            time=learner.send_at or coach.settings.send_at, first="later", when=when,
        )  # fmt: skip
        if in_dm:
            learners.mark_welcomed(coach, user_id)
            return welcome
        if post_welcome(coach, client, user_id, welcome):
            return say(t(language, "subscribed_welcome", when=when))
    key = {Enrolled.NEW: "subscribed", Enrolled.AGAIN: "subscribed_again"}.get(
        outcome, "subscribed_already"
    )
    return say(t(language, key, when=when))


def post_welcome(coach: Coach, client: WebClient, user_id: str, welcome: Said) -> bool:
    """Post the welcome to the user's DM now and note it; False (logged) if Slack refused,
    and then it comes just before the first lesson."""
    blocks, text = welcome
    try:
        client.chat_postMessage(
            channel=user_id, blocks=blocks, text=text, unfurl_links=False,
            metadata={"event_type": WELCOME_EVENT, "event_payload": {"day": "on joining"}},
        )  # fmt: skip
    except (SlackApiError, SlackClientError) as error:
        logger.warning("the welcome to %s failed (%s): it comes with the first lesson", user_id,
                       error)  # fmt: skip
        return False
    learners.mark_welcomed(coach, user_id)
    return True


def next_lesson(coach: Coach, messenger: Messenger, user_id: str) -> str:
    """Answer `next`: send today's lesson now, if it has not come yet."""
    language = coach.language_for(user_id)
    if not learners.enrolled(coach, user_id):
        return t(language, "not_enrolled")
    outcome = send_now(coach, messenger, user_id, datetime.now(timezone.utc))
    if outcome == SendNow.HAD:
        return t(language, "next_had", when=_when(coach, user_id, language))
    key = {SendNow.SENT: "next_sent", SendNow.NOTHING: "next_nothing"}.get(outcome, "next_failed")
    return t(language, key)


def enroll(coach: Coach, client: WebClient, user_id: str, rest: str) -> str:
    """Answer an admin's `enroll @name …`."""
    return _admins(coach, client, user_id, rest, unenroll=False)


def unenroll(coach: Coach, client: WebClient, user_id: str, rest: str) -> str:
    """Answer an admin's `unenroll @name …`."""
    return _admins(coach, client, user_id, rest, unenroll=True)


def _admins(coach: Coach, client: WebClient, user_id: str, rest: str, *, unenroll: bool) -> str:
    # Only admins get here (the router checks).
    language = coach.language_for(user_id)
    named = learners.mentioned_users(rest)
    if not named:
        return t(language, "enroll_usage")
    if unenroll:
        done = [u for u in named if learners.unsubscribe(coach, u, by_admin=True)]
        lines = [("unenrolled", done), ("unenroll_none", [u for u in named if u not in done])]
    else:
        lines = _enroll(coach, client, named)
    return "\n".join(t(language, key, users=users_text(ids)) for key, ids in lines if ids)


def _enroll(coach: Coach, client: WebClient, named: list[str]) -> list[tuple[str, list[str]]]:
    outcomes: dict[str, list[str]] = {outcome: [] for outcome in Enrolled}
    unreachable: list[str] = []
    for user_id in named:
        found = profile(coach, client, user_id)
        if not found or not is_person(found):  # the app's own user is a bot too
            unreachable.append(user_id)
            continue
        outcome = learners.enroll(
            coach, user_id, source=Source.ADMIN, zone=known_zone(found.get("tz"))
        )
        outcomes[outcome].append(user_id)
    return [
        ("enrolled", outcomes[Enrolled.NEW] + outcomes[Enrolled.AGAIN]),
        ("enrolled_already", outcomes[Enrolled.ALREADY]),
        ("enroll_declined", outcomes[Enrolled.DECLINED]),
        ("enroll_unreachable", unreachable),
    ]


def _when(coach: Coach, user_id: str, language: str) -> str:
    zone = coach.schedule_for(learners.get(coach, user_id)).zone
    return when_text(learners.next_time(coach, user_id), zone, language)
