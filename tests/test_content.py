"""The shipped course: what a machine can check about the lessons a manager reads."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.lessons import TOPICS, Lesson, check_bank
from bot.slack.blocks import course_message_blocks, lesson_blocks

from .conftest import LESSONS_DIR
from .slack.blockkit import all_text, assert_valid_blocks

BANK, PROBLEMS = check_bank(LESSONS_DIR)
LESSONS = list(BANK)
LANGUAGES = ("de", "en")
# A one-minute lesson (the issue asks for roughly 80-180 words of body).
BODY_WORDS = range(70, 201)
# German runs about a tenth longer than English; outside this band one version says more.
LENGTH_RATIO = (0.85, 1.45)


def by_id(lesson: Lesson) -> str:
    return lesson.id


def texts(lesson: Lesson, language: str) -> list[str]:
    """Give every text of one language's version that a manager reads."""
    text = lesson.text(language)
    quiz = text.quiz
    assert quiz is not None
    return [
        text.title,
        text.body,
        text.takeaway,
        text.try_today,
        quiz.question,
        *quiz.options,
        quiz.explanation,
    ]


def test_the_bank_is_a_whole_course():
    assert PROBLEMS == []
    assert len(LESSONS) >= 36
    per_topic = Counter(lesson.topic for lesson in LESSONS)
    assert set(per_topic) == set(TOPICS)
    assert min(per_topic.values()) >= 6, per_topic


def test_the_course_starts_with_why_the_boss_must_understand_it():
    assert LESSONS[0].topic == "leadership"
    assert LESSONS[0].order == min(lesson.order for lesson in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_each_lesson_is_complete_in_both_languages(lesson: Lesson):
    for language in LANGUAGES:
        text = lesson.text(language)
        assert text.quiz is not None, f"{language}: no quiz"
        assert 3 <= len(text.quiz.options) <= 4, f"{language}: quiz needs 3 or 4 options"
        assert len(text.questions) >= 3, f"{language}: fewer than 3 example questions"
        assert len(text.body.split()) in BODY_WORDS, f"{language}: body is not a one-minute read"


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_each_quiz_has_exactly_one_right_answer_in_both_languages(lesson: Lesson):
    de, en = lesson.de.quiz, lesson.en.quiz
    assert de is not None and en is not None
    # The same quiz in both languages: a manager who switches language keeps the right answer.
    assert len(de.options) == len(en.options)
    assert de.answer == en.answer
    for quiz in (de, en):
        # A repeated option would make two buttons right (or the right one ambiguous).
        assert len({option.strip().lower() for option in quiz.options}) == len(quiz.options)


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_german_and_english_say_about_as_much(lesson: Lesson):
    low, high = LENGTH_RATIO
    de, en = (sum(map(len, texts(lesson, language))) for language in LANGUAGES)
    assert low <= de / en <= high, f"German {de} characters, English {en}"
    body = len(lesson.de.body) / len(lesson.en.body)
    assert low <= body <= high, f"bodies: German is {body:.2f} times the English"


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_each_lesson_fits_slack(lesson: Lesson):
    for language in LANGUAGES:
        assert_valid_blocks(lesson_blocks(lesson, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_lessons_share_a_title_or_an_example_question(language: str):
    titles = Counter(lesson.text(language).title.casefold() for lesson in LESSONS)
    assert [title for title, n in titles.items() if n > 1] == []
    questions = Counter(
        question.casefold().strip(" ?")
        for lesson in LESSONS
        for question in lesson.text(language).questions
    )
    assert [question for question, n in questions.items() if n > 1] == []


# Slack's mrkdwn shows **bold**, # headings and [text](url) as typed; statistics need sources
# the lessons do not give, so they have none; and a German coach says "Sie" to a manager.
NOT_IN_A_LESSON = {
    "Markdown bold (Slack uses *bold*)": re.compile(r"\*\*"),
    "a Markdown heading": re.compile(r"^#", re.MULTILINE),
    "a Markdown link": re.compile(r"\]\("),
    "a percentage": re.compile(r"\d\s*%|\bProzent\b|\bper ?cent\b", re.IGNORECASE),
    "a study cited": re.compile(r"\bStudie|\bstud(y|ies) (show|found)", re.IGNORECASE),
}
INFORMAL_GERMAN = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*)\b", re.IGNORECASE)
# A customer quoted in a scenario („Euer Service …“) may be as informal as people are.
QUOTED = re.compile(r"„[^“]*“")


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_lessons_hold_no_markdown_statistics_or_informal_german(lesson: Lesson):
    for language in LANGUAGES:
        for text in texts(lesson, language):
            for what, pattern in NOT_IN_A_LESSON.items():
                assert not pattern.search(text), f"{language}: {what} in {text[:60]!r}"
    for text in texts(lesson, "de"):
        informal = INFORMAL_GERMAN.search(QUOTED.sub("", text))
        assert not informal, f"informal German {informal[0]!r} in {text[:60]!r}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("message", ["welcome", "complete"])
def test_welcome_and_course_complete_messages_render(message: str, language: str):
    assert BANK.course is not None, "lessons/course.yaml is missing"
    blocks = course_message_blocks(
        BANK.course, message, language, lessons=len(LESSONS), time="08:30", days="mon-fri"
    )
    assert_valid_blocks(blocks)
    text = all_text(blocks)
    assert str(len(LESSONS)) in text
    assert "{" not in text and "}" not in text
    if message == "welcome":
        assert "08:30" in text
        assert ("montags bis freitags" if language == "de" else "Monday to Friday") in text
