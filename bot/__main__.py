"""`python -m bot`: read .env, set up logging, run the command line."""

from __future__ import annotations

import logging
import os

from dotenv import load_dotenv

# Libraries whose INFO lines say nothing an operator acts on: APScheduler logs every job run
# ("Running job …", "… executed successfully"), once a minute. Their warnings still show.
QUIET = ("apscheduler",)


def configure_logging(level: str | None = None) -> None:
    """Log to stderr at `level` (default: $LOG_LEVEL or INFO); the QUIET libraries at WARNING
    unless the level is DEBUG."""
    name = (level or os.environ.get("LOG_LEVEL") or "INFO").strip().upper()
    number = logging.getLevelName(name)
    if not isinstance(number, int):
        number = logging.INFO
    logging.basicConfig(level=number, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if number != logging.getLevelName(name):
        logging.getLogger("bot").warning(
            "LOG_LEVEL=%r is not a level (DEBUG, INFO, WARNING, ERROR): logging at INFO", name
        )
    if number > logging.DEBUG:
        for library in QUIET:
            logging.getLogger(library).setLevel(logging.WARNING)


def run() -> None:
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    configure_logging()
    from .cli import main

    main(prog_name="coach")


if __name__ == "__main__":
    run()
