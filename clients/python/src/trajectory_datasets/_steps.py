"""What the synchronous and the asynchronous steps share: reading a claim's answer, the lost-rows rule, heartbeats'
pace and the idle clock."""

from __future__ import annotations

import time
from typing import Any, Dict, Generic, List, Optional, Protocol, Tuple, TypeVar

from ._calls import Json
from .types import Record
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




class Settling(Protocol):
    """What a feed needs of its steps (``Step`` and ``AsyncStep``)."""
    lease_id: Optional[int]
    settlement: Optional[Json]

    @property
    def settled(self) -> bool: ...

    def _settled_by_server(self, settlement: Json) -> None: ...


S = TypeVar("S", bound=Settling)


class Feed(Generic[S]):
    """The bookkeeping ``GroupFeed`` and ``AsyncGroupFeed`` share: the claim each step sends, the steps open, which one
    the next claim acknowledges, and what its answer says of it. Each feed only sends and releases, its own way."""

    def __init__(self, run_id: str, group_size: int, lease_seconds: int, wait_ms: int, heartbeat: bool, auto_ack: bool,
                 idle_timeout: Optional[float], rules: Dict[str, Any]) -> None:
        self._claim: Dict[str, Any] = dict(run_id=run_id, group_size=group_size, lease_seconds=lease_seconds, wait_ms=wait_ms,
                                           **rules)
        self._lease_seconds = lease_seconds
        self._heartbeat = heartbeat
        self._auto_ack = auto_ack
        self._idle = Idle(idle_timeout)
        self._open: List[S] = []
        self._closed = False

    def _next_claim(self) -> Tuple[Dict[str, Any], Optional[S]]:
        """The claim to send for the next step, and the step it acknowledges (the last one, when acknowledging is
        automatic and it is not settled)."""
        for step in list(self._open):
            if step.settled:
                self._open.remove(step)
        previous = self._open[-1] if self._auto_ack and self._open else None
        claim = dict(self._claim)
        if previous is not None:
            claim["acknowledge_lease_id"] = previous.lease_id
        self._idle.start()
        return claim, previous

    def _acknowledged(self, previous: S, answer: Json, claim: Dict[str, Any]) -> Optional[LeaseExpired]:
        """Records what the claim's answer says of the step it acknowledged (later claims no longer name it); the
        ``LeaseExpired`` to raise when rows of it were lost."""
        previous._settled_by_server(answer.get("acknowledged") or empty_settlement())
        self._open.remove(previous)
        claim.pop("acknowledge_lease_id", None)
        return lost(previous.settlement)
