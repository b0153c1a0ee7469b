"""The command line: `python -m bot COMMAND` or `coach COMMAND`; thin wrappers over the modules."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import classifier
from .config import SLACK_SETUP_HINT, ConfigError, Settings, load_settings
from .lessons import TOPICS, Bank, LessonBankError, check_bank, load_bank
from .search import Answer, Searcher
from .store import DatabaseError, DiskFull, Store
from .store.errors import explain
from .teaching import TeachingError, Teachings, taught_yaml
from .vocabulary import LANGUAGES, Status, other_language

if TYPE_CHECKING:
    from .coaching import Coach
    from .delivery import PassSummary
    from .slack.roster import SyncSummary

LANGUAGE_NAMES = {"de": "German", "en": "English"}

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    """Give the settings, or print every bad one and exit 2."""
    try:
        return load_settings()
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(2)


def _bank(settings: Settings) -> Bank:
    """Give the lesson bank, or print its problems and exit 1."""
    try:
        return load_bank(settings.lessons_dir)
    except LessonBankError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def _coach_without_model(settings: Settings, *, nothing: str) -> Coach:
    """Give a coach that answers no questions (for delivering and syncing), or print the lesson
    bank's problems, say that `nothing` was done, and exit 1."""
    from .coaching import Coach, Fit

    try:
        return Coach.from_settings(settings, model=Fit.NONE)
    except LessonBankError as error:
        click.echo(f"{error}\nerror: the lesson bank has problems; nothing {nothing}.", err=True)
        sys.exit(1)


def _database(settings: Settings) -> Path:
    """Give the database's path, or say there is none there and exit 1 (creating nothing)."""
    path = settings.db_path
    if not path.is_file():
        click.echo(
            f"error: no database at {path} (COACH_DB). `serve` creates it when it first starts; "
            "set COACH_DB to the file it uses.",
            err=True,
        )
        sys.exit(1)
    return path


class Commands(click.Group):
    """The commands, with one place that turns a database that cannot be used into a message."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DatabaseError as error:
            _database_failed(error)
        except sqlite3.Error as error:
            # Raised in the middle of a command: every command but demo works on COACH_DB.
            _database_failed(explain(_settings().db_path, error))


# Exit statuses besides 0 (done), 1 (failed: a broken setup or database, Slack refused the token)
# and 2 (usage or settings): a full disk, which needs someone to free space rather than fix a
# setting, so a cron job or monitor can tell the two apart.
EXIT_DISK_FULL = 3


def _database_failed(error: DatabaseError) -> None:
    """Say what is wrong with the database and what to do, and exit (3 for a full disk)."""
    configured = _settings().db_path
    same = error.path.resolve() == configured.resolve()
    click.echo(f"error: {'COACH_DB=' if same else ''}{error}", err=True)
    sys.exit(EXIT_DISK_FULL if isinstance(error, DiskFull) else 1)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Social Media Coach for Slack: one-minute social media lessons for managers."""


@main.command(short_help="Run the Slack app with its scheduler.")
def serve() -> None:
    """Run the Slack app: HTTP on $PORT, or Socket Mode when SLACK_APP_TOKEN is set."""
    from .slack.serve import ServeError, run

    settings = _settings()
    missing = settings.missing_slack_credentials()
    if missing:
        click.echo(f"error: set {' and '.join(missing)} to run the Slack app.", err=True)
        click.echo(SLACK_SETUP_HINT, err=True)
        sys.exit(2)
    try:
        run(settings)
    except LessonBankError as error:
        click.echo(f"{error}\nerror: the lesson bank has problems; not starting.", err=True)
        sys.exit(1)
    except ServeError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


@main.command(short_help="Check the lesson bank: file:line: message per problem.")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def validate(directory: Path | None) -> None:
    """Check the lesson bank (default: $COACH_LESSONS); print file:line: message per problem."""
    directory = directory or _settings().lessons_dir
    bank, problems = check_bank(directory)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) in {directory}", err=True)
        sys.exit(1)
    topics = {lesson.topic for lesson in bank}
    course = ", welcome and course-complete messages" if bank.course else ""
    click.echo(f"{len(bank)} lessons in {len(topics)} topics{course}: OK")


@main.command(short_help="Run one delivery pass now (--dry-run: only show it).")
@click.option(
    "--at", "at", metavar="ISO-8601-TIME", help="Run as if the clock read this (UTC if no offset)."
)
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
def deliver(at: str | None, dry_run: bool) -> None:
    """Run one delivery pass: send every lesson due now (or at --at), print a summary.

    Exit 1 if Slack refused the token, 3 if the disk is full (the database could not be
    written)."""
    from .delivery import describe, run_pass
    from .slack.messenger import make_messenger

    settings = _settings()
    now = _moment(at)
    if not settings.bot_token and not dry_run:
        click.echo("error: set SLACK_BOT_TOKEN to send lessons (or use --dry-run).", err=True)
        click.echo(SLACK_SETUP_HINT, err=True)
        sys.exit(2)
    coach = _coach_without_model(settings, nothing="sent")
    enrolled = coach.store.learners.all(Status.ACTIVE)
    if not enrolled:
        click.echo(
            "No learners are enrolled yet: `serve` enrols the members of COACH_AUDIENCE, and "
            "managers can /coach subscribe."
        )
    summary = run_pass(coach, make_messenger(coach), now, dry_run=dry_run)
    click.echo(
        f"delivery pass at {now.isoformat(timespec='minutes')}" + (" (dry run)" if dry_run else "")
    )
    lines = _dry_run(summary) if dry_run else describe(summary)
    for line in lines:
        click.echo(line)
    coach.store.close()
    if summary.stopped:
        sys.exit(1)


@main.command(short_help="Sync COACH_AUDIENCE now (--dry-run: only show it).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def sync(dry_run: bool) -> None:
    """Sync the members of COACH_AUDIENCE now, as serve does at start and daily: enroll the new
    ones, deactivate learners whose Slack account was deactivated, follow time zones. Prints
    counts, never names; exit 1 if part of the audience could not be read.

    With `sync` and then `deliver` from cron, the coach runs without serve (docs/deployment.md).
    """
    from .slack.clients import make_client
    from .slack.roster import sync as sync_audience

    settings = _settings()
    if not settings.bot_token:
        click.echo("error: set SLACK_BOT_TOKEN to read the audience from Slack.", err=True)
        click.echo(SLACK_SETUP_HINT, err=True)
        sys.exit(2)
    if dry_run and not settings.db_path.exists():
        click.echo(
            f"error: no database at {settings.db_path} (COACH_DB), and a dry run creates none: "
            "`coach sync` or `serve` creates it.",
            err=True,
        )
        sys.exit(1)
    coach = _coach_without_model(settings, nothing="synced")
    summary = sync_audience(coach, make_client(settings), dry_run=dry_run)
    coach.store.close()
    for line in _sync_lines(summary, settings.audience):
        click.echo(line)
    if summary.errors:
        sys.exit(1)


def _sync_lines(summary: SyncSummary, audience: tuple[str, ...]) -> Iterator[str]:
    """Give the lines `sync` prints: counts by outcome and reason, then what could not be read."""
    from .slack.roster import audience_fix

    would = summary.dry_run
    yield "audience sync" + (" (dry run: nothing written)" if would else "")
    if not audience:
        yield "COACH_AUDIENCE is empty: nobody is enrolled by the sync"
    else:
        entries = f"{len(audience)} entr{'y' if len(audience) == 1 else 'ies'}"
        yield f"people in the audience (COACH_AUDIENCE, {entries}): {summary.audience}"
    yield f"{'would enrol' if would else 'enrolled'}: {summary.enrolled}"
    yield f"in the course already: {summary.already}"
    yield f"{'would not enrol' if would else 'not enrolled'}: {sum(summary.refused.values())}"
    for reason, count in sorted(summary.refused.items(), key=lambda item: (-item[1], item[0])):
        yield f"  {reason}: {count}"
    deactivate = "would deactivate" if would else "deactivated"
    yield f"{deactivate} (their Slack account was deactivated): {summary.deactivated}"
    reactivate = "would reactivate" if would else "reactivated"
    yield f"{reactivate} (their Slack account is active again): {summary.reactivated}"
    yield f"time zones {'that would change' if would else 'changed'}: {summary.zones_updated}"
    for error in summary.errors:
        target, _, code = error.partition(": ")
        if target == "users.list":
            fix = "`coach check` tests the token and its scopes (users:read)"
        else:
            fix = audience_fix(target, code)
        yield f"could not read {target}: {code}. Fix: {fix}"


def _dry_run(summary: PassSummary) -> Iterator[str]:
    """Give the lines of a dry run: each message it would send, then the same counts."""
    for message in summary.planned:
        what = message.lesson.id if message.lesson else message.kind
        welcome = " (after the welcome)" if message.welcome else ""
        yield f"  would send {message.user_id} ({message.day}): {what}{welcome}"
    yield f"would send: {len(summary.planned)}"
    yield f"would skip: {sum(summary.skipped.values())}"
    for reason, count in summary.skipped.most_common():
        yield f"  {reason}: {count}"
    yield f"took: {summary.seconds:.2f} s"


def _moment(text: str | None) -> datetime:
    if not text:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        click.echo(
            f"error: --at {text!r} is not an ISO-8601 time, like 2026-03-03T09:00+01:00", err=True
        )
        sys.exit(2)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@main.command(short_help="Try the coaching in the terminal, without Slack.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language (default: COACH_LANGUAGE).")
@click.option(
    "--day",
    type=click.IntRange(min=1),
    metavar="N",
    help="Jump to day N of the course (1: start again, with the welcome).",
)
def demo(lang: str | None, day: int | None) -> None:
    """Try the coaching in the terminal without Slack: each run is the next day of the course
    (a lesson, its quiz, reviews), then ask questions; `help` at the prompt says more.

    Progress is kept in coach-demo.db in the current folder.
    """
    from . import demo as terminal

    settings = _settings()
    try:
        terminal.run(
            settings,
            language=lang or settings.language,
            echo=click.echo,
            prompt=lambda text: click.prompt(text, default="", show_default=False),
            day=day,
        )
    except LessonBankError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except (EOFError, click.Abort):
        click.echo()


@main.command(short_help="Answer a question from the lesson bank.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Search only the lessons in this language (default: the question's language).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@click.argument("question", nargs=-1, required=True)
def ask(lang: str | None, as_json: bool, question: tuple[str, ...]) -> None:
    """Answer QUESTION from the lesson bank in the terminal (with what admins taught)."""
    text = " ".join(" ".join(question).split())
    if not text:
        raise click.UsageError(
            'QUESTION is empty; ask what a manager would, e.g. coach ask "how do we apologise?"'
        )
    settings = _settings()
    bank = _bank(settings)
    taught = _taught(settings, bank)
    questions = taught.questions if taught else []
    searcher = Searcher(bank, taught=questions)
    searcher.model = classifier.train(bank, questions, store=taught.store if taught else None)

    def answer_in(language: str | None) -> Answer:
        answer = searcher.ask(text, language=language)
        return taught.apply(answer, text) if taught else answer

    answer = answer_in(lang)
    hint = _in_the_other_language(lang, answer, answer_in) if lang else None
    if taught:
        taught.store.close()
    language = lang or answer.language or settings.language
    if as_json:
        click.echo(json.dumps(_as_json(answer, language), ensure_ascii=False))
        if hint:
            click.echo(hint, err=True)  # stdout stays the JSON
        return
    for line in _as_text(answer, language, hint):
        click.echo(line)


def _as_json(answer: Answer, language: str) -> dict[str, list[dict]]:
    """Give `ask --json`'s object: the sure answers and the suggestions, best first."""
    return {
        name: [
            {
                "lesson": match.lesson.id,
                "topic": match.lesson.topic,
                "title": match.lesson.text(language).title,
                "score": match.score,
            }
            for match in matches
        ]
        for name, matches in (("matches", answer.matches), ("suggestions", answer.suggestions))
    }


def _as_text(answer: Answer, language: str, hint: str | None) -> Iterator[str]:
    """Give the lines `ask` prints: the lessons ranked, the best one's takeaway, the hint."""
    if not answer.matches and not answer.suggestions:
        yield hint or "No lesson covers that yet. Topics: " + ", ".join(TOPICS)
        return
    if not answer.matches:
        yield "No lesson is a sure answer. Did you mean:"
    for rank, match in enumerate(answer.matches or answer.suggestions, start=1):
        lesson, shown = match.lesson, match.lesson.text(language)
        yield f"{rank}. {shown.title}  [{lesson.topic}, {lesson.id}, {match.score}]"
        if rank == 1 and answer.matches:
            yield f"   {shown.takeaway}"
    if hint:
        yield hint


def _in_the_other_language(
    lang: str, answer: Answer, answer_in: Callable[[str], Answer]
) -> str | None:
    """Say which lesson the other language has when `--lang lang` found no sure answer but the
    other language does (or offers one where `lang` offers none); else None."""
    if answer.matches:
        return None
    other = other_language(lang)
    there = answer_in(other)
    found = there.matches or (() if answer.suggestions else there.suggestions)
    if not found:
        return None
    lesson = found[0].lesson
    what = "is a sure answer" if answer.suggestions else "matches"
    maybe = "" if there.matches else " perhaps"
    return (
        f"No {LANGUAGE_NAMES[lang]} lesson {what}; in {LANGUAGE_NAMES[other]}{maybe}: "
        f"{lesson.text(other).title} ({lesson.id}). Try --lang {other}."
    )


def _taught(settings: Settings, bank: Bank) -> Teachings | None:
    """Give the questions admins taught, from the database if there is one."""
    if not settings.db_path.exists():
        return None
    return Teachings(Store(settings.db_path), bank)


@main.command(short_help="Make a lesson the answer to a question (--undo).")
@click.option("--undo", is_flag=True, help="Stop answering QUESTION with that lesson.")
@click.argument("lesson_id")
@click.argument("question", nargs=-1, required=True)
def teach(undo: bool, lesson_id: str, question: tuple[str, ...]) -> None:
    """Make LESSON_ID the answer to QUESTION, also typed differently (within a minute in serve)."""
    settings = _settings()
    bank = _bank(settings)
    text = " ".join(question)
    if lesson_id not in bank:
        click.echo(
            f"error: no lesson with the id {lesson_id!r} in {settings.lessons_dir} "
            "(`coach ask --json QUESTION` shows lesson ids)",
            err=True,
        )
        sys.exit(1)
    store = Store(settings.db_path)
    teachings = Teachings(store, bank)
    title = bank.get(lesson_id).en.title
    try:
        if undo:
            if not teachings.undo(lesson_id, text):
                click.echo(f"error: {text!r} was not taught the lesson {lesson_id}", err=True)
                sys.exit(1)
            click.echo(f"Undone: {text!r} no longer gets {lesson_id} ({title}).")
        else:
            teachings.teach(lesson_id, text)
            click.echo(
                f"Taught: {text!r} gets {lesson_id} ({title}), also typed differently. "
                "A running serve answers it within a minute."
            )
    except TeachingError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    finally:
        store.close()


@main.command(short_help="Print the taught questions as YAML for the lesson files.")
def taught() -> None:
    """Print the taught questions per lesson file, as YAML to paste into its questions."""
    settings = _settings()
    bank = _bank(settings)
    teachings = _taught(settings, bank)
    click.echo(taught_yaml(bank, teachings.questions if teachings else []), nl=False)
    if teachings:
        teachings.store.close()


@main.command(short_help="Print the Slack app manifest (YAML).")
@click.option(
    "--url",
    "base_url",
    metavar="BASE_URL",
    help="The app's public https:// address, e.g. https://coach.example.org (HTTP mode).",
)
@click.option("--socket-mode", is_flag=True, help="Manifest for Socket Mode (no request URLs).")
def manifest(base_url: str | None, socket_mode: bool) -> None:
    """Print the Slack app manifest (YAML) for this version.

    HTTP mode needs --url: Slack sends its requests to BASE_URL/slack/events. Socket Mode needs
    no address.
    """
    from .slack.manifest import ManifestError, manifest_yaml

    try:
        text = manifest_yaml(url=base_url, socket_mode=socket_mode)
    except ManifestError as error:
        raise click.UsageError(str(error)) from None
    click.echo(text, nl=False)


@main.command(short_help="Check the installation, one line each with the fix.")
def check() -> None:
    """Check the installation, one line each, with the fix for what fails: the token works,
    Slack granted every scope the manifest asks for, the app can open DMs, each COACH_AUDIENCE
    entry can be read, the database in COACH_DB is intact and writable, the lesson bank is
    valid. Exit 1 if anything fails. Posts nothing and writes nothing."""
    from .checks import database_check, lessons_check, passed
    from .slack.check import slack_checks
    from .slack.clients import post_client

    settings = _settings()
    verdicts = [
        # A client that retries only throttling: a connection that fails is reported at once.
        *slack_checks(settings, post_client(settings)),
        database_check(settings.db_path),
        lessons_check(settings.lessons_dir),
    ]
    for verdict in verdicts:
        click.echo(verdict.line())
    if not passed(verdicts):
        sys.exit(1)


@main.command(short_help="Copy the live database to PATH, safe while serve runs.")
@click.argument("path", type=click.Path(path_type=Path))
def backup(path: Path) -> None:
    """Copy the database in COACH_DB to PATH with SQLite's online backup API: the database as
    it was at one moment, also while serve runs. PATH must not exist (a backup never
    overwrites); its folder must. The copy is checked before it takes PATH's name.

    To restore: stop serve, copy the backup over COACH_DB and delete the stale -wal and -shm
    files beside it (docs/deployment.md).
    """
    from .store.backup import BackupError
    from .store.backup import backup as copy_database
    from .store.errors import size_text

    settings = _settings()
    source = _database(settings)
    try:
        copy = copy_database(source, path)
    except BackupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    size = size_text(copy.size)
    click.echo(f"Backed up {source} to {copy.path}: {size}, checked intact, {copy.seconds:.1f} s.")


@main.command(short_help="Print the engagement report (groups only).")
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True,
              help="The period: the last N days (UTC), today included, and its weeks.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one row per lesson as CSV.")
def stats(days: int, as_json: bool, as_csv: bool) -> None:
    """The engagement report: groups only, none smaller than COACH_MIN_GROUP people.

    Totals, by topic, by lesson and by week over the period, the hardest quizzes and the
    questions without a good answer, from the database in COACH_DB (exit 1 if there is none).
    """
    from . import stats as reports

    if as_json and as_csv:
        click.echo("error: choose one of --json and --csv.", err=True)
        sys.exit(2)
    settings = _settings()
    bank = _bank(settings)
    store = Store(_database(settings))
    store.events.set_topics({lesson.id: lesson.topic for lesson in bank})
    answered = Teachings(store, bank).is_taught
    result = reports.report(store, bank, days=days, min_group=settings.min_group, answered=answered)
    store.close()
    if as_json:
        click.echo(reports.dumps(result))
    elif as_csv:
        click.echo(reports.as_csv(result), nl=False)
    else:
        click.echo(reports.as_text(result))


@main.command(short_help="Print this week's admins' digest; send nothing.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language (default: COACH_LANGUAGE).")
@click.option(
    "--week",
    metavar="YYYY-MM-DD",
    help="The digest of that date's week (default: this week's: last week's figures).",
)
def digest(lang: str | None, week: str | None) -> None:
    """Print this week's admins' digest now, as Monday's DM shows it: last week's figures
    against the week before, and the new questions without a good answer, from the database in
    COACH_DB. Sends nothing and records nothing."""
    from .coaching import Coach, Fit
    from .digest import digest as weekly
    from .slack.dashboard import digest_blocks
    from .slack.plain import blocks_text

    monday = _monday(week)
    settings = _settings()
    _database(settings)
    try:
        coach = Coach.from_settings(settings, model=Fit.NONE)
    except LessonBankError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    figures = weekly(coach, monday.isoformat())
    coach.store.close()
    language = lang or settings.language
    blocks = digest_blocks(figures.last, figures.before, figures.new_gaps, language)
    click.echo(blocks_text(blocks), nl=False)


def _monday(text: str | None) -> date:
    """Give the Monday of the week of `text` (YYYY-MM-DD; default: this week, UTC)."""
    from .digest import this_week

    if not text:
        return date.fromisoformat(this_week("UTC", datetime.now(timezone.utc)))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a date like 2026-11-30", param_hint="--week"
        ) from None
    return day - timedelta(days=day.weekday())
