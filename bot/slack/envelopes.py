"""The shapes of the requests Slack sends, checked before Bolt sees a body.

A body that is signed but not shaped as Slack shapes it (a list, an event that is null, a
button click without actions, a command without a user) is refused at the edge with a 400,
so no listener meets a value it cannot read. Only the fields the app reads are checked;
everything else Slack adds passes through.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Shape(BaseModel):
    # Strict: "1" is not 1, null is not a string. Extra fields are Slack's business.
    model_config = ConfigDict(strict=True, extra="allow")


class _Id(_Shape):
    id: str = Field(min_length=1)


class _Ref(_Shape):
    id: str | None = None


# A default that is not validated: the field may be left out, but null is refused.
_ABSENT: Any = None


class _Carrier(_Shape):
    """The fields Bolt reads from any body, and from the parts of it that carry the same
    fields (an event, an edited message, a reacted-to item), to learn who and where."""

    type: str | None = None
    user: str | _Ref | None = None
    user_id: str | None = None
    channel: str | _Ref | None = None
    channel_id: str | None = None
    team: str | _Ref | None = None
    team_id: str | None = None
    enterprise: str | _Ref | None = None
    enterprise_id: str | None = None
    context_team_id: str | None = None
    context_enterprise_id: str | None = None
    is_enterprise_install: bool | str | None = None
    is_ext_shared_channel: bool | None = None
    thread_ts: str | None = None
    # Bolt reads these without a check for null: absent, or of the right kind.
    authorizations: list[dict[str, Any]] = _ABSENT
    event: _Carrier = _ABSENT
    assistant_thread: _Carrier = _ABSENT
    function_data: dict[str, Any] = _ABSENT
    view: dict[str, Any] = _ABSENT
    message: _Carrier | None = None
    previous_message: _Carrier | None = None
    item: _Carrier | None = None
    function_execution_id: str | None = None
    bot_access_token: str | None = None


class _Option(_Shape):
    value: str


class _Action(_Shape):
    action_id: str = Field(min_length=1)
    value: str | None = None
    selected_option: _Option | None = None
    selected_date: str | None = None


class BlockActions(_Carrier):
    type: Literal["block_actions"]
    user: _Id
    actions: list[_Action] = Field(min_length=1)
    channel: _Id | None = None
    container: dict[str, Any] | None = None
    response_url: str | None = None


class SlashCommand(_Carrier):
    command: str = Field(min_length=1)
    user_id: str = Field(min_length=1)
    channel_id: str
    text: str
    response_url: str | None = None


class _Event(_Carrier):
    type: str = Field(min_length=1)
    user: str | None = None
    text: str | None = None
    channel: str | None = None
    channel_type: str | None = None
    ts: str | None = None
    subtype: str | None = None
    bot_id: str | None = None
    tab: str | None = None
    blocks: list[Any] | None = None
    files: list[Any] | None = None


class EventCallback(_Carrier):
    type: Literal["event_callback"]
    event: _Event
    event_id: str | None = None


class UrlVerification(_Carrier):
    type: Literal["url_verification"]
    challenge: str


class _SslCheck(_Carrier):
    ssl_check: str


_BY_TYPE: dict[str, type[_Shape]] = {
    "block_actions": BlockActions,
    "event_callback": EventCallback,
    "url_verification": UrlVerification,
}
COMMAND = "command"
SSL_CHECK = "ssl_check"
# The kinds of request the app has listeners for; Slack's other kinds are acknowledged unread.
TAKEN = frozenset({*_BY_TYPE, COMMAND, SSL_CHECK})


def kind_of(body: object) -> str | None:
    """Give the kind of a signed request's parsed body: "command", "ssl_check", or its Slack
    `type` ("event_callback", "block_actions", …); None when it is not shaped as Slack shapes
    it."""
    if not isinstance(body, dict) or not body:
        return None
    if SSL_CHECK in body:  # Slack's certificate check: a form with ssl_check=1 and a token
        kind, shape = SSL_CHECK, _SslCheck
    elif COMMAND in body:
        kind, shape = COMMAND, SlashCommand
    else:
        kind = body.get("type")
        if not isinstance(kind, str) or not kind:
            return None
        if kind not in _BY_TYPE:
            return kind
        shape = _BY_TYPE[kind]
    try:
        shape.model_validate(body)
    except ValidationError:
        return None
    return kind


# Where Slack's response URLs point: a click or a command whose response_url points elsewhere
# was written by hand, and answering it would make the app post wherever its writer wants.
SLACK_HOOKS = ("https://hooks.slack.com/", "https://hooks.slack-gov.com/")


def answers_to_slack(body: dict, prefixes: tuple[str, ...]) -> bool:
    """Tell whether the body's response_url, if it has one, starts with one of `prefixes`."""
    url = body.get("response_url")
    return not url or (isinstance(url, str) and url.startswith(prefixes))
