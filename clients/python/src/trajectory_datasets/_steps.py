"""What the synchronous and the asynchronous steps share: reading a claim's answer, the lost-rows rule, heartbeats'
pace and the idle clock."""

from __future__ import annotations

import time
from typing import List, Optional

from ._calls import Json, Record
from .errors import LeaseExpired, NothingClaimed


def groups(answer: Json) -> List[Json]:
    return list(answer.get("groups", []))


def items(answer: Json) -> List[Record]:
    return list(answer["items"]) if "items" in answer else [m for g in groups(answer) for m in g["items"]]


def empty_settlement() -> Json:
    return {"lease_id": None, "items": [], "unchanged": [], "lost": []}


def lost(settlement: Optional[Json]) -> Optional[LeaseExpired]:
    """The ``LeaseExpired`` for a settlement that lost rows, else None."""
    if not settlement or not settlement.get("lost"):
        return None
    gone = list(settlement["lost"])
    return LeaseExpired(f"{len(gone)} rows of lease {settlement.get('lease_id')} were no longer the step's when it was acknowledged "
                        f"(the lease ran out and another claim took them, or they were deleted); {len(settlement.get('items', []))} "
                        "were counted", status=409, code="lease_expired", body=settlement)


def nothing_claimed(answer: Json) -> NothingClaimed:
    return NothingClaimed(f"the step took nothing: {answer.get('eligible_tasks', 'too few')} tasks were eligible", status=200,
                          code="nothing_claimed", body=answer)


def heartbeat_interval(lease_seconds: int) -> float:
    """A beat every third of the lease (at least every half second): two beats may fail before it runs out."""
    return max(0.5, lease_seconds / 3.0)


class Idle:
    """How long a feed has found nothing; ``over()`` once that passed ``timeout`` seconds (never when None)."""

    def __init__(self, timeout: Optional[float]) -> None:
        self._timeout = timeout
        self._since = time.monotonic()

    def start(self) -> None:
        self._since = time.monotonic()

    def over(self) -> bool:
        return self._timeout is not None and time.monotonic() - self._since >= self._timeout


