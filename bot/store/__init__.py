"""The SQLite store: the only package that knows table and column names.

`Store` opens the file, migrates it and holds the one connection and its lock; each part owns
its tables and shares that connection:

- `prefs`: users' languages (the users table, and a copy in memory)
- `learners`: who is enrolled and how they get their lessons
- `ledger`: each learner's day message, claimed before it is posted (deliveries)
- `reviews`: quizzes answered wrongly, coming back until answered right
- `events`: the engagement log, its tallies, the questions asked and the report's figures
- `digests`: the admins' weekly digest, claimed before it is sent
- `privacy`: everything that names a person: shown, forgotten, purged with age
- `answered`, `taught`, `models`, `confirmations`: see conversations.py and confirmations.py
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import sqlite_utils

from .confirmations import Confirmations
from .conversations import Answered, Models, Taught, TaughtQuestions
from .digests import Digests
from .errors import DatabaseError, DiskFull, check_path, explain
from .events import Events, Gap
from .learners import Learner, Learners
from .ledger import Delivery, History, Ledger
from .prefs import Prefs, UserPrefs
from .privacy import Erasures, Privacy, fingerprint
from .reviews import Reviews
from .schema import MIGRATIONS

logger = logging.getLogger(__name__)

__all__ = [
    "DatabaseError",
    "Delivery",
    "DiskFull",
    "Gap",
    "History",
    "Learner",
    "Store",
    "Taught",
    "UserPrefs",
    "fingerprint",
]


# How long one attempt to empty the write-ahead log may keep writers waiting, and when it is
# tried again while a reader keeps it busy (seconds).
FOLD_WAIT = 0.2
FOLD_RETRIES = (1.0, 5.0, 30.0, 120.0, 600.0)


class Store:
    """One SQLite file shared by the request threads; writes are serialised by a lock."""

    def __init__(self, path: Path | str):
        """Open (or create) the database at `path`; raise DatabaseError (DiskFull) naming the
        path and the fix if it cannot be read and written."""
        self.path = Path(path)
        self._lock = threading.Lock()
        check_path(self.path)
        connection = None
        try:
            connection = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
            self._db = sqlite_utils.Database(connection)
            with self._lock:
                # The first statements that read the file: a damaged one fails here, not later.
                self._db.execute("PRAGMA journal_mode=WAL")
                # WAL with synchronous=NORMAL never corrupts; a power cut may lose the last
                # commits.
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise explain(self.path, error) from error
        self._build_parts(self._db, self._lock)

    def _build_parts(self, db: sqlite_utils.Database, lock: threading.Lock) -> None:
        """Make the parts that share the connection and the lock, each owning its tables (and
        given the parts it must change with its own, in one transaction)."""
        erasures = Erasures(db)
        self.prefs = Prefs(db, lock, erasures=erasures)
        self.learners = Learners(db, lock, erasures=erasures, prefs=self.prefs)
        self.events = Events(db, lock)
        self.ledger = Ledger(db, lock, events=self.events)
        self.reviews = Reviews(db, lock, events=self.events)
        self.digests = Digests(db, lock)
        self.privacy = Privacy(
            db,
            lock,
            erasures=erasures,
            prefs=self.prefs,
            events=self.events,
            digests=self.digests,
            fold_log_later=self.fold_log_later,
        )
        self.answered = Answered(db, lock)
        self.taught = TaughtQuestions(db, lock)
        self.models = Models(db, lock)
        self.confirmations = Confirmations(db, lock)

    def _migrate(self) -> None:
        # One write transaction from reading the version to the last migration: a second
        # process starting on the same new file waits, then finds it migrated.
        conn = self._db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(self._db)
                self._db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    def fold_log(self, *, wait: float = FOLD_WAIT) -> bool:
        """Fold the write-ahead log into the database file and empty it; give whether that
        finished (not while another connection still reads an older snapshot).

        From a connection of its own, not under the store's lock: a checkpoint waits for the
        readers, and while it waits it keeps writers out, so it waits `wait` seconds at most.
        """
        try:
            with closing(sqlite3.connect(str(self.path), timeout=wait)) as connection:
                busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:  # locked (someone is writing), or the file cannot be opened
            return False
        return busy == 0

    def fold_log_later(self, delays: tuple[float, ...] | None = None) -> threading.Thread:
        """Try fold_log in the background now and after each of `delays` (seconds) until it
        finishes; give the thread."""
        delays = FOLD_RETRIES if delays is None else delays

        def fold() -> None:
            for delay in (0.0, *delays):
                time.sleep(delay)
                if self.fold_log():
                    return
            logger.warning("the write-ahead log could not be emptied: a reader held it open")

        thread = threading.Thread(target=fold, name="fold-log", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Close the connection (after the write under way, if any)."""
        with self._lock:
            self._db.close()
