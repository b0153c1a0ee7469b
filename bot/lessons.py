"""The lesson bank: the YAML format, its validation with file:line messages, and loading."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from . import yaml_errors
from .vocabulary import LANGUAGES, Language

TOPICS: dict[str, dict[str, str]] = {
    "leadership": {"de": "Führung", "en": "Leadership"},
    "strategy": {"de": "Strategie", "en": "Strategy"},
    "internal-communication": {"de": "Interne Kommunikation", "en": "Internal communication"},
    "transparency": {"de": "Transparenz und Fehler", "en": "Transparency and mistakes"},
    "public-apology": {"de": "Öffentliche Entschuldigung", "en": "Public apology"},
    "customer-dialogue": {"de": "Dialog mit Kunden", "en": "Customer dialogue"},
}
Topic = Literal[
    "leadership",
    "strategy",
    "internal-communication",
    "transparency",
    "public-apology",
    "customer-dialogue",
]

# Slack's limits for where each text is shown (Block Kit reference): a header's text holds 150
# characters, a section's 3,000, a button's 75.
HEADER_MAX = 150
SECTION_MAX = 3000
BUTTON_MAX = 75
# About a minute of reading: more than this is no longer a one-minute lesson.
BODY_MAX_WORDS = 300

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "lessons" / "lesson.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../lesson.schema.json"


def _text(max_length: int, description: str) -> Any:
    return Field(min_length=1, max_length=max_length, description=description)


class Quiz(BaseModel):
    """A multiple-choice question with one right option."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = _text(SECTION_MAX, "The question, Slack mrkdwn.")
    options: list[Annotated[str, Field(min_length=1, max_length=BUTTON_MAX)]] = Field(
        min_length=2,
        max_length=4,
        description="2 to 4 answers, shown as buttons (75 characters each at most).",
    )
    answer: int = Field(ge=1, description="The number of the right option, counting from 1.")
    explanation: str = _text(SECTION_MAX, "Why the right option is right; shown after answering.")

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, answer: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and answer > len(options):
            raise ValueError(f"quiz.answer {answer} is out of range ({len(options)} options)")
        return answer


class LessonText(BaseModel):
    """One language's version of a lesson."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = _text(HEADER_MAX, "Shown as the message header.")
    body: str = _text(SECTION_MAX, "The lesson in Slack mrkdwn, about a minute to read.")
    takeaway: str = _text(SECTION_MAX, "The one thing to remember.")
    try_today: str = _text(SECTION_MAX, "One concrete action for today, under 15 minutes.")
    questions: list[str] = Field(
        min_length=1,
        description="Questions a manager might ask that this lesson answers (used for search).",
    )
    quiz: Quiz | None = None

    @field_validator("body")
    @classmethod
    def _about_a_minute(cls, body: str) -> str:
        words = len(body.split())
        if words > BODY_MAX_WORDS:
            raise ValueError(
                f"body has {words} words; a one-minute lesson has at most {BODY_MAX_WORDS}"
            )
        return body

    @field_validator("questions")
    @classmethod
    def _questions_are_short(cls, questions: list[str]) -> list[str]:
        for number, question in enumerate(questions, start=1):
            if not question.strip() or len(question) > 300:
                raise ValueError(f"question {number} must have 1 to 300 characters")
        return questions


class Lesson(BaseModel):
    """A lesson of the course, in German and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length=80,
        description="Stable identifier: lowercase words joined by hyphens. Never reuse or rename.",
    )
    topic: Topic
    order: int = Field(ge=0, description="Position in the course; unique across the bank.")
    de: LessonText
    en: LessonText

    def text(self, language: str) -> LessonText:
        """Give the version in `language` ("de" or "en")."""
        return self.de if language == Language.DE else self.en


class MessageText(BaseModel):
    """One language's version of a course message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = _text(HEADER_MAX, "Shown as the message header.")
    text: str = _text(SECTION_MAX, "The message in Slack mrkdwn; {placeholders} are filled in.")


class CourseMessage(BaseModel):
    """A message around the course, in German and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    de: MessageText
    en: MessageText

    def text(self, language: str) -> MessageText:
        """Give the version in `language` ("de" or "en")."""
        return self.de if language == Language.DE else self.en


class Course(BaseModel):
    """The messages that open and close the course (`course.yaml` beside the topic folders)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    welcome: CourseMessage = Field(description="Sent once, when a manager is enrolled.")
    complete: CourseMessage = Field(description="Sent once, after the last lesson of the course.")


COURSE_FILE = "course.yaml"
# What each course message may fill in: {lessons} the number of lessons, {time} the manager's
# delivery time (HH:MM), {days} the delivery days in words, {first} when the first lesson comes.
PLACEHOLDERS = {"welcome": ("lessons", "time", "days", "first"), "complete": ("lessons",)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file, with where it is."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class LessonBankError(Exception):
    """The lesson bank has problems; str() lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Bank:
    """The loaded lessons in course order."""

    lessons: tuple[Lesson, ...]
    course: Course | None = field(default=None, compare=False)
    # Where each lesson was read from (lesson id -> file), for messages that point at the file.
    paths: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {lesson.id: lesson for lesson in self.lessons})

    def get(self, lesson_id: str) -> Lesson | None:
        return self._by_id.get(lesson_id)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.lessons)

    def __contains__(self, lesson_id: object) -> bool:
        return lesson_id in self._by_id  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self.lessons)

    def by_topic(self) -> dict[str, list[Lesson]]:
        """Give each topic's lessons in course order, topics in their fixed order."""
        grouped: dict[str, list[Lesson]] = {topic: [] for topic in TOPICS}
        for lesson in self.lessons:
            grouped[lesson.topic].append(lesson)
        return grouped


def lesson_files(directory: Path) -> list[Path]:
    """Give the lesson files below `directory`, sorted (not the course messages)."""
    course = directory / COURSE_FILE
    return sorted(
        p for p in directory.rglob("*.y*ml") if p.suffix in (".yaml", ".yml") and p != course
    )


def check_bank(directory: Path) -> tuple[Bank, list[Problem]]:
    """Give the bank of the valid lessons and every problem found below `directory`."""
    directory = Path(directory)
    if not directory.is_dir():
        return Bank(()), [Problem(directory, 0, "no such lesson folder (set COACH_LESSONS)")]
    lessons: list[Lesson] = []
    problems: list[Problem] = []
    seen_ids: dict[str, tuple[Path, int]] = {}
    seen_orders: dict[int, tuple[Path, int]] = {}
    paths: dict[str, Path] = {}
    for path in lesson_files(directory):
        lesson, lines, file_problems = _check_file(path)
        problems.extend(file_problems)
        if lesson is None:
            continue
        duplicate_id = _again(seen_ids, lesson.id, "id", path, lines.get(("id",), 1))
        if duplicate_id:
            problems.append(duplicate_id)
            continue
        duplicate_order = _again(seen_orders, lesson.order, "order", path, lines.get(("order",), 1))
        if duplicate_order:
            problems.append(duplicate_order)
        lessons.append(lesson)
        paths[lesson.id] = path
    if not lessons and not problems:
        problems.append(Problem(directory, 0, "no lesson files (*.yaml) in this folder"))
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    course, course_problems = check_course(directory / COURSE_FILE)
    return Bank(tuple(lessons), course, paths), problems + course_problems


def check_course(path: Path) -> tuple[Course | None, list[Problem]]:
    """Give the course messages in `path` (None if there is no such file) and their problems."""
    if not path.exists():
        return None, []
    course, lines, problems = _check_file(path, Course)
    if course is None:
        return None, problems
    for message, allowed in PLACEHOLDERS.items():
        for language in LANGUAGES:
            for key in ("title", "text"):
                text = getattr(getattr(course, message).text(language), key)
                problem = _placeholder_problem(text, allowed)
                if problem:
                    where = lines.get((message, language, key), 1)
                    problems.append(Problem(path, where, f"{message}.{language}.{key}: {problem}"))
    return (None if problems else course), problems


def _placeholder_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    names = ", ".join("{" + name + "}" for name in allowed)
    try:
        used = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return f"a lone {{ or }}; write {{{{ or }}}} for a brace, or use {names}"
    unknown = [name for name in used if name not in allowed]
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}}; use {names}"
    return None


def _again(seen: dict, value: object, name: str, path: Path, line: int) -> Problem | None:
    """Give the problem of `value` having been seen in another file already, or None."""
    first_path, first_line = seen.setdefault(value, (path, line))
    if first_path == path:
        return None
    return Problem(path, line, f"duplicate {name} {value!r}, also in {first_path}:{first_line}")


def load_bank(directory: Path) -> Bank:
    """Give the lesson bank below `directory`, or raise LessonBankError listing every problem."""
    bank, problems = check_bank(directory)
    if problems:
        raise LessonBankError(problems)
    return bank


def _check_file(path: Path, model: type[BaseModel] = Lesson) -> tuple[Any, dict[tuple, int], list]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, {}, [Problem(path, 1, f"cannot read the file: {error}")]
    # The base loader leaves every scalar a string (pydantic turns "110" into the order 110):
    # resolving tags in Python would be a third of the time a large bank takes to load.
    loader = yaml.CBaseLoader(text) if hasattr(yaml, "CBaseLoader") else yaml.BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return None, {}, [Problem(path, *yaml_errors.locate(text, error))]
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        example = "id: …, topic: …" if model is Lesson else "welcome: …, complete: …"
        return None, {}, [Problem(path, 1, f"this file must be a mapping ({example})")]
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[int, str]] = []
    data = _build(node, (), lines, duplicates)
    problems = [Problem(path, line, message) for line, message in duplicates]
    try:
        lesson = model.model_validate(data)
    except ValidationError as error:
        problems.extend(_problem(path, lines, detail) for detail in error.errors())
        return None, lines, problems
    return (None if problems else lesson), lines, problems


def _build(node: yaml.Node, path: tuple, lines: dict[tuple, int], duplicates: list) -> Any:
    """Give the node's value, recording the 1-based line of every key and item as we go.

    Faster than PyYAML's own constructor, which matters for a bank of a thousand lessons.
    """
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*path, key)
            if child in lines:
                duplicates.append(
                    (key_node.start_mark.line + 1, f"duplicate key {_dotted(child)!r}")
                )
            lines[child] = key_node.start_mark.line + 1
            mapping[key] = _build(value_node, child, lines, duplicates)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, duplicates) for i, item in enumerate(node.value)]
    if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
        return None
    return node.value


def _problem(path: Path, lines: dict[tuple, int], detail: dict[str, Any]) -> Problem:
    loc = tuple(detail["loc"])
    where = loc
    while where and where not in lines:
        where = where[:-1]
    line = lines.get(where, 1)
    return Problem(path, line, _message(loc, detail))


def _dotted(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part + 1}]" if parts else f"[{part + 1}]"
        else:
            parts.append(str(part))
    return ".".join(parts)


def _message(loc: tuple, detail: dict[str, Any]) -> str:
    kind = detail["type"]
    name = _dotted(loc)
    ctx = detail.get("ctx", {})
    if kind == "missing":
        if loc[-1] in LANGUAGES:
            language = "German" if loc[-1] == Language.DE else "English"
            where = f"{_dotted(loc[:-1])}: " if len(loc) > 1 else ""
            return (
                f"{where}the {language} version ({loc[-1]}:) is missing; "
                "every text needs both de and en"
            )
        return f"{name} is missing"
    if kind == "extra_forbidden":
        return f"unknown field {name!r}"
    if kind == "literal_error" and loc == ("topic",):
        return f"unknown topic {detail['input']!r}; use one of: {', '.join(TOPICS)}"
    if kind == "string_too_long":
        return (
            f"{name} is {len(detail['input'])} characters; Slack shows at most "
            f"{ctx['max_length']} here"
        )
    if kind == "string_too_short":
        return f"{name} is empty"
    if kind == "string_pattern_mismatch" and loc == ("id",):
        return (
            f"id {detail['input']!r} must be lowercase words joined by hyphens, like apology-own-it"
        )
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length')} entries"
    if kind == "too_long":
        return f"{name} has {ctx.get('actual_length')} entries; at most {ctx.get('max_length')}"
    if kind == "value_error":
        message = str(ctx.get("error", detail["msg"]))
        return message if message.startswith("quiz.") else f"{name}: {message}"
    return f"{name}: {detail['msg']}"


def json_schema() -> dict[str, Any]:
    """Give the JSON Schema of a lesson file, for editors (yaml-language-server)."""
    schema = Lesson.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Social Media Coach lesson"
    return schema


def write_schema(path: Path = SCHEMA_PATH) -> None:
    """Write the editors' JSON Schema next to the lessons."""
    path.write_text(
        json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
