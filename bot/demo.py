"""`demo`: the coaching in a terminal, without Slack: the welcome, a lesson, its quiz, questions.

It goes through the same course, ledger and quiz code as Slack does; only the messenger prints
instead of posting. Each run is the next day of the course (the next delivery day after the
demo's last one), so running it again walks through the course; `day` jumps to a course day,
and day 1 starts again with the welcome.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from . import learners
from .coaching import Coach
from .config import Settings
from .curriculum import delivery_days_later
from .delivery import DayMessage, send_now
from .lessons import Lesson, load_bank
from .store import Store
from .vocabulary import Source

DEMO_USER = "UDEMO"
DEMO_DB = Path("coach-demo.db")
WIDTH = 88
HELP_WORDS = {"help", "hilfe", "?", "/coach help"}

TEXT = {
    "en": {
        "day": "Day {day} of the course, {date}",
        "today": "Lesson {number} of {lessons}",
        "done": "You've finished the course and no review is due on this day.",
        "takeaway": "Takeaway",
        "try": "Try this today",
        "review": "Review",
        "answer": "Your answer (number, Enter to skip)",
        "right": "Right.",
        "wrong": "Not quite. The right answer: {answer}",
        "comes_back": "This question comes back for review in a few days.",
        "ask": "Ask the coach a question (help: what the demo does; Enter to finish)",
        "none": "No lesson covers that yet.",
        "also": "Also",
        "help": (
            "This demo is the coach without Slack. Each run is the next day of the course: a "
            "lesson with its quiz, and the reviews of quiz questions you got wrong. At this "
            'prompt, ask what a manager would ask ("how do we apologise in public?") and get '
            "the lesson that answers it. Enter ends the run.\n"
            "Options: --lang de|en for the language, --day N to jump to day N of the course "
            "(--day 1 starts again). In Slack, /coach help lists the commands."
        ),
        "bye": (
            "Run it again for day {next} (--day 1 starts again). Your progress is kept in {db}."
        ),
    },
    "de": {
        "day": "Tag {day} des Kurses, {date}",
        "today": "Lektion {number} von {lessons}",
        "done": "Sie haben den Kurs abgeschlossen, und an diesem Tag steht keine Wiederholung an.",
        "takeaway": "Das Wichtigste",
        "try": "Heute ausprobieren",
        "review": "Wiederholung",
        "answer": "Ihre Antwort (Nummer, Enter zum Überspringen)",
        "right": "Richtig.",
        "wrong": "Nicht ganz. Richtig ist: {answer}",
        "comes_back": "Diese Frage kommt in ein paar Tagen zur Wiederholung.",
        "ask": "Fragen Sie den Coach (hilfe: was die Demo kann; Enter zum Beenden)",
        "none": "Dazu gibt es noch keine Lektion.",
        "also": "Auch",
        "help": (
            "Diese Demo ist der Coach ohne Slack. Jeder Aufruf ist der nächste Tag des Kurses: "
            "eine Lektion mit Quizfrage und die Wiederholung der Quizfragen, die Sie falsch "
            "beantwortet haben. Hier können Sie fragen, was eine Führungskraft fragen würde "
            "(„Wie entschuldige ich mich öffentlich?“), und bekommen die passende Lektion. "
            "Enter beendet den Aufruf.\n"
            "Optionen: --lang de|en für die Sprache, --day N springt zu Tag N des Kurses "
            "(--day 1 beginnt von vorn). In Slack zeigt /coach help die Befehle."
        ),
        "bye": (
            "Rufen Sie die Demo wieder auf für Tag {next} (--day 1 beginnt von vorn). Ihr "
            "Fortschritt steht in {db}."
        ),
    },
}


class TerminalMessenger:
    """Prints the day's message instead of posting it (delivery.Messenger)."""

    def __init__(self) -> None:
        self.shown: DayMessage | None = None

    def send(
        self, message: DayMessage, *, before_post: Callable[[], bool] = lambda: True, stop=None
    ) -> tuple[str | None, str | None]:
        before_post()
        self.shown = message
        return "terminal", datetime.now(timezone.utc).isoformat()

    def find(self, user_id: str, day: str) -> tuple[str | None, str | None] | None:
        return None


def run(
    settings: Settings,
    *,
    language: str,
    echo: Callable[[str], None],
    prompt: Callable[[str], str],
    db_path: Path = DEMO_DB,
    day: int | None = None,
    today: date | None = None,
) -> None:
    """Show the next course day (or course day `day`) with its quiz, then answer questions
    until an empty line. `today`: the real date (default: the machine's)."""
    settings = replace(settings, db_path=db_path)
    store = Store(db_path)
    coach = Coach(settings, bank=load_bank(settings.lessons_dir), store=store)
    words = TEXT[language]
    today = today or date.today()
    if day is not None or store.learners.get(DEMO_USER) is None:
        _start(coach, language, today, skip=(day or 1) - 1)
    number = len(_days_had(coach)) + 1
    moment = _next_moment(coach, today)
    messenger = TerminalMessenger()
    send_now(coach, messenger, DEMO_USER, moment)
    message = messenger.shown
    echo(f"\n{words['day'].format(day=number, date=moment.date().isoformat())}")
    if message is None:
        echo(words["done"])
    else:
        _show(coach, message, language, echo, prompt, now=moment)
    while True:
        question = prompt(f"\n{words['ask']}").strip()
        if not question:
            break
        if question.lower() in HELP_WORDS:
            echo(_plain(words["help"]))
            continue
        _answer(coach, question, language, echo)
    echo(words["bye"].format(next=number + 1, db=db_path))
    store.close()


def _start(coach: Coach, language: str, today: date, *, skip: int) -> None:
    """Start the demo learner's course again, with `skip` course days had already."""
    if coach.store.learners.get(DEMO_USER) is not None:
        coach.store.privacy.forget(DEMO_USER)
    coach.store.learners.enroll(DEMO_USER, source=Source.SELF, zone=_local_zone())
    coach.store.prefs.set_language(DEMO_USER, language)
    for _ in range(skip):
        send_now(coach, TerminalMessenger(), DEMO_USER, _next_moment(coach, today))


def _days_had(coach: Coach) -> set[str]:
    past = coach.store.ledger.history([DEMO_USER]).get(DEMO_USER)
    return past.days if past else set()


def _next_moment(coach: Coach, today: date) -> datetime:
    """Give noon of the demo's next course day: today, or the delivery day after the last day
    it had if that was today or later (a second run the same day is the next day)."""
    schedule = coach.schedule_for(coach.store.learners.get(DEMO_USER))
    had = _days_had(coach)
    day = today
    if had and max(had) >= today.isoformat():
        last = date.fromisoformat(max(had))
        day = delivery_days_later(schedule, last, 1) if schedule.days else last + timedelta(1)
    return datetime.combine(day, time(12, 0), tzinfo=schedule.tz())


def _show(
    coach: Coach,
    message: DayMessage,
    language: str,
    echo: Callable[[str], None],
    prompt: Callable[[str], str],
    *,
    now: datetime,
) -> None:
    words = TEXT[language]
    if message.welcome:
        echo("\n" + _welcome(coach, message, language))
    if message.complete:
        echo("\n" + _course_message(coach, "complete", language))
    if message.lesson is not None:
        text = message.lesson.text(language)
        place = words["today"].format(number=message.number, lessons=len(coach.bank))
        echo(f"\n=== {place}: {text.title} ===\n")
        echo(_plain(text.body))
        echo("\n" + _plain(f"{words['takeaway']}: {text.takeaway}"))
        echo(_plain(f"{words['try']}: {text.try_today}"))
        _quiz(coach, message.lesson, language, echo, prompt, review=False, now=now)
    for lesson in message.reviews:
        echo(f"\n--- {words['review']}: {lesson.text(language).title} ---")
        _quiz(coach, lesson, language, echo, prompt, review=True, now=now)


def _welcome(coach: Coach, message: DayMessage, language: str) -> str:
    """Give the course's welcome as Slack fills it in, up to its first paragraph: the rest is
    about Slack's commands, which the demo's help stands in for."""
    course = coach.bank.course
    if course is None:
        return ""
    # The DM's own filling-in: the days in words, the sentence about the first lesson.
    from .slack.daily import welcome_message
    from .slack.plain import blocks_text

    blocks, _ = welcome_message(
        course,
        language,
        lessons=len(coach.bank),
        time=message.send_at,
        days=coach.settings.days,
        first="now",
    )
    title, _, text = blocks_text(blocks, width=WIDTH).partition("\n\n")
    return f"{title}\n\n{text.split(chr(10) * 2)[0].strip()}"


def _course_message(coach: Coach, message: str, language: str) -> str:
    course = coach.bank.course
    if course is None:
        return ""
    from .slack.blocks import course_message_blocks
    from .slack.plain import blocks_text

    blocks = course_message_blocks(course, message, language, lessons=len(coach.bank))
    return blocks_text(blocks, width=WIDTH).strip()


def _quiz(
    coach: Coach,
    lesson: Lesson,
    language: str,
    echo: Callable[[str], None],
    prompt: Callable[[str], str],
    *,
    review: bool,
    now: datetime,
) -> None:
    quiz = lesson.text(language).quiz
    if quiz is None:
        return
    words = TEXT[language]
    echo(f"\nQuiz: {_plain(quiz.question)}")
    for number, option in enumerate(quiz.options, start=1):
        echo(f"  {number}. {option}")
    choice = prompt(words["answer"]).strip()
    if not choice.isdigit() or not 1 <= int(choice) <= len(quiz.options):
        return
    result = learners.answer_quiz(coach, DEMO_USER, lesson.id, int(choice), review=review, now=now)
    if result is None:
        return
    if result.right:
        echo(f"{words['right']} {_plain(quiz.explanation)}")
    else:
        echo(words["wrong"].format(answer=quiz.options[quiz.answer - 1]))
        echo(_plain(quiz.explanation))
        echo(words["comes_back"])


def _answer(coach: Coach, question: str, language: str, echo: Callable[[str], None]) -> None:
    words = TEXT[language]
    reply = coach.ask(DEMO_USER, question)
    if not reply.lessons:
        echo(words["none"])
        return
    best = reply.lessons[0].text(language)
    echo(f"\n{best.title}\n{_plain(best.takeaway)}")
    echo(_plain(f"{words['try']}: {best.try_today}"))
    for other in reply.lessons[1:]:
        echo(f"{words['also']}: {other.text(language).title}")


def _plain(text: str) -> str:
    """Give Slack mrkdwn as terminal text: *bold* and _italic_ marks dropped, lines wrapped."""
    text = re.sub(r"(?<!\w)[*_]([^*_\n]+)[*_](?!\w)", r"\1", text.strip())
    return "\n".join(
        textwrap.fill(line, WIDTH, subsequent_indent="  " if line.startswith("•") else "")
        if line
        else ""
        for line in text.splitlines()
    )


def _local_zone() -> str | None:
    """Give this machine's IANA time zone name if it can be found, for the demo's local day."""
    try:
        target = Path("/etc/localtime").resolve()
    except OSError:
        return None
    parts = target.parts
    return "/".join(parts[parts.index("zoneinfo") + 1 :]) if "zoneinfo" in parts else None
