"""Slack's side of Socket Mode for `serve`: a WebSocket server that sends envelopes."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from websockets.sync.server import serve as websocket_server

from .fake_slack import FakeSlack


@contextmanager
def socket_mode_slack(fake_slack: FakeSlack, *envelopes: dict) -> Iterator[queue.Queue]:
    """Serve Socket Mode on loopback: say hello, send `envelopes`, and put every message the
    app sends back (its acknowledgements) on the queue given. `apps.connections.open` at the
    fake Web API hands out this server's address."""
    received: queue.Queue = queue.Queue()

    def slack_side(connection) -> None:  # type: ignore[no-untyped-def]
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        for envelope in envelopes:
            connection.send(json.dumps(envelope))
        for message in connection:
            received.put(json.loads(message))

    with websocket_server(slack_side, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        fake_slack.socket_url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/link"
        try:
            yield received
        finally:
            server.shutdown()


def socket_mode_env(fake_slack: FakeSlack) -> dict[str, str]:
    """Give the environment of `serve` in Socket Mode against the fake Web API."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-1-test",
        "SLACK_API_URL": fake_slack.url,
    }
