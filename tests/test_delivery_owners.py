"""Whether the process that made a claim may still be posting it: holds, the grace, the lease."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.delivery import owners
from bot.store import Delivery

DAY = "2026-03-03"


def claim(owner: str, *, ago: timedelta = timedelta(0), posted: bool = False) -> Delivery:
    """Give an unconfirmed claim made `ago`, whose post started then if `posted`."""
    at = (datetime.now(timezone.utc) - ago).isoformat()
    return Delivery(
        user_id="U1", day=DAY, kind="lesson", lesson_id="x", reviews=(), welcome=False,
        state="sending", owner=owner, claimed_at=at, attempt_at=at if posted else None,
    )  # fmt: skip


def test_a_claim_of_ours_is_alive_while_any_work_still_holds_it():
    ours = claim(owners.owner_id())
    assert not owners.owner_alive(ours)  # never posted and nobody holds it: free to take over
    with owners.holding() as pass_:
        pass_.add([("U1", DAY)])
        with owners.holding() as next_command:
            next_command.add([("U1", DAY)])
        assert owners.owner_alive(ours)  # the pass holds it still
    assert not owners.owner_alive(ours)


def test_a_claim_of_ours_whose_post_started_waits_the_grace():
    assert owners.owner_alive(claim(owners.owner_id(), posted=True))
    assert not owners.owner_alive(claim(owners.owner_id(), ago=owners.GRACE * 2, posted=True))


def test_a_claim_of_another_machine_counts_as_abandoned_after_the_lease():
    elsewhere = "elsewhere.invalid:1:1:x"
    assert owners.owner_alive(claim(elsewhere, ago=owners.LEASE / 2))
    assert not owners.owner_alive(claim(elsewhere, ago=owners.LEASE * 2))
