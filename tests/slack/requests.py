"""Slack's requests to the app, built and signed as Slack builds and signs them."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from .fake_slack import TEAM_ID

SIGNING_SECRET = "test-signing-secret"


def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Give the X-Slack-* headers Slack sends with `body`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def slash_command(text: str, *, user_id: str = "U1MANAGER", response_url: str = "") -> str:
    """Give the form body of `/coach text`."""
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "example",
            "channel_id": "D0DM",
            "channel_name": "directmessage",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/coach",
            "text": text,
            "api_app_id": "A0COACH",
            "is_enterprise_install": "false",
            "response_url": response_url or "https://hooks.slack.com/commands/T0TEAM/1/x",
            "trigger_id": "1.2.3",
        }
    )


def block_action(
    action_id: str,
    value: str | None,
    *,
    user_id: str = "U1MANAGER",
    response_url: str = "",
    message: dict | None = None,
    view: dict | None = None,
) -> str:
    """Give the form body of a button click on an ephemeral message, on `message` (a DM) or on
    `view` (the App Home). A button without a value (None) sends none, as Slack does."""
    action = {"type": "button", "action_id": action_id, "block_id": "b1", "value": value}
    if value is None:
        del action["value"]
    return _actions(action, user_id=user_id, response_url=response_url, message=message, view=view)


def select_action(
    action_id: str, value: str, *, user_id: str = "U1MANAGER", view: dict | None = None
) -> str:
    """Give the form body of choosing the option `value` in a static select (in `view`)."""
    option = {"text": {"type": "plain_text", "text": value}, "value": value}
    action = {
        "type": "static_select",
        "action_id": action_id,
        "block_id": "b1",
        "selected_option": option,
    }
    return _actions(action, user_id=user_id, response_url="", message=None, view=view)


def _actions(
    action: dict, *, user_id: str, response_url: str, message: dict | None, view: dict | None
) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "example"},
        "user": {"id": user_id, "team_id": TEAM_ID},
        "api_app_id": "A0COACH",
        "token": "legacy-verification-token",
        "container": {"type": "message", "is_ephemeral": message is None},
        "trigger_id": "1.2.3",
        "channel": {"id": "D0DM"},
        "response_url": response_url,
        "actions": [{**action, "action_ts": str(time.time())}],
    }
    if message is not None:
        payload["message"] = message
    if view is not None:  # the App Home: no message, no channel, no response_url
        payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        payload["view"] = view
        del payload["channel"], payload["response_url"]
    return urlencode({"payload": json.dumps(payload)})


def app_home_opened(user_id: str = "U1MANAGER") -> str:
    """Give the JSON body of the app_home_opened event."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0COACH",
            "type": "event_callback",
            "event_id": "Ev1",
            "event_time": int(time.time()),
            "event": {
                "type": "app_home_opened",
                "user": user_id,
                "channel": "D0DM",
                "tab": "home",
                "event_ts": str(time.time()),
            },
            "authorizations": [{"team_id": TEAM_ID, "user_id": "UCOACHBOT", "is_bot": True}],
        }
    )


@dataclass
class Response:
    status: int
    body: str

    def json(self) -> dict:
        return json.loads(self.body)


class SlackSender:
    """Posts signed requests to the app over one keep-alive HTTP connection, as Slack does."""

    def __init__(self, base_url: str, *, secret: str = SIGNING_SECRET):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.secret = secret
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def post(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
        signed: bool = True,
        path: str = "/slack/events",
    ) -> Response:
        all_headers = {"Content-Type": content_type}
        if signed:
            all_headers.update(sign(body, secret=self.secret))
        all_headers.update(headers or {})
        return self._request("POST", path, body, all_headers)

    def get(self, path: str) -> Response:
        return self._request("GET", path, None, {})

    def _request(self, method: str, path: str, body: str | None, headers: dict) -> Response:
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (ConnectionError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        return Response(response.status, response.read().decode("utf-8"))

    def close(self) -> None:
        self.connection.close()
