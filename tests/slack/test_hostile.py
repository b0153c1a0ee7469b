"""HTTP mode as an attacker or an unlucky network meets it: idle and trickling connections."""

from __future__ import annotations

import resource
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.slack.web import make_server, stop_server

from .requests import SlackSender, sign, slash_command
from .test_engagement import stats_json

CONNECTIONS = 1000


def _room_for(descriptors: int) -> None:
    """Raise this process's limit on open files, or skip when the machine cannot."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= descriptors:
        return
    if hard != resource.RLIM_INFINITY and hard < descriptors:
        pytest.skip(f"this machine allows {hard} open files; the test needs {descriptors}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, hard))


@contextmanager
def open_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    """Open `count` connections; every other one starts a request and never finishes it."""
    sockets: list[socket.socket] = []
    try:
        for number in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if number % 2:
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: coach\r\n")
            sockets.append(sock)
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_a_thousand_idle_or_trickling_connections_leave_the_app_answering(served):
    # Each connection is two descriptors here: the client's end and the server's.
    _room_for(2 * CONNECTIONS + 300)
    port = int(served.url.rsplit(":", 1)[1])
    with open_connections(port, CONNECTIONS) as sockets:
        # A trickler sends one more header byte now and then, which keeps it from being idle.
        for sock in sockets[1::2]:
            sock.sendall(b"X")
        slack = SlackSender(served.url)
        try:
            health, health_took = timed(lambda: slack.get("/healthz"))
            answer, answer_took = timed(
                lambda: slack.post(slash_command("How do I apologise in public?"))
            )
        finally:
            slack.close()
    assert health.status == 200 and health_took < 1, health_took
    assert answer.status == 200 and answer_took < 1, answer_took
    assert "apolog" in answer.body.lower()


def _hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]


@pytest.fixture
def strict_server() -> Iterator[int]:
    """A server with a one-second deadline for a request and two seconds for idleness."""
    server = make_server(
        _hello, host="127.0.0.1", port=0, idle_timeout=2, request_deadline=1, sweep_every=1
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    stop_server(server)
    thread.join(timeout=10)


def _closed_within(sock: socket.socket, seconds: float, *, trickle: bool) -> bool:
    """Tell whether the server closed the connection within `seconds`, trickling meanwhile."""
    sock.settimeout(0.25)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if trickle:
                sock.sendall(b"X")
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def test_a_request_trickled_a_byte_at_a_time_is_cut_off_at_the_deadline(strict_server):
    with socket.create_connection(("127.0.0.1", strict_server), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: coach\r\n")
        assert _closed_within(sock, 5, trickle=True)


def test_an_idle_connection_is_closed_and_a_quick_one_is_answered(strict_server):
    with socket.create_connection(("127.0.0.1", strict_server), timeout=5) as sock:
        assert _closed_within(sock, 5, trickle=False)
    slack = SlackSender(f"http://127.0.0.1:{strict_server}")
    try:
        assert slack.get("/healthz").body == "hello"
    finally:
        slack.close()


def test_a_signed_request_sent_five_times_is_taken_once(served, settings):
    body = slash_command("How do I apologise in public?")
    headers = sign(body)  # one signature, as a replay copies it
    replies = [served.slack.post(body, signed=False, headers=headers) for _ in range(5)]
    assert "apolog" in replies[0].body.lower()
    assert [reply.status for reply in replies] == [200] * 5
    assert all(reply.body == "" for reply in replies[1:])
    assert stats_json(settings.db_path, COACH_MIN_GROUP="1")["questions_asked"] == 1
    # The same question asked again is a new request, signed anew: answered and counted.
    again = sign(body, timestamp=int(time.time()) + 1)
    assert "apolog" in served.slack.post(body, signed=False, headers=again).body.lower()
    assert stats_json(settings.db_path, COACH_MIN_GROUP="1")["questions_asked"] == 2
