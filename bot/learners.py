"""What managers and admins do with the course: enroll, pause, move the time, answer quizzes,
have themselves forgotten.

Plain functions over the coach (no Slack); each records what the statistics need as an event.
What a button says is checked against what the app itself sent that person (the ledger of day
messages, the confirmations it asked for): anything else raises Refused, and nothing is stored.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum

from .coaching import Coach
from .curriculum import joined_late, next_delivery, review_due
from .lessons import Lesson
from .store import Learner, confirmations
from .vocabulary import (
    BY_DATE,
    DEACTIVATED,
    IN_COURSE,
    QUIZ,
    RATED,
    Enrolled,
    Event,
    Source,
    Status,
)

# A lesson time must leave the day's window room: from LATEST on, a pass missed would be the day.
EARLIEST, LATEST = "05:00", "22:00"
TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
# The end of a pause: "until 2026-12-14", "bis 14.12.2026", "14.12." (the year may be left out).
UNTIL = re.compile(
    r"(?:(?:until|till|to|bis|zum|bis zum)\s+)?"
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.?(?P<year>\d{2,4})?)"
)


# How long the question "erase everything?" can be answered after it was asked.
CONFIRM_WITHIN = timedelta(minutes=10)
FORGET = "forget"  # the question a forget-me confirmation answers


class LearnerError(ValueError):
    """The request cannot be done; the message key says why (shown translated)."""


class Refusal(str, Enum):
    """Why a click was not acted on: it does not match what the app sent that person."""

    NO_LESSON = "no such lesson"
    NOT_SENT = "a lesson never sent to them"
    NOT_REVIEWED = "a review never sent to them"
    NO_OPTION = "no such quiz option"
    NO_TOKEN = "no confirmation token"
    UNKNOWN_TOKEN = "a confirmation never asked or already answered"
    NOT_THEIRS = "a confirmation asked of someone else"
    EXPIRED = "an expired confirmation"


class Refused(Exception):
    """A click on something the app never sent that person (or no longer accepts): nothing was
    done. The reason is one of a fixed few, never what the click carried."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


def get(coach: Coach, user_id: str) -> Learner | None:
    """Give the learner `user_id`, or None if they were never enrolled (or were forgotten)."""
    return coach.store.learners.get(user_id)


def everyone(coach: Coach) -> list[Learner]:
    """Give every learner, whatever their status."""
    return coach.store.learners.all()


def enrolled(coach: Coach, user_id: str) -> bool:
    """Say whether `user_id` is in the course (active or paused)."""
    learner = get(coach, user_id)
    return learner is not None and learner.status in IN_COURSE


def enroll(coach: Coach, user_id: str, *, source: str, zone: str | None = None) -> str:
    """Enroll `user_id` (source: self, admin or audience) and log it; give "new", "again",
    "already" or "declined" (one who left by themselves is not brought back by an admin)."""
    outcome = coach.store.learners.enroll(user_id, source=source, zone=zone)
    if outcome in (Enrolled.NEW, Enrolled.AGAIN):
        detail = None if source == Source.SELF else source
        coach.store.events.record(user_id, Event.SUBSCRIBED, detail=detail)
    return outcome


def subscribe(coach: Coach, user_id: str, *, zone: str | None = None) -> str:
    """Enroll oneself; give "new", "again" or "already". Someone already in the course gets
    their time zone brought up to date."""
    outcome = enroll(coach, user_id, source=Source.SELF, zone=zone)
    if zone and outcome == Enrolled.ALREADY:
        coach.store.learners.update(user_id, zone=zone)
    return outcome


def was_erased(coach: Coach, user_id: str) -> bool:
    """Say whether `user_id` asked to be forgotten (and has not come back since)."""
    return coach.store.privacy.was_erased(user_id)


def mark_welcomed(coach: Coach, user_id: str) -> None:
    """Note that the welcome went out to `user_id`."""
    coach.store.learners.mark_welcomed(user_id)


def personal_data(coach: Coach, user_id: str) -> dict[str, list[dict]]:
    """Give every row stored about `user_id`, by table (what `my data` shows)."""
    return coach.store.privacy.personal_data(user_id)


@dataclass(frozen=True)
class Account:
    """What Slack says of a learner's account, as the daily sync follows it."""

    deleted: bool  # deactivated in Slack
    person: bool  # a person who can be a learner (not a bot, not deactivated)
    zone: str | None  # their IANA time zone
    locale: str  # their Slack locale ("" if none)


@dataclass
class Followed:
    """What following the learners' accounts changed (or, in a dry run, would change)."""

    deactivated: int = 0
    reactivated: int = 0
    zones_updated: int = 0


def follow(coach: Coach, accounts: dict[str, Account], *, write: bool = True) -> Followed:
    """Follow every learner's Slack account: one deactivated in Slack leaves the course
    (inactive, "deactivated"), and comes back when the account is active again; time zones and
    locales are kept fresh. `write=False` only counts."""
    followed = Followed()
    zones: dict[str, str] = {}
    for learner in everyone(coach):
        account = accounts.get(learner.user_id)
        if account is None:
            continue
        if account.deleted and learner.status in IN_COURSE:
            if write:
                coach.store.learners.update(
                    learner.user_id, status=Status.INACTIVE, reason=DEACTIVATED
                )
            followed.deactivated += 1
            continue
        if learner.status == Status.INACTIVE and learner.reason == DEACTIVATED and account.person:
            if write:
                coach.store.learners.update(learner.user_id, status=Status.ACTIVE, reason=None)
            followed.reactivated += 1
        if account.zone != learner.zone:
            zones[learner.user_id] = account.zone
        if write:
            coach.remember_locale(learner.user_id, account.locale)
    followed.zones_updated = len(zones)
    if write and zones:
        coach.store.learners.set_zones(zones)
    return followed


def unsubscribe(coach: Coach, user_id: str, *, by_admin: bool = False) -> bool:
    """Leave the course (kept as unsubscribed so the sync does not re-enroll); False if not in."""
    learner = coach.store.learners.get(user_id)
    if learner is None or learner.status == Status.UNSUBSCRIBED:
        return False
    by = Source.ADMIN if by_admin else Source.SELF
    coach.store.learners.update(user_id, status=Status.UNSUBSCRIBED, reason=by)
    coach.store.events.record(
        user_id, Event.UNSUBSCRIBED, detail=Source.ADMIN if by_admin else None
    )
    return True


def pause(coach: Coach, user_id: str, *, until: date | None = None) -> bool:
    """Pause one's lessons, until they resume them or, given `until`, until that local date
    (they start again by themselves that day); False if not enrolled, or already paused with
    no date to set."""
    learner = coach.store.learners.get(user_id)
    if learner is None or learner.status not in IN_COURSE:
        return False
    if learner.status == Status.PAUSED and until is None:
        return False
    coach.store.learners.update(
        user_id, status=Status.PAUSED, paused_until=until.isoformat() if until else None
    )
    coach.store.events.record(user_id, Event.PAUSED, detail=until.isoformat() if until else None)
    return True


def local_today(coach: Coach, learner: Learner | None) -> date:
    """Give the date it is now where the learner is."""
    return datetime.now(coach.schedule_for(learner).tz()).date()


def pause_until(text: str, today: date) -> date:
    """Give the date in "until 2026-12-14", "bis 14.12.2026", "14.12." or "2026-12-14": the
    first day of lessons again. Raises LearnerError unless it is a real date after `today` and
    within a year."""
    match = UNTIL.fullmatch(text.strip().lower())
    if not match:
        raise LearnerError("pause_usage")
    try:
        if match["iso"]:
            day = date.fromisoformat(match["iso"])
        else:
            year = int(match["year"] or today.year)
            year += 2000 if year < 100 else 0
            day = date(year, int(match["month"]), int(match["day"]))
            if not match["year"] and day <= today:
                day = day.replace(year=day.year + 1)  # "14.01." in December: next January
    except ValueError as error:
        raise LearnerError("pause_usage") from error
    if not today < day <= today + timedelta(days=366):
        raise LearnerError("pause_range")
    return day


def resume_due(coach: Coach, now: datetime) -> int:
    """Start the lessons again of everyone whose pause ends on their local day at `now`; give
    how many. They count as back from that day's midnight, so that day's lesson is theirs."""
    count = 0
    for learner in coach.store.learners.all(Status.PAUSED):
        if not learner.paused_until:
            continue
        schedule = coach.schedule_for(learner)
        until = date.fromisoformat(learner.paused_until)
        if now.astimezone(schedule.tz()).date() < until:
            continue
        back = datetime.combine(until, time.min, tzinfo=schedule.tz()).astimezone(timezone.utc)
        coach.store.learners.update(
            learner.user_id, status=Status.ACTIVE, joined_at=back.isoformat()
        )
        coach.store.events.record(learner.user_id, Event.RESUMED, detail=BY_DATE)
        count += 1
    return count


def resume(coach: Coach, user_id: str) -> bool:
    """Resume one's lessons; False if not paused."""
    return _move(coach, user_id, Status.PAUSED, Status.ACTIVE, Event.RESUMED)


def _move(coach: Coach, user_id: str, old: str, new: str, event: str) -> bool:
    learner = coach.store.learners.get(user_id)
    if learner is None or learner.status != old:
        return False
    coach.store.learners.update(user_id, status=new)
    coach.store.events.record(user_id, event)
    return True


def set_time(coach: Coach, user_id: str, text: str) -> str:
    """Set one's delivery time from "08:30" (also 8:30, 8.30, 8h30); give it as HH:MM."""
    match = TIME.match(text.strip())
    if not match:
        raise LearnerError("time_usage")
    if coach.store.learners.get(user_id) is None:
        raise LearnerError("not_enrolled")
    value = f"{int(match[1]):02d}:{match[2]}"
    if not EARLIEST <= value <= LATEST:
        raise LearnerError("time_range")
    coach.store.learners.update(user_id, send_at=value)
    coach.store.events.record(user_id, Event.TIME_CHANGED, detail=value)
    return value


def next_time(coach: Coach, user_id: str, now: datetime | None = None) -> datetime | None:
    """Give when the learner's next message is due (aware, UTC), None if not active."""
    learner = coach.store.learners.get(user_id)
    if learner is None or learner.status != Status.ACTIVE:
        return None
    now = now or datetime.now(timezone.utc)
    schedule = coach.schedule_for(learner)
    today = now.astimezone(schedule.tz()).date()
    had_today = coach.store.ledger.delivery(user_id, today.isoformat()) is not None
    late = joined_late(schedule, learner.joined_at, today)
    return next_delivery(schedule, now, sent_today=had_today or late)


@dataclass(frozen=True)
class QuizResult:
    lesson: Lesson
    option: int
    right: bool


def answer_quiz(
    coach: Coach,
    user_id: str,
    lesson_id: str,
    option: int,
    *,
    review: bool = False,
    now: datetime | None = None,
) -> QuizResult | None:
    """Record an answer to a quiz the app sent `user_id`, in a day's lesson or (`review`) among
    a day's reviews; a wrong one comes back for review later. The first answer to a lesson's
    quiz counts, and one answer to a review while it is open. None if the lesson is gone from
    the bank. Raises Refused for a quiz never sent to them or an option it does not have."""
    lesson = sent_lesson(coach, user_id, lesson_id, review=review)
    quiz = lesson.en.quiz if lesson else None
    if lesson is None or quiz is None:
        return None
    if not 1 <= option <= len(quiz.options):  # the same options in both languages (content test)
        raise Refused(Refusal.NO_OPTION)
    right = option == quiz.answer
    if review:
        kind = Event.REVIEW_RIGHT if right else Event.REVIEW_WRONG
    else:
        kind = Event.QUIZ_RIGHT if right else Event.QUIZ_WRONG
    if review:
        if not coach.store.reviews.record_answer(user_id, kind, lesson_id, right=right):
            return QuizResult(lesson, option, right)  # answered right already (a double click)
    elif not coach.store.events.record_first(user_id, kind, lesson_id, one_of=QUIZ):
        return QuizResult(lesson, option, right)  # the first answer counts (a double click)
    if right:
        coach.store.reviews.retire(user_id, lesson_id)
    else:
        schedule = coach.schedule_for(coach.store.learners.get(user_id))
        today = (now or datetime.now(timezone.utc)).astimezone(schedule.tz()).date()
        misses = coach.store.reviews.misses(user_id, lesson_id) + 1
        if schedule.days:
            due = review_due(schedule, today, misses).isoformat()
            coach.store.reviews.schedule(user_id, lesson_id, due=due)
    return QuizResult(lesson, option, right)


def sent_lesson(
    coach: Coach, user_id: str, lesson_id: str, *, review: bool = False
) -> Lesson | None:
    """Give the lesson the app sent `user_id` in a day's message (`review`: among its reviews),
    None if it has gone from the bank since. Raises Refused if it never sent it to them."""
    lesson = coach.bank.get(lesson_id)
    if coach.store.ledger.was_sent(user_id, lesson_id, as_review=review):
        return lesson
    if lesson is None:
        raise Refused(Refusal.NO_LESSON)
    raise Refused(Refusal.NOT_REVIEWED if review else Refusal.NOT_SENT)


def mark_read(coach: Coach, user_id: str, lesson_id: str) -> bool:
    """Note that the learner read a lesson the app sent them (once: a second click changes
    nothing); False if it is gone from the bank. Raises Refused if it never sent it to them."""
    if sent_lesson(coach, user_id, lesson_id) is None:
        return False
    coach.store.events.record_first(user_id, Event.COMPLETED, lesson_id, one_of=(Event.COMPLETED,))
    return True


def rate(coach: Coach, user_id: str, lesson_id: str, *, helpful: bool) -> bool | None:
    """Keep the learner's rating of a lesson the app sent them (the first one counts); give the
    one kept, None if the lesson is gone from the bank. Raises Refused if it never sent it."""
    if sent_lesson(coach, user_id, lesson_id) is None:
        return None
    kind = Event.RATED_HELPFUL if helpful else Event.RATED_NOT_HELPFUL
    if coach.store.events.record_first(user_id, kind, lesson_id, one_of=RATED):
        return helpful
    kept = coach.store.events.first_of(user_id, lesson_id, one_of=RATED)
    return kept == Event.RATED_HELPFUL if kept else helpful


def ask_to_forget(coach: Coach, user_id: str, *, now: datetime | None = None) -> str:
    """Give the one-time token for the buttons of the question "erase everything?" asked of
    `user_id` now: it answers it once, within CONFIRM_WITHIN."""
    moment = now or datetime.now(timezone.utc)
    return coach.store.confirmations.issue(user_id, FORGET, now=moment, within=CONFIRM_WITHIN)


def forget(coach: Coach, user_id: str, token: str, *, now: datetime | None = None) -> int:
    """Erase everything stored about `user_id`, who confirmed with `token`; give how many rows
    went. Raises Refused unless the token is from a question asked of them within
    CONFIRM_WITHIN and not answered yet.

    Their Slack locale stays in memory (the store keeps nothing of a forgotten person), so
    every reply after this one is still in their language.
    """
    _answer(coach, user_id, token, now=now)
    prefs = coach.store.prefs.get(user_id)
    erased = coach.store.privacy.forget(user_id)
    if prefs is not None and prefs.locale is not None:
        coach.store.prefs.set_locale(user_id, prefs.locale)
    return erased


def keep(coach: Coach, user_id: str, token: str, *, now: datetime | None = None) -> None:
    """Answer the question "erase everything?" with no: its token erases nothing any more."""
    with suppress(Refused):  # nothing to undo: keeping is what happens anyway
        _answer(coach, user_id, token, now=now)


def _answer(coach: Coach, user_id: str, token: str, *, now: datetime | None) -> None:
    if not token:
        raise Refused(Refusal.NO_TOKEN)
    moment = now or datetime.now(timezone.utc)
    why = coach.store.confirmations.use(user_id, FORGET, token, now=moment, within=CONFIRM_WITHIN)
    if why is not None:
        raise Refused(_TOKEN_REFUSALS[why])


_TOKEN_REFUSALS = {
    confirmations.UNKNOWN: Refusal.UNKNOWN_TOKEN,
    confirmations.NOT_THEIRS: Refusal.NOT_THEIRS,
    confirmations.EXPIRED: Refusal.EXPIRED,
}


def set_language(coach: Coach, user_id: str, language: str) -> None:
    """Keep the language the user chose ("de" or "en")."""
    coach.store.prefs.set_language(user_id, language)
    coach.store.events.record(user_id, Event.LANGUAGE_CHANGED, detail=language)


def mentioned_users(text: str) -> list[str]:
    """Give the user IDs in "<@U123|name> <@W456>" or plain "U123", in order, once each."""
    found = re.findall(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|\b([UW][A-Z0-9]{6,})\b", text)
    return list(dict.fromkeys(a or b for a, b in found))
