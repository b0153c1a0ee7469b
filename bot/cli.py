"""The command line: `python -m bot COMMAND` or `coach COMMAND`; thin wrappers over the modules."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from .config import SLACK_SETUP_HINT, ConfigError, Settings, load_settings
from .lessons import TOPICS, LessonBankError, check_bank, load_bank
from .search import Searcher

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Social Media Coach for Slack: one-minute social media lessons for managers."""


@main.command()
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


@main.command()
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


@main.command()
@click.option("--lang", type=click.Choice(["de", "en"]), help="Search only this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@click.argument("question", nargs=-1, required=True)
def ask(lang: str | None, as_json: bool, question: tuple[str, ...]) -> None:
    """Answer QUESTION from the lesson bank in the terminal."""
    settings = _settings()
    try:
        bank = load_bank(settings.lessons_dir)
    except LessonBankError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    answer = Searcher(bank).ask(" ".join(question), language=lang)
    language = lang or answer.language or settings.language
    if as_json:
        matches = [
            {
                "lesson": match.lesson.id,
                "topic": match.lesson.topic,
                "title": match.lesson.text(language).title,
                "score": match.score,
            }
            for match in answer.matches
        ]
        click.echo(json.dumps({"matches": matches}, ensure_ascii=False))
        return
    if not answer.matches:
        click.echo("No lesson covers that yet. Topics: " + ", ".join(TOPICS))
        return
    for rank, match in enumerate(answer.matches, start=1):
        text = match.lesson.text(language)
        click.echo(
            f"{rank}. {text.title}  [{match.lesson.topic}, {match.lesson.id}, {match.score}]"
        )
        if rank == 1:
            click.echo(f"   {text.takeaway}")


@main.command()
@click.option("--url", "base_url", help="Public base URL of the app for HTTP mode.")
@click.option("--socket-mode", is_flag=True, help="Manifest for Socket Mode (no request URLs).")
def manifest(base_url: str | None, socket_mode: bool) -> None:
    """Print the Slack app manifest (YAML) for this version."""
    from .slack.manifest import manifest_yaml

    click.echo(manifest_yaml(url=base_url, socket_mode=socket_mode), nl=False)
