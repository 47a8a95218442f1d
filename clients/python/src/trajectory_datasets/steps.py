"""Leased training steps for a synchronous loop: ``Step`` (acknowledge after the optimizer step, heartbeats while it is
held) and ``GroupFeed`` (a stream of leased steps of task groups)."""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any, Callable, Iterator, List, Optional

from . import _steps as shared
from ._calls import Json
from .types import Record
from .errors import DatasetsError, LeaseExpired

if TYPE_CHECKING:
    from ._operations import Operations


class Step:
    """A leased claim or group claim: ``items`` (every row, group after group), ``groups`` (for group claims),
    ``lease_id`` (None when nothing was taken) and, once acknowledged, ``settlement``.

    While it is held, a step extends its lease in the background every third of ``lease_seconds`` (``heartbeat``), so
    a training step may last longer than the lease; a trainer that dies stops extending, and its rows come back
    after ``lease_seconds``. ``ack()`` counts the rows (call it after the optimizer step); ``release()`` gives them
    back untouched."""

    def __init__(self, answer: Json, client: Optional["Operations"] = None, *, lease_seconds: Optional[int] = None,
                 heartbeat: bool = False) -> None:
        self.answer = answer
        self.groups: List[Json] = shared.groups(answer)
        self.items: List[Record] = shared.items(answer)
        self.lease_id: Optional[int] = answer.get("lease_id")
        self.settlement: Optional[Json] = None
        self._client = client
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beating: Optional[threading.Thread] = None
        if heartbeat and client is not None and self.lease_id is not None and lease_seconds:
            self._beating = threading.Thread(target=self._beat, args=(client, self.lease_id, lease_seconds, self._stop),
                                             name=f"lease-{self.lease_id}-heartbeat", daemon=True)
            self._beating.start()
            weakref.finalize(self, self._stop.set)      # a step dropped unsettled stops extending: it runs out

    @property
    def settled(self) -> bool:
        return self.settlement is not None

    def ack(self) -> Json:
        """Counts one use of each row (after the optimizer step; at most once, however often called). Rows that
        were no longer this step's raise ``LeaseExpired``, whose ``body`` lists what was counted (``items``) and what
        was lost (``lost``)."""
        return self._settle(lambda client, lease_id: client.acknowledge(lease_id))

    def release(self) -> Json:
        """Gives the rows back untouched (the step failed); nothing is counted."""
        return self._settle(lambda client, lease_id: client.release(lease_id))

    def _settle(self, action: Callable[["Operations", int], Json]) -> Json:
        """Settles the step once: ends its heartbeat, then acknowledges or releases (nothing to do without a lease)."""
        with self._lock:
            if self.settlement is not None:
                return self.settlement
            self._stop_heartbeat()
            if self.lease_id is None:
                self.settlement = shared.empty_settlement()
                return self.settlement
            try:
                self.settlement = action(self._own_client(), self.lease_id)
            except LeaseExpired as lost:
                self.settlement = dict(lost.body)
                raise
            return self.settlement

    def _settled_by_server(self, settlement: Json) -> None:
        """What acknowledging this step together with the next claim did."""
        with self._lock:
            self._stop_heartbeat()
            self.settlement = settlement

    def _stop_heartbeat(self) -> None:
        self._stop.set()

    def _own_client(self) -> "Operations":
        if self._client is None:
            raise DatasetsError("this step was made without a client: acknowledge it with client.acknowledge(step.lease_id)")
        return self._client

    @staticmethod
    def _beat(client: "Operations", lease_id: int, lease_seconds: int, stop: threading.Event) -> None:
        while not stop.wait(shared.heartbeat_interval(lease_seconds)):
            try:
                client.extend(lease_id, lease_seconds)
            except LeaseExpired:
                return      # ran out before a beat: acknowledging will say what was lost
            except DatasetsError:
                continue    # the server is away for a moment: the next beat tries again


def _release_open(client: "Operations", open_steps: List[Step]) -> None:
    """Releases every step not settled (what closing, or collecting, a feed does)."""
    while open_steps:
        step = open_steps.pop()
        if not step.settled:
            try:
                step.release()
            except DatasetsError:
                pass        # the lease runs out on its own


class GroupFeed(shared.Feed[Step]):
    """Leased steps of task groups for a training loop, torch-free::

        with GroupFeed(client, run_id="r", group_size=8, min_groups=4) as feed:
            for step in feed:
                train(step.groups)
                step.ack()                      # after the optimizer step

    Each step waits (``wait_ms`` per request) for enough eligible tasks and is leased for ``lease_seconds``, kept
    alive by heartbeats while it is held. With ``auto_ack=True`` (the default) asking for the next step also
    acknowledges the previous one if ``ack()`` was not called: the acknowledgement is committed before the next claim
    waits. With ``auto_ack=False`` only ``step.ack()`` counts (for loaders that fetch ahead of training). Leaving the
    loop (``break``, an exception), ``close()``, leaving the ``with`` block or collecting the feed releases every step
    not acknowledged. Rows lost before they were acknowledged raise ``LeaseExpired``. With ``idle_timeout=None`` (the
    default) the feed keeps waiting while nothing is eligible; with a number of seconds it ends after that long
    without data. ``consumer_group="eval"`` (any claim rule is passed on) makes the feed count in that group: a trainer
    feed and an evaluator feed over one run each see every group once."""

    def __init__(self, client: "Operations", run_id: str, group_size: int, *, lease_seconds: int = 600,
                 wait_ms: int = 30_000, heartbeat: bool = True, auto_ack: bool = True, idle_timeout: Optional[float] = None,
                 **rules: Any) -> None:
        super().__init__(run_id, group_size, lease_seconds, wait_ms, heartbeat, auto_ack, idle_timeout, rules)
        self._client = client
        self._finalizer = weakref.finalize(self, _release_open, client, self._open)

    def __enter__(self) -> "GroupFeed":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Step]:
        try:
            while True:
                try:
                    yield self.__next__()
                except StopIteration:
                    return
        finally:
            self.close()

    def __next__(self) -> Step:
        if self._closed:
            raise StopIteration
        claim, previous = self._next_claim()
        while True:
            answer = self._client.group_claim(**claim)
            if previous is not None:
                lost = self._acknowledged(previous, answer, claim)
                if lost is not None:
                    taken = answer.get("lease_id")
                    if taken is not None:
                        self._client.release(taken)
                    raise lost
                previous = None
            step = Step(answer, self._client, lease_seconds=self._lease_seconds, heartbeat=self._heartbeat)
            if step.lease_id is not None:
                self._open.append(step)
                return step
            if self._idle.over():
                self.close()
                raise StopIteration

    def close(self) -> None:
        """Releases every step not acknowledged and ends the feed."""
        self._closed = True
        _release_open(self._client, self._open)
