"""A fake Slack Web API on loopback, for the app's real WebClient to talk to.

Like bolt-python's tests/mock_web_api_server: every call is recorded with its parameters, and
each method answers with a default response that a test may replace (also with HTTP errors).
Requests to /response_url/... stand in for Slack's response_url hooks.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER_ID = "UCOACHBOT"
TEAM_ID = "T0TEAM"

DEFAULTS: dict[str, dict[str, Any]] = {
    "auth.test": {
        "ok": True,
        "url": "https://example.slack.com/",
        "team": "Example",
        "user": "coach",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": "BCOACH",
    },
    "views.publish": {"ok": True, "view": {"id": "V1"}},
    "chat.postMessage": {"ok": True, "channel": "D1", "ts": "1700000000.000100"},
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeSlack:
    """The recorded calls and the planned answers of a running fake Web API."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    socket_url: str = ""  # what apps.connections.open hands out (Socket Mode)
    # method -> list of (status, body, headers) to answer with, one per call, before the default
    planned: dict[str, list[tuple[int, dict, dict]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def add_user(self, user_id: str, *, locale: str = "en-US", tz: str = "Europe/Berlin") -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": user_id.lower(),
            "locale": locale,
            "tz": tz,
            "is_bot": False,
            "deleted": False,
        }

    def plan(self, method: str, status: int, body: dict, headers: dict | None = None) -> None:
        """Answer the next call of `method` with this status and body."""
        with self._lock:
            self.planned.setdefault(method, []).append((status, body, headers or {}))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `method` was called `count` times; give those calls."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.calls_to(method)) >= count, timeout=timeout)
        calls = self.calls_to(method)
        assert len(calls) >= count, f"{method} called {len(calls)} times, expected {count}"
        return calls

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}response_url/{name}"

    def _record(self, call: Call) -> None:
        with self._changed:
            with self._lock:
                self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict, dict]:
        with self._lock:
            queue = self.planned.get(method)
            if queue:
                return queue.pop(0)
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}, {}
        if method.startswith("response_url/"):
            return 200, {"ok": True}, {}
        return 200, DEFAULTS.get(method, {"ok": True}), {}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            if "json" in (self.headers.get("content-type") or ""):
                params = json.loads(raw) if raw else {}
            else:
                params = dict(parse_qsl(raw, keep_blank_values=True))
            method = self.path.lstrip("/").removeprefix("api/")
            fake._record(Call(method, params, dict(self.headers)))
            status, body, headers = fake._answer(method, params)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start_fake_slack() -> tuple[FakeSlack, Callable[[], None]]:
    """Start the fake on a free loopback port; give it and a function that stops it."""
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return fake, stop
