"""Leased training steps for asyncio: ``AsyncStep`` and ``AsyncGroupFeed``, as ``Step`` and ``GroupFeed`` (``steps``)
behave, awaited; heartbeats run as a task of the loop."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable, Callable, List, Optional

from . import _steps as shared
from ._calls import Json
from .types import Record
from .errors import DatasetsError, LeaseExpired

if TYPE_CHECKING:
    from ._operations_async import AsyncOperations


class AsyncStep:
    """``Step`` for asyncio: ``await step.ack()`` after the optimizer step, ``await step.release()``; heartbeats extend
    the lease every third of ``lease_seconds`` while it is held."""

    def __init__(self, answer: Json, client: Optional["AsyncOperations"] = None, *, lease_seconds: Optional[int] = None,
                 heartbeat: bool = False) -> None:
        self.answer = answer
        self.groups: List[Json] = shared.groups(answer)
        self.items: List[Record] = shared.items(answer)
        self.lease_id: Optional[int] = answer.get("lease_id")
        self.settlement: Optional[Json] = None
        self._client = client
        self._lock = asyncio.Lock()
        self._beating: Optional["asyncio.Task[None]"] = None
        if heartbeat and client is not None and self.lease_id is not None and lease_seconds:
            self._beating = asyncio.get_running_loop().create_task(self._beat(client, self.lease_id, lease_seconds))

    @property
    def settled(self) -> bool:
        return self.settlement is not None

    async def ack(self) -> Json:
        """As ``Step.ack``: counts the rows once; lost rows raise ``LeaseExpired``."""
        return await self._settle(lambda client, lease_id: client.acknowledge(lease_id))

    async def release(self) -> Json:
        return await self._settle(lambda client, lease_id: client.release(lease_id))

    async def _settle(self, action: Callable[["AsyncOperations", int], Awaitable[Json]]) -> Json:
        async with self._lock:
            if self.settlement is not None:
                return self.settlement
            self._stop_heartbeat()
            if self.lease_id is None:
                self.settlement = shared.empty_settlement()
                return self.settlement
            try:
                self.settlement = await action(self._own_client(), self.lease_id)
            except LeaseExpired as lost:
                self.settlement = dict(lost.body)
                raise
            return self.settlement

    def _settled_by_server(self, settlement: Json) -> None:
        self._stop_heartbeat()
        self.settlement = settlement

    def _stop_heartbeat(self) -> None:
        if self._beating is not None:
            self._beating.cancel()

    def _own_client(self) -> "AsyncOperations":
        if self._client is None:
            raise DatasetsError("this step was made without a client: acknowledge it with client.acknowledge(step.lease_id)")
        return self._client

    @staticmethod
    async def _beat(client: "AsyncOperations", lease_id: int, lease_seconds: int) -> None:
        while True:
            await asyncio.sleep(shared.heartbeat_interval(lease_seconds))
            try:
                await client.extend(lease_id, lease_seconds)
            except LeaseExpired:
                return
            except DatasetsError:
                continue


class AsyncGroupFeed(shared.Feed[AsyncStep]):
    """``GroupFeed`` for asyncio::

        async with AsyncGroupFeed(client, run_id="r", group_size=8, min_groups=4) as feed:
            async for step in feed:
                await train(step.groups)
                await step.ack()

    Same rules: the previous step is acknowledged (committed before the next claim waits) unless ``auto_ack=False``;
    leaving the ``async with`` block, ``await feed.aclose()``, or an exception in the loop releases every step not
    acknowledged; lost rows raise ``LeaseExpired``; ``idle_timeout`` as for ``GroupFeed``."""

    def __init__(self, client: "AsyncOperations", run_id: str, group_size: int, *, lease_seconds: int = 600,
                 wait_ms: int = 30_000, heartbeat: bool = True, auto_ack: bool = True, idle_timeout: Optional[float] = None,
                 **rules: Any) -> None:
        super().__init__(run_id, group_size, lease_seconds, wait_ms, heartbeat, auto_ack, idle_timeout, rules)
        self._client = client

    async def __aenter__(self) -> "AsyncGroupFeed":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def __aiter__(self) -> AsyncIterator[AsyncStep]:
        try:
            while True:
                try:
                    yield await self.__anext__()
                except StopAsyncIteration:
                    return
        finally:
            await self.aclose()

    async def __anext__(self) -> AsyncStep:
        if self._closed:
            raise StopAsyncIteration
        claim, previous = self._next_claim()
        while True:
            answer = await self._client.group_claim(**claim)
            if previous is not None:
                lost = self._acknowledged(previous, answer, claim)
                if lost is not None:
                    taken = answer.get("lease_id")
                    if taken is not None:
                        await self._client.release(taken)
                    raise lost
                previous = None
            step = AsyncStep(answer, self._client, lease_seconds=self._lease_seconds, heartbeat=self._heartbeat)
            if step.lease_id is not None:
                self._open.append(step)
                return step
            if self._idle.over():
                await self.aclose()
                raise StopAsyncIteration

    async def aclose(self) -> None:
        """Releases every step not acknowledged and ends the feed."""
        self._closed = True
        while self._open:
            step = self._open.pop()
            if not step.settled:
                try:
                    await step.release()
                except DatasetsError:
                    pass
