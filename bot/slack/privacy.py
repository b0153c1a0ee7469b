"""/coach my data and /coach forget me: what is stored about a manager, told in their language,
a copy of all of it as a file they can keep, and erasing it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from .. import learners
from ..coaching import Coach
from ..vocabulary import (
    BY_DATE,
    IN_COURSE,
    LANGUAGES,
    QUIZ,
    RATED,
    DeliveryState,
    Event,
    MessageKind,
    Source,
    Status,
)
from .blocks import Said, days_text, escape, say, shorten, t, to_dicts
from .clicks import ignore, read_click
from .dashboard import verbatim
from .strings import and_list, date_text
from .users import ack_only

logger = logging.getLogger(__name__)

FORGET_YES, FORGET_NO = "forget_yes", "forget_no"
COPY = "my_data_copy"  # the button that sends the copy (JSON) to the person's DM
LATEST = 10  # lines shown of a long list, newest first
SECTION = 2900  # characters of a section's text (Slack allows 3000)
QUESTION_CHARS = 150  # of each question's text in the account (the copy has all of it)

# Each column of the rows about a person is either said in words in the account (SAID) or
# left out of it, for the reason given (LEFT_OUT); the copy has every column. A table or
# column in neither is still shown, as stored, under "Also stored", and the tests fail until
# it has its place here.
SAID: dict[str, set[str]] = {
    "learners": {"status", "source", "zone", "send_at", "reason", "enrolled_at", "joined_at",
                 "paused_until"},
    "users": {"language", "locale"},
    "deliveries": {"day", "kind", "lesson_id", "reviews", "welcome", "state", "error"},
    "reviews": {"lesson_id", "misses", "due", "done"},
    "events": {"at", "kind", "lesson_id", "detail", "text", "helpful"},
    "digests": {"week"},
}  # fmt: skip
EVERY_TABLE = {"user_id": "it is you: the account is about no one else"}
LEFT_OUT: dict[str, dict[str, str]] = {
    "learners": {
        "updated_at": "when any of the settings last changed; each setting is said",
        "welcomed_at": "when the welcome went out: the welcome is in the person's DM",
    },
    "users": {"updated_at": "when the language was last looked up or chosen"},
    "deliveries": {
        "owner": "which server process sent the message",
        "claimed_at": "when that process started on it",
        "attempt_at": "when it last tried to post it",
        "sent_at": "the second Slack took it; the day is said",
        "channel": "the ID of the person's DM with the app",
        "ts": "the message's Slack ID, to find it in the DM after an interruption",
    },
    "events": {
        "id": "the row's number",
        "topic": "the lesson's topic when it was logged; the lesson is said",
        "language": "the language a question was written in; the question is shown",
        "score": "how sure the search was of its answer",
    },
    "digests": {"sent_at": "the second it was sent; the week is said"},
}

# The events, by where the account tells them.
LESSON_MARKS = {Event.COMPLETED, *RATED}
QUIZ_ANSWERS = {*QUIZ, Event.REVIEW_RIGHT, Event.REVIEW_WRONG}
CHANGES = {
    Event.SUBSCRIBED,
    Event.UNSUBSCRIBED,
    Event.PAUSED,
    Event.RESUMED,
    Event.TIME_CHANGED,
    Event.LANGUAGE_CHANGED,
}
TOLD = LESSON_MARKS | QUIZ_ANSWERS | CHANGES | {Event.ASKED, Event.DELIVERED}  # delivered: ledger


def unaccounted(data: dict[str, list[dict]]) -> list[str]:
    """Give each table.column of `data` (a person's rows) the account neither says nor leaves
    out: what would be shown only as stored."""
    found = []
    for table, rows in data.items():
        known = SAID.get(table, set()) | set(LEFT_OUT.get(table, {})) | set(EVERY_TABLE)
        columns = dict.fromkeys(column for row in rows for column in row)
        found += [f"{table}.{column}" for column in columns if column not in known]
    return found


# --- the account -----------------------------------------------------------------------------


@dataclass
class _Account:
    """What is needed to tell one person's rows in words: their language, zone and lessons."""

    coach: Coach
    language: str
    data: dict[str, list[dict]]
    zone: ZoneInfo
    today: date
    events: dict[str, list[dict]] = field(default_factory=dict)

    def rows(self, table: str) -> list[dict]:
        return self.data.get(table, [])

    def day(self, value: str | None) -> str:
        """Give a stored date (YYYY-MM-DD) or UTC time as the person's local day in words."""
        if not value:
            return "–"
        if len(value) == 10:
            day = date.fromisoformat(value)
        else:
            day = datetime.fromisoformat(value).astimezone(self.zone).date()
        return date_text(self.language, day, year=day.year != self.today.year)

    def lesson(self, lesson_id: str | None) -> str:
        """Give a lesson's title, quoted, in the person's language."""
        lesson = self.coach.bank.get(lesson_id) if lesson_id else None
        if lesson is None:
            return t(self.language, "my_data_lesson_gone")
        return t(self.language, "my_data_quoted", text=escape(lesson.text(self.language).title))

    def say(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)


def my_data_blocks(coach: Coach, user_id: str, language: str) -> Said:
    """Give everything stored about `user_id` in words in `language`, with a button for a
    copy of it all as a file, and the notification text."""
    data = {table: rows for table, rows in learners.personal_data(coach, user_id).items() if rows}
    if not data:
        erased = learners.was_erased(coach, user_id)
        return say(t(language, "my_data_fingerprint" if erased else "my_data_nothing"))
    account = _account(coach, user_id, language, data)
    sections = [part(account) for part in PARTS]
    title = t(language, "my_data_title")
    result: list[Block] = [HeaderBlock(text=title)]
    result += [SectionBlock(text=verbatim(text)) for text in sections if text]
    footer = account.say(
        "my_data_footer", n=coach.settings.min_group, days=coach.settings.retention_days
    )
    result.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    button = ButtonElement(text=account.say("my_data_copy"), action_id=COPY, value="json")
    result.append(ActionsBlock(elements=[button]))
    return to_dicts(result), title


def _account(coach: Coach, user_id: str, language: str, data: dict[str, list[dict]]) -> _Account:
    zone = coach.schedule_for(learners.get(coach, user_id)).zone
    today = datetime.now(ZoneInfo(zone)).date()
    account = _Account(coach, language, data, ZoneInfo(zone), today)
    for row in data.get("events", []):
        account.events.setdefault(row["kind"], []).append(row)
    return account


def _course(account: _Account) -> str:
    """The enrollment, the lesson time and the language (learners, users)."""
    lines = [account.say("my_data_course")]
    for row in account.rows("learners"):
        source = row["source"]
        known = source in tuple(Source)
        how = account.say(f"my_data_how_{source}") if known else escape(str(source))
        lines.append(account.say("my_data_joined", date=account.day(row["enrolled_at"]), how=how))
        joined = row.get("joined_at")
        if joined and account.day(joined) != account.day(row["enrolled_at"]):
            lines.append(account.say("my_data_again", date=account.day(joined)))
        status = _status(account, row)
        if status:
            lines.append(status)
        schedule = account.coach.schedule_for(learners.get(account.coach, row["user_id"]))
        key = "my_data_schedule_own" if row["send_at"] else "my_data_schedule"
        if row["status"] not in IN_COURSE:  # kept should they come back
            key = "my_data_schedule_kept"
        days = days_text(account.coach.settings.days, account.language)
        time = schedule.send_at.strftime("%H:%M")
        lines.append(account.say(key, time=time, zone=schedule.zone, days=days))
    if not account.rows("learners"):
        lines.append(account.say("my_data_not_enrolled"))
    for row in account.rows("users"):
        lines.append(_language(account, row))
    return "\n".join(lines)


def _status(account: _Account, row: dict) -> str:
    status = row["status"]
    if status == Status.PAUSED and row.get("paused_until"):
        return account.say("my_data_paused_until", date=account.day(row["paused_until"]))
    if status == Status.PAUSED:
        return account.say("my_data_paused")
    if status == Status.UNSUBSCRIBED:
        left_by_admin = row["reason"] == Source.ADMIN
        return account.say("my_data_left_admin" if left_by_admin else "my_data_left")
    if status == Status.INACTIVE:
        reason = escape(row["reason"] or "–")
        return account.say("my_data_inactive", reason=f"`{reason}`")
    return ""  # active: the lesson time says it


def _language(account: _Account, row: dict) -> str:
    chosen, locale = row["language"], row["locale"]
    if chosen in LANGUAGES:
        name = account.say(f"my_data_lang_{chosen}")
        if locale:
            return account.say("my_data_language_both", name=name, locale=escape(locale))
        return account.say("my_data_language_chosen", name=name)
    shown = account.coach.language_for(row["user_id"])
    name = account.say(f"my_data_lang_{shown}")
    if locale:
        return account.say("my_data_language_slack", name=name, locale=escape(locale))
    return account.say("my_data_language_default", name=name)


def _lessons(account: _Account) -> str:
    """The messages sent (the ledger) with what the person did with each lesson."""
    deliveries = sorted(account.rows("deliveries"), key=lambda row: row["day"], reverse=True)
    read = {row["lesson_id"] for row in account.events.get(Event.COMPLETED, [])}
    rated = {row["lesson_id"]: row["kind"] for kind in RATED
             for row in account.events.get(kind, [])}  # fmt: skip
    if not deliveries and not read and not rated:
        return ""
    lessons = [
        row
        for row in deliveries
        if row["kind"] == MessageKind.LESSON and row["state"] != DeliveryState.FAILED
    ]
    lines = [account.say("my_data_lessons")]
    if lessons:
        lines.append(
            account.say("my_data_had", n=len(lessons), date=account.day(lessons[0]["day"]))
        )
    reviews = sum(row["kind"] == MessageKind.REVIEWS for row in deliveries)
    if reviews:
        lines.append(account.say("my_data_review_messages", n=reviews))
    if read or rated:
        helpful = sum(kind == Event.RATED_HELPFUL for kind in rated.values())
        lines.append(account.say("my_data_read", n=len(read)) + " " + account.say(
            "my_data_rated", helpful=helpful, not_helpful=len(rated) - helpful))  # fmt: skip

    def line(row: dict) -> str:
        if row["kind"] == MessageKind.LESSON:
            what = [account.lesson(row["lesson_id"])]
            if row["lesson_id"] in read:
                what.append(account.say("my_data_mark_read"))
            if row["lesson_id"] in rated:
                what.append(account.say(f"my_data_mark_{rated[row['lesson_id']]}"))
        elif row["kind"] == MessageKind.REVIEWS:
            ids = [lesson for lesson in (row["reviews"] or "").split(",") if lesson]
            titles = and_list(account.language, [account.lesson(lesson) for lesson in ids])
            what = [account.say("my_data_review_message", n=len(ids), titles=titles)]
        elif row["kind"] == MessageKind.COMPLETE:
            what = [account.say("my_data_complete_message")]
        else:
            what = [escape(str(row["kind"]))]
        if row["welcome"]:
            what.append(account.say("my_data_mark_welcome"))
        if row["state"] == DeliveryState.FAILED:
            what.append(account.say("my_data_failed", error=f"`{escape(row['error'] or '–')}`"))
        elif row["state"] == DeliveryState.SENDING:
            what.append(account.say("my_data_sending"))
        return f"• {account.day(row['day'])}: " + " · ".join(what)

    return _listing(account, lines, [line(row) for row in deliveries])


def _quiz(account: _Account) -> str:
    """The quiz answers (events) and the questions that come back for review (reviews)."""
    events = account.events
    right, wrong = len(events.get(Event.QUIZ_RIGHT, [])), len(events.get(Event.QUIZ_WRONG, []))
    again = len(events.get(Event.REVIEW_WRONG, []))
    again_right = len(events.get(Event.REVIEW_RIGHT, []))
    reviews = sorted(account.rows("reviews"), key=lambda row: (row["done"], row["due"]))
    if not (right or wrong or again or again_right or reviews):
        return ""
    lines = [account.say("my_data_quiz_title")]
    if right or wrong:
        lines.append(account.say("my_data_quiz", n=right + wrong, right=right))
    if again or again_right:
        lines.append(
            account.say("my_data_review_answers", n=again + again_right, right=again_right)
        )
    if reviews:
        lines.append(account.say("my_data_wrong_title"))

    def line(row: dict) -> str:
        misses = account.say("my_data_misses", n=row["misses"])
        title = account.lesson(row["lesson_id"])
        if row["done"]:
            return "• " + account.say("my_data_review_done", title=title, misses=misses)
        due = account.day(row["due"])
        return "• " + account.say("my_data_review_due", title=title, date=due, misses=misses)

    return _listing(account, lines, [line(row) for row in reviews])


def _questions(account: _Account) -> str:
    """The questions the person asked (asked events), newest first, their text escaped."""
    asked = account.events.get(Event.ASKED, [])
    asked = sorted(asked, key=lambda row: (row["at"], row["id"]), reverse=True)
    if not asked:
        return ""

    def line(row: dict) -> str:
        text = escape(shorten(" ".join((row["text"] or "").split()), QUESTION_CHARS))
        quoted = account.say("my_data_quoted", text=text)
        answer = account.lesson(row["lesson_id"]) if row["lesson_id"] else account.say(
            "my_data_no_answer")  # fmt: skip
        said = {1: " · " + account.say("my_data_helped"),
                0: " · " + account.say("my_data_not_helped")}.get(row["helpful"], "")  # fmt: skip
        return f"• {account.day(row['at'])}: {quoted} → {answer}{said}"

    head = [account.say("my_data_questions", n=len(asked))]
    return _listing(account, head, [line(row) for row in asked])


def _changes(account: _Account) -> str:
    """Joining, leaving, pausing, the lesson time and the language, newest first (events)."""
    rows = [row for kind in CHANGES for row in account.events.get(kind, [])]
    if not rows:
        return ""
    rows.sort(key=lambda row: (row["at"], row["id"]), reverse=True)

    def line(row: dict) -> str:
        kind, detail = row["kind"], row["detail"]
        by_others = detail in (Source.AUDIENCE, Source.ADMIN)
        if kind in (Event.SUBSCRIBED, Event.UNSUBSCRIBED) and by_others:
            what = account.say(f"my_data_event_{kind}_{detail}")
        elif kind == Event.RESUMED and detail == BY_DATE:
            what = account.say("my_data_event_resumed_by_date")
        elif kind == Event.PAUSED and detail:
            what = account.say("my_data_event_paused_until", date=account.day(detail))
        elif kind == Event.LANGUAGE_CHANGED:
            name = account.say(f"my_data_lang_{detail}") if detail in LANGUAGES else detail
            what = account.say("my_data_event_language_changed", name=escape(str(name)))
        elif kind == Event.TIME_CHANGED:
            what = account.say("my_data_event_time_changed", time=escape(str(detail)))
        else:
            what = account.say(f"my_data_event_{kind}")
        return f"• {account.day(row['at'])}: {what}"

    return _listing(account, [account.say("my_data_changes")], [line(row) for row in rows])


def _digests(account: _Account) -> str:
    """The admins' weekly reports sent to the person (digests)."""
    weeks = sorted((row["week"] for row in account.rows("digests")), reverse=True)
    if not weeks:
        return ""
    shown = [account.day(week) for week in weeks[:LATEST]]
    if len(weeks) > LATEST:
        shown.append(account.say("my_data_more_weeks", n=len(weeks) - LATEST))
    return account.say("my_data_digests", n=len(weeks), weeks=and_list(account.language, shown))


def _others(account: _Account) -> str:
    """Whatever the parts above do not tell (a table or event added later), as stored: shown,
    so nothing stored about the person is ever missing from the account."""
    lines = []
    for row in account.rows("events"):
        if row["kind"] not in TOLD:
            values = (row["kind"], account.day(row["at"]), row["lesson_id"], row["detail"])
            lines.append("• events: " + " · ".join(escape(str(v)) for v in values if v))
    for table, rows in account.data.items():
        told = SAID.get(table, set()) | set(LEFT_OUT.get(table, {})) | set(EVERY_TABLE)
        for row in rows:
            values = [f"{column}: {value}" for column, value in row.items()
                      if column not in told and value not in (None, "")]  # fmt: skip
            if values:
                lines.append(f"• {escape(table)}: " + escape(" · ".join(map(str, values))))
    if not lines:
        return ""
    return _listing(account, [account.say("my_data_other")], lines[::-1])


def _listing(account: _Account, head: list[str], lines: list[str]) -> str:
    """Give the head and as many of `lines` (newest first) as fit, saying how many more."""
    text = "\n".join(head)
    shown = 0
    for line in lines[:LATEST]:
        if len(text) + len(line) + 40 > SECTION:
            break
        text += "\n" + line
        shown += 1
    if len(lines) > shown:
        text += "\n" + account.say("my_data_more", n=len(lines) - shown)
    return text


PARTS: list[Callable[[_Account], str]] = [
    _course,
    _lessons,
    _quiz,
    _questions,
    _changes,
    _digests,
    _others,
]


# --- the copy (JSON) --------------------------------------------------------------------------


def copy_of(coach: Coach, user_id: str, language: str, *, now: datetime | None = None) -> dict:
    """Give everything stored about `user_id`, every row and column as stored, with the titles
    of the lessons named: the copy a person can keep (GDPR access and portability)."""
    data = learners.personal_data(coach, user_id)
    named: set[str] = set()
    for table, rows in data.items():
        for row in rows:
            named.add(row.get("lesson_id") or "")
            if table == "deliveries":
                named.update((row.get("reviews") or "").split(","))
    lessons = {}
    for lesson_id in sorted(filter(None, named)):
        lesson = coach.bank.get(lesson_id)
        if lesson is not None:
            lessons[lesson_id] = lesson.text(language).title
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "about": t(language, "my_data_copy_about"),
        "user_id": user_id,
        "made_at": moment.isoformat(timespec="seconds"),
        "retention_days": coach.settings.retention_days,
        "lessons": lessons,
        "data": data,
    }


def send_copy(coach: Coach, client: WebClient, user_id: str, language: str) -> str:
    """Upload the copy as a JSON file to the person's DM with the app; give the reply to show.

    A file, not a message: it keeps on a phone as on a desktop, holds a year of history (a
    message holds 40,000 characters), and is theirs to download, forward or delete.
    """
    copy = copy_of(coach, user_id, language)
    if not any(copy["data"].values()):
        return t(language, "my_data_nothing")
    name = f"social-media-coach-{copy['made_at'][:10]}.json"
    content = json.dumps(copy, ensure_ascii=False, indent=2)
    try:
        # files.completeUploadExternal shares into a conversation ID (D…), not a user ID.
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=content.encode(),
            filename=name,
            title=t(language, "my_data_title"),
            initial_comment=t(language, "my_data_copy_comment"),
        )
    except (SlackApiError, SlackClientError) as error:
        # missing_scope: the app was not reinstalled since the manifest asked for files:write.
        logger.warning("sending a copy of their data to %s failed: %s", user_id, error)
        return t(language, "my_data_copy_failed")
    logger.info("sent a person a copy of their data (%d characters)", len(content))
    return t(language, "my_data_copy_sent", name=name)


# --- forget me ------------------------------------------------------------------------------


def forget_blocks(language: str, token: str) -> Said:
    """Give the question before erasing, with the buttons that confirm or keep: both carry
    `token`, the one-time answer to this question (learners.ask_to_forget)."""
    buttons = [
        ButtonElement(
            text=t(language, "forget_yes"), action_id=FORGET_YES, value=token, style="danger"
        ),
        ButtonElement(text=t(language, "forget_no"), action_id=FORGET_NO, value=token),
    ]
    text = t(language, "forget_confirm")
    return to_dicts([SectionBlock(text=text), ActionsBlock(elements=buttons)]), text


def register(app: App, coach: Coach) -> None:
    """Add the listeners of my data's copy button and forget me's buttons."""

    def confirmed(body: dict, respond: Respond) -> None:
        click = read_click(body)
        if click is None:
            ignore("erase my data", "no user or action")
            return
        # In the language of the question just answered; from now on their Slack language.
        language = coach.language_for(click.user_id)
        try:
            erased = learners.forget(coach, click.user_id, click.value)
        except learners.Refused as refused:
            # An old question (or one already answered) was clicked: said so, rather than
            # silence, which would leave them believing their data is gone. Below it, not in
            # its place: after a double click, "Done" stays.
            ignore("erase my data", refused.refusal)
            minutes = int(learners.CONFIRM_WITHIN.total_seconds() // 60)
            text = t(language, "forget_stale", minutes=minutes)
            respond(replace_original=False, response_type="ephemeral", text=text)
            return
        logger.info("forgot a user on their request (%d rows)", erased)
        text = t(language, "forgotten")
        respond(replace_original=True, response_type="ephemeral", text=text)

    def kept(body: dict, respond: Respond) -> None:
        # Keeping needs no check (nothing happens), but it answers the question: its erase
        # button does nothing any more.
        click = read_click(body)
        if click is None:
            ignore("keep my data", "no user or action")
            return
        learners.keep(coach, click.user_id, click.value)
        text = t(coach.language_for(click.user_id), "forget_kept")
        respond(replace_original=True, response_type="ephemeral", text=text)

    def copy(body: dict, client: WebClient, respond: Respond) -> None:
        # No token: the copy goes to the clicker's own DM and holds only their own data, which
        # `my data` offers them at any time.
        click = read_click(body)
        if click is None:
            ignore("get a copy", "no user or action")
            return
        text = send_copy(coach, client, click.user_id, coach.language_for(click.user_id))
        respond(replace_original=False, response_type="ephemeral", text=text)

    app.action(FORGET_YES)(ack=ack_only, lazy=[confirmed])
    app.action(FORGET_NO)(ack=ack_only, lazy=[kept])
    app.action(COPY)(ack=ack_only, lazy=[copy])
