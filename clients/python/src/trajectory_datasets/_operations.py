"""Every call of the blocking client, generated from ``_operations_async.py`` by ``scripts/unasync.py``:
edit that file and run the script, never this one."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Any, Iterator, Dict, List, Mapping, Optional, Sequence, TypeVar

from . import _calls as calls
from ._calls import Call, Json
from .types import (BackupPage, Imported, Pause, RunContents, RunDeleted, RewardDistribution, BatchCreated, BatchUpdated, Checkpoint, CheckpointPage, Claimed, ConsumerReleased, GroupClaimed, Lease, LeasePage, ModelVersion, Record, RunPage, Settlement, TaskPage, Timeline, UsageEventPage, UsageStats, UsedHistogram, UsesReport, ConsumerGroup)
from ._steps import nothing_claimed
from .steps import Step
from .errors import DatasetsError

T = TypeVar("T")


class Operations:
    """The server's API, one method per operation; a subclass sends the requests."""

    def _send(self, call: Call[T]) -> T:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ---- the guide's operations ----

    def create_dataset(self, trajectory_id: str, run_id: Optional[str] = None, used: int = 0, *, model_version: Optional[int] = None,
                       task_id: Optional[str] = None, reward: Optional[float] = None, attributes: Optional[Mapping[str, Any]] = None,
                       checkpoint_path: Optional[str] = None, idempotency_key: Optional[str] = None) -> Record:
        """The guide's ``create_dataset``: the record created; a duplicate id is a ``Duplicate`` (a ``ValueError``).
        ``checkpoint_path`` instead of ``model_version`` names the run's checkpoint that made it by its path."""
        return self._send(calls.create_dataset(trajectory_id, run_id, used, model_version, task_id, reward, attributes, idempotency_key,
                                                     checkpoint_path))

    def reroll(self, trajectory_id: str, *, model_version: Optional[int] = None, checkpoint_path: Optional[str] = None,
                     reward: Optional[float] = None, task_id: Optional[str] = None, attributes: Optional[Mapping[str, Any]] = None,
                     idempotency_key: Optional[str] = None) -> Record:
        """Re-rolls a stored trajectory: made again by another model version (or checkpoint path), its uses back to 0
        in one request, recorded in its history as a ``reroll`` event."""
        return self._send(calls.reroll(trajectory_id, model_version, checkpoint_path, reward, task_id, attributes, idempotency_key))

    def get_dataset_by_id(self, dataset_id: int, *, consumer_group: Optional[str] = None) -> Optional[Record]:
        """The record; with ``consumer_group``, its ``used`` is that group's count (searches and counts take
        ``consumer_group=`` among their filters too)."""
        return self._send(calls.get_dataset_by_id(dataset_id, consumer_group))

    def get_dataset_by_trajectory_id(self, trajectory_id: str, *, consumer_group: Optional[str] = None) -> Optional[Record]:
        return self._send(calls.get_dataset_by_trajectory_id(trajectory_id, consumer_group))

    def get_datasets_by_run_id(self, run_id: str, offset: int = 0, limit: int = 100) -> List[Record]:
        """A page of the run's records by id (the guide defaulted to one row: here 100, at most 10,000)."""
        return list((self._send(calls.page({"run_id": run_id}, limit, offset)))["items"])

    def get_all_datasets(self, limit: int = 100, offset: int = 0) -> List[Record]:
        return list((self._send(calls.page({}, limit, offset)))["items"])

    def update_used(self, trajectory_id: str, used: int) -> bool:
        """Sets ``used`` (to count a training, ``record_use`` cannot lose counts)."""
        return (self._send(calls.update(trajectory_id, {"used": used}))) is not None

    def update_run_id(self, trajectory_id: str, new_run_id: str) -> bool:
        return (self._send(calls.update(trajectory_id, {"run_id": new_run_id}))) is not None

    def update_dataset(self, trajectory_id: str, **fields: Any) -> bool:
        """Changes ``used``, ``model_version``, ``run_id``, ``task_id``, ``reward``, ``attributes``; any other name
        is an ``InvalidRequest`` (the guide ignored it)."""
        return (self._send(calls.update(trajectory_id, fields))) is not None

    def delete_dataset(self, trajectory_id: str) -> bool:
        return self._send(calls.delete_dataset(trajectory_id))

    def delete_datasets_by_run_id(self, run_id: str) -> int:
        return self._send(calls.delete_datasets(run_id))

    def count_datasets(self, **filters: Any) -> int:
        return self._send(calls.count(filters))

    def get_usage_stats(self, run_id: Optional[str] = None, *, consumer_group: Optional[str] = None) -> UsageStats:
        """``total_count``, ``avg_usage_time``, ``max_usage_time``, ``min_usage_time``, ``unique_runs``."""
        return self._send(calls.usage_stats(run_id, consumer_group))

    def search_datasets(self, **filters: Any) -> List[Record]:
        """Every match, as the guide returned them (walked a page at a time by key): ``run_id``, ``usage_time_min``,
        ``usage_time_max``, ``created_after``, ``created_before`` (datetimes; naive ones are UTC), and the server's
        other filters. An unknown filter is an ``InvalidRequest`` (the guide ignored it)."""
        return [record for record in self.iter_datasets(**filters)]

    def setup_database(self) -> None:
        """The server applies its schema itself on start: this only checks that it answers."""
        self.health()

    def close_database(self) -> None:
        self.close()

    # ---- beyond the guide ----

    def iter_datasets(self, page_size: int = 1000, **filters: Any) -> Iterator[Record]:
        """Every record the filters select, by id, a page at a time (walking by key: constant cost per page)."""
        after: Optional[int] = None
        while True:
            answer = self._send(calls.page(filters, page_size, after_id=after))
            for record in answer["items"]:
                yield record
            after = answer.get("next_after_id")
            if after is None:
                return

    def create_datasets(self, items: Sequence[Mapping[str, Any]], *, on_conflict: str = "error",
                        idempotency_key: Optional[str] = None) -> BatchCreated:
        """Up to 10,000 records in one unit; ``on_conflict="skip"`` leaves stored ids as they are."""
        return self._send(calls.create_datasets(items, on_conflict, idempotency_key))

    def update_datasets(self, items: Sequence[Mapping[str, Any]], *, consumer_group: Optional[str] = None) -> BatchUpdated:
        """Several updates (each a dict with ``trajectory_id``) in one unit: all apply or none. With ``consumer_group``,
        each item sets only ``used``, the group's count."""
        return self._send(calls.update_datasets(items, consumer_group))

    def record_use(self, trajectory_id: str, by: int = 1, *, max_used: Optional[int] = None, consumer: Optional[str] = None,
                   idempotency_key: Optional[str] = None, consumer_group: Optional[str] = None) -> Record:
        """Counts a training atomically (in ``consumer_group`` when given: its own count, the record's ``used`` in the
        answer); past ``max_used`` a ``UsageLimitReached``, nothing changed."""
        return self._send(calls.record_use(trajectory_id, by, max_used, consumer, idempotency_key, consumer_group))

    def record_uses(self, trajectory_ids: Sequence[str], by: int = 1, *, max_used: Optional[int] = None,
                    consumer: Optional[str] = None, idempotency_key: Optional[str] = None,
                    consumer_group: Optional[str] = None) -> UsesReport:
        return self._send(calls.record_uses(trajectory_ids, by, max_used, consumer, idempotency_key, consumer_group))

    def claim(self, count: int, run_id: Optional[str] = None, *, max_used: Optional[int] = None, model_version_min: Optional[int] = None,
              order: Optional[str] = None, min_count: Optional[int] = None, consumer: Optional[str] = None,
              lease_seconds: Optional[int] = None, wait_ms: Optional[int] = None, acknowledge_lease_id: Optional[int] = None,
              idempotency_key: Optional[str] = None, consumer_group: Optional[str] = None) -> Claimed:
        """Takes up to ``count`` eligible trajectories and counts one use of each (or, with ``lease_seconds``,
        holds them: see ``lease``); ``{"items", "lease_id", "expires_at"}``. With ``consumer_group`` (and ``run_id``),
        eligible and counted by that group's own counts: other groups' claims never take its data."""
        return self._send(calls.claim({"count": count, "run_id": run_id, "max_used": max_used, "model_version_min": model_version_min,
                                       "order": order, "min_count": min_count, "consumer": consumer, "lease_seconds": lease_seconds,
                                       "wait_ms": wait_ms, "acknowledge_lease_id": acknowledge_lease_id,
                                       "consumer_group": consumer_group}, idempotency_key))

    def group_claim(self, run_id: str, group_size: int, *, min_groups: Optional[int] = None, max_groups: Optional[int] = None,
                    idempotency_key: Optional[str] = None, **rules: Any) -> GroupClaimed:
        """The trainer's step: whole groups of one task's fresh rollouts. ``rules``: ``max_used``,
        ``model_version_min``, ``latest_checkpoints``, ``mean_reward_min``, ``mean_reward_max_exclusive``,
        ``mixed_rewards``, ``order``, ``consumer``, ``consumer_group`` (count in that group), ``lease_seconds``, ``wait_ms``,
        ``acknowledge_lease_id`` (acknowledge the previous step's lease in the same request: its settlement is the
        answer's ``acknowledged``)."""
        return self._send(calls.group_claim({"run_id": run_id, "group_size": group_size, "min_groups": min_groups,
                                             "max_groups": max_groups, **rules}, idempotency_key))

    @contextmanager
    def lease(self, *, groups: bool = True, lease_seconds: int = 600, heartbeat: bool = True,
                    **claim: Any) -> Iterator[Step]:
        """A leased step: acknowledged (counted) when the block ends normally (or earlier by ``step.ack()``), released
        when it raises. A step that took nothing raises ``NothingClaimed`` before the block runs, so nothing is trained
        on an empty step by accident. Rows lost before the acknowledgement raise ``LeaseExpired`` (``body``: what was
        counted and what was lost). With ``heartbeat`` (the default) the lease is extended in the background while
        the block runs, so a step may outlast ``lease_seconds``.

        ``with client.lease(run_id="r", group_size=8, min_groups=4, wait_ms=30000) as step: train(step.items)``;
        ``groups=False`` takes a plain claim (``count=...``) instead of groups."""
        answer = (self.group_claim(lease_seconds=lease_seconds, **claim) if groups else self.claim(lease_seconds=lease_seconds, **claim))
        if answer.get("lease_id") is None:
            raise nothing_claimed(answer)
        step = Step(answer, self, lease_seconds=lease_seconds, heartbeat=heartbeat)
        try:
            yield step
        except BaseException:
            try:
                step.release()
            except DatasetsError:
                pass        # the lease runs out on its own; the block's own error matters more
            raise
        step.ack()
    def leases(self, consumer: str, *, state: str = "held", limit: int = 100, after_lease_id: Optional[int] = None) -> LeasePage:
        """The consumer's leases by id (``state``: held, settled, expired, running or all); ``next_after_lease_id``."""
        return self._send(calls.leases(consumer, state, limit, after_lease_id))

    def release_consumer(self, consumer: str, *, idempotency_key: Optional[str] = None) -> ConsumerReleased:
        """Gives back every row the consumer's running leases hold (a restarted trainer frees its predecessor's
        steps): ``{"consumer", "leases", "rows"}``."""
        return self._send(calls.release_consumer(consumer, idempotency_key))

    def get_lease(self, lease_id: int) -> Optional[Lease]:
        return self._send(calls.get_lease(lease_id))

    def acknowledge(self, lease_id: int, trajectory_ids: Optional[Sequence[str]] = None, *,
                    idempotency_key: Optional[str] = None) -> Settlement:
        """Counts the leased rows (or ``trajectory_ids``); rows lost after expiry raise ``LeaseExpired`` whose
        ``body`` still lists what was counted."""
        return self._send(calls.acknowledge(lease_id, trajectory_ids, idempotency_key))

    def release(self, lease_id: int, trajectory_ids: Optional[Sequence[str]] = None, *,
                idempotency_key: Optional[str] = None) -> Settlement:
        return self._send(calls.release(lease_id, trajectory_ids, idempotency_key))

    def extend(self, lease_id: int, lease_seconds: int, *, idempotency_key: Optional[str] = None) -> Lease:
        return self._send(calls.extend(lease_id, lease_seconds, idempotency_key))

    def register_checkpoint(self, run_id: str, path: str, *, initial: bool = False, idempotency_key: Optional[str] = None) -> Checkpoint:
        return self._send(calls.register_checkpoint(run_id, path, initial, idempotency_key))

    def delete_checkpoints(self, run_id: str) -> int:
        """Deletes the run's checkpoints (its trajectories stay); returns how many there were."""
        return self._send(calls.delete_checkpoints(run_id))

    def run_contents(self, run_id: str) -> RunContents:
        """What the run holds, and when anything last happened to it."""
        return self._send(calls.run_contents(run_id))

    def delete_run(self, run_id: str, *, dry_run: bool = False) -> RunDeleted:
        """Deletes the whole run (trajectories, their history, checkpoints, leases); with dry_run only says what would go."""
        return self._send(calls.delete_run(run_id, dry_run))

    def pause_run(self, run_id: str, reason: Optional[str] = None, *, idempotency_key: Optional[str] = None) -> Pause:
        """Pauses the run's claims: they take nothing (their answer's "paused" says why) until resume_run."""
        return self._send(calls.pause_run(run_id, reason, idempotency_key))

    def resume_run(self, run_id: str, *, idempotency_key: Optional[str] = None) -> bool:
        """Ends the run's pause; returns whether it was paused."""
        return self._send(calls.resume_run(run_id, idempotency_key))

    def pauses(self) -> List[Pause]:
        """Every paused run."""
        return self._send(calls.pauses())

    def import_datasets(self, items: Sequence[Mapping[str, Any]], *, on_conflict: str = "skip",
                              idempotency_key: Optional[str] = None) -> Imported:
        """Restores up to 10,000 backup lines (records with their history, checkpoints, pauses) as they were, all or nothing."""
        return self._send(calls.import_datasets(items, on_conflict, idempotency_key))

    def export_backup(self, run_id: Optional[str] = None, *, created_after: Optional[datetime] = None,
                            after_id: Optional[int] = None, limit: int = 1000) -> BackupPage:
        """A page of the backup of a run, or of all: pauses and checkpoints first, then records each with its history."""
        return self._send(calls.export_backup(run_id, created_after, after_id, limit))

    def checkpoints(self, run_id: str, latest: int = 100, before_version: Optional[int] = None) -> CheckpointPage:
        return self._send(calls.checkpoints(run_id, latest, before_version))

    def runs(self, limit: int = 100, after_run_id: Optional[str] = None, *, consumer_group: Optional[str] = None) -> RunPage:
        """Every run by id with its counts (``unused`` and ``total_uses`` by ``consumer_group`` when given)."""
        return self._send(calls.runs(limit, after_run_id, consumer_group))

    def tasks(self, run_id: str, limit: int = 100, after_task_id: Optional[str] = None, **criteria: Any) -> TaskPage:
        return self._send(calls.tasks(run_id, criteria, limit, after_task_id))

    def model_versions(self, run_id: str) -> List[ModelVersion]:
        return self._send(calls.model_versions(run_id))

    def timeline(self, run_id: str, since: Optional[datetime] = None, until: Optional[datetime] = None,
                 bucket_seconds: Optional[int] = None, *, consumer_group: Optional[str] = None) -> Timeline:
        """The run over time: per span, trajectories created and first used, uses by kind, and running totals."""
        return self._send(calls.timeline(run_id, since, until, bucket_seconds, consumer_group))

    def used_histogram(self, run_id: str, limit: int = 100, after_used: Optional[int] = None, *,
                             consumer_group: Optional[str] = None) -> UsedHistogram:
        """How many of the run's trajectories were counted 0, 1, 2 ... times (by ``consumer_group`` when given)."""
        return self._send(calls.used_histogram(run_id, limit, after_used, consumer_group))

    def consumer_groups(self, run_id: str) -> List[ConsumerGroup]:
        """The run's consumer groups, ``default`` first, each with its ``used``/``unused`` trajectories and ``uses``."""
        return self._send(calls.consumer_groups(run_id))

    def declare_consumer_group(self, run_id: str, consumer_group: str) -> ConsumerGroup:
        """Makes ``consumer_group`` a group of the run ahead of its first use (every count 0); nothing if it is one."""
        return self._send(calls.declare_consumer_group(run_id, consumer_group))

    def get_consumer_group(self, run_id: str, consumer_group: str) -> Optional[ConsumerGroup]:
        return self._send(calls.get_consumer_group(run_id, consumer_group))

    def delete_consumer_group(self, run_id: str, consumer_group: str) -> bool:
        """Forgets the group in the run with its counts and leases; whether it was one (``default`` cannot be)."""
        return self._send(calls.delete_consumer_group(run_id, consumer_group))

    def reward_distribution(self, run_id: str, low: float = 0.0, high: float = 1.0, bins: int = 10) -> RewardDistribution:
        """Per model version, how the run's rewards fall into ``bins`` spans from ``low`` to ``high`` (``counts``),
        with ``below`` and ``above`` counted apart, and each version's lowest, highest and mean reward."""
        return self._send(calls.reward_distribution(run_id, low, high, bins))

    def usage_history(self, trajectory_id: str, limit: int = 100, after_event_id: Optional[int] = None, *,
                            consumer_group: Optional[str] = None) -> UsageEventPage:
        """The record's usage events, oldest first; only those of ``consumer_group`` when given."""
        return self._send(calls.usage_history(trajectory_id, limit, after_event_id, consumer_group))

    def usage_events(self, run_id: Optional[str] = None, since: Optional[datetime] = None, until: Optional[datetime] = None,
                     limit: int = 100, after_event_id: Optional[int] = None, *, consumer_group: Optional[str] = None) -> UsageEventPage:
        return self._send(calls.usage_events(run_id, since, until, limit, after_event_id, consumer_group))

    def health(self) -> Json:
        return self._send(calls.health())

    def metrics(self) -> str:
        return self._send(calls.text("/metrics"))

    def openapi(self) -> str:
        return self._send(calls.text("/openapi.yaml"))

    def dashboard(self) -> str:
        """The dashboard page's HTML (GET /ui)."""
        return self._send(calls.text("/ui"))

    def docs(self) -> str:
        return self._send(calls.text("/docs"))
