"""A full disk, as SQLite sees one: the store's file may not grow by another page.

The one place the tests reach into the store's connection (tests/test_docs.py lets only this
module): a disk cannot be filled for real without privileges, and SQLite fails the same way
(SQLITE_FULL, "database or disk is full") when the file may not grow.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.store import Store


@contextmanager
def full_disk(store: Store) -> Iterator[None]:
    """Give a block in which `store`'s file cannot grow; there is room again after it."""
    connection = store._db  # the only reach inside the store (see the docstring)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        connection.execute("PRAGMA max_page_count = 1000000")
