"""Block Kit as plain text for a terminal: what `coach digest` and `coach demo` print.

Pure functions over the block dicts this package builds; no Slack calls. Slack's mrkdwn marks
(*bold*, _italic_, `code`) are dropped, links keep their text and address, and the escapes that
keep user text inert (&lt; &gt; &amp;) are undone, since a terminal pings no one.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

WIDTH = 88

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<(https?://[^|>]+)>")
_MENTION = re.compile(r"<([@#!])([^|>]+)(?:\|([^>]+))?>")
_MARKS = re.compile(r"(?<![\w*_~`])([*_~])(?!\s)(.+?)(?<!\s)\1(?![\w*_~`])")


def mrkdwn_text(text: str) -> str:
    """Give Slack mrkdwn as plain text."""
    text = _LINK.sub(r"\2 (\1)", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _MENTION.sub(lambda m: m[3] or f"{'@' if m[1] == '@' else m[1]}{m[2]}", text)
    text = text.replace("`", "")
    text = _MARKS.sub(r"\2", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def blocks_text(blocks: list[dict[str, Any]], *, width: int = WIDTH) -> str:
    """Give a message's blocks as text: a header underlined, sections and context as
    paragraphs wrapped to `width`, buttons in [brackets], a divider as a blank line."""
    parts: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = _text(block.get("text"))
            parts.append(f"{title}\n{'=' * min(len(title), width)}")
        elif kind == "section":
            texts = [_text(block.get("text"))] + [_text(f) for f in block.get("fields", [])]
            if "accessory" in block:
                texts.append(_element(block["accessory"]))
            parts.append(_wrap("\n".join(t for t in texts if t), width))
        elif kind == "context":
            texts = [_text(element) for element in block.get("elements", [])]
            parts.append(_wrap("  ".join(t for t in texts if t), width))
        elif kind == "actions":
            elements = [_element(element) for element in block.get("elements", [])]
            parts.append("  ".join(element for element in elements if element))
        elif kind == "divider":
            parts.append("")
    return "\n\n".join(part for part in parts if part is not None).strip() + "\n"


def _element(element: dict[str, Any]) -> str:
    """Give a button as [its label], a menu as [▾ its choice], a date picker as [📅 its date]."""
    kind = element.get("type")
    if kind == "button":
        label = _text(element.get("text"))
        return f"[{label}]" if label else ""
    chosen = _text((element.get("initial_option") or {}).get("text"))
    chosen = chosen or element.get("initial_date") or _text(element.get("placeholder"))
    mark = "📅" if kind == "datepicker" else "▾"
    return f"[{mark} {chosen}]"


def _text(obj: dict[str, Any] | None) -> str:
    if not obj:
        return ""
    text = obj.get("text", "") or obj.get("alt_text", "")
    return mrkdwn_text(text) if obj.get("type") == "mrkdwn" else text


def _wrap(text: str, width: int) -> str:
    lines = []
    for line in text.splitlines():
        bullet = line.lstrip().startswith(("•", "-"))
        lines.append(
            textwrap.fill(line, width, subsequent_indent="  " if bullet else "") if line else ""
        )
    return "\n".join(lines)
