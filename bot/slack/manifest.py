"""The Slack app manifest this version needs."""

from __future__ import annotations

from typing import Any

import yaml

from .web import EVENTS_PATH

# Only what this version calls: answers go back in the acknowledgement and through
# response_url, which need no scope; views.publish (App Home) needs none either.
BOT_SCOPES = [
    "commands",  # /coach
    "users:read",  # the user's locale (users.info with include_locale)
]
BOT_EVENTS = ["app_home_opened"]


def manifest(*, url: str | None = None, socket_mode: bool = False) -> dict[str, Any]:
    """Give the manifest as a dict; `url` is the public base URL for HTTP mode."""
    base = (url or "https://coach.example.com").rstrip("/")
    request_url = None if socket_mode else f"{base}{EVENTS_PATH}"
    command: dict[str, Any] = {
        "command": "/coach",
        "description": "Ask the social media coach, or: help, topics",
        "usage_hint": "[question] | help | topics | language de|en",
        "should_escape": False,
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
                "messages_tab_read_only_enabled": True,
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
