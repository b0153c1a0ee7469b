"""Checks Block Kit the way Slack would: every block through slack_sdk's models."""

from __future__ import annotations

from collections.abc import Iterator

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


def assert_valid_blocks(blocks: list[dict]) -> None:
    """Fail unless every block parses and passes slack_sdk's validation of Slack's limits."""
    assert blocks, "no blocks"
    assert len(blocks) <= 50, f"{len(blocks)} blocks; Slack shows at most 50 in a message"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block {block}"
        assert parsed.to_dict() == block  # to_dict() validates lengths and required fields


def assert_valid_view(view: dict) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert_valid_blocks(view["blocks"])


def texts(blocks: list[dict]) -> Iterator[tuple[str, str]]:
    """Give (type, text) of every text object in the blocks."""

    def walk(node: object) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
                yield node["type"], node["text"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(blocks)


def all_text(blocks: list[dict]) -> str:
    return "\n".join(text for _, text in texts(blocks))
