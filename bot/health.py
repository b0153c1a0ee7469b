"""Whether `serve` is doing its job, as /healthz says it: the database and the delivery passes.

Plain values, no Slack: the scheduler tells a `Health` how each pass went, and /healthz asks it
for a verdict. A verdict is failing when the database cannot be read or written, when the last
delivery pass failed, or when no pass has run for STALE_AFTER.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .delivery import PassSummary
from .store.errors import LOW_SPACE, RESTORE, DatabaseError, diagnose, explain

# A pass runs every minute: five minutes without one means the scheduler is stuck or dead.
STALE_AFTER = timedelta(minutes=5)
# How long the probe waits for the write lock (a write that takes longer stalls every answer).
LOCK_WAIT = 2.0


@dataclass(frozen=True)
class Verdict:
    """What /healthz answers: 200 with the last pass, or 503 with the problems."""

    ok: bool
    problems: tuple[str, ...]
    last_pass: dict | None

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "failing",
            "problems": list(self.problems),
            "last_pass": self.last_pass,
        }


class Health:
    """The outcome of the latest delivery pass, and a probe of the database."""

    def __init__(self, db_path: Path, *, started: datetime, min_free: int = LOW_SPACE):
        self.db_path = Path(db_path)
        self.started = started
        self.min_free = min_free
        self._lock = threading.Lock()
        self._last: dict | None = None  # the latest pass, finished or failed
        self._failure: str | None = None  # why it failed, or None

    def passed(self, summary: PassSummary, *, at: datetime) -> None:
        """Record a pass that ran to its end (sending may have failed for some: retried)."""
        last = {
            "at": at.isoformat(timespec="seconds"),
            "sent": summary.sent,
            "failed": summary.failed,
            "recovered": summary.recovered,
            "skipped": sum(summary.skipped.values()),
            "seconds": round(summary.seconds, 3),
        }
        with self._lock:
            self._last = last
            self._failure = f"Slack refused the bot token ({summary.stopped})" if (
                summary.stopped
            ) else None  # fmt: skip

    def failed(self, error: BaseException, *, at: datetime) -> None:
        """Record a pass that raised `error` before its end."""
        reason = explain(self.db_path, error) if isinstance(error, sqlite3.Error) else error
        with self._lock:
            self._last = {"at": at.isoformat(timespec="seconds"), "error": str(reason)}
            self._failure = str(reason)

    def verdict(self, now: datetime) -> Verdict:
        """Give what /healthz answers at `now`."""
        problems = []
        database = self.database_problem()
        if database:
            problems.append(database)
        with self._lock:
            last, failure = self._last, self._failure
        if failure:
            problems.append(f"the last delivery pass ({last['at']}) failed: {failure}")
        since = datetime.fromisoformat(last["at"]) if last else self.started
        if now - since > STALE_AFTER:
            when = f"since {last['at']}" if last else f"since the start at {since:%H:%M:%S}"
            problems.append(f"no delivery pass has run {when}: the scheduler is stuck")
        return Verdict(not problems, tuple(problems), last)

    def database_problem(self) -> str | None:
        """Give why the database cannot be read or written, or None: the checks of `coach
        check` but for reading every page, which would take too long for every probe."""
        if not self.db_path.exists():  # serve made it: gone now, it is lost at the restart
            return f"{self.db_path}: the database file is gone; {RESTORE}"
        try:
            diagnose(self.db_path, thorough=False, wait=LOCK_WAIT, min_free=self.min_free)
        except DatabaseError as error:
            return str(error)
        return None
