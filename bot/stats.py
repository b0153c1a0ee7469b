"""The admins' engagement report: groups only, and nothing about a group smaller than min_group.

No Slack here; the Slack edge, the digest and the command line render what `report` gives.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone

from .lessons import TOPICS, Bank
from .store import Gap, Store
from .vocabulary import QUIZ, RATED, Event, Language, Status

STATUSES = tuple(status.value for status in Status)
HARDEST = 5


@dataclass
class Figures:
    """One group's figures; None where fewer than min_group people are behind a figure."""

    lessons_delivered: int | None = 0
    completion_rate: float | None = None  # "got it" per lesson delivered
    quiz_accuracy: float | None = None  # first answers to a lesson's quiz that were right
    helpfulness: float | None = None  # "helpful" among the lessons' ratings
    questions_asked: int | None = 0
    questions_unanswered: int | None = 0  # no lesson fitted, or the asker said it did not help
    answered_share: float | None = None
    hidden: tuple[str, ...] = ()  # the figures above that are None to protect a small group


@dataclass
class Group:
    """A topic, a lesson or a week with its figures."""

    key: str
    name: str
    figures: Figures
    topic: str | None = None  # a lesson's topic
    in_bank: bool = True  # False for a lesson removed from the bank since


@dataclass
class Report:
    days: int
    since: str  # first UTC day in the report
    until: str  # the day after the last
    min_group: int
    learners: dict[str, int | None]
    totals: Figures
    by_topic: list[Group] = field(default_factory=list)
    by_lesson: list[Group] = field(default_factory=list)
    weekly: list[Group] = field(default_factory=list)  # the period's weeks, Monday first
    hardest: list[Group] = field(default_factory=list)
    unanswered: list[Gap] = field(default_factory=list)


class _Sums:
    """Events and people per kind for one group, from the tallies."""

    def __init__(self) -> None:
        self.events: dict[str, int] = {}
        self.people: dict[str, int] = {}  # a lower bound where the group spans several lessons

    def add(self, kind: str, events: int, firsts: int, *, one_lesson: bool) -> None:
        self.events[kind] = self.events.get(kind, 0) + events
        # A lesson's firsts are its people; a group of lessons has at least its biggest lesson's.
        people = self.people.get(kind, 0)
        self.people[kind] = people + firsts if one_lesson else max(people, firsts)

    def n(self, *kinds: str) -> int:
        return sum(self.events.get(kind, 0) for kind in kinds)

    def least_people(self, *kinds: str) -> int:
        return max((self.people.get(kind, 0) for kind in kinds), default=0)


def report(
    store: Store,
    bank: Bank,
    *,
    days: int = 30,
    min_group: int = 5,
    today: date | None = None,
    gaps: int = 50,
    answered: Callable[[str], bool] | None = None,
) -> Report:
    """Give the report over the last `days` UTC days up to `today` (default: today).

    `answered` says of a question text whether it has an answer now (an admin taught one): such
    questions are left out of the open questions (the figures still count them as they were).
    """
    today = today or datetime.now(timezone.utc).date()
    since, until = (today - timedelta(days=days - 1)).isoformat(), _next(today)
    counted = Counter(store, min_group)
    result = Report(
        days=days,
        since=since,
        until=until,
        min_group=min_group,
        learners=_learners(store, min_group),
        totals=Figures(),
    )
    totals, topics, lessons = _Sums(), {t: _Sums() for t in TOPICS}, {}
    lesson_topic: dict[str, str] = {}
    for kind, topic, lesson_id, events, firsts in store.events.tallies(since, until):
        if kind == Event.ASKED and not lesson_id:
            kind = "asked_no_lesson"  # counted as asked too, below
            totals.add(Event.ASKED, events, firsts, one_lesson=False)
        totals.add(kind, events, firsts, one_lesson=False)
        if topic in topics:
            topics[topic].add(kind, events, firsts, one_lesson=False)
        if lesson_id:
            lessons.setdefault(lesson_id, _Sums()).add(kind, events, firsts, one_lesson=True)
            lesson_topic.setdefault(lesson_id, topic)
    result.totals = counted.figures(totals, since, until)
    for topic, sums in topics.items():
        figures = counted.figures(sums, since, until, topic=topic)
        result.by_topic.append(Group(topic, TOPICS[topic][Language.EN], figures))
    result.by_lesson = _lessons(counted, bank, lessons, lesson_topic, since, until)
    result.weekly = _weekly(store, counted, date.fromisoformat(since), today)
    result.hardest = sorted(
        (g for g in result.by_lesson if g.figures.quiz_accuracy is not None),
        key=lambda g: (g.figures.quiz_accuracy, g.key),
    )[:HARDEST]
    if answered is None:
        result.unanswered = store.events.gaps(since, until, limit=gaps)
    else:
        # A taught question may stand for a few ways of typing it: read a margin more.
        found = store.events.gaps(since, until, limit=gaps * 3 + 100)
        result.unanswered = [gap for gap in found if not answered(gap.text)][:gaps]
    return result


class Counter:
    """Turns a group's sums into figures, hiding each one with fewer than min_group people."""

    def __init__(self, store: Store, min_group: int):
        self.store = store
        self.min_group = min_group

    def figures(
        self,
        sums: _Sums,
        since: str,
        until: str,
        *,
        topic: str | None = None,
        lesson_id: str | None = None,
    ) -> Figures:
        known: dict[tuple[str, ...], bool] = {}

        def enough(*kinds: str) -> bool:
            # The tallies give a lower bound; where it is too small, the log counts exactly.
            if kinds not in known:
                known[kinds] = sums.least_people(*kinds) >= self.min_group or (
                    self.store.events.people(kinds, since, until, topic=topic, lesson_id=lesson_id)
                    >= self.min_group
                )
            return known[kinds]

        figures, hidden = Figures(), []

        def count(name: str, value: int, *kinds: str, of: int | None = None) -> None:
            # `of`: the count this one is part of; a 0 hidden with it, lest it tell "all" or "none".
            if (value if of is None else of) and not enough(*kinds):
                hidden.append(name)
                value = None
            setattr(figures, name, value)

        def rate(name: str, part: int, whole: int, *kinds: str) -> None:
            if whole and not enough(*kinds):
                hidden.append(name)
            elif whole:
                setattr(figures, name, round(min(part / whole, 1.0), 3))

        delivered, asked = sums.n(Event.DELIVERED), sums.n(Event.ASKED)
        unanswered = sums.n("asked_no_lesson", Event.ANSWER_NOT_HELPFUL)
        count("lessons_delivered", delivered, Event.DELIVERED)
        rate("completion_rate", sums.n(Event.COMPLETED), delivered, Event.DELIVERED)
        rate("quiz_accuracy", sums.n(Event.QUIZ_RIGHT), sums.n(*QUIZ), *QUIZ)
        rate("helpfulness", sums.n(Event.RATED_HELPFUL), sums.n(*RATED), *RATED)
        count("questions_asked", asked, Event.ASKED)
        count("questions_unanswered", unanswered, Event.ASKED, of=asked)
        rate("answered_share", asked - unanswered, asked, Event.ASKED)
        figures.hidden = tuple(hidden)
        return figures


def _learners(store: Store, min_group: int) -> dict[str, int | None]:
    counts = store.learners.counts()
    # No sums of them (such as "enrolled"): a sum beside a hidden count would give it away.
    shown = {status: counts.get(status, 0) for status in STATUSES}
    return {key: n if n == 0 or n >= min_group else None for key, n in shown.items()}


def _lessons(
    counted: Counter,
    bank: Bank,
    lessons: dict[str, _Sums],
    lesson_topic: dict[str, str],
    since: str,
    until: str,
) -> list[Group]:
    groups = []
    for lesson in bank:
        sums = lessons.pop(lesson.id, _Sums())
        figures = counted.figures(sums, since, until, lesson_id=lesson.id)
        groups.append(Group(lesson.id, lesson.en.title, figures, topic=lesson.topic))
    for lesson_id, sums in sorted(lessons.items()):  # removed from the bank since
        topic = lesson_topic.get(lesson_id) or None
        figures = counted.figures(sums, since, until, lesson_id=lesson_id)
        groups.append(Group(lesson_id, lesson_id, figures, topic=topic, in_bank=False))
    return groups


def _weekly(store: Store, counted: Counter, since: date, today: date) -> list[Group]:
    """Give one group per week (Monday to Sunday) of the period; the first and the last week
    count only their days in it."""
    groups = []
    lesson_sums: dict[tuple[str, str], _Sums] = {}
    for week, kind, lesson_id, events, firsts in store.events.tallies_by_week(
        since.isoformat(), _next(today)
    ):
        sums = lesson_sums.setdefault((week, lesson_id), _Sums())
        sums.add(kind, events, firsts, one_lesson=True)
        if kind == Event.ASKED and not lesson_id:
            sums.add("asked_no_lesson", events, firsts, one_lesson=True)
    weeks: dict[str, _Sums] = {}
    for (week, _), sums in lesson_sums.items():
        for kind, events in sums.events.items():
            weeks.setdefault(week, _Sums()).add(
                kind, events, sums.people.get(kind, 0), one_lesson=False
            )
    monday = since - timedelta(days=since.weekday())
    while monday <= today:
        first, last = max(monday, since), min(monday + timedelta(days=6), today)
        name = f"{first.isoformat()} to {last.isoformat()}"
        sums = weeks.get(monday.isoformat(), _Sums())
        figures = counted.figures(sums, first.isoformat(), _next(last))
        groups.append(Group(monday.isoformat(), name, figures))
        monday += timedelta(weeks=1)
    return groups


def _next(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()


# --- rendering for the command line ------------------------------------------------------------

FIGURES = tuple(name for name in Figures.__dataclass_fields__ if name != "hidden")


def as_json(result: Report) -> dict:
    """Give the report as the JSON object `coach stats --json` prints (docs/contract.md)."""

    def group(g: Group, key: str) -> dict:
        entry = {key: g.key, "name": g.name, **asdict(g.figures)}
        if key == "lesson":
            entry.update(topic=g.topic, in_bank=g.in_bank)
        return entry

    return {
        "period": {"days": result.days, "from": result.since, "to": _last_day(result)},
        "min_group": result.min_group,
        "learners": result.learners,
        **asdict(result.totals),
        "by_topic": [group(g, "topic") for g in result.by_topic],
        "by_lesson": [group(g, "lesson") for g in result.by_lesson],
        "weekly": [group(g, "week") for g in result.weekly],
        "hardest_lessons": [group(g, "lesson") for g in result.hardest],
        "unanswered_questions": [asdict(gap) for gap in result.unanswered],
    }


def as_csv(result: Report) -> str:
    """Give one header row and one row per lesson, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["lesson", "topic", "title", "in_bank", *FIGURES])
    for g in result.by_lesson:
        figures = asdict(g.figures)
        writer.writerow(
            [g.key, g.topic or "", g.name, "yes" if g.in_bank else "no"]
            + ["" if figures[name] is None else figures[name] for name in FIGURES]
        )
    return out.getvalue()


def as_text(result: Report) -> str:
    """Give the report as readable tables for a terminal."""
    few = f"<{result.min_group}"
    lines = [
        f"Engagement {result.since} to {_last_day(result)} ({result.days} days);"
        f' "{few}" = fewer than {result.min_group} people, not shown',
        "",
        "Learners: " + ", ".join(f"{key} {_cell(n, few)}" for key, n in result.learners.items()),
        "",
    ]
    columns = ("delivered", "completed", "quiz right", "helpful", "questions", "answered")

    def row(name: str, f: Figures) -> list[str]:
        def pct(figure: str) -> str:
            value = getattr(f, figure)
            return few if figure in f.hidden else "–" if value is None else f"{value:.0%}"

        return [
            name,
            _cell(f.lessons_delivered, few),
            pct("completion_rate"),
            pct("quiz_accuracy"),
            pct("helpfulness"),
            _cell(f.questions_asked, few),
            pct("answered_share"),
        ]

    lines += _table(["", *columns], [row("All", result.totals)])
    lines += ["", "By topic"]
    lines += _table(["topic", *columns], [row(g.key, g.figures) for g in result.by_topic])
    lines += ["", "By lesson"]
    lesson_rows = [row(g.key + ("" if g.in_bank else " (removed)"), g.figures)
                   for g in result.by_lesson]  # fmt: skip
    lines += _table(["lesson", *columns], lesson_rows)
    lines += [
        "",
        "By week (Monday to Sunday; the first and last count only their days in the period)",
    ]
    lines += _table(["week", *columns], [row(g.name, g.figures) for g in result.weekly])
    lines += ["", "Hardest lessons (lowest quiz accuracy)"]
    lines += [f"  {g.figures.quiz_accuracy or 0:>5.0%}  {g.key}" for g in result.hardest] or [
        "  (no lesson has enough answers yet)"
    ]
    lines += ["", "Questions without a good answer (most asked first)"]
    lines += [f"  {gap.asked:>4}×  {gap.text}" for gap in result.unanswered] or ["  (none)"]
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in [header, *rows]
    ]


def _cell(value: int | None, few: str) -> str:
    return few if value is None else str(value)


def _last_day(result: Report) -> str:
    return (date.fromisoformat(result.until) - timedelta(days=1)).isoformat()


def dumps(result: Report) -> str:
    return json.dumps(as_json(result), ensure_ascii=False, indent=2)
