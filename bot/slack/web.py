"""HTTP mode: a WSGI app with /slack/events and /healthz, served by waitress."""

from __future__ import annotations

import json
import logging
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from .envelopes import SLACK_HOOKS, TAKEN, answers_to_slack, kind_of

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are far smaller; anything bigger is not from Slack.
MAX_BODY = 1024 * 1024

StartResponse = Callable[..., Any]


# How long Slack's signature of a request is good for (the timestamp's age slack_sdk allows).
SIGNATURE_LIFETIME = 300


class Signatures:
    """The signatures of the requests taken in the last five minutes.

    Slack signs every request it sends once, a retry included (its timestamp is new), so a
    second request with a signature already seen is a replay: one taken would store a question
    twice. Older signatures need no memory, since slack_sdk refuses their timestamps.
    """

    def __init__(self, *, lifetime: float = SIGNATURE_LIFETIME):
        self.lifetime = lifetime
        self._seen: set[str] = set()
        self._by_age: deque[tuple[float, str]] = deque()
        self._lock = threading.Lock()

    def first_time(self, signature: str, *, now: float) -> bool:
        """Tell whether `signature` is new, and remember it for the lifetime of a signature."""
        signature = signature[:35]  # "v0=" and 128 bits of the HMAC tell requests apart
        with self._lock:
            while self._by_age and self._by_age[0][0] < now:
                self._seen.discard(self._by_age.popleft()[1])
            if signature in self._seen:
                return False
            self._seen.add(signature)
            # Kept for twice the lifetime: slack_sdk allows timestamps that far either side.
            self._by_age.append((now + 2 * self.lifetime, signature))
            return True


class SlackWSGI:
    """Serves the Bolt app at /slack/events and a health check at /healthz (`health` gives
    its status and JSON); takes only requests whose response URL starts with `response_urls`."""

    def __init__(
        self,
        app: App,
        *,
        signing_secret: str,
        health: Callable[[], tuple[int, dict]],
        response_urls: tuple[str, ...] = SLACK_HOOKS,
    ):
        self.app = app
        self.response_urls = response_urls
        self.verifier = SignatureVerifier(signing_secret)
        self.health = health
        self.signatures = Signatures()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            status, report = self.health()
            return _reply(start_response, status, json.dumps(report), "application/json")
        if path != EVENTS_PATH:
            return _reply(start_response, 404, "Not Found")
        if method != "POST":
            return _reply(start_response, 405, "Method Not Allowed")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, 400, "Bad Request")
        if length > MAX_BODY:
            return _reply(start_response, 413, "Payload Too Large")
        raw = environ["wsgi.input"].read(length) if length else b""
        headers = _headers(environ)
        if not self._signed(raw, headers):
            return _reply(start_response, 401, "")
        if not self.signatures.first_time(headers["x-slack-signature"][0], now=time.time()):
            logger.warning("a signed request came again (a replay): acknowledged, not taken")
            return _reply(start_response, 200, "")
        request = _request(raw, environ.get("QUERY_STRING", ""), headers)
        kind = kind_of(request.body) if request else None
        if kind is None or not answers_to_slack(request.body, self.response_urls):
            # Bolt would answer a signed body it cannot read with a 500, or a listener would.
            return _reply(start_response, 400, "Bad Request")
        if kind not in TAKEN:
            return _reply(start_response, 200, "")
        response = self.app.dispatch(request)
        body = response.body or ""
        response_headers = [
            (name, value)
            for name, values in response.headers.items()
            if name.lower() != "content-length"
            for value in values
        ]
        return _reply(start_response, response.status, body, headers=response_headers)

    def _signed(self, raw: bytes, headers: dict[str, list[str]]) -> bool:
        # Checked before Bolt sees the request: Bolt answers an empty timestamp with a 500.
        flat = {name: values[0] for name, values in headers.items()}
        try:
            return self.verifier.is_valid_request(raw, flat)
        except ValueError:
            return False


def _request(raw: bytes, query: str, headers: dict[str, list[str]]) -> BoltRequest | None:
    """Give Bolt's request for a signed body, or None if Bolt cannot read it."""
    try:
        return BoltRequest(body=raw.decode("utf-8"), query=query, headers=headers)
    except Exception:  # Bolt reads who and where as it parses: any shape may fail
        return None


def _headers(environ: dict) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = [value]
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = [environ["CONTENT_TYPE"]]
    return headers


def _reply(
    start_response: StartResponse,
    status: int,
    body: str,
    content_type: str = "text/plain; charset=utf-8",
    *,
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    data = body.encode("utf-8")
    headers = headers if headers is not None else [("Content-Type", content_type)]
    headers = [*headers, ("Content-Length", str(len(data)))]
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [data]


def stop_server(server: Any, *, timeout: float = 10) -> None:
    """Stop a server whose run() loops in another thread: finish its requests, then close it.

    The closing happens inside the server's own loop (through its trigger), since closing
    sockets under a running select() from another thread fails.
    """
    stopped = threading.Event()

    def close_everything() -> None:
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=timeout)
        wasyncore.close_all(server._map)
        stopped.set()

    try:
        server.trigger.pull_trigger(close_everything)
    except OSError as error:  # the loop has stopped and closed its trigger: close from here
        logger.warning("the HTTP server had stopped already (%s): closing what is left", error)
        wasyncore.close_all(server._map)
        return
    stopped.wait(timeout)


# An open connection that has sent nothing for this long is closed (Slack reuses connections
# within seconds; an idle one is only a file descriptor held).
IDLE_TIMEOUT = 60
# A request still incomplete this long after its first byte is closed: Slack sends a whole
# request at once, while a client trickling a header byte every few seconds would otherwise
# hold its connection for ever.
REQUEST_DEADLINE = 10
# How often the server looks for connections to close under the two rules above.
SWEEP_EVERY = 2
# The most new connections let in at one turn of the server's loop.
ACCEPT_AT_ONCE = 256
# File descriptors kept free for the database, the Web API client and the log.
SPARE_DESCRIPTORS = 64


class _Channel(HTTPChannel):
    """A waitress connection that remembers when its request in progress began."""

    request_began: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_began = time.monotonic()
        return super().received(data)


class _Server(TcpWSGIServer):
    """Waitress's TCP server that also closes requests left incomplete past the deadline."""

    channel_class = _Channel
    request_deadline: float = REQUEST_DEADLINE

    def handle_accept(self) -> None:
        # Waitress takes one new connection per turn of its loop, and a turn polls every open
        # connection: a burst of a thousand would take a second to let in. Take all waiting.
        for _ in range(ACCEPT_AT_ONCE):
            if len(self._map) >= self.adj.connection_limit:
                return
            before = len(self._map)
            super().handle_accept()
            if len(self._map) == before:  # none was waiting
                return

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = time.monotonic() - self.request_deadline
        for channel in list(self.active_channels.values()):
            began = getattr(channel, "request_began", None)
            if channel.request is not None and not channel.requests and began and began < cutoff:
                channel.will_close = True


def connection_limit() -> int:
    """Give how many connections to hold open: as many as the process may open files, less
    a reserve, after raising the soft limit on open files to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return max(100, min(soft, 65536) - SPARE_DESCRIPTORS)


def make_server(
    wsgi: SlackWSGI,
    *,
    host: str,
    port: int,
    threads: int = 4,
    idle_timeout: int = IDLE_TIMEOUT,
    request_deadline: float = REQUEST_DEADLINE,
    sweep_every: int = SWEEP_EVERY,
) -> Any:
    """Give a waitress server bound to host:port (port 0 picks a free one); call .run().

    Idle and slow connections cost a file descriptor each, not a thread: the server polls
    (select() stops at 1,024 descriptors), holds as many connections as the process may open,
    and closes idle ones after `idle_timeout` and unfinished requests after `request_deadline`
    (seconds), looking every `sweep_every`.
    """
    adjustments = Adjustments(
        host=host,
        port=port,
        threads=threads,
        ident="coach",
        clear_untrusted_proxy_headers=True,
        asyncore_use_poll=True,
        connection_limit=connection_limit(),
        channel_timeout=idle_timeout,
        cleanup_interval=sweep_every,
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    server = _Server(wsgi, map={}, dispatcher=dispatcher, adj=adjustments)
    server.request_deadline = request_deadline
    return server
