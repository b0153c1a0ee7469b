"""Settings, read once from the environment (the variables in docs/contract.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .vocabulary import LANGUAGES, Language

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
T = TypeVar("T")

SLACK_SETUP_HINT = (
    "Create the Slack app from the manifest (`coach manifest --url https://YOUR-HOST`) at "
    "https://api.slack.com/apps, install it to your workspace, then copy:\n"
    "  SLACK_BOT_TOKEN       OAuth & Permissions > Bot User OAuth Token (xoxb-...)\n"
    "  SLACK_SIGNING_SECRET  Basic Information > App Credentials > Signing Secret\n"
    "  SLACK_APP_TOKEN       (Socket Mode only) Basic Information > App-Level Tokens, "
    "scope connections:write (xapp-...)"
)


class ConfigError(ValueError):
    """Settings have values the app cannot run with; `problems` has one line per variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


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
    language: str = Language.EN
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
    """Give the settings from `environ` (default: os.environ), or raise ConfigError naming
    every variable with a bad value at once."""
    env = os.environ if environ is None else environ
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    def checked(name: str, parse: Callable[[str], T], default: T, *, secret: bool = False) -> T:
        """Give `name`'s value parsed, or `default` if it is unset or bad (noted in problems)."""
        value = get(name)
        if value is None:
            return default
        try:
            return parse(value)
        except ValueError as error:
            # A token's start says what kind it is (xoxp-, xapp-); the rest is a secret.
            shown = value[:5] + "…" if secret else value
            problems.append(f"{name}={shown!r} is not valid: expected {error}")
            return default

    settings = Settings(
        bot_token=checked("SLACK_BOT_TOKEN", _prefixed("xoxb-", "a bot token"), None, secret=True),
        signing_secret=get("SLACK_SIGNING_SECRET"),
        app_token=checked(
            "SLACK_APP_TOKEN", _prefixed("xapp-", "an app-level token"), None, secret=True
        ),
        api_url=checked("SLACK_API_URL", _api_url, "https://slack.com/api/"),
        port=checked("PORT", _int(1, 65535), 3000),
        db_path=Path(get("COACH_DB") or "coach.db"),
        lessons_dir=Path(get("COACH_LESSONS") or "lessons"),
        admins=frozenset(checked("COACH_ADMINS", _ids("UW"), ())),
        audience=checked("COACH_AUDIENCE", _ids("CGS"), ()),
        send_at=checked("COACH_SEND_AT", _time, "09:00"),
        days=checked("COACH_DAYS", _days, "mon-fri"),
        language=checked("COACH_LANGUAGE", _choice(LANGUAGES), Language.EN),
        min_group=checked("COACH_MIN_GROUP", _int(1, 1000), 5),
        retention_days=checked("COACH_RETENTION_DAYS", _int(1, 36500), 365),
    )
    if problems:
        raise ConfigError(problems)
    return settings


# Each parser gives the value, or raises ValueError saying what is allowed.


def _prefixed(prefix: str, kind: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not value.startswith(prefix):
            raise ValueError(f"{kind} starting with {prefix}")
        return value

    return parse


def _api_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError("an http(s) URL such as https://slack.com/api/")
    return value if value.endswith("/") else value + "/"


def _int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        allowed = f"a whole number from {low} to {high}"
        try:
            number = int(value)
        except ValueError:
            raise ValueError(allowed) from None
        if not low <= number <= high:
            raise ValueError(allowed)
        return number

    return parse


def _ids(prefixes: str) -> Callable[[str], tuple[str, ...]]:
    def parse(value: str) -> tuple[str, ...]:
        ids = tuple(part.strip() for part in value.split(",") if part.strip())
        for slack_id in ids:
            if not re.fullmatch(rf"[{prefixes}][A-Z0-9]{{2,}}", slack_id):
                kinds = ", ".join(f"{p}…" for p in prefixes)
                which = f" ({slack_id!r} is not one)" if len(ids) > 1 else ""
                raise ValueError(f"comma-separated Slack IDs starting with {kinds}{which}")
        return ids

    return parse


def _time(value: str) -> str:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise ValueError("a time of day as HH:MM, for example 09:00")
    return f"{int(match[1]):02d}:{match[2]}"


def _days(value: str) -> str:
    for part in value.lower().split(","):
        ends = part.strip().split("-")
        if len(ends) > 2 or not all(end in WEEKDAYS for end in ends):
            raise ValueError("weekdays as mon-fri or mon,wed,fri (mon tue wed thu fri sat sun)")
    return value.lower().replace(" ", "")


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value.lower() not in allowed:
            raise ValueError(" or ".join(allowed))
        return value.lower()

    return parse
