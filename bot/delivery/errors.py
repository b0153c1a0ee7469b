"""What can go wrong sending a day's message: the exception tree (listed in bot.delivery)."""

from __future__ import annotations


class SendError(Exception):
    """Slack did not take the message and another try may work (a later pass retries)."""


class RecipientGone(SendError):
    """Slack will never deliver to this learner (account_inactive, user_not_found, ...)."""


class MessageRejected(SendError):
    """Slack refuses this message itself (invalid_blocks, msg_too_long): a content bug."""


class MaybeSent(SendError):
    """The answer was lost (a timeout, a dropped connection): Slack may have posted it.

    The claim stays; a later pass reads the DM's history before posting again.
    """


class Superseded(SendError):
    """Another process took the claim over (this one was thought dead): do not post."""


class AuthFailed(Exception):
    """Slack refuses the app's token: nothing can be sent until an operator fixes it."""
