"""Who is sending a claimed message: this process's name in the ledger, whether the process that
made a claim may still be posting it, and the messages this process is handling right now.

A claim names its process (host, pid, start time, a random token). On this machine /proc says
whether that process still runs; a claim of another machine counts as abandoned after LEASE.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from functools import cache

from ..store import Delivery

# A claim by a process on another machine counts as abandoned after this long unconfirmed.
LEASE = timedelta(minutes=15)
# A claim by a process on this machine that is gone is checked only after this long: a request
# it sent just before it died may still be in Slack's hands (the client gives up after 10 s).
GRACE = timedelta(seconds=12)


@cache
def owner_id() -> str:
    """Give this process's name in the ledger: host, pid, start time and a random token."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_started(pid)}:{uuid.uuid4().hex[:8]}"


def _started(pid: int) -> str:
    """Give when process `pid` started (clock ticks since boot), "" where /proc cannot say."""
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()  # noqa: SIM115
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


# The days' messages this process is handling right now, each with how many pieces of work
# (passes, /coach next) hold it.
_in_flight: Counter[tuple[str, str]] = Counter()
_in_flight_lock = threading.Lock()


class Holds:
    """The days' messages one piece of work holds (see `holding`)."""

    def __init__(self) -> None:
        self._keys: list[tuple[str, str]] = []

    def add(self, keys: Iterable[tuple[str, str]]) -> None:
        """Hold (user_id, day) keys until the work ends."""
        keys = list(keys)
        with _in_flight_lock:
            _in_flight.update(keys)
        self._keys += keys


@contextmanager
def holding() -> Iterator[Holds]:
    """Give a Holds whose messages count as this process's work in hand until the block ends.

    A message is held before it is claimed or taken over: owner_alive then says its claim is
    alive, so no pass of this process takes it for a dead process's before it is posted.
    """
    held = Holds()
    try:
        yield held
    finally:
        with _in_flight_lock:
            for key in held._keys:
                _in_flight[key] -= 1
                if _in_flight[key] <= 0:
                    del _in_flight[key]


def owner_alive(claim: Delivery) -> bool:
    """Say whether the process that made a claim may still be posting it.

    Measured on the real clock, whatever moment a pass runs for (`deliver --at`). A claim
    whose process is gone waits GRACE after its last request started; one that was never
    posted needs no wait.
    """
    since = claim.attempt_at or claim.claimed_at
    age = datetime.now(timezone.utc) - datetime.fromisoformat(since)
    if claim.owner == owner_id():
        with _in_flight_lock:
            busy = (claim.user_id, claim.day) in _in_flight
        return busy or (claim.attempt_at is not None and age < GRACE)
    host, pid, started, *_ = ([*claim.owner.split(":"), "", "", ""])[:4]
    if host != socket.gethostname():
        return age < LEASE
    if pid.isdigit() and _process_alive(int(pid), started):
        return True
    return claim.attempt_at is not None and age < GRACE


def _process_alive(pid: int, started: str) -> bool:
    if pid == os.getpid():
        return False  # an earlier process with our pid (a restarted container)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    # A pid the system gave to a new process since is not the one that claimed.
    return not started or _started(pid) in ("", started)
