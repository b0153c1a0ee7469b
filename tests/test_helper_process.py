"""A helper process gives back its result or its error, never runs on as the caller, and is
stopped when it hangs."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bot.helper_process import in_child


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
