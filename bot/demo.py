"""`demo`: the coaching in a terminal, without Slack: today's lesson, its quiz, questions.

It goes through the same course, ledger and quiz code as Slack does; only the messenger prints
instead of posting. Each day the demo learner gets the next lesson, like a manager would.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from . import learners
from .coaching import Coach
from .config import Settings
from .delivery import DayMessage, message_of, send_now
from .lessons import Lesson, load_bank
from .store import Store

DEMO_USER = "UDEMO"
DEMO_DB = Path("coach-demo.db")
WIDTH = 88

TEXT = {
    "en": {
        "today": "Today's lesson",
        "again": "You've had today's lesson already; here it is again.",
        "done": "You've finished the course and no review is due today.",
        "takeaway": "Takeaway",
        "try": "Try this today",
        "review": "Review",
        "answer": "Your answer (number, Enter to skip)",
        "right": "Right.",
        "wrong": "Not quite. The right answer: {answer}",
        "comes_back": "This question comes back for review in a few days.",
        "ask": "Ask the coach a question (Enter to finish)",
        "none": "No lesson covers that yet.",
        "also": "Also",
        "bye": "Come back tomorrow for the next lesson (database: {db}).",
    },
    "de": {
        "today": "Die heutige Lektion",
        "again": "Die heutige Lektion hatten Sie schon; hier ist sie noch einmal.",
        "done": "Sie haben den Kurs abgeschlossen, und heute steht keine Wiederholung an.",
        "takeaway": "Das Wichtigste",
        "try": "Heute ausprobieren",
        "review": "Wiederholung",
        "answer": "Ihre Antwort (Nummer, Enter zum Überspringen)",
        "right": "Richtig.",
        "wrong": "Nicht ganz. Richtig ist: {answer}",
        "comes_back": "Diese Frage kommt in ein paar Tagen zur Wiederholung.",
        "ask": "Fragen Sie den Coach (Enter zum Beenden)",
        "none": "Dazu gibt es noch keine Lektion.",
        "also": "Auch",
        "bye": "Morgen gibt es die nächste Lektion (Datenbank: {db}).",
    },
}


class TerminalMessenger:
    """Prints the day's message instead of posting it (delivery.Messenger)."""

    def __init__(self, echo: Callable[[str], None]):
        self.echo = echo
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
) -> None:
    """Show today's lesson and its quiz, then answer questions until an empty line."""
    settings = replace(settings, db_path=db_path)
    store = Store(db_path)
    coach = Coach(settings, bank=load_bank(settings.lessons_dir), store=store)
    words = TEXT[language]
    store.enroll(DEMO_USER, source="self", zone=_local_zone())
    store.set_language(DEMO_USER, language)
    messenger = TerminalMessenger(echo)
    now = datetime.now(timezone.utc)
    outcome = send_now(coach, messenger, DEMO_USER, now)
    message = messenger.shown
    if outcome == "had":
        echo(words["again"])
        message = _todays(coach, now)
    if message is None:
        echo(words["done"])
    else:
        _show(coach, message, language, echo, prompt)
    while True:
        question = prompt(f"\n{words['ask']}").strip()
        if not question:
            break
        _answer(coach, question, language, echo)
    echo(words["bye"].format(db=db_path))
    store.close()


def _show(
    coach: Coach,
    message: DayMessage,
    language: str,
    echo: Callable[[str], None],
    prompt: Callable[[str], str],
) -> None:
    words = TEXT[language]
    if message.lesson is not None:
        text = message.lesson.text(language)
        echo(f"\n=== {words['today']}: {text.title} ===\n")
        echo(_plain(text.body))
        echo("\n" + _plain(f"{words['takeaway']}: {text.takeaway}"))
        echo(_plain(f"{words['try']}: {text.try_today}"))
        _quiz(coach, message.lesson, language, echo, prompt, review=False)
    for lesson in message.reviews:
        echo(f"\n--- {words['review']}: {lesson.text(language).title} ---")
        _quiz(coach, lesson, language, echo, prompt, review=True)


def _quiz(
    coach: Coach,
    lesson: Lesson,
    language: str,
    echo: Callable[[str], None],
    prompt: Callable[[str], str],
    *,
    review: bool,
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
    result = learners.answer_quiz(coach, DEMO_USER, lesson.id, int(choice), review=review)
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


def _todays(coach: Coach, now: datetime) -> DayMessage | None:
    learner = coach.store.learner(DEMO_USER)
    day = now.astimezone(coach.schedule_for(learner).tz()).date().isoformat()
    had = coach.store.delivery(DEMO_USER, day)
    return None if had is None else message_of(coach, had, learner)


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
