"""The App Home tab."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient

from ..coaching import Coach
from . import blocks
from .commands import remember_locale

logger = logging.getLogger(__name__)


def register(app: App, coach: Coach) -> None:
    """Publish the App Home whenever a user opens it."""

    def ack_only(ack: Ack) -> None:
        ack()

    def publish(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = event["user"]
        remember_locale(coach, client, user_id)
        view = blocks.home_view(coach.bank, coach.language_for(user_id))
        client.views_publish(user_id=user_id, view=view)

    app.event("app_home_opened")(ack=ack_only, lazy=[publish])
