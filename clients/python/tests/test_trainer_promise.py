"""The trainer's promise from Python (issue 29): a step releases what it did not train, heartbeats keep a long step's
rows from anyone else, lost rows raise ``LeaseExpired`` on every path, and a restarted trainer frees its leases."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from typing import Any, List

import pytest

from conftest import unique
from trajectory_datasets import (AsyncDatasetsClient, AsyncGroupFeed, DatasetsClient, GroupFeed, LeaseExpired,
                                 NothingClaimed)


@pytest.fixture
def client(server_url: str) -> Any:
    with DatasetsClient(server_url) as made:
        yield made


def tasks(client: DatasetsClient, run: str, count: int, per_task: int = 2, first: int = 0) -> None:
    client.create_datasets([{"trajectory_id": f"{run}-{t}-{i}", "run_id": run, "task_id": f"t{t}", "reward": i % 2}
                            for t in range(first, first + count) for i in range(per_task)])


def used(client: DatasetsClient, run: str) -> List[int]:
    return [r["used"] for r in client.iter_datasets(run_id=run)]


def test_a_feed_releases_its_step_on_break_on_an_exception_on_close_and_when_collected(client: DatasetsClient) -> None:
    run = unique("release")
    tasks(client, run, 4)
    with GroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0) as feed:
        for step in feed:
            break
    assert used(client, run) == [0] * 8 and client.get_lease(step.lease_id or 0)["state"] == "settled", "break releases"

    with pytest.raises(RuntimeError):
        for step in GroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0):
            raise RuntimeError("the step failed")
    assert {i["state"] for i in client.get_lease(step.lease_id or 0)["items"]} == {"released"}, "an exception releases"

    feed = GroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0)
    kept = next(feed)
    del feed
    gc.collect()
    assert {i["state"] for i in client.get_lease(kept.lease_id or 0)["items"]} == {"released"}, "collecting releases"
    assert used(client, run) == [0] * 8


def test_a_step_acknowledged_explicitly_counts_once_and_is_not_acknowledged_again(client: DatasetsClient) -> None:
    run = unique("ack")
    tasks(client, run, 2)
    with GroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0) as feed:
        for step in feed:
            assert step.ack()["items"] and step.ack() is step.settlement
    assert used(client, run) == [1] * 4
    assert all(len(client.usage_history(f"{run}-{t}-{i}")["items"]) == 1 for t in range(2) for i in range(2))


def test_a_prefetching_loop_with_auto_ack_off_counts_only_what_it_acknowledged(client: DatasetsClient) -> None:
    run = unique("prefetch")
    tasks(client, run, 3)
    with GroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0, auto_ack=False) as feed:
        fetched = [next(feed), next(feed)]         # a loader two steps ahead of training
        fetched[0].ack()                            # only the first was trained
    assert sorted(used(client, run)) == [0, 0, 0, 0, 1, 1], "the fetched-but-untrained step was released, not counted"


def test_a_step_three_times_longer_than_its_lease_keeps_its_rows_with_heartbeats(client: DatasetsClient) -> None:
    run = unique("beat")
    tasks(client, run, 1)
    stolen: List[Any] = []
    stop = threading.Event()

    def other_trainer() -> None:
        with DatasetsClient(client.url) as other:
            while not stop.is_set():
                stolen.extend(other.claim(2, run, max_used=1, lease_seconds=60)["items"])
                time.sleep(0.1)

    with client.lease(run_id=run, group_size=2, lease_seconds=2) as step:
        thief = threading.Thread(target=other_trainer)
        thief.start()
        time.sleep(6.2)
        stop.set()
        thief.join(10)
        assert not thief.is_alive()
    assert stolen == [], "a held step is served to nobody else"
    assert step.settlement is not None and len(step.settlement["items"]) == 2
    assert used(client, run) == [1, 1]


def test_without_heartbeats_rows_lost_after_expiry_raise_lease_expired_on_every_path(client: DatasetsClient) -> None:
    run = unique("lost")
    tasks(client, run, 3)
    with pytest.raises(LeaseExpired) as by_lease:
        with client.lease(run_id=run, group_size=2, lease_seconds=1, heartbeat=False) as step:
            time.sleep(1.2)
            client.claim(2, run, max_used=1, order="oldest")        # another trainer takes the expired rows
    assert len(by_lease.value.body["lost"]) == 2 and by_lease.value.body["items"] == []

    feed = GroupFeed(client, run, group_size=2, lease_seconds=1, heartbeat=False, wait_ms=0, idle_timeout=0)
    first = next(feed)
    time.sleep(1.2)
    client.record_uses([r["trajectory_id"] for r in first.items])   # a write changes their use after expiry
    with pytest.raises(LeaseExpired) as by_feed:
        next(feed)
    assert sorted(by_feed.value.body["lost"]) == sorted(r["trajectory_id"] for r in first.items)
    feed.close()
    assert client.leases("nobody")["items"] == []


def test_a_lease_that_takes_nothing_raises_before_the_block_runs(client: DatasetsClient) -> None:
    ran = False
    with pytest.raises(NothingClaimed) as nothing:
        with client.lease(run_id=unique("empty"), group_size=2, wait_ms=0):
            ran = True
    assert not ran and nothing.value.body["groups"] == []


def test_a_restarted_trainer_lists_and_releases_its_predecessors_leases(client: DatasetsClient) -> None:
    run = unique("restart")
    consumer = unique("trainer")
    tasks(client, run, 2)
    leases = [client.group_claim(run, 2, lease_seconds=600, consumer=consumer)["lease_id"] for _ in range(2)]
    assert [lease["lease_id"] for lease in client.leases(consumer)["items"]] == leases
    assert client.release_consumer(consumer) == {"consumer": consumer, "leases": 2, "rows": 4}
    assert client.leases(consumer)["items"] == [] and used(client, run) == [0] * 4


def test_the_async_feed_does_the_same(server_url: str) -> None:
    async def main() -> None:
        async with AsyncDatasetsClient(server_url) as client:
            run = unique("afeed")
            await client.create_datasets([{"trajectory_id": f"{run}-{t}-{i}", "run_id": run, "task_id": f"t{t}"}
                                          for t in range(3) for i in range(2)])
            with pytest.raises(RuntimeError):
                async with AsyncGroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0) as feed:
                    async for step in feed:
                        raise RuntimeError("the step failed")
            assert {i["state"] for i in (await client.get_lease(step.lease_id or 0))["items"]} == {"released"}

            async with client.lease(run_id=run, group_size=2, lease_seconds=2) as long_step:
                await asyncio.sleep(6.2)
                others = (await client.claim(6, run, max_used=1))["items"]
                assert not {r["trajectory_id"] for r in others} & {r["trajectory_id"] for r in long_step.items}
            assert long_step.settlement is not None and len(long_step.settlement["items"]) == 2, "heartbeats kept it"

            trained = 0
            async with AsyncGroupFeed(client, run, group_size=2, wait_ms=0, idle_timeout=0) as feed:
                async for step in feed:
                    trained += len(step.items)
            assert trained == 0, "the plain claim above counted the rest"
            assert sorted([r["used"] async for r in client.iter_datasets(run_id=run)]) == [1] * 6

    asyncio.run(main())
