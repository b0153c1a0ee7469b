"""The Slack app manifest this version needs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml

from .web import EVENTS_PATH

# Only what this version calls: /coach answers go back in the acknowledgement and through
# response_url, which need no scope; views.publish (App Home) needs none either.
BOT_SCOPES = [
    "commands",  # /coach
    "app_mentions:read",  # @mentions in channels the app is in (app_mention)
    "users:read",  # locales, time zones, admins, bots (users.info, users.list)
    "chat:write",  # the daily DM, answers to DMs and mentions (chat.postMessage)
    "files:write",  # my data's copy, a JSON file in the person's DM (files_upload_v2)
    "im:write",  # conversations.open, to find the DM after an interrupted send
    "im:history",  # DMs to the app (message.im); was an interrupted message posted?
    "channels:read",  # members of public channels in COACH_AUDIENCE
    "groups:read",  # members of private channels in COACH_AUDIENCE (the app must be in them)
    "usergroups:read",  # members of user groups in COACH_AUDIENCE
]
BOT_EVENTS = ["app_home_opened", "app_mention", "message.im"]


class ManifestError(ValueError):
    """The manifest cannot be made with these options; the message says what to give."""


def request_base(url: str | None, *, socket_mode: bool) -> str | None:
    """Give the app's public base URL without a trailing slash (None in Socket Mode), or raise
    ManifestError: Slack sends HTTP-mode requests only to an https:// address."""
    if socket_mode:
        if url:
            raise ManifestError(
                "--socket-mode needs no --url: the app connects to Slack, Slack does not call it"
            )
        return None
    if not url:
        raise ManifestError(
            "HTTP mode needs the app's public address: --url https://YOUR-HOST "
            "(or --socket-mode, which needs none)"
        )
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ManifestError(
            f"--url {url!r} must start with https:// (Slack calls request URLs over HTTPS only)"
        )
    if not parts.hostname or parts.query or parts.fragment:
        raise ManifestError(f"--url {url!r} is not a base URL like https://coach.example.org")
    base = url.rstrip("/")
    if base.endswith(EVENTS_PATH):
        raise ManifestError(
            f"--url is the app's base address; the manifest adds {EVENTS_PATH} itself: "
            f"--url {base[: -len(EVENTS_PATH)]}"
        )
    return base


def manifest(*, url: str | None = None, socket_mode: bool = False) -> dict[str, Any]:
    """Give the manifest as a dict; `url` is the public base URL for HTTP mode (required
    there, https://), none in Socket Mode; raise ManifestError otherwise."""
    base = request_base(url, socket_mode=socket_mode)
    request_url = None if base is None else f"{base}{EVENTS_PATH}"
    command: dict[str, Any] = {
        "command": "/coach",
        "description": "Ask the social media coach; or help, next, pause, time 08:30",
        "usage_hint": "[question] | help | next | pause | resume | time HH:MM | language de|en",
        # Escaped, so "/coach enroll @anna" arrives as <@U123|anna>: the user ID, not a name.
        "should_escape": True,
    }
    events: dict[str, Any] = {"bot_events": BOT_EVENTS}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        command["url"] = request_url
        events["request_url"] = request_url
        interactivity["request_url"] = request_url
    return {
        "display_information": {
            "name": "Social Media Coach",
            "description": "One-minute social media lessons for managers, in German and English.",
            "background_color": "#1d3557",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                # People write to the coach in its DM (message.im).
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "Social Media Coach", "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": BOT_SCOPES}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(*, url: str | None = None, socket_mode: bool = False) -> str:
    """Give the manifest as YAML, ready to paste into Slack's app settings."""
    return yaml.safe_dump(
        manifest(url=url, socket_mode=socket_mode), sort_keys=False, allow_unicode=True
    )
