"""The client beyond the guide, against the real server."""

from __future__ import annotations

import asyncio
import re
import concurrent.futures
import threading
import json
import uuid
from pathlib import Path
from typing import Any, List

import pytest

import trajectory_datasets
from trajectory_datasets import (AsyncDatasetsClient, ConnectionFailed, DatasetsClient, Duplicate, GroupFeed, InvalidRequest,
                                 LeaseExpired, LeaseNotFound, NotFound, Unauthorized, UsageLimitReached)
from trajectory_datasets._wire import Connections, Reply, WireError

from conftest import ROOT, unique


@pytest.fixture
def client(server_url: str) -> Any:
    with DatasetsClient(server_url) as opened:
        yield opened


def rollouts(client: DatasetsClient, run: str, tasks: int, per_task: int) -> None:
    client.create_datasets([{"trajectory_id": f"{run}-{t}-{i}", "run_id": run, "task_id": f"t{t}", "reward": i % 2}
                            for t in range(tasks) for i in range(per_task)])


def test_the_package_version_is_the_servers() -> None:
    pom = (ROOT / "pom.xml").read_text()
    version = re.search(r"<version>([^<]+)</version>", pom)
    assert version is not None
    assert trajectory_datasets.__version__ == version.group(1).replace("-SNAPSHOT", "")


def test_problems_become_typed_errors_naming_the_field(client: DatasetsClient) -> None:
    run = unique("err")
    client.create_dataset("e-" + run, run)
    with pytest.raises(Duplicate) as duplicate:
        client.create_dataset("e-" + run, run)
    assert (duplicate.value.status, duplicate.value.code) == (409, "duplicate_trajectory")
    with pytest.raises(InvalidRequest) as invalid:
        client.search_datasets(usage_time_maxx=3)
    assert invalid.value.field == "usage_time_maxx"
    with pytest.raises(InvalidRequest) as unknown:
        client.update_dataset("e-" + run, colour="blue")
    assert unknown.value.field == "colour"
    with pytest.raises(UsageLimitReached):
        client.record_use("e-" + run, max_used=0)
    with pytest.raises(NotFound):
        client.record_use("nobody-" + run)
    with pytest.raises(LeaseNotFound):
        client.acknowledge(987_654_321)


def test_eight_workers_sharing_fifty_trajectories_capped_at_three_count_exactly_150(client: DatasetsClient) -> None:
    run = unique("race")
    client.create_datasets([{"trajectory_id": f"{run}-{i}", "run_id": run} for i in range(50)])
    start = threading.Barrier(8)

    def worker() -> int:
        with DatasetsClient(client.url) as own:
            start.wait(30)
            mine = 0
            while True:
                items = own.claim(4, run, max_used=3)["items"]
                if not items:
                    return mine
                mine += len(items)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        running = [pool.submit(worker) for _ in range(8)]
        # result() re-raises a worker's exception and fails past its timeout: no worker can fail unseen.
        taken = [future.result(timeout=120) for future in running]
    assert len(taken) == 8 and sum(taken) == 150
    assert all(record["used"] == 3 for record in client.iter_datasets(run_id=run))


def test_a_lease_block_acknowledges_on_success_and_releases_on_an_exception(client: DatasetsClient) -> None:
    run = unique("lease")
    rollouts(client, run, tasks=2, per_task=2)

    with pytest.raises(RuntimeError):
        with client.lease(run_id=run, group_size=2, min_groups=2) as failed:
            assert [m["used"] for m in failed.items] == [0, 0, 0, 0]
            raise RuntimeError("out of memory")
    assert sum(r["used"] for r in client.iter_datasets(run_id=run)) == 0
    assert {i["state"] for i in client.get_lease(failed.lease_id or 0)["items"]} == {"released"}

    with client.lease(run_id=run, group_size=2, min_groups=2, consumer="trainer-1") as step:
        assert len(step.groups) == 2
    assert step.settlement is not None and len(step.settlement["items"]) == 4
    assert [r["used"] for r in client.iter_datasets(run_id=run)] == [1, 1, 1, 1]
    assert client.usage_history(f"{run}-0-0")["items"][0]["kind"] == "acknowledge"


def test_a_late_ack_of_released_rows_reports_them_unchanged(client: DatasetsClient) -> None:
    run = unique("late")
    rollouts(client, run, tasks=1, per_task=2)
    lease = client.claim(2, run, lease_seconds=60)["lease_id"]
    client.release(lease)
    late = client.acknowledge(lease)
    assert sorted(late["unchanged"]) == [f"{run}-0-0", f"{run}-0-1"] and late["lost"] == [] and late["items"] == []
    assert [r["used"] for r in client.iter_datasets(run_id=run)] == [0, 0]


def test_a_group_feed_acknowledges_each_step_when_the_next_is_asked_for(client: DatasetsClient) -> None:
    run = unique("feed")
    rollouts(client, run, tasks=4, per_task=2)
    feed = GroupFeed(client, run, group_size=2, min_groups=2, wait_ms=200, idle_timeout=0)
    steps = [len(step.groups) for step in feed]
    assert steps == [2, 2]
    assert all(r["used"] == 1 for r in client.iter_datasets(run_id=run))

    rollouts(client, run + "b", tasks=2, per_task=2)
    early = GroupFeed(client, run + "b", group_size=2, min_groups=2, wait_ms=200, idle_timeout=0)
    next(early)
    early.close()
    assert all(r["used"] == 0 for r in client.iter_datasets(run_id=run + "b")), "a step not acknowledged is released"


def test_a_trainer_feed_and_an_evaluator_feed_each_train_on_every_group_once_concurrently(server_url: str) -> None:
    run = unique("groups")
    with DatasetsClient(server_url) as setup:
        rollouts(setup, run, tasks=12, per_task=4)
        setup.declare_consumer_group(run, "eval")

    def feed(group: str) -> List[str]:
        with DatasetsClient(server_url) as client:
            trained: List[str] = []
            for step in GroupFeed(client, run, group_size=4, max_groups=2, wait_ms=100, idle_timeout=0, consumer_group=group):
                trained += [taken["task_id"] for taken in step.groups]
            return trained

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        feeds = [pool.submit(feed, group) for group in ("trainer", "eval", "trainer", "eval")]
        trained = [f.result(timeout=120) for f in feeds]
    for group in (0, 1):
        tasks = trained[group] + trained[group + 2]
        assert sorted(tasks) == sorted(f"t{t}" for t in range(12)), "every task exactly once per group"
    with DatasetsClient(server_url) as client:
        groups = {g["consumer_group"]: (g["used"], g["unused"], g["uses"]) for g in client.consumer_groups(run)}
        assert groups == {"default": (0, 48, 0), "eval": (48, 0, 48), "trainer": (48, 0, 48)}
        assert client.used_histogram(run, consumer_group="eval")["items"] == [{"used": 1, "trajectories": 48}]
        assert client.get_usage_stats(run, consumer_group="trainer")["avg_usage_time"] == 1.0
        one = client.iter_datasets(run_id=run).__next__()
        assert client.record_use(one["trajectory_id"], consumer_group="critic")["used"] == 1
        assert client.get_dataset_by_trajectory_id(one["trajectory_id"], consumer_group="critic")["used"] == 1
        assert client.get_dataset_by_trajectory_id(one["trajectory_id"])["used"] == 0
        assert [e["consumer_group"] for e in client.usage_history(one["trajectory_id"], consumer_group="critic")["items"]] == ["critic"]
        assert all(e["consumer_group"] == "eval" for e in client.usage_events(run, consumer_group="eval", limit=1000)["items"])
        assert client.count_datasets(run_id=run, consumer_group="critic", usage_time_min=1) == 1
        assert [r["trajectory_id"] for r in client.iter_datasets(run_id=run, consumer_group="critic", usage_time_min=1)] == [one["trajectory_id"]]
        assert all(task["eligible"] is False for task in client.tasks(run, group_size=4, consumer_group="eval")["items"])
        assert client.get_consumer_group(run, "critic") == {"run_id": run, "consumer_group": "critic", "used": 1, "unused": 47, "uses": 1}
        assert client.delete_consumer_group(run, "critic") and client.get_consumer_group(run, "critic") is None
        with pytest.raises(InvalidRequest) as refused:
            client.claim(1, consumer_group="eval")
        assert refused.value.field == "run_id"


def test_checkpoints_runs_tasks_and_model_versions(client: DatasetsClient) -> None:
    run = unique("ckpt")
    rollouts(client, run, tasks=2, per_task=2)
    assert client.register_checkpoint(run, "/ckpt/0", initial=True)["version"] == 0
    assert client.register_checkpoint(run, "/ckpt/1")["version"] == 1
    assert [c["version"] for c in client.checkpoints(run)["items"]] == [1, 0]
    assert client.tasks(run, group_size=2)["items"][0]["eligible"] is True
    assert client.model_versions(run)[0]["trajectories"] == 4
    assert any(r["run_id"] == run for r in client.runs(limit=10_000)["items"])
    client.claim(2, run_id=run)
    timeline = client.timeline(run, bucket_seconds=60)
    assert timeline["buckets"][-1]["trajectories"] == 4 and timeline["buckets"][-1]["never_used"] == 2
    assert sum(b["claimed"] for b in timeline["buckets"]) == 2
    assert client.used_histogram(run)["items"] == [{"used": 0, "trajectories": 2}, {"used": 1, "trajectories": 2}]
    rewards = client.reward_distribution(run, bins=2)["versions"]
    assert [(v["model_version"], v["trajectories"], v["scored"], v["counts"]) for v in rewards] == [(0, 4, 4, [2, 2])]
    assert "uPlot" in client.dashboard()


def test_a_post_whose_answer_was_lost_is_retried_with_its_key_and_counts_once(server_url: str) -> None:
    class LoseFirstAnswer(Connections):
        """The real server applies the request; its answer is lost on the way back, once."""
        lost = False

        def send(self, method: str, path: str, params: Any, headers: Any, body: Any) -> Reply:
            reply = super().send(method, path, params, headers, body)
            if method == "POST" and not self.lost:
                self.lost = True
                raise WireError("connection reset")
            return reply

    with DatasetsClient(server_url) as plain:
        run = unique("retry")
        plain.create_dataset(run, run)
        with DatasetsClient(server_url, transport=LoseFirstAnswer(server_url, 30.0, {})) as flaky:
            assert flaky.record_use(run)["used"] == 1
        assert plain.get_dataset_by_trajectory_id(run)["used"] == 1   # type: ignore[index]
        with DatasetsClient(server_url, transport=LoseFirstAnswer(server_url, 30.0, {})) as flaky:
            created = flaky.create_dataset(run + "-new", run)        # sent without a key: retried as create-unless-stored
        assert created == plain.get_dataset_by_trajectory_id(run + "-new")
        assert plain.count_datasets(run_id=run) == 2
        with pytest.raises(Duplicate):
            plain.create_dataset(run + "-new", run)
        with DatasetsClient(server_url, transport=LoseFirstAnswer(server_url, 30.0, {}), retries=0) as once:
            with pytest.raises(ConnectionFailed):
                once.record_use(run)
        assert plain.get_dataset_by_trajectory_id(run)["used"] == 2, "applied once, its answer lost"   # type: ignore[index]


def test_a_connection_the_server_closed_while_idle_is_replaced_transparently(server_url: str) -> None:
    with DatasetsClient(server_url) as client:
        run = unique("idle")
        client.create_dataset(run, run)
        for connection in list(client._wire._idle.queue):   # type: ignore[attr-defined]
            connection.sock.shutdown(2)                      # as if the server had closed it
        assert client.update_used(run, 4) is True             # a PATCH: never retried, yet answered
        assert client.get_dataset_by_trajectory_id(run)["used"] == 4   # type: ignore[index]


def test_the_async_client_does_the_same(server_url: str) -> None:
    async def main() -> None:
        async with AsyncDatasetsClient(server_url) as client:
            run = unique("async")
            await client.create_datasets([{"trajectory_id": f"{run}-{i}", "run_id": run, "task_id": f"t{i // 2}"} for i in range(4)])
            assert await client.count_datasets(run_id=run) == 4
            async with client.lease(run_id=run, group_size=2, max_groups=2, min_groups=2) as step:
                assert len(step.items) == 4
            assert [r["used"] async for r in client.iter_datasets(run_id=run)] == [1, 1, 1, 1]
            assert await client.get_dataset_by_trajectory_id("nobody") is None
            with pytest.raises(Duplicate):
                await client.create_dataset(f"{run}-0", run)

    asyncio.run(main())


def test_every_operation_of_the_servers_openapi_document_has_a_method_on_both_clients(client: DatasetsClient) -> None:
    methods = {"createDataset": "create_dataset", "listDatasets": "iter_datasets", "deleteRun": "delete_datasets_by_run_id",
               "createDatasets": "create_datasets", "updateDatasets": "update_datasets", "useMany": "record_uses",
               "countDatasets": "count_datasets", "usageStats": "get_usage_stats", "getDatasetById": "get_dataset_by_id",
               "getDatasetByTrajectoryId": "get_dataset_by_trajectory_id", "updateDataset": "update_dataset",
               "deleteDataset": "delete_dataset", "useOne": "record_use", "claim": "claim", "usageHistory": "usage_history",
               "usageEvents": "usage_events", "claimGroups": "group_claim", "getLease": "get_lease",
               "acknowledgeLease": "acknowledge", "releaseLease": "release", "extendLease": "extend", "listRuns": "runs",
               "listLeases": "leases", "releaseConsumer": "release_consumer",
               "registerCheckpoint": "register_checkpoint", "listCheckpoints": "checkpoints", "listTasks": "tasks",
               "listModelVersions": "model_versions", "health": "health", "metrics": "metrics", "openApi": "openapi",
               "docs": "docs", "getRunTimeline": "timeline", "getUsedHistogram": "used_histogram", "dashboard": "dashboard",
               "getRewardDistribution": "reward_distribution", "importDatasets": "import_datasets",
               "deleteWholeRun": "delete_run", "deleteCheckpoints": "delete_checkpoints", "getRun": "run_contents",
               "pauseRun": "pause_run", "resumeRun": "resume_run", "listPauses": "pauses",
               "exportBackup": "export_backup", "rerollDataset": "reroll", "listConsumerGroups": "consumer_groups",
               "declareConsumerGroup": "declare_consumer_group", "getConsumerGroup": "get_consumer_group",
               "deleteConsumerGroup": "delete_consumer_group"}
    operations = re.findall(r"operationId: (\w+)", client.openapi())
    assert operations and sorted(operations) == sorted(methods), "a new server operation needs a client method here"
    for name in methods.values():
        assert callable(getattr(DatasetsClient, name)) and callable(getattr(AsyncDatasetsClient, name)), name
    assert sorted(n for n in dir(DatasetsClient) if not n.startswith("_")) == sorted(n for n in dir(AsyncDatasetsClient)
                                                                                     if not n.startswith("_"))


def test_the_token_comes_from_the_argument_or_the_environment(token_server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with DatasetsClient(token_server_url) as anonymous:
        with pytest.raises(Unauthorized) as refused:
            anonymous.count_datasets()
        assert refused.value.status == 401
    with DatasetsClient(token_server_url, token="secret-token") as given:
        assert given.count_datasets() == 0
    monkeypatch.setenv("DATASETS_API_TOKEN", "secret-token")
    monkeypatch.setenv("DATASETS_URL", token_server_url)
    with DatasetsClient() as from_environment:
        assert from_environment.count_datasets() == 0


def test_the_package_is_typed() -> None:
    assert (Path(trajectory_datasets.__file__).parent / "py.typed").exists()


def test_a_paused_run_s_claims_take_nothing_and_say_why_until_it_is_resumed(client: DatasetsClient) -> None:
    run = f"paused-{uuid.uuid4().hex[:8]}"
    client.create_datasets([{"trajectory_id": f"{run}-{i}", "run_id": run, "task_id": f"t{i // 2}"} for i in range(4)])
    pause = client.pause_run(run, "bad reward model")
    assert pause["reason"] == "bad reward model" and client.pause_run(run) == pause
    taken = client.claim(2, run)
    assert taken["items"] == [] and taken["paused"] == pause
    assert client.group_claim(run, 2)["paused"] == pause
    assert any(p["run_id"] == run for p in client.pauses())
    assert client.resume_run(run) is True and client.resume_run(run) is False
    assert len(client.claim(2, run)["items"]) == 2


def test_a_whole_run_is_deleted_after_a_dry_run_and_exported_records_import_as_they_are(client: DatasetsClient) -> None:
    run = f"whole-{uuid.uuid4().hex[:8]}"
    imported = client.import_datasets([{"trajectory_id": f"{run}-{i}", "run_id": run, "used": 2, "model_version": 3,
                                        "created_at": "2026-01-02T03:04:05Z"} for i in range(3)])
    assert imported == {"created": 3, "skipped": 0, "events": 3, "checkpoints": 0, "pauses": 0}
    record = client.get_dataset_by_trajectory_id(f"{run}-0")
    assert record is not None and record["used"] == 2
    client.register_checkpoint(run, "/c/0", initial=True)
    contents = client.run_contents(run)
    assert (contents["trajectories"], contents["checkpoints"], contents["last_activity_at"] is not None) == (3, 1, True)
    assert client.delete_run(run, dry_run=True)["dry_run"] is True and client.count_datasets(run_id=run) == 3
    deleted = client.delete_run(run)
    assert (deleted["trajectories"], deleted["checkpoints"], deleted["dry_run"]) == (3, 1, False)
    assert client.run_contents(run)["trajectories"] == 0 and client.delete_checkpoints(run) == 0


def test_a_run_backed_up_page_by_page_is_restored_with_its_history_and_checkpoints(client: DatasetsClient) -> None:
    run = f"backup-{uuid.uuid4().hex[:8]}"
    client.create_datasets([{"trajectory_id": f"{run}-{i}", "run_id": run, "task_id": "t", "reward": i % 2} for i in range(5)])
    client.register_checkpoint(run, "/c/0", initial=True)
    client.register_checkpoint(run, "/c/1")
    client.claim(2, run_id=run, consumer="trainer-1")
    history = [{k: v for k, v in e.items() if k != "event_id"} for e in client.usage_history(f"{run}-0")["items"]]
    lines: list = []
    after = None
    while True:
        page = client.export_backup(run, after_id=after, limit=2)
        lines += page["lines"]
        after = page["next_after_id"]
        if after is None:
            break
    assert [json.loads(line)["kind"] for line in lines][:2] == ["checkpoint", "checkpoint"]
    assert sum(json.loads(line)["kind"] == "trajectory" for line in lines) == 5
    client.delete_run(run)
    restored = client.import_datasets([json.loads(line) for line in lines])
    assert restored == {"created": 5, "skipped": 0, "events": 2, "checkpoints": 2, "pauses": 0}
    assert [{k: v for k, v in e.items() if k != "event_id"} for e in client.usage_history(f"{run}-0")["items"]] == history
    assert client.register_checkpoint(run, "/c/2")["version"] == 2
