"""The daily DM: the lesson with its quiz and feedback buttons, reviews, welcome and course end."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from ..delivery import DayMessage
from ..lessons import Course, Lesson
from .blocks import cached, course_message_blocks, escape, lesson_blocks, t, to_dicts

QUIZ = "quiz"  # action_id prefix of the answer buttons: quiz_1 ... quiz_4
QUIZ_BLOCK = "quiz|"  # block_id prefix of a quiz's buttons, followed by the lesson id
GOT_IT = "lesson_done"
HELPFUL = "lesson_helpful"
NOT_HELPFUL = "lesson_not_helpful"
FEEDBACK_BLOCK = "feedback|"
METADATA_EVENT = "coach_lesson"  # chat.postMessage metadata: which day's message this is
DAY_BLOCK = "day|"  # block_id of a day's first block, followed by the day: found in the history
# even if an update through response_url should drop the metadata


def day_blocks(
    message: DayMessage, course: Course | None, *, lessons: int, time: str, days: str
) -> list[dict]:
    """Give the blocks of one learner's message for one day."""
    # Every part is built (and validated by slack_sdk) once and reused: building Block Kit
    # objects costs more than posting the message.
    language = message.language
    parts: list[dict] = []
    if message.welcome and course is not None:
        key = (id(course), "welcome", language, lessons, time, days)
        parts += _course_part(key, course, lessons=lessons, time=time, days=days)
    if message.complete and course is not None:
        key = (id(course), "complete", language, lessons, "", "")
        parts += _course_part(key, course, lessons=lessons, time="", days="")
    lesson = message.lesson
    if lesson is not None:
        parts += cached(lesson, language, -2, lambda: _lesson_part(lesson, language))
    for review in message.reviews:
        parts += cached(review, language, -3, lambda review=review: _review_part(review, language))
    if parts:  # the parts are shared between messages: the first is copied, not changed
        parts[0] = {**parts[0], "block_id": f"{DAY_BLOCK}{message.day}"}
    return parts


_COURSE_PARTS: dict[tuple, tuple[Course, list[dict]]] = {}


def _course_part(key: tuple, course: Course, *, lessons: int, time: str, days: str) -> list[dict]:
    hit = _COURSE_PARTS.get(key)
    if hit is None or hit[0] is not course:
        _, message, language, *_ = key
        blocks = course_message_blocks(
            course, message, language, lessons=lessons, time=time, days=days
        )
        if message == "welcome":
            blocks.append(DividerBlock().to_dict())
        hit = _COURSE_PARTS[key] = (course, blocks)
    return hit[1]


def _lesson_part(lesson: Lesson, language: str) -> list[dict]:
    return [
        *lesson_blocks(lesson, language),
        *quiz_blocks(lesson, language),
        *to_dicts([feedback_buttons(lesson.id, language)]),
    ]


def _review_part(lesson: Lesson, language: str) -> list[dict]:
    title = lesson.text(language).title
    return [
        *to_dicts([DividerBlock(), SectionBlock(text=t(language, "review", title=title))]),
        *quiz_blocks(lesson, language, review=True),
    ]


def day_text(message: DayMessage) -> str:
    """Give the notification text of the day's message."""
    if message.lesson is not None:
        title = escape(message.lesson.text(message.language).title)
        return t(message.language, "lesson_alt", title=title)
    return t(message.language, "reviews_alt")


def quiz_blocks(lesson: Lesson, language: str, *, review: bool = False) -> list[dict]:
    """Give the quiz question and one button per option (none if the lesson has no quiz)."""
    quiz = lesson.text(language).quiz
    if quiz is None:
        return []
    buttons = [
        ButtonElement(
            text=option,
            action_id=f"{QUIZ}_{number}",
            value=f"{lesson.id}|{number}|{'review' if review else 'lesson'}",
        )
        for number, option in enumerate(quiz.options, start=1)
    ]
    blocks: list[Block] = [SectionBlock(text=t(language, "quiz", question=quiz.question))]
    blocks.append(ActionsBlock(block_id=f"{QUIZ_BLOCK}{lesson.id}", elements=buttons))
    return to_dicts(blocks)


def feedback_buttons(lesson_id: str, language: str) -> ActionsBlock:
    return ActionsBlock(
        block_id=f"{FEEDBACK_BLOCK}{lesson_id}",
        elements=[
            ButtonElement(
                text=t(language, "got_it"), action_id=GOT_IT, value=lesson_id, style="primary"
            ),
            ButtonElement(text=t(language, "helpful"), action_id=HELPFUL, value=lesson_id),
            ButtonElement(text=t(language, "not_helpful"), action_id=NOT_HELPFUL, value=lesson_id),
        ],
    )


def quiz_feedback(lesson: Lesson, language: str, option: int, right: bool) -> list[dict]:
    """Give the blocks that take the place of a quiz's buttons once it is answered."""
    quiz = lesson.text(language).quiz
    assert quiz is not None
    chosen = quiz.options[option - 1] if 0 < option <= len(quiz.options) else "?"
    if right:
        verdict = t(language, "right", explanation=quiz.explanation)
    else:
        answer = quiz.options[quiz.answer - 1]
        verdict = t(language, "wrong", answer=answer, explanation=quiz.explanation)
    return to_dicts(
        [
            ContextBlock(
                elements=[MarkdownTextObject(text=t(language, "your_answer", option=chosen))]
            ),
            SectionBlock(text=verdict),
        ]
    )


def replace_block(blocks: list[dict], block_id: str, replacement: list[dict]) -> list[dict]:
    """Give the message's blocks with the block `block_id` replaced (unchanged if absent)."""
    result: list[dict] = []
    for block in blocks:
        if block.get("block_id") == block_id:
            result += replacement
        else:
            result.append(block)
    return result


def metadata(message: DayMessage) -> dict:
    """Give the message metadata that lets a restarted pass find a message it sent."""
    return {"event_type": METADATA_EVENT, "event_payload": {"day": message.day}}
