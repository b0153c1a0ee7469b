"""A function run in a forked helper process: the topic model's fit, which would otherwise hold
the serving process's interpreter for seconds while questions wait for their answers."""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


def in_child(function: Callable[..., T], *args: Any, timeout: float | None = None) -> Future[T]:
    """Run `function(*args)` in a forked child; give the future of its result.

    The child is forked now, so it sees everything the parent has loaded without copying it;
    only the result travels back, through a pipe read by a thread here. A child that has not
    answered within `timeout` seconds is killed and the future fails with TimeoutError (a fork
    of a busy, threaded process can, rarely, hang on a lock held at the fork). Where fork is
    not available the call runs here and now.
    """
    future: Future[T] = Future()
    if not hasattr(os, "fork"):
        future.set_result(function(*args))
        return future
    # Frozen objects are not traversed by the collector, so the child does not copy every page
    # of the parent's heap by touching it (the advice of the gc module's documentation). The
    # garbage goes first, or it would be kept for ever.
    gc.collect()
    gc.freeze()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any clean-up
        # Whatever happens here (the parent gone, a result that does not pickle), the child
        # must never return into the parent's code: it is a copy of one of its threads.
        try:
            os.close(read_end)
            try:
                outcome: tuple[bool, Any] = (True, function(*args))
            except BaseException as error:
                outcome = (False, error)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write_end)

    def receive() -> None:
        try:
            ready, _, _ = select.select([read_end], [], [], timeout)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"the helper process gave no answer in {timeout} s")
            with os.fdopen(read_end, "rb") as pipe:
                ok, value = pickle.load(pipe)
        except TimeoutError as error:
            os.close(read_end)
            ok, value = False, error
        except Exception as error:
            ok, value = False, RuntimeError(f"the start-up helper process failed: {error}")
        finally:
            os.waitpid(pid, 0)
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    threading.Thread(target=receive, name="start-up helper", daemon=True).start()
    return future
