"""A click as the listeners read it, and the clicks the app ignores.

A block_actions payload is signed by Slack but written by whoever clicked: a workspace member can
send any value with any button. Its parts are read here without trusting their shape (a value
that is not text reads as ""), the domain checks the value against what the app sent that person
(bot.learners.Refused), and a click refused is ignored: nothing stored, nothing sent, and one log
line per kind of refusal (again at the 10th, 100th, … with the count), never what it carried.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass

logger = logging.getLogger(__name__)

_lock = threading.Lock()
IGNORED: Counter[tuple[str, str]] = Counter()  # (button, reason) -> clicks ignored since start


@dataclass(frozen=True)
class Click:
    """Who clicked which button, and what it carried ("" where the payload has nothing)."""

    user_id: str
    action_id: str
    value: str  # a button's value
    selected: str  # a menu's chosen option, or a date picker's date
    block_id: str
    trigger_id: str


def read_click(body: dict) -> Click | None:
    """Give the first action of a block_actions payload, or None without a user or an action."""
    user = body.get("user")
    actions = body.get("actions")
    if not isinstance(user, dict) or not isinstance(actions, list) or not actions:
        return None
    action = actions[0]
    if not isinstance(action, dict) or not _text(user.get("id")):
        return None
    option = action.get("selected_option")
    selected = _text(option.get("value")) if isinstance(option, dict) else ""
    return Click(
        user_id=_text(user.get("id")),
        action_id=_text(action.get("action_id")),
        value=_text(action.get("value")),
        selected=selected or _text(action.get("selected_date")),
        block_id=_text(action.get("block_id")),
        trigger_id=_text(body.get("trigger_id")),
    )


def shown_message(body: dict) -> tuple[list[dict], str]:
    """Give the blocks and text of the message the button was in, as the payload has them
    (the app's own message, as far as the clicker's Slack shows it; nothing if none)."""
    message = body.get("message")
    if not isinstance(message, dict):
        return [], ""
    shown = message.get("blocks")
    if not isinstance(shown, list):
        shown = []
    return [block for block in shown if _block(block)], _text(message.get("text"))


def _block(block: object) -> bool:
    """Say whether `block` has the shape the app's own blocks have where it looks."""
    if not isinstance(block, dict) or not isinstance(block.get("block_id", ""), str):
        return False
    elements = block.get("elements", [])
    return isinstance(elements, list) and all(isinstance(e, dict) for e in elements)


def ignore(button: str, reason: str) -> None:
    """Note a click ignored: `button` names the kind of button, `reason` why (a fixed phrase,
    never the click's value). The first of each kind is logged, then every tenfold more."""
    key = (button, str(getattr(reason, "value", reason)))
    with _lock:
        IGNORED[key] += 1
        count = IGNORED[key]
    if _tenfold(count):
        logger.warning(
            "ignored a click on %s: %s (%d so far; nothing was stored)", button, key[1], count
        )


def _tenfold(count: int) -> bool:
    while count % 10 == 0:
        count //= 10
    return count == 1


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
