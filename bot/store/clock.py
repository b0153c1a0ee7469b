"""The times the store writes: UTC, ISO 8601."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """Give the time now as the store writes it: UTC, ISO 8601, to the second."""
    return at(datetime.now(timezone.utc))


def at(moment: datetime, *, timespec: str = "seconds") -> str:
    """Give `moment` as the store writes it: UTC, ISO 8601, to the second (or `timespec`)."""
    return moment.astimezone(timezone.utc).isoformat(timespec=timespec)


def millis(moment: datetime) -> str:
    """Give `moment` to the millisecond (message claims and confirmations, compared within a
    second)."""
    return at(moment, timespec="milliseconds")


def now_precise() -> str:
    """Give the time now to the microsecond (the ledger's claims, ordered within a second)."""
    return precise(datetime.now(timezone.utc))


def precise(moment: datetime) -> str:
    """Give `moment` as the ledger writes it: UTC, ISO 8601, to the microsecond."""
    return at(moment, timespec="microseconds")
