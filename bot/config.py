"""Settings, read once from the environment (PRODUCT.md's configuration table)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("de", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

SLACK_SETUP_HINT = (
    "Create the Slack app from the manifest (`coach manifest --url https://YOUR-HOST`) at "
    "https://api.slack.com/apps, install it to your workspace, then copy:\n"
    "  SLACK_BOT_TOKEN       OAuth & Permissions > Bot User OAuth Token (xoxb-...)\n"
    "  SLACK_SIGNING_SECRET  Basic Information > App Credentials > Signing Secret\n"
    "  SLACK_APP_TOKEN       (Socket Mode only) Basic Information > App-Level Tokens, "
    "scope connections:write (xapp-...)"
)


class ConfigError(ValueError):
    """A setting has a value the app cannot run with."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = "https://slack.com/api/"
    port: int = 3000
    db_path: Path = Path("coach.db")
    lessons_dir: Path = Path("lessons")
    admins: frozenset[str] = field(default_factory=frozenset)
    audience: tuple[str, ...] = ()
    send_at: str = "09:00"
    days: str = "mon-fri"
    language: str = "en"
    min_group: int = 5
    retention_days: int = 365

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def missing_slack_credentials(self) -> list[str]:
        """Names of the Slack variables `serve` still needs in this mode."""
        # Socket Mode does not sign requests, so it needs the app token instead of the secret.
        second = (
            ("SLACK_APP_TOKEN", self.app_token)
            if self.socket_mode
            else (
                "SLACK_SIGNING_SECRET",
                self.signing_secret,
            )
        )
        return [name for name, value in (("SLACK_BOT_TOKEN", self.bot_token), second) if not value]


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Give the settings from `environ` (default: os.environ), or raise ConfigError."""
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    bot_token = get("SLACK_BOT_TOKEN")
    if bot_token and not bot_token.startswith("xoxb-"):
        raise _bad("SLACK_BOT_TOKEN", "xoxb-…", "a bot token starting with xoxb-")
    app_token = get("SLACK_APP_TOKEN")
    if app_token and not app_token.startswith("xapp-"):
        raise _bad("SLACK_APP_TOKEN", "xapp-…", "an app-level token starting with xapp-")

    return Settings(
        bot_token=bot_token,
        signing_secret=get("SLACK_SIGNING_SECRET"),
        app_token=app_token,
        api_url=_api_url(get("SLACK_API_URL")),
        port=_int("PORT", get("PORT"), default=3000, low=1, high=65535),
        db_path=Path(get("COACH_DB") or "coach.db"),
        lessons_dir=Path(get("COACH_LESSONS") or "lessons"),
        admins=frozenset(_ids("COACH_ADMINS", get("COACH_ADMINS"), prefixes="UW")),
        audience=tuple(_ids("COACH_AUDIENCE", get("COACH_AUDIENCE"), prefixes="CGS")),
        send_at=_time("COACH_SEND_AT", get("COACH_SEND_AT") or "09:00"),
        days=_days(get("COACH_DAYS") or "mon-fri"),
        language=_choice("COACH_LANGUAGE", get("COACH_LANGUAGE") or "en", LANGUAGES),
        min_group=_int("COACH_MIN_GROUP", get("COACH_MIN_GROUP"), default=5, low=1, high=1000),
        retention_days=_int(
            "COACH_RETENTION_DAYS", get("COACH_RETENTION_DAYS"), default=365, low=1, high=36500
        ),
    )


def _bad(name: str, value: str, allowed: str) -> ConfigError:
    return ConfigError(f"{name}={value!r} is not valid: expected {allowed}")


def _api_url(value: str | None) -> str:
    if value is None:
        return "https://slack.com/api/"
    if not re.match(r"^https?://[^/\s]+", value):
        raise _bad("SLACK_API_URL", value, "an http(s) URL such as https://slack.com/api/")
    return value if value.endswith("/") else value + "/"


def _int(name: str, value: str | None, *, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(name, value, f"a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise _bad(name, value, f"a whole number from {low} to {high}")
    return number


def _ids(name: str, value: str | None, *, prefixes: str) -> list[str]:
    if value is None:
        return []
    ids = [part.strip() for part in value.split(",") if part.strip()]
    for slack_id in ids:
        if not re.fullmatch(rf"[{prefixes}][A-Z0-9]{{2,}}", slack_id):
            kinds = ", ".join(f"{p}…" for p in prefixes)
            raise _bad(name, slack_id, f"comma-separated Slack IDs starting with {kinds}")
    return ids


def _time(name: str, value: str) -> str:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise _bad(name, value, "a time of day as HH:MM, for example 09:00")
    return f"{int(match[1]):02d}:{match[2]}"


def _days(value: str) -> str:
    allowed = "weekdays as mon-fri or mon,wed,fri (mon tue wed thu fri sat sun)"
    for part in value.lower().split(","):
        ends = part.strip().split("-")
        if len(ends) > 2 or not all(end in WEEKDAYS for end in ends):
            raise _bad("COACH_DAYS", value, allowed)
    return value.lower().replace(" ", "")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in allowed:
        raise _bad(name, value, " or ".join(allowed))
    return value.lower()
