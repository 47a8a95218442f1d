"""Every request the clients send, built and parsed in one place: a ``Call`` says what to send, whether a retry is
safe, and how to read the answer. ``DatasetsClient`` and ``AsyncDatasetsClient`` only differ in how they send."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Generic, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union
from urllib.parse import quote

from .errors import ConnectionFailed, DatasetsError, from_problem
from .types import (BackupPage, Imported, Pause, RunContents, RunDeleted, RewardDistribution, BatchCreated, BatchUpdated, Checkpoint, CheckpointPage, Claimed, ConsumerReleased, GroupClaimed, Lease, LeasePage, ModelVersion, Page, Record, RunPage, Settlement, TaskPage, Timeline, UsageEventPage, UsageStats, UsedHistogram, UsesReport, ConsumerGroup)

T = TypeVar("T")
Json = Any


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request: ``retryable`` when sending it twice cannot apply it twice (a GET, or a POST with a key)."""
    method: str
    path: str
    read: Callable[[int, Json], T]
    params: Optional[Mapping[str, str]] = None
    body: Optional[Json] = None
    key: Optional[str] = None
    retryable: bool = False
    accept: Tuple[int, ...] = (200, 201, 204)
    text: bool = False
    on_retry: Optional["Call[T]"] = None
    """What to send instead when this call is retried (a create retried as "create unless stored")."""


def answer(status: int, body: Json, call: Call[T]) -> T:
    """The call's result, or its typed error."""
    if status in call.accept:
        return call.read(status, body)
    raise from_problem(status, body if isinstance(body, dict) else {"detail": str(body)})


def _key(given: Optional[str]) -> str:
    return given if given is not None else str(uuid.uuid4())


def _post(path: str, body: Optional[Json], read: Callable[[int, Json], T], key: Optional[str],
          accept: Tuple[int, ...] = (200, 201)) -> Call[T]:
    """A POST with an idempotency key (the caller's, or a new one per logical call): safe to retry."""
    return Call("POST", path, read, body=body, key=_key(key), retryable=True, accept=accept)


def _get(path: str, read: Callable[[int, Json], T], params: Optional[Mapping[str, Any]] = None,
         accept: Tuple[int, ...] = (200,)) -> Call[T]:
    return Call("GET", path, read, params=_params(params or {}), retryable=True, accept=accept)


def _params(values: Mapping[str, Any]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, datetime):
            out[name] = _instant(value)
        else:
            out[name] = str(value)
    return out


def _instant(value: datetime) -> str:
    """RFC 3339 in UTC; a naive datetime is taken as UTC (the server keeps UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _segment(value: Union[str, int]) -> str:
    return quote(str(value), safe="")


def _json(_: int, body: Json) -> Json:
    return body


def _items(_: int, body: Json) -> List[Record]:
    return list(body["items"])


def _clean(fields: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


# ---- the guide's operations ----

def create_dataset(trajectory_id: str, run_id: Optional[str], used: int, model_version: Optional[int], task_id: Optional[str],
                   reward: Optional[float], attributes: Optional[Mapping[str, Any]], key: Optional[str],
                   checkpoint_path: Optional[str] = None) -> Call[Record]:
    """One record. Without a key (a keyed request costs the server five more statements than this one INSERT) it is
    retried as "create unless stored" (``on_conflict: skip``): a create whose answer was lost is found, not doubled;
    a duplicate is a ``Duplicate`` when the first try's answer arrives."""
    body = _clean({"trajectory_id": trajectory_id, "run_id": run_id, "used": used, "model_version": model_version,
                   "task_id": task_id, "reward": reward, "attributes": attributes, "checkpoint_path": checkpoint_path})
    if key is not None:
        return _post("/v1/datasets", body, _json, key)
    retry = Call("POST", "/v1/datasets", _json, body={**body, "on_conflict": "skip"}, retryable=True, accept=(200, 201))
    return Call("POST", "/v1/datasets", _json, body=body, retryable=True, accept=(201,), on_retry=retry)


def get_dataset_by_id(dataset_id: int, consumer_group: Optional[str] = None) -> Call[Optional[Record]]:
    return _get(f"/v1/datasets/{_segment(dataset_id)}", lambda status, body: body if status == 200 else None,
                {"consumer_group": consumer_group}, accept=(200, 404))


def get_dataset_by_trajectory_id(trajectory_id: str, consumer_group: Optional[str] = None) -> Call[Optional[Record]]:
    return _get(f"/v1/trajectories/{_segment(trajectory_id)}", lambda status, body: body if status == 200 else None,
                {"consumer_group": consumer_group}, accept=(200, 404))


def page(filters: Mapping[str, Any], limit: int, offset: int = 0, after_id: Optional[int] = None) -> Call[Page]:
    return _get("/v1/datasets", _json, {**filters, "limit": limit, "offset": offset or None, "after_id": after_id})


def update(trajectory_id: str, fields: Mapping[str, Any]) -> Call[Optional[Record]]:
    return Call("PATCH", f"/v1/trajectories/{_segment(trajectory_id)}", lambda status, body: body if status == 200 else None,
                body=dict(fields), accept=(200, 404))


def delete_dataset(trajectory_id: str) -> Call[bool]:
    return Call("DELETE", f"/v1/trajectories/{_segment(trajectory_id)}", lambda status, _: status == 204, accept=(204, 404))


def delete_datasets(run_id: str, task_id: Optional[str] = None) -> Call[int]:
    return Call("DELETE", "/v1/datasets", lambda _, body: int(body["deleted"]), params=_params({"run_id": run_id, "task_id": task_id}))


def count(filters: Mapping[str, Any]) -> Call[int]:
    return _get("/v1/datasets/count", lambda _, body: int(body["count"]), filters)


def usage_stats(run_id: Optional[str], consumer_group: Optional[str] = None) -> Call[UsageStats]:
    return _get("/v1/datasets/stats", _json, {"run_id": run_id, "consumer_group": consumer_group})


# ---- beyond the guide ----

def reroll(trajectory_id: str, model_version: Optional[int], checkpoint_path: Optional[str], reward: Optional[float],
           task_id: Optional[str], attributes: Optional[Mapping[str, Any]], key: Optional[str]) -> Call[Record]:
    body = _clean({"model_version": model_version, "checkpoint_path": checkpoint_path, "reward": reward, "task_id": task_id,
                   "attributes": attributes})
    return _post(f"/v1/trajectories/{_segment(trajectory_id)}/reroll", body, _json, key, accept=(200,))


def create_datasets(items: Sequence[Mapping[str, Any]], on_conflict: str, key: Optional[str]) -> Call[BatchCreated]:
    return _post("/v1/datasets/batch", {"items": [dict(item) for item in items], "on_conflict": on_conflict}, _json, key)


def update_datasets(items: Sequence[Mapping[str, Any]], consumer_group: Optional[str] = None) -> Call[BatchUpdated]:
    return Call("PATCH", "/v1/datasets/batch", _json, body=_clean({"items": [dict(item) for item in items], "consumer_group": consumer_group}))


def record_use(trajectory_id: str, by: int, max_used: Optional[int], consumer: Optional[str], key: Optional[str],
               consumer_group: Optional[str] = None) -> Call[Record]:
    return _post(f"/v1/trajectories/{_segment(trajectory_id)}/use", _clean({"by": by, "max_used": max_used, "consumer": consumer,
                                                                           "consumer_group": consumer_group}), _json, key, accept=(200,))


def record_uses(trajectory_ids: Sequence[str], by: int, max_used: Optional[int], consumer: Optional[str], key: Optional[str],
                consumer_group: Optional[str] = None) -> Call[UsesReport]:
    return _post("/v1/datasets/use", _clean({"trajectory_ids": list(trajectory_ids), "by": by, "max_used": max_used,
                                             "consumer": consumer, "consumer_group": consumer_group}), _json, key, accept=(200,))


def claim(body: Mapping[str, Any], key: Optional[str]) -> Call[Claimed]:
    return _post("/v1/claims", _clean(body), _json, key, accept=(200,))


def group_claim(body: Mapping[str, Any], key: Optional[str]) -> Call[GroupClaimed]:
    return _post("/v1/group-claims", _clean(body), _json, key, accept=(200,))


def get_lease(lease_id: int) -> Call[Optional[Lease]]:
    return _get(f"/v1/leases/{_segment(lease_id)}", lambda status, body: body if status == 200 else None, accept=(200, 404))


def leases(consumer: str, state: str, limit: int, after_lease_id: Optional[int]) -> Call[LeasePage]:
    return _get("/v1/leases", _json, {"consumer": consumer, "state": state, "limit": limit, "after_lease_id": after_lease_id})


def release_consumer(consumer: str, key: Optional[str]) -> Call[ConsumerReleased]:
    return _post(f"/v1/consumers/{_segment(consumer)}/release", None, _json, key, accept=(200,))


def acknowledge(lease_id: int, trajectory_ids: Optional[Sequence[str]], key: Optional[str]) -> Call[Settlement]:
    body = None if trajectory_ids is None else {"trajectory_ids": list(trajectory_ids)}
    return _post(f"/v1/leases/{_segment(lease_id)}/ack", body, _json, key, accept=(200,))


def release(lease_id: int, trajectory_ids: Optional[Sequence[str]], key: Optional[str]) -> Call[Settlement]:
    body = None if trajectory_ids is None else {"trajectory_ids": list(trajectory_ids)}
    return _post(f"/v1/leases/{_segment(lease_id)}/release", body, _json, key, accept=(200,))


def extend(lease_id: int, lease_seconds: int, key: Optional[str]) -> Call[Lease]:
    return _post(f"/v1/leases/{_segment(lease_id)}/extend", {"lease_seconds": lease_seconds}, _json, key, accept=(200,))


def register_checkpoint(run_id: str, path: str, initial: bool, key: Optional[str]) -> Call[Checkpoint]:
    return _post(f"/v1/runs/{_segment(run_id)}/checkpoints", {"path": path, "initial": initial}, _json, key, accept=(201,))


def delete_checkpoints(run_id: str) -> Call[int]:
    return Call("DELETE", f"/v1/runs/{_segment(run_id)}/checkpoints", lambda _, body: int(body["deleted"]))


def run_contents(run_id: str) -> Call[RunContents]:
    return _get(f"/v1/runs/{_segment(run_id)}", _json)


def delete_run(run_id: str, dry_run: bool) -> Call[RunDeleted]:
    return Call("DELETE", f"/v1/runs/{_segment(run_id)}", _json, params=_params({"dry_run": dry_run}), retryable=dry_run)


def pause_run(run_id: str, reason: Optional[str], key: Optional[str]) -> Call[Pause]:
    return _post(f"/v1/runs/{_segment(run_id)}/pause", _clean({"reason": reason}), _json, key)


def resume_run(run_id: str, key: Optional[str]) -> Call[bool]:
    return _post(f"/v1/runs/{_segment(run_id)}/resume", {}, lambda _, body: bool(body["resumed"]), key)


def pauses() -> Call[List[Pause]]:
    return _get("/v1/pauses", lambda _, body: list(body["items"]))


def import_datasets(items: Sequence[Mapping[str, Any]], on_conflict: str, key: Optional[str]) -> Call[Imported]:
    return _post("/v1/datasets/import", {"items": list(items), "on_conflict": on_conflict}, _json, key)


def export_backup(run_id: Optional[str], created_after: Optional[datetime], after_id: Optional[int], limit: int) -> Call[BackupPage]:
    def read(_: int, body: Json) -> BackupPage:
        lines = [line for line in str(body).splitlines() if line]
        records = [json.loads(line) for line in lines if line.startswith('{"kind":"trajectory"')]
        # The server's rule (its Next-After-Id header): a full page has a next one, after its last record's id.
        return {"lines": lines, "next_after_id": int(records[-1]["id"]) if len(records) == limit else None}
    params = _params({"run_id": run_id, "created_after": created_after, "after_id": after_id, "limit": limit})
    return Call("GET", "/v1/export", read, params=params, retryable=True, accept=(200,), text=True)


def checkpoints(run_id: str, latest: int, before_version: Optional[int]) -> Call[CheckpointPage]:
    return _get(f"/v1/runs/{_segment(run_id)}/checkpoints", _json, {"latest": latest, "before_version": before_version})


def runs(limit: int, after_run_id: Optional[str], consumer_group: Optional[str] = None) -> Call[RunPage]:
    return _get("/v1/runs", _json, {"limit": limit, "after_run_id": after_run_id, "consumer_group": consumer_group})


def tasks(run_id: str, criteria: Mapping[str, Any], limit: int, after_task_id: Optional[str]) -> Call[TaskPage]:
    return _get(f"/v1/runs/{_segment(run_id)}/tasks", _json, {**criteria, "limit": limit, "after_task_id": after_task_id})


def model_versions(run_id: str) -> Call[List[ModelVersion]]:
    return _get(f"/v1/runs/{_segment(run_id)}/model-versions", lambda _, body: list(body["items"]))


def timeline(run_id: str, since: Optional[datetime], until: Optional[datetime], bucket_seconds: Optional[int],
             consumer_group: Optional[str] = None) -> Call[Timeline]:
    return _get(f"/v1/runs/{_segment(run_id)}/timeline", _json, {"from": since, "to": until, "bucket_seconds": bucket_seconds,
                                                                "consumer_group": consumer_group})


def used_histogram(run_id: str, limit: int, after_used: Optional[int], consumer_group: Optional[str] = None) -> Call[UsedHistogram]:
    return _get(f"/v1/runs/{_segment(run_id)}/used-histogram", _json, {"limit": limit, "after_used": after_used,
                                                                      "consumer_group": consumer_group})


# ---- consumer groups (issue 32) ----

def consumer_groups(run_id: str) -> Call[List[ConsumerGroup]]:
    return _get(f"/v1/runs/{_segment(run_id)}/consumer-groups", lambda _, body: list(body["items"]))


def declare_consumer_group(run_id: str, consumer_group: str) -> Call[ConsumerGroup]:
    return Call("PUT", f"/v1/runs/{_segment(run_id)}/consumer-groups/{_segment(consumer_group)}", _json, retryable=True)


def get_consumer_group(run_id: str, consumer_group: str) -> Call[Optional[ConsumerGroup]]:
    return _get(f"/v1/runs/{_segment(run_id)}/consumer-groups/{_segment(consumer_group)}",
                lambda status, body: body if status == 200 else None, accept=(200, 404))


def delete_consumer_group(run_id: str, consumer_group: str) -> Call[bool]:
    return Call("DELETE", f"/v1/runs/{_segment(run_id)}/consumer-groups/{_segment(consumer_group)}",
                lambda status, _: status == 204, accept=(204, 404))


def reward_distribution(run_id: str, low: float, high: float, bins: int) -> Call[RewardDistribution]:
    return _get(f"/v1/runs/{_segment(run_id)}/reward-distribution", _json, {"low": low, "high": high, "bins": bins})


def usage_history(trajectory_id: str, limit: int, after_event_id: Optional[int], consumer_group: Optional[str] = None) -> Call[UsageEventPage]:
    return _get(f"/v1/trajectories/{_segment(trajectory_id)}/history", _json, {"limit": limit, "after_event_id": after_event_id,
                                                                              "consumer_group": consumer_group})


def usage_events(run_id: Optional[str], since: Optional[datetime], until: Optional[datetime], limit: int,
                 after_event_id: Optional[int], consumer_group: Optional[str] = None) -> Call[UsageEventPage]:
    return _get("/v1/usage-events", _json, {"run_id": run_id, "from": since, "to": until, "limit": limit,
                                            "after_event_id": after_event_id, "consumer_group": consumer_group})


def health() -> Call[Json]:
    return _get("/health", _json, accept=(200, 503))


def text(path: str) -> Call[str]:
    return Call("GET", path, lambda _, body: str(body), retryable=True, accept=(200,), text=True)


def retry_after(headers: Mapping[str, str], attempt: int, jitter: float) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the server's ``Retry-After``, else 0.1 s doubling, plus jitter."""
    given = headers.get("retry-after")
    base = float(given) if given is not None and given.isdigit() else min(5.0, 0.1 * (2 ** attempt))
    return base + jitter * base


def failure(call: Call[Any], error: Exception) -> DatasetsError:
    return ConnectionFailed(f"{call.method} {call.path}: the server could not be reached: {error}")
