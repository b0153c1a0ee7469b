"""Block Kit for every message and view the app shows, built with slack_sdk's models."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from ..coaching import Reply
from ..config import WEEKDAYS
from ..lessons import TOPICS, Bank, Course, Lesson
from ..search import MAX_QUESTION_CHARS
from ..vocabulary import Language
from .strings import STRINGS, and_list, t, weekday_name  # noqa: F401 - STRINGS is read from here too

READ_LESSON = "lesson_read"  # action_id prefix of the "read the whole lesson" buttons
PREVIEW_CHARS = 600
ECHO_CHARS = 200

# The delivery days in words: a range reads "Monday to Friday" / "montags bis freitags", single
# days "on Mondays" / "montags".
DAY_NAMES = {
    "de": ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def escape(text: str) -> str:
    """Escape Slack's control characters so user text cannot ping anyone or form links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_dicts(blocks: list[Block]) -> list[dict]:
    return [block.to_dict() for block in blocks]


def answer_blocks(reply: Reply, *, echo: bool = True, feedback: bool = True) -> list[dict]:
    """Give the blocks of the answer to a question: the lesson that answers it, the closest
    lessons to choose from ("did you mean…?"), or the topics when none is close.

    `echo`: repeat the question (for /coach, whose command line disappears once sent); a
    question cut short is said so either way. `feedback`: "did it help?" buttons (not in a
    channel, where anyone could click them but only the asker's click counts).
    """
    language = reply.language
    if echo:
        said = [_echo(reply)]
    elif reply.truncated:
        note = t(language, "truncated", limit=MAX_QUESTION_CHARS)
        said = [{"type": "context", "elements": [_plain(note)]}]
    else:
        said = []
    if not reply.lessons:
        suggestions = [match.lesson for match in reply.answer.suggestions[:3]]
        if suggestions:
            buttons = [_read_button(lesson, language, n, label="title")
                       for n, lesson in enumerate(suggestions)]  # fmt: skip
            notice = {"type": "section", "text": {"type": "mrkdwn", "text": t(language, "maybe")}}
            return [*said, notice, {"type": "actions", "elements": buttons}]
        return [*said, *_no_lesson(language)]
    header, *lesson_part = _answer_part(reply.lessons[0], language)
    buttons = [_read_button(reply.lessons[0], language, 0)]
    buttons += [_read_button(other, language, n) for n, other in enumerate(reply.lessons[1:3], 1)]
    if feedback and reply.question_id:  # "Did it help?" rides in the same row as the buttons
        buttons += _did_it_help(language, reply.question_id)
    return [header, *said, *lesson_part, {"type": "actions", "elements": buttons}]


ANSWER_HELPED, ANSWER_NOT_HELPED = "answer_helped", "answer_not_helped"


def _did_it_help(language: str, question_id: int) -> list[dict]:
    # Plain dicts like _echo: built for every answer (checked against the models in the tests).
    return [
        {"type": "button", "action_id": action_id, "value": str(question_id),
         "text": {"type": "plain_text", "text": t(language, key)}}
        for action_id, key in ((ANSWER_HELPED, "it_helped"), (ANSWER_NOT_HELPED, "it_did_not"))
    ]  # fmt: skip


def with_feedback_note(shown: list[dict], note: str) -> list[dict]:
    """Give an answer's blocks with its "did it help?" buttons replaced by `note` (what was
    recorded); the lesson buttons stay."""
    feedback = {ANSWER_HELPED, ANSWER_NOT_HELPED}
    result: list[dict] = []
    for block in shown:
        if block.get("type") == "actions" and any(
            element.get("action_id") in feedback for element in block.get("elements", [])
        ):
            kept = [e for e in block["elements"] if e.get("action_id") not in feedback]
            if kept:
                result.append({**block, "elements": kept})
            result.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
        else:
            result.append(block)
    return result


@cache
def _no_lesson(language: str) -> tuple[dict, ...]:
    notice = SectionBlock(text=t(language, "no_lesson")).to_dict()
    return (notice, *topic_blocks(None, language, header=False))


# What an answer shows of a lesson is the same every time: built (and validated) once.
_CACHE: dict[tuple[int, str, int], tuple[Lesson, object]] = {}


def cached(lesson: Lesson, language: str, variant: int, build):  # type: ignore[no-untyped-def]
    """Give build()'s blocks for this lesson, language and variant, built once (they're fixed)."""
    key = (id(lesson), language, variant)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not lesson:
        hit = _CACHE[key] = (lesson, build())
    return hit[1]


def _answer_part(lesson: Lesson, language: str) -> list[dict]:
    def build() -> list[dict]:
        text = lesson.text(language)
        return to_dicts(
            [
                HeaderBlock(text=PlainTextObject(text=text.title, emoji=True)),
                SectionBlock(text=_preview(text.body)),
                SectionBlock(text=t(language, "takeaway", text=text.takeaway)),
            ]
        )

    return cached(lesson, language, -1, build)


def answer_text(reply: Reply) -> str:
    """Give the plain fallback text of an answer (notifications); never the user's words."""
    if reply.lessons:
        return escape(reply.lessons[0].text(reply.language).title)
    if reply.answer.suggestions:
        return escape(t(reply.language, "maybe"))
    return escape(t(reply.language, "no_lesson"))


def lesson_blocks(lesson: Lesson, language: str) -> list[dict]:
    """Give the blocks of a whole lesson."""
    text = lesson.text(language)
    return to_dicts(
        [
            HeaderBlock(text=PlainTextObject(text=text.title, emoji=True)),
            ContextBlock(elements=[PlainTextObject(text=TOPICS[lesson.topic][language])]),
            SectionBlock(text=text.body),
            DividerBlock(),
            SectionBlock(text=t(language, "takeaway", text=text.takeaway)),
            SectionBlock(text=t(language, "try_today", text=text.try_today)),
        ]
    )


def course_message_blocks(
    course: Course,
    message: str,
    language: str,
    *,
    lessons: int,
    time: str = "",
    days: str = "",
    first: str = "",
) -> list[dict]:
    """Give the blocks of the course's `message` ("welcome" or "complete"), filled in.

    `days` is the setting as written (mon-fri or mon,wed,fri); it is put into words here.
    `first` is the welcome's sentence about the first lesson.
    """
    text = getattr(course, message).text(language)
    values = {"lessons": lessons, "time": time, "days": days_text(days, language), "first": first}
    return to_dicts(
        [
            HeaderBlock(text=PlainTextObject(text=text.title.format(**values), emoji=True)),
            SectionBlock(text=text.text.format(**values).strip()),
        ]
    )


def days_text(days: str, language: str) -> str:
    """Give delivery days like "mon-fri" or "mon,wed" in words in `language`."""
    names = dict(zip(WEEKDAYS, DAY_NAMES[language], strict=True))
    parts = []
    for part in filter(None, days.split(",")):
        first, _, last = part.partition("-")
        if last and language == Language.DE:
            parts.append(f"{names[first]} bis {names[last]}")
        elif last:
            parts.append(f"{names[first]} to {names[last]}")
        else:
            parts.append(names[first] if language == Language.DE else f"{names[first]}s")
    if not parts:
        return ""
    words = and_list(language, parts)
    single_first = "-" not in days.split(",")[0]
    return f"on {words}" if language == Language.EN and single_first else words


def topic_blocks(bank: Bank | None, language: str, *, header: bool = True) -> list[dict]:
    """Give the list of topics, with a question to try for each when the bank is given."""
    blocks: list[Block] = []
    if header:
        blocks.append(HeaderBlock(text=t(language, "topics_title")))
    if bank is None:
        names = "\n".join(f"• {names[language]}" for names in TOPICS.values())
        blocks.append(SectionBlock(text=names))
        return to_dicts(blocks)
    for topic, lessons in bank.by_topic().items():
        if not lessons:
            continue
        example = lessons[0].text(language).questions[0]
        line = t(
            language,
            "topic_line",
            name=TOPICS[topic][language],
            n=len(lessons),
            example=example,
        )
        blocks.append(SectionBlock(text=line))
    return to_dicts(blocks)


def help_blocks(language: str, text: str) -> list[dict]:
    """Give the help: its title and `text` (the router writes it from its table)."""
    return to_dicts([HeaderBlock(text=t(language, "help_title")), SectionBlock(text=text)])


def lesson_modal(lesson: Lesson | None, language: str) -> dict:
    """Give the modal that shows a whole lesson (or says it is gone), over any message."""
    if lesson is None:
        content = notice_blocks(t(language, "lesson_gone"))
    else:
        content = lesson_blocks(lesson, language)
    title = t(language, "help_title")[:24]
    return View(type="modal", title=title, close=t(language, "close"), blocks=content).to_dict()


def when_text(moment: datetime | None, zone: str, language: str) -> str:
    """Give a delivery moment in the learner's words and zone: "Tuesday at 09:00"."""
    if moment is None:
        return "–"
    local = moment.astimezone(ZoneInfo(zone))
    day = weekday_name(language, local.weekday())
    return t(language, "when", day=day, time=local.strftime("%H:%M"))


def users_text(user_ids: list[str]) -> str:
    """Give user IDs as Slack mentions (shown as names; they notify no one in an ephemeral)."""
    return ", ".join(f"<@{user_id}>" for user_id in user_ids)


def notice_blocks(text: str) -> list[dict]:
    """Give a one-section message."""
    return to_dicts([SectionBlock(text=text)])


# What an answer is: its blocks and the plain text for notifications.
Said = tuple[list[dict], str]


def say(text: str) -> Said:
    """Give `text` as a one-section answer."""
    return notice_blocks(text), text


def shorten(text: str, most: int) -> str:
    """Give `text` cut to at most `most` characters, an ellipsis marking the cut."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _echo(reply: Reply) -> dict:
    # plain_text is never formatted (*bold* stays as typed) and mentions no one; Slack decodes
    # &lt; &gt; &amp; in it, so the escaped <!here> shows as typed and stays inert. A plain dict
    # (checked against slack_sdk's models in the tests) because it is built for every answer.
    question = shorten(reply.question, ECHO_CHARS)
    elements = [_plain(t(reply.language, "you_asked", question=escape(question)))]
    if reply.truncated:
        elements.append(_plain(t(reply.language, "truncated", limit=MAX_QUESTION_CHARS)))
    return {"type": "context", "elements": elements}


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": False}


def _preview(body: str) -> MarkdownTextObject:
    """Give the body's first paragraphs up to about PREVIEW_CHARS characters, ending at the end
    of a sentence: a paragraph that leads into what follows ("… Dann gilt:") goes too."""
    paragraphs = body.strip().split("\n\n")
    kept: list[str] = []
    for paragraph in paragraphs:
        if kept and len("\n\n".join(kept)) + len(paragraph) > PREVIEW_CHARS:
            break
        kept.append(paragraph)
    cut = len(kept) < len(paragraphs)
    if cut:
        while len(kept) > 1 and not _ends_a_sentence(kept[-1]):
            kept.pop()
        if not _ends_a_sentence(kept[-1]):
            kept[-1] = _whole_sentences(kept[-1])
    preview = "\n\n".join(kept) + ("\n\n…" if cut else "")
    return MarkdownTextObject(text=preview[:3000])


# A sentence's end: its mark, then any closing quotes, brackets or mrkdwn marks.
_SENTENCE_END = r"[.!?…][\"“”»«'’)*_]*"


def _ends_a_sentence(text: str) -> bool:
    return re.search(_SENTENCE_END + "$", text.rstrip()) is not None


def _whole_sentences(text: str) -> str:
    """Give `text` up to the end of its last whole sentence (all of it if it has none)."""
    ends = [match.end() for match in re.finditer(_SENTENCE_END + r"(?=\s)", text)]
    return text[: ends[-1]] if ends else text


def _read_button(lesson: Lesson, language: str, number: int, *, label: str = "") -> dict:
    """Give a button that opens the whole lesson: "Read the whole lesson" for the first,
    "Also: TITLE" for the others, or just the title (`label="title"`, for suggestions)."""

    def build() -> dict:
        title = lesson.text(language).title
        if label == "title":
            text = title
        elif number == 0:
            text = t(language, "read")
        else:
            text = t(language, "also", title=title)
        text = shorten(text, 75)
        return ButtonElement(
            text=text,
            action_id=f"{READ_LESSON}_{number}",
            value=f"{lesson.id}|{language}",
            style="primary" if number == 0 and not label else None,
        ).to_dict()

    return cached(lesson, language, number + (10 if label else 0), build)
