"""The shipped course: what a machine can check about the lessons a manager reads."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.lessons import HEADER_MAX, SECTION_MAX, TOPICS, Lesson, check_bank
from bot.slack.blocks import course_message_blocks, lesson_blocks, t
from bot.vocabulary import LANGUAGES

from .conftest import LESSONS_DIR, ROOT
from .slack.blockkit import all_text, assert_valid_blocks

BANK, PROBLEMS = check_bank(LESSONS_DIR)
LESSONS = list(BANK)
# A one-minute lesson: roughly 80-180 words of body, with a little room either side.
BODY_WORDS = range(70, 201)
# German runs about a tenth longer than English; outside this band one version says more.
LENGTH_RATIO = (0.85, 1.45)
# Managers ask in many ways; each lesson carries at least this many example questions per
# language, and the two languages about as many (a lesson found in one language is found in both).
MIN_QUESTIONS = 12
QUESTIONS_DIFFERENCE = 2


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
    assert len(LESSONS) >= 40
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
        assert len(text.questions) >= MIN_QUESTIONS, (
            f"{language}: {len(text.questions)} example questions, fewer than {MIN_QUESTIONS}"
        )
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


def too_long(lesson: Lesson, language: str) -> list[str]:
    """Give each text of the lesson's message that is longer than Slack shows, as it is put in
    Slack (a takeaway within the lesson's own limit may still overflow with its label)."""
    text = lesson.text(language)
    shown = {
        "title (header)": (text.title, HEADER_MAX),
        "body (section)": (text.body, SECTION_MAX),
        "takeaway (section)": (t(language, "takeaway", text=text.takeaway), SECTION_MAX),
        "try_today (section)": (t(language, "try_today", text=text.try_today), SECTION_MAX),
    }
    return [
        f"{lesson.id} ({language}) {where}: {len(value)} characters; Slack shows {limit}"
        for where, (value, limit) in shown.items()
        if len(value) > limit
    ]


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_each_lesson_fits_slack(lesson: Lesson):
    for language in LANGUAGES:
        assert too_long(lesson, language) == []
        assert_valid_blocks(lesson_blocks(lesson, language))


def test_a_lesson_too_long_for_slack_is_caught_before_the_blocks_are_built():
    # Within the lesson's own limits, yet over Slack's once the takeaway has its label.
    lesson = LESSONS[0]
    long_text = lesson.en.model_copy(update={"takeaway": "x" * (SECTION_MAX - 10)})
    too_long_lesson = lesson.model_copy(update={"en": long_text})
    assert too_long(too_long_lesson, "de") == []
    [problem] = too_long(too_long_lesson, "en")
    assert problem.startswith(f"{lesson.id} (en) takeaway (section): ")


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


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_both_languages_have_about_as_many_example_questions(lesson: Lesson):
    de, en = len(lesson.de.questions), len(lesson.en.questions)
    assert abs(de - en) <= QUESTIONS_DIFFERENCE, f"German {de}, English {en} example questions"


# --- Quizzes a test-wise learner cannot beat ------------------------------------------------
# Chance is about a quarter. A learner who always picks the longest option (or the shortest) must
# not do much better, so the right option is rarely the longest and only sometimes the shortest.
RIGHT_LONGEST_MAX = 0.30
STRATEGY_SCORE_MAX = 0.35
RIGHT_SHORTEST_MIN = 0.10
# No position holds most of the right answers.
ANSWER_POSITION_MAX = 0.40
# A wrong option this much shorter than the right one gives the answer away.
WRONG_OPTION_MIN_SHARE = 0.6
# An option this short is a throwaway ("Nothing", "Do nothing"), not a choice to weigh.
OPTION_MIN_CHARS = 25
THROWAWAY = re.compile(
    r"^(nichts|gar nichts|nichts tun|alles löschen|nothing|do nothing|delete everything)\\W*$",
    re.IGNORECASE,
)


def option_length(option: str, unit: str) -> int:
    return len(option.split()) if unit == "words" else len(option)


def strategy_score(language: str, pick, unit: str = "chars") -> float:
    """Give the share of quizzes a learner answers right by always choosing `pick` (max/min)."""
    score = 0.0
    for lesson in LESSONS:
        quiz = lesson.text(language).quiz
        lengths = [option_length(option, unit) for option in quiz.options]
        chosen = [i for i, length in enumerate(lengths, start=1) if length == pick(lengths)]
        score += (quiz.answer in chosen) / len(chosen)  # ties: a guess among them
    return score / len(LESSONS)


def right_option_share(language: str, where) -> float:
    """Give the share of quizzes whose right option satisfies `where(right, wrong_lengths)`."""
    hits = 0
    for lesson in LESSONS:
        quiz = lesson.text(language).quiz
        lengths = [len(option) for option in quiz.options]
        right = lengths.pop(quiz.answer - 1)
        hits += bool(where(right, lengths))
    return hits / len(LESSONS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_right_option_is_rarely_the_longest(language: str):
    share = right_option_share(language, lambda right, wrong: right >= max(wrong))
    assert share <= RIGHT_LONGEST_MAX, f"{language}: the right option is the longest in {share:.0%}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("unit", ["chars", "words"])
@pytest.mark.parametrize("pick", [max, min], ids=["longest", "shortest"])
def test_always_picking_the_longest_or_shortest_option_does_not_pay(language, unit, pick):
    score = strategy_score(language, pick, unit)
    assert score <= STRATEGY_SCORE_MAX, (
        f"{language}: always picking the {pick.__name__} option ({unit}) scores {score:.0%}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_some_right_answers_are_the_shortest_option(language: str):
    share = right_option_share(language, lambda right, wrong: right < min(wrong))
    assert share >= RIGHT_SHORTEST_MIN, f"{language}: short right answers in only {share:.0%}"


def test_the_right_answers_are_spread_over_the_positions():
    positions = Counter(lesson.de.quiz.answer for lesson in LESSONS)
    most, count = positions.most_common(1)[0]
    assert count / len(LESSONS) <= ANSWER_POSITION_MAX, f"option {most} is right in {count}"


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_wrong_options_are_as_long_and_as_real_as_the_right_one(lesson: Lesson):
    for language in LANGUAGES:
        quiz = lesson.text(language).quiz
        right = len(quiz.options[quiz.answer - 1])
        for number, option in enumerate(quiz.options, start=1):
            assert len(option) >= OPTION_MIN_CHARS, f"{language}: option {number} is a throwaway"
            assert not THROWAWAY.match(option.strip()), f"{language}: option {number}: {option}"
            if number != quiz.answer:
                assert len(option) >= WRONG_OPTION_MIN_SHARE * right, (
                    f"{language}: option {number} is much shorter than the right one: {option}"
                )


# --- Takeaways that stick, tasks that fit the day ------------------------------------------
TAKEAWAY_MAX_WORDS = 20
TRY_TODAY_MAX_WORDS = 50


def words(text: str) -> int:
    return len([word for word in text.split() if re.search(r"\w", word)])


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_the_takeaway_is_one_short_line(lesson: Lesson):
    for language in LANGUAGES:
        takeaway = lesson.text(language).takeaway
        assert "\n" not in takeaway.strip(), f"{language}: the takeaway is more than one line"
        assert words(takeaway) <= TAKEAWAY_MAX_WORDS, (
            f"{language}: the takeaway has {words(takeaway)} words: {takeaway}"
        )


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_the_task_for_today_is_short(lesson: Lesson):
    for language in LANGUAGES:
        task = lesson.text(language).try_today
        assert words(task) <= TRY_TODAY_MAX_WORDS, f"{language}: try_today has {words(task)} words"


# --- German law, stated carefully ----------------------------------------------------------
BY_ID = {lesson.id: lesson for lesson in LESSONS}
LEGAL_DEPARTMENT = {"de": "Rechtsabteilung", "en": "legal"}


def lesson_text(lesson: Lesson, language: str) -> str:
    return "\n".join(texts(lesson, language))


def bank_text(language: str) -> str:
    return "\n".join(lesson_text(lesson, language) for lesson in LESSONS)


# What a manager in Germany must be told, with the decision or paragraph and its date.
LEGAL_POINTS = {
    "internal-works-council-early": {
        "de": [
            "§ 87 Abs. 1 Nr. 6 BetrVG",
            "BAG, 13.12.2016, 1 ABR 7/15",
            "13.9.2018, 2 TaBV 5/18",
            "Zustimmung",
            "Rechtsabteilung",
        ],
        "en": [
            "§ 87(1) no. 6",
            "BetrVG",
            "13 December 2016, 1 ABR 7/15",
            "13 September 2018, 2 TaBV 5/18",
            "consent",
            "legal department",
        ],
    },
    "strategy-impressum": {
        "de": ["§ 5 DDG", "14. Mai 2024", "§ 5 TMG", "Datenschutzhinweise", "Rechtsabteilung"],
        "en": [
            "§ 5 DDG",
            "14 May 2024",
            "§ 5 of the Telemedia Act (TMG)",
            "privacy information",
            "legal department",
        ],
    },
    "transparency-no-fake-voices": {
        "de": ["28. Mai 2022", "schwarze", "Anhang zu § 3 Abs. 3 UWG", "Rechtsabteilung"],
        "en": ["28 May 2022", "blacklist", "Annex to § 3(3) UWG", "legal department"],
    },
    "strategy-image-consent": {
        "de": [
            "Einwilligung",
            "schriftlich oder elektronisch",
            "freiwillig",
            "widerrufen",
            "Rechtsabteilung",
        ],
        "en": [
            "consent",
            "in writing or electronically",
            "Voluntary",
            "withdrawn",
            "legal department",
        ],
    },
    "transparency-crisis-escalation": {
        "de": ["72 Stunden", "Art. 33 DSGVO", "Datenschutz"],
        "en": ["72 hours", "Art. 33 GDPR", "data protection"],
    },
}


@pytest.mark.parametrize("lesson_id", sorted(LEGAL_POINTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_legal_points_are_stated_with_their_source(lesson_id: str, language: str):
    assert lesson_id in BY_ID, f"{lesson_id} is missing from the bank"
    text = lesson_text(BY_ID[lesson_id], language)
    missing = [point for point in LEGAL_POINTS[lesson_id][language] if point not in text]
    assert missing == [], f"{lesson_id} ({language}) does not say: {missing}"


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_a_lesson_that_cites_the_law_sends_the_reader_to_the_legal_department(lesson: Lesson):
    for language in LANGUAGES:
        text = lesson_text(lesson, language)
        if re.search(r"§|\bArt\. \d|\bBAG\b|\bLAG\b", text):
            assert LEGAL_DEPARTMENT[language] in text, (
                f"{language}: cites the law without pointing to the legal department"
            )


# Removing insults, threats or other people's data does not wait for published house rules; the
# house rules cover what else is removed. The two must not be tied together in one sentence.
UNLAWFUL = {"de": "Beleidigungen", "en": "insults"}
HOUSE_RULES = {"de": "Netiquette", "en": "house rules"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_removing_unlawful_comments_is_not_made_to_depend_on_house_rules(language: str):
    text = lesson_text(BY_ID["transparency-keep-criticism-visible"], language)
    assert UNLAWFUL[language] in text and HOUSE_RULES[language] in text
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        assert not (UNLAWFUL[language] in sentence and HOUSE_RULES[language] in sentence), sentence


# --- One voice across the course ---------------------------------------------------------------
# One term for the comment rules per language; one gendering convention in German (neutral or
# pair forms, no gender star, no generic "Mitarbeiter"); one currency.
NOT_IN_THIS_LANGUAGE = {
    "de": {
        "'Hausregeln' (the course says Netiquette)": re.compile(r"Hausregel"),
        "a gender star, colon or capital I": re.compile(r"\w[*:_]innen\b|\wInnen\b"),
        "generic 'Mitarbeiter' (say Beschäftigte, Belegschaft, Team)": re.compile(
            r"\bMitarbeiter(n|s)?\b"
        ),
        "'Social Media' as a singular (the course uses the plural)": re.compile(
            r"Social Media (ist|hat|wird|bringt|kostet)\b"
        ),
        "a currency other than the euro": re.compile(r"[£$]|\bDollar\b|\bPfund\b"),
    },
    "en": {
        "'Netiquette' (the English course says house rules)": re.compile(r"Netiquette"),
        "'community guidelines' (the English course says house rules)": re.compile(
            r"community guidelines", re.IGNORECASE
        ),
        "a currency other than the euro": re.compile(r"[£$]|\bdollars?\b|\bpounds?\b"),
    },
}


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_one_term_one_convention_one_currency(lesson: Lesson):
    for language, patterns in NOT_IN_THIS_LANGUAGE.items():
        for text in texts(lesson, language):
            for what, pattern in patterns.items():
                found = pattern.search(text)
                assert not found, f"{language}: {what}: {found[0]!r} in {text[:60]!r}"


# A person named in the English scenario ("the owner, Katrin Vogt", "Mr Demir") is the same person
# in the German one: the surname appears there too. Mid-sentence capitals mark names in English;
# the few law titles among them are not people.
NAME = re.compile(r"\b(?:Mr|Ms|Mrs) ([A-Z][a-z]+)\b|\b[a-z]+,? [A-Z][a-z]+ ([A-Z][a-zäöü]+)\b")
NOT_A_NAME = {"Constitution", "Act"}


@pytest.mark.parametrize("lesson", LESSONS, ids=by_id)
def test_the_scenario_people_are_the_same_in_both_languages(lesson: Lesson):
    for match in NAME.finditer(lesson.en.body):
        surname = match[1] or match[2]
        if surname not in NOT_A_NAME:
            assert surname in lesson.de.body, f"{match[0]!r} is not in the German scenario"


# --- The course table in docs/course.md ---------------------------------------------------
COURSE_DOC = ROOT / "docs" / "course.md"
COURSE_ROW = re.compile(
    r"^\| (\d+) \| (\d+) \| `([a-z0-9-]+)` \| ([a-z-]+) \| ([^|]+) \| ([^|]+) \|$"
)
RETIRED_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| `([a-z0-9-]+)` \| [^|]+ \|$")


def test_the_course_table_lists_the_bank_in_order():
    rows = [COURSE_ROW.match(line) for line in COURSE_DOC.read_text(encoding="utf-8").splitlines()]
    listed = [(int(row[2]), row[3], row[4], row[5].strip(), row[6].strip()) for row in rows if row]
    assert listed == [
        (lesson.order, lesson.id, lesson.topic, lesson.de.title, lesson.en.title)
        for lesson in LESSONS
    ]


def test_retired_ids_are_gone_and_point_to_a_lesson_that_is_there():
    lines = COURSE_DOC.read_text(encoding="utf-8").splitlines()
    retired = [match.groups() for match in map(RETIRED_ROW.match, lines) if match]
    assert retired, "docs/course.md lists no retired ids"
    for old, new in retired:
        assert old not in BY_ID, f"{old} is retired but still in the bank"
        assert new in BY_ID, f"{old} points to {new}, which is not in the bank"
