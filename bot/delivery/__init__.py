"""The delivery pass: every due learner gets the day's message once, whatever fails or restarts.

A pass claims each due learner's (user, local day) row in the ledger before sending. The
database's primary key refuses a second claim, so two passes at once, a retry, a restart or two
processes on one database never send twice. A claim whose process died before Slack confirmed
the send is resolved by reading the DM's history for the message's metadata: found, it is
recorded as sent; not found, it is sent now (or, past the day's window, released).

The parts, each readable alone:

    run.py      run_pass and send_now: plan, recover, claim, send
    plan.py     who is due and what each gets (or the reason they get nothing)
    recover.py  claims left unconfirmed, resolved from the DM history
    send.py     the pool that posts, and what each outcome leaves in the ledger
    owners.py   this process's name in the ledger, whether a claim's process lives, and
                the messages this process holds while it handles them (holding)
    message.py  DayMessage, its ledger row both ways, the Messenger protocol
    summary.py  PassSummary, the reasons a learner is skipped (Skip), the lines printed
    errors.py   the exceptions a Messenger raises:

    SendError            Slack did not take it; a later pass retries
    ├── RecipientGone    never deliverable to this person: marked inactive
    ├── MessageRejected  Slack refuses the message itself: the day fails, the operator is told
    ├── MaybeSent        the answer was lost: the claim stays for the history check
    └── Superseded       another process took the claim over: not posted
    AuthFailed           Slack refuses the app's token: the pass stops
"""

from __future__ import annotations

from .errors import AuthFailed, MaybeSent, MessageRejected, RecipientGone, SendError, Superseded
from .message import DayMessage, Messenger
from .owners import owner_id
from .run import run_pass, send_now
from .summary import PassSummary, Skip, describe

__all__ = [
    "AuthFailed",
    "DayMessage",
    "MaybeSent",
    "MessageRejected",
    "Messenger",
    "PassSummary",
    "RecipientGone",
    "SendError",
    "Skip",
    "Superseded",
    "describe",
    "owner_id",
    "run_pass",
    "send_now",
]
