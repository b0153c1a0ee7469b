"""HTTP mode: a WSGI app with /slack/events and /healthz, served by waitress."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier
from waitress import create_server, wasyncore

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are far smaller; anything bigger is not from Slack.
MAX_BODY = 1024 * 1024

StartResponse = Callable[..., Any]


class SlackWSGI:
    """Serves the Bolt app at /slack/events and a health check at /healthz."""

    def __init__(self, app: App, *, signing_secret: str, health: Callable[[], dict]):
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        self.health = health

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _reply(start_response, 200, json.dumps(self.health()), "application/json")
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
        try:
            request = BoltRequest(
                body=raw.decode("utf-8"), query=environ.get("QUERY_STRING", ""), headers=headers
            )
            parsed = isinstance(request.body, dict)
        except (ValueError, UnicodeDecodeError):
            parsed = False
        if not parsed:
            # Bolt would answer a signed body it cannot parse with a 500.
            return _reply(start_response, 400, "Bad Request")
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

    server.trigger.pull_trigger(close_everything)
    stopped.wait(timeout)


def make_server(wsgi: SlackWSGI, *, host: str, port: int, threads: int = 4) -> Any:
    """Give a waitress server bound to host:port (port 0 picks a free one); call .run()."""
    return create_server(
        wsgi,
        host=host,
        port=port,
        threads=threads,
        ident="coach",
        clear_untrusted_proxy_headers=True,
    )
