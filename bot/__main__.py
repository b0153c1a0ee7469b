"""`python -m bot`: read .env, set up logging, run the command line."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from dotenv import load_dotenv

# Libraries whose INFO lines say nothing an operator acts on: APScheduler logs every job run
# ("Running job …", "… executed successfully"), once a minute. Their warnings still show.
QUIET = ("apscheduler",)


class Repeats(logging.Filter):
    """Lets the first of a run of the same warning or error through and holds back the same
    message for `window` seconds; the first one after that says how many were held back.

    A full disk fails every question and every send the same way: twenty thousand tracebacks
    say no more than one, and they would fill the disk further.
    """

    def __init__(self, *, window: float = 600, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._runs: dict[tuple[str, str, str], list[float | int]] = {}  # key -> [since, held]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        error = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, record.getMessage(), error)
        now = self.clock()
        with self._lock:
            run = self._runs.get(key)
            if run is not None and now - run[0] < self.window:
                run[1] += 1
                return False
            held = int(run[1]) if run is not None else 0
            if len(self._runs) > 1000:  # forget the runs that have ended
                self._runs = {k: r for k, r in self._runs.items() if now - r[0] < self.window}
            self._runs[key] = [now, 0]
        if held:
            record.msg = f"{record.getMessage()} (and {held:,} times more since it was last logged)"
            record.args = None
        return True


def configure_logging(level: str | None = None) -> None:
    """Log to stderr at `level` (default: $LOG_LEVEL or INFO); the QUIET libraries at WARNING
    unless the level is DEBUG."""
    name = (level or os.environ.get("LOG_LEVEL") or "INFO").strip().upper()
    number = logging.getLevelName(name)
    if not isinstance(number, int):
        number = logging.INFO
    handler = logging.StreamHandler()
    handler.addFilter(Repeats())
    logging.basicConfig(
        level=number,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[handler],
    )
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
