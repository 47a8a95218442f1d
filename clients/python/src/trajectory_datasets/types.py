"""What the server answers, typed: each ``TypedDict`` lists the keys the API promises (its OpenAPI schema's
``required``), so ``mypy --strict`` checks the code that reads an answer. At run time they are plain dicts."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict


class Record(TypedDict):
    """A trajectory (``created_at``: RFC 3339 text, UTC; ``attributes``: a dict or None)."""
    id: int
    trajectory_id: str
    run_id: Optional[str]
    task_id: Optional[str]
    used: int
    model_version: int
    reward: Optional[float]
    created_at: str
    attributes: Optional[Dict[str, Any]]


class Page(TypedDict):
    items: List[Record]
    next_after_id: Optional[int]


class UsageStats(TypedDict):
    total_count: int
    avg_usage_time: float
    max_usage_time: int
    min_usage_time: int
    unique_runs: int


class BatchCreated(TypedDict):
    created: int
    items: List[Record]
    skipped: List[str]


class BatchUpdated(TypedDict):
    updated: int
    not_found: List[str]


class UsesReport(TypedDict):
    items: List[Record]
    not_found: List[str]
    at_limit: List[str]


class Settlement(TypedDict):
    """What an acknowledgement or a release did: ``items`` the rows it settled, ``unchanged`` those settled before,
    ``lost`` those no longer the holder's."""
    lease_id: int
    items: List[Record]
    unchanged: List[str]
    lost: List[str]


class Pause(TypedDict):
    """A paused run: its claims take nothing until it is resumed."""
    run_id: str
    since: str
    reason: Optional[str]


class Claimed(TypedDict):
    items: List[Record]
    lease_id: Optional[int]
    expires_at: Optional[str]
    acknowledged: Optional[Settlement]
    paused: Optional[Pause]


class TaskGroup(TypedDict):
    task_id: str
    items: List[Record]


class GroupClaimed(TypedDict):
    groups: List[TaskGroup]
    eligible_tasks: Optional[int]
    lease_id: Optional[int]
    expires_at: Optional[str]
    acknowledged: Optional[Settlement]
    paused: Optional[Pause]


class LeaseRow(TypedDict):
    trajectory_id: str
    state: str


class Lease(TypedDict):
    lease_id: int
    run_id: Optional[str]
    max_used: Optional[int]
    consumer: Optional[str]
    created_at: str
    expires_at: str
    expired: bool
    state: str
    items: List[LeaseRow]
    consumer_group: str


class LeasePage(TypedDict):
    items: List[Lease]
    next_after_lease_id: Optional[int]


class ConsumerReleased(TypedDict):
    consumer: str
    leases: int
    rows: int


class Checkpoint(TypedDict):
    run_id: str
    version: int
    path: str
    created_at: str
    details: Optional[Dict[str, Any]]


class CheckpointPage(TypedDict):
    items: List[Checkpoint]
    next_before_version: Optional[int]


class RunSummary(TypedDict):
    run_id: str
    trajectories: int
    unused: int
    total_uses: int
    newest_model_version: int
    newest_checkpoint: Optional[int]
    first_created_at: str
    last_created_at: str


class RunPage(TypedDict):
    items: List[RunSummary]
    next_after_run_id: Optional[str]


class TaskSummary(TypedDict):
    task_id: str
    trajectories: int
    eligible_members: int
    eligible: bool
    mean_reward: Optional[float]
    least_used: int
    newest_model_version: int
    first_created_at: str


class TaskPage(TypedDict):
    items: List[TaskSummary]
    next_after_task_id: Optional[str]


class ModelVersion(TypedDict):
    model_version: int
    trajectories: int
    scored: int
    mean_reward: Optional[float]
    positive_share: Optional[float]
    distinct_tasks: int


class UsedCount(TypedDict):
    used: int
    trajectories: int


class UsedHistogram(TypedDict):
    items: List[UsedCount]
    next_after_used: Optional[int]


class VersionRewards(TypedDict):
    model_version: int
    trajectories: int
    scored: int
    min_reward: Optional[float]
    max_reward: Optional[float]
    mean_reward: Optional[float]
    below: int
    counts: List[int]
    above: int


class RewardDistribution(TypedDict):
    run_id: str
    low: float
    high: float
    bins: int
    versions: List[VersionRewards]


class UsageEvent(TypedDict):
    event_id: int
    trajectory_id: str
    run_id: Optional[str]
    change: int
    kind: str
    at: str
    idempotency_key: Optional[str]
    consumer: Optional[str]
    consumer_group: str


class ConsumerGroup(TypedDict):
    run_id: str
    consumer_group: str
    used: int
    unused: int
    uses: int


class UsageEventPage(TypedDict):
    items: List[UsageEvent]
    next_after_event_id: Optional[int]


class TimelineBucket(TypedDict):
    start: str
    created: int
    first_used: int
    claimed: int
    acknowledged: int
    used: int
    trajectories: int
    never_used: int


Timeline = TypedDict("Timeline", {"run_id": str, "from": str, "to": str, "bucket_seconds": int, "trajectories_before": int,
                                  "first_used_before": int, "buckets": List[TimelineBucket]})
"""A run over time (``from`` and ``to`` are keywords in Python, hence this spelling)."""


class RunContents(TypedDict):
    """What a run holds, and when anything last happened to it."""
    run_id: str
    trajectories: int
    usage_events: int
    checkpoints: int
    leases: int
    last_activity_at: Optional[str]


class RunDeleted(RunContents):
    dry_run: bool


class Imported(TypedDict):
    created: int
    skipped: int
    events: int
    checkpoints: int
    pauses: int


class BackupPage(TypedDict):
    """A page of a backup: its JSON Lines as the server wrote them (pass them, parsed, to import_datasets)."""
    lines: List[str]
    next_after_id: Optional[int]
