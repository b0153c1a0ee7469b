"""Slack's requests to the app, built and signed as Slack builds and signs them."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from .fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "test-signing-secret"


_triggers = itertools.count(1)


def next_trigger_id() -> str:
    """Give a trigger id not given before: Slack gives one per command and per click, so no
    two of its requests have the same body (and the same signature)."""
    return f"1.2.{next(_triggers)}"


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
            "trigger_id": next_trigger_id(),
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
    action_id: str,
    value: str,
    *,
    user_id: str = "U1MANAGER",
    view: dict | None = None,
    block_id: str = "b1",
    response_url: str = "",
) -> str:
    """Give the form body of choosing the option `value` in a static select: in `view`, or
    in the block `block_id` of an ephemeral message answered through `response_url`."""
    option = {"text": {"type": "plain_text", "text": value}, "value": value}
    action = {
        "type": "static_select",
        "action_id": action_id,
        "block_id": block_id,
        "selected_option": option,
    }
    return _actions(action, user_id=user_id, response_url=response_url, message=None, view=view)


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
        "trigger_id": next_trigger_id(),
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


BOT_ID = "BCOACH"  # the app's bot, as auth.test names it in the fake
_last_ts = [0]


def next_ts() -> str:
    """Give a message timestamp not given before, as Slack writes them ("1700000001.000100")."""
    _last_ts[0] += 1
    return f"{int(time.time())}.{_last_ts[0]:06d}"


def _event_callback(event: dict, event_id: str | None) -> str:
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "context_team_id": TEAM_ID,
            "api_app_id": "A0COACH",
            "type": "event_callback",
            "event_id": event_id or f"Ev{event['ts'].replace('.', '')}",
            "event_time": int(float(event["ts"])),
            "event": event,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
        }
    )


def message_event(
    text: str,
    *,
    user_id: str | None = "U1MANAGER",
    channel: str = "",
    channel_type: str = "im",
    ts: str = "",
    thread_ts: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
    files: list[dict] | None = None,
    event_id: str | None = None,
    **fields: object,
) -> str:
    """Give the JSON body of a message event (message.im: a message in the app's DM, by default
    in `user_id`'s DM "D" + user_id, as the fake Web API names it). `bot_id` makes it a bot's
    message; `subtype` and `fields` shape the others (edits, deletions, joins, file shares)."""
    ts = ts or next_ts()
    event: dict = {"type": "message", "text": text, "ts": ts}
    if subtype is None and user_id:
        event["client_msg_id"] = f"msg-{ts}"
    if user_id:
        event["user"] = user_id
        event["team"] = TEAM_ID
    if subtype:
        event["subtype"] = subtype
    if bot_id:
        event["bot_id"] = bot_id
        event["app_id"] = "A0COACH" if bot_id == BOT_ID else "A0OTHER"
        event["bot_profile"] = {"id": bot_id, "app_id": event["app_id"], "name": "a bot"}
    if text:
        event["blocks"] = [_rich_text(text)]
    if files is not None:
        event["files"] = files
        event["upload"] = False
    if thread_ts:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = user_id or BOT_USER_ID
    event.update(fields)
    event["channel"] = channel or f"D{user_id or 'U0NOBODY'}"
    event["event_ts"] = ts
    event["channel_type"] = channel_type
    return _event_callback(event, event_id)


def file_share_event(text: str = "", *, user_id: str = "U1MANAGER") -> str:
    """Give the JSON body of a file shared in the app's DM, with `text` typed along (or none)."""
    photo = {"id": "F0PHOTO", "name": "photo.png", "mimetype": "image/png", "filetype": "png"}
    return message_event(text, user_id=user_id, subtype="file_share", files=[photo])


def message_changed_event(user_id: str = "U1MANAGER", *, text: str = "edited") -> str:
    """Give the JSON body of an edit of a DM message (subtype message_changed): no user on top."""
    ts = next_ts()
    before = {"type": "message", "user": user_id, "text": "before", "ts": ts}
    after = {**before, "text": text, "edited": {"user": user_id, "ts": next_ts()}}
    return message_event(
        "", user_id=None, channel=f"D{user_id}", subtype="message_changed", hidden=True,
        message=after, previous_message=before,
    )  # fmt: skip


def message_deleted_event(user_id: str = "U1MANAGER") -> str:
    """Give the JSON body of a deletion in a DM (subtype message_deleted)."""
    gone = next_ts()
    before = {"type": "message", "user": user_id, "text": "how do we apologize", "ts": gone}
    return message_event(
        "", user_id=None, channel=f"D{user_id}", subtype="message_deleted", hidden=True,
        deleted_ts=gone, previous_message=before,
    )  # fmt: skip


def app_mention_event(
    text: str,
    *,
    user_id: str = "U1MANAGER",
    channel: str = "C0GENERAL",
    ts: str = "",
    thread_ts: str | None = None,
    event_id: str | None = None,
    **fields: object,
) -> str:
    """Give the JSON body of an app_mention: `text` as typed, e.g. "<@UCOACHBOT> how do…"."""
    ts = ts or next_ts()
    event: dict = {
        "type": "app_mention",
        "client_msg_id": f"msg-{ts}",
        "text": text,
        "user": user_id,
        "ts": ts,
        "team": TEAM_ID,
        "blocks": [_rich_text(text)] if text else [],
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(fields)
    return _event_callback(event, event_id)


def events_api_envelope(body: str, *, envelope_id: str = "env-1", retry_attempt: int = 0) -> dict:
    """Give the Socket Mode envelope Slack wraps an event's JSON body in."""
    return {
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry_attempt,
        "retry_reason": "timeout" if retry_attempt else "",
        "payload": json.loads(body),
    }


def retry_headers(attempt: int = 1, reason: str = "http_timeout") -> dict[str, str]:
    """Give the headers Slack adds when it sends an event again."""
    return {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason}


def _rich_text(text: str) -> dict:
    return {
        "type": "rich_text",
        "block_id": "rt1",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


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
        body = body.encode("utf-8") if body is not None else None  # as signed
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
