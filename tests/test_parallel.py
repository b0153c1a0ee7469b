"""A large bank loads and indexes on two cores with the same result as on one."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bot.lessons import load_bank
from bot.parallel import in_child
from bot.search import Searcher

from .benchmarks.generate_bank import generate


def test_a_large_bank_loaded_in_parallel_is_the_same_bank(tmp_path):
    directory = generate(tmp_path / "lessons", 240)
    serial, parallel = load_bank(directory), load_bank(directory, parallel=True)
    assert [lesson.model_dump() for lesson in parallel] == [
        lesson.model_dump() for lesson in serial
    ]
    one, two = Searcher(serial), Searcher(parallel, parallel=True)
    for question in ["Wie entschuldige ich mich öffentlich?", "how do we apologize publicly"]:
        assert one.ask(question) == two.ask(question)


def test_an_error_in_the_helper_process_reaches_the_caller():
    with pytest.raises(ZeroDivisionError):
        in_child(divmod, 1, 0).result(timeout=10)


def test_a_helper_that_cannot_send_its_result_ends_there(tmp_path):
    """The helper is a copy of the calling thread: it must never go on with the caller's code."""
    future = in_child(threading.Lock)  # a lock cannot be sent back
    (tmp_path / f"went on in {os.getpid()}").touch()  # the helper would leave a second file
    with pytest.raises(RuntimeError, match="helper process failed"):
        future.result(timeout=10)
    time.sleep(0.2)
    assert [path.name for path in tmp_path.iterdir()] == [f"went on in {os.getpid()}"]


def test_a_helper_that_hangs_is_stopped_after_its_timeout():
    future = in_child(time.sleep, 30, timeout=0.5)
    with pytest.raises(TimeoutError):
        future.result(timeout=10)
