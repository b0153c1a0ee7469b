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
from ..lessons import TOPICS, Course, Lesson
from .blocks import Said, cached, course_message_blocks, escape, lesson_blocks, t, to_dicts

QUIZ = "quiz"  # action_id prefix of the answer buttons: quiz_1 ... quiz_4
QUIZ_BLOCK = "quiz|"  # block_id prefix of a quiz's buttons, followed by the lesson id
GOT_IT = "lesson_done"
HELPFUL = "lesson_helpful"
NOT_HELPFUL = "lesson_not_helpful"
FEEDBACK_BLOCK = "feedback|"  # block_id prefix of the got-it and rating buttons
FEEDBACK_NOTE = "feedback_note|"  # block_id prefix of what was clicked: lesson|done|rating
LETTERS = "ABCDEFGH"  # the quiz buttons' labels; the options are written out above them
METADATA_EVENT = "coach_lesson"  # chat.postMessage metadata: which day's message this is
REVIEW_EVENT = "coach_review"  # the metadata of the reviews sent after a day's lesson
WELCOME_EVENT = "coach_welcome"  # the metadata of the welcome before the first lesson
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
    if message.complete and course is not None:
        key = (id(course), "complete", language, lessons)
        parts += _course_part(key, course, lessons=lessons)
    lesson = message.lesson
    if lesson is not None:
        part = cached(lesson, language, -2, lambda: _lesson_part(lesson, language))
        # Under the title, where the manager stands: "Lesson 3 of 43 · Transparency".
        topic = TOPICS[lesson.topic][language]
        place = (
            t(language, "lesson_of", n=message.number, total=lessons, topic=topic)
            if message.number
            else topic
        )
        parts += [part[0], {"type": "context", "elements": [_mrkdwn(place)]}, *part[2:]]
    else:  # with a lesson, the reviews are a message of their own (review_blocks)
        parts += review_blocks(message)
    if parts:  # the parts are shared between messages: the first is copied, not changed
        parts[0] = {**parts[0], "block_id": f"{DAY_BLOCK}{message.day}"}
    return parts


def review_blocks(message: DayMessage) -> list[dict]:
    """Give the day's reviews: in the day's message when there is no lesson, else a short
    message of their own after it, so that no message is longer than a minute's read."""
    parts: list[dict] = []
    language = message.language
    for review in message.reviews:
        parts += cached(review, language, -3, lambda review=review: _review_part(review, language))
    return parts[1:] if parts and parts[0]["type"] == "divider" else parts


_COURSE_PARTS: dict[tuple, tuple[Course, list[dict]]] = {}


def _course_part(key: tuple, course: Course, *, lessons: int) -> list[dict]:
    hit = _COURSE_PARTS.get(key)
    if hit is None or hit[0] is not course:
        _, message, language, *_ = key
        hit = _COURSE_PARTS[key] = (
            course,
            course_message_blocks(course, message, language, lessons=lessons),
        )
    return hit[1]


def welcome_message(
    course: Course,
    language: str,
    *,
    lessons: int,
    time: str,
    days: str,
    first: str,
    when: str = "",
) -> Said:
    """Give the welcome, a message of its own: `first` "now" when the first lesson follows
    it, "later" when it comes `when` (and `/coach next` gives it at once)."""
    if first == "now":
        sentence = t(language, "welcome_first_now")
    else:
        sentence = t(language, "welcome_first_later", when=when)
    blocks = course_message_blocks(
        course, "welcome", language, lessons=lessons, time=time, days=days, first=sentence
    )
    return blocks, escape(course.welcome.text(language).title)


def _lesson_part(lesson: Lesson, language: str) -> list[dict]:
    return [
        *lesson_blocks(lesson, language),
        *quiz_blocks(lesson, language),
        *feedback_blocks(lesson.id, language),
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


def quiz_order(lesson: Lesson, language: str, *, review: bool = False) -> list[int]:
    """Give the quiz's option numbers in the order shown: as written in the lesson, and in a
    review turned round by one place or more, so every option (the right one too) moves."""
    quiz = lesson.text(language).quiz
    count = len(quiz.options) if quiz else 0
    order = list(range(1, count + 1))
    if not review or count < 2:
        return order
    shift = 1 + sum(map(ord, lesson.id)) % (count - 1)
    return order[shift:] + order[:shift]


def quiz_blocks(lesson: Lesson, language: str, *, review: bool = False) -> list[dict]:
    """Give the quiz question with its options written out (A, B, C…) and a short button per
    letter (none if the lesson has no quiz): whole options fit on a phone, buttons do not."""
    quiz = lesson.text(language).quiz
    if quiz is None:
        return []
    order = quiz_order(lesson, language, review=review)
    kind = "review" if review else "lesson"
    options = "\n".join(
        f"*{LETTERS[slot]}*  {quiz.options[number - 1]}" for slot, number in enumerate(order)
    )
    buttons = [
        ButtonElement(
            text=LETTERS[slot],
            action_id=f"{QUIZ}_{slot + 1}",
            value=f"{lesson.id}|{number}|{kind}",
        )
        for slot, number in enumerate(order)
    ]
    question = t(language, "quiz", question=quiz.question)
    blocks: list[Block] = [SectionBlock(text=f"{question}\n\n{options}")]
    blocks.append(ActionsBlock(block_id=f"{QUIZ_BLOCK}{lesson.id}", elements=buttons))
    return to_dicts(blocks)


def feedback_blocks(
    lesson_id: str, language: str, *, done: bool = False, rating: str = ""
) -> list[dict]:
    """Give the lesson's "got it" and rating buttons that are still to click, under a note of
    what was clicked: both can be done, each once. `rating`: "", HELPFUL or NOT_HELPFUL."""
    buttons = []
    if not done:
        buttons.append(ButtonElement(
            text=t(language, "got_it"), action_id=GOT_IT, value=lesson_id, style="primary"
        ))  # fmt: skip
    if not rating:
        buttons += [
            ButtonElement(text=t(language, "helpful"), action_id=HELPFUL, value=lesson_id),
            ButtonElement(text=t(language, "not_helpful"), action_id=NOT_HELPFUL, value=lesson_id),
        ]
    notes = [t(language, "done")] if done else []
    if rating:
        notes.append(t(language, "rated_" + rating))
    blocks: list[Block] = []
    if notes:
        block_id = f"{FEEDBACK_NOTE}{lesson_id}|{int(done)}|{rating}"
        blocks.append(ContextBlock(block_id=block_id, elements=[_mrkdwn(" · ".join(notes))]))
    if buttons:
        blocks.append(ActionsBlock(block_id=f"{FEEDBACK_BLOCK}{lesson_id}", elements=buttons))
    return to_dicts(blocks)


def feedback_state(blocks: list[dict], lesson_id: str) -> tuple[bool, str]:
    """Give what the DM shows as clicked for the lesson: (got it, the rating)."""
    prefix = f"{FEEDBACK_NOTE}{lesson_id}|"
    for block in blocks:
        block_id = block.get("block_id") or ""
        if block_id.startswith(prefix):
            done, _, rating = block_id[len(prefix) :].partition("|")
            return done == "1", rating if rating in (HELPFUL, NOT_HELPFUL) else ""
    return False, ""


def with_feedback(blocks: list[dict], lesson_id: str, replacement: list[dict]) -> list[dict]:
    """Give the DM's blocks with the lesson's feedback (note and buttons) replaced."""
    note = f"{FEEDBACK_NOTE}{lesson_id}|"
    result: list[dict] = []
    placed = False
    for block in blocks:
        block_id = block.get("block_id") or ""
        if block_id.startswith(note) or block_id == f"{FEEDBACK_BLOCK}{lesson_id}":
            if not placed:
                result += replacement
                placed = True
        else:
            result.append(block)
    return result


def quiz_feedback(
    lesson: Lesson, language: str, option: int, right: bool, *, review: bool = False
) -> list[dict]:
    """Give the blocks that take the place of a quiz's buttons once it is answered."""
    quiz = lesson.text(language).quiz
    assert quiz is not None
    order = quiz_order(lesson, language, review=review)
    if 0 < option <= len(quiz.options):
        chosen = f"{LETTERS[order.index(option)]}: {quiz.options[option - 1]}"
    else:
        chosen = "?"
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


def _mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


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
