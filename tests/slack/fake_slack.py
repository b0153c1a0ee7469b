"""A fake Slack Web API on loopback, for the app's real WebClient to talk to.

Like bolt-python's tests/mock_web_api_server: every call is recorded with its parameters, and
each method answers with a default response that a test may replace (also with HTTP errors).
Requests to /response_url/... stand in for Slack's response_url hooks.
"""

from __future__ import annotations

import json
import socket
import threading
import time
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
    # Messages the app posted: channel -> messages, oldest first (with metadata and thread_ts)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rate_limit: int = 0  # chat.postMessage calls allowed per second (0: unlimited)
    post_delay: float = 0.0  # seconds chat.postMessage takes
    members: dict[str, list[str]] = field(default_factory=dict)  # channel or group -> users
    page_size: int = 2  # members per page of conversations.members, to exercise pagination
    # Files shared with files_upload_v2: name, title, channel, initial_comment and content
    files: list[dict[str, Any]] = field(default_factory=list)
    # The token's scopes, sent as Slack does in every answer's x-oauth-scopes header (None: none)
    scopes: list[str] | None = None
    _uploads: dict[str, dict[str, Any]] = field(default_factory=dict)  # file ID -> not shared yet
    _window: list[float] = field(default_factory=lambda: [0.0, 0])
    _ts: int = 0
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

    def dms(self, user_id: str, *, welcome: bool = False) -> list[dict[str, Any]]:
        """Give the messages the app posted to `user_id`'s DM (the welcome, a message of its
        own before the first lesson, only with `welcome`)."""
        with self._lock:
            posted = list(self.messages.get(_dm(user_id), []))
        return posted if welcome else [m for m in posted if not _is_welcome(m)]

    def welcomes(self, user_id: str) -> list[dict[str, Any]]:
        """Give the welcomes the app posted to `user_id`'s DM."""
        return [m for m in self.dms(user_id, welcome=True) if _is_welcome(m)]

    def all_dms(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {channel: list(posted) for channel, posted in self.messages.items()}

    def plan(self, method: str, status: int, body: dict, headers: dict | None = None) -> None:
        """Answer the next call of `method` with this status and body.

        Special bodies: {"drop": "before"} closes the connection without doing anything,
        {"drop": "after"} does the call and then closes the connection without an answer, and
        any status >= 500 with {"processed": True} does the call and then answers that status.
        """
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

    def wait_until(self, condition: Callable[[], object], timeout: float = 5.0) -> bool:
        """Wait until `condition()` holds after a call (checked at each); say whether it did."""
        with self._changed:
            return bool(self._changed.wait_for(condition, timeout=timeout))

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
            planned = queue.pop(0) if queue else None
        if planned is not None:
            body = planned[1]
            if body.get("drop") == "after" or body.get("processed"):
                self._do(method, params)
            return planned
        if method == "chat.postMessage" and self.rate_limit:
            with self._lock:
                now = time.monotonic()
                if now - self._window[0] >= 1.0:
                    self._window[:] = [now, 0]
                if self._window[1] >= self.rate_limit:
                    wait = max(1, round(1.0 - (now - self._window[0])))
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}
                self._window[1] += 1
        return 200, self._do(method, params), {}

    def _do(self, method: str, params: dict[str, Any]) -> dict:
        if method == "chat.postMessage":
            if self.post_delay:
                time.sleep(self.post_delay)
            channel = params.get("channel", "")
            channel = _dm(channel) if channel.startswith("U") else channel
            metadata = params.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            blocks = params.get("blocks")
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            with self._lock:
                self._ts += 1
                ts = f"{1700000000 + self._ts}.000100"
                message = {"ts": ts, "text": params.get("text"), "blocks": blocks}
                if params.get("thread_ts"):
                    message["thread_ts"] = params["thread_ts"]
                if metadata:
                    message["metadata"] = metadata
                self.messages.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts}
        if method == "chat.postEphemeral":
            # Seen by one person only and never in the channel's history: recorded as a call.
            with self._lock:
                self._ts += 1
                return {"ok": True, "message_ts": f"{1700000000 + self._ts}.000200"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": _dm(params.get("users", ""))}}
        if method == "conversations.history":
            with self._lock:
                posted = list(reversed(self.messages.get(params.get("channel", ""), [])))
            if str(params.get("include_all_metadata")).lower() not in ("true", "1"):
                posted = [{k: v for k, v in m.items() if k != "metadata"} for m in posted]
            return {"ok": True, "messages": posted[: int(params.get("limit") or 100)]}
        if method == "conversations.members":
            return self._page(self.members.get(params.get("channel", ""), []), params)
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.members.get(params.get("usergroup", ""), [])}
        if method == "users.list":
            return self._page(list(self.users.values()), params, key="members")
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": user}
        if method.startswith("files.") or method.startswith("upload/"):
            return self._file(method, params)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method.startswith("response_url/"):
            return {"ok": True}
        return DEFAULTS.get(method, {"ok": True})

    def _file(self, method: str, params: dict[str, Any]) -> dict:
        """files_upload_v2's three steps: an upload URL, the upload to it, the completion that
        shares the file into a conversation (D…, C… or G…: Slack refuses a user ID there)."""
        with self._lock:
            if method == "files.getUploadURLExternal":
                file_id = f"F{len(self._uploads) + len(self.files) + 1:08d}"
                self._uploads[file_id] = {"name": params.get("filename"),
                                          "length": int(params.get("length") or 0)}  # fmt: skip
                return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}upload/{file_id}"}
            if method.startswith("upload/"):
                self._uploads[method.removeprefix("upload/")]["content"] = params["content"]
                return {"ok": True}
            if method == "files.completeUploadExternal":
                channel = params.get("channel_id") or ""
                if channel[:1] not in ("C", "D", "G"):
                    return {"ok": False, "error": "invalid_arguments"}
                shared = []
                for item in json.loads(params.get("files") or "[]"):
                    upload = self._uploads.pop(item["id"])
                    title = item.get("title")
                    comment = params.get("initial_comment")
                    self.files.append({**upload, "id": item["id"], "title": title,
                                       "channel": channel, "initial_comment": comment})  # fmt: skip
                    shared.append({"id": item["id"], "title": title, "name": upload["name"]})
                return {"ok": True, "files": shared}
        return {"ok": False, "error": "unknown_method"}

    def _page(self, items: list, params: dict[str, Any], key: str = "members") -> dict:
        start = int(params.get("cursor") or 0)
        limit = min(int(params.get("limit") or self.page_size), self.page_size)
        page = items[start : start + limit]
        following = start + limit if start + limit < len(items) else ""
        return {"ok": True, key: page, "response_metadata": {"next_cursor": str(following)}}


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
            if method.startswith("upload/"):  # an upload URL: the file's bytes as they are
                params = {"content": raw}
            fake._record(Call(method, params, dict(self.headers)))
            status, body, headers = fake._answer(method, params)
            if body.get("drop"):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            if fake.scopes is not None:
                self.send_header("x-oauth-scopes", ",".join(fake.scopes))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def _is_welcome(message: dict[str, Any]) -> bool:
    return (message.get("metadata") or {}).get("event_type") == "coach_welcome"


def _dm(user_id: str) -> str:
    return f"D{user_id}"


def start_fake_slack() -> tuple[FakeSlack, Callable[[], None]]:
    """Start the fake on a free loopback port; give it and a function that stops it."""
    fake = FakeSlack()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    # A short poll: stopping the fake waits for it, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return fake, stop
