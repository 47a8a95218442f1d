"""The guide's successor module (Computer-use-agents/dart-gui, ``verl/utils/database/mysql.py``), over HTTP: change
``from verl.utils.database.mysql import MySQLRolloutORM, create_database_manager`` to
``from trajectory_datasets.rollouts import MySQLRolloutORM, create_database_manager`` and its code runs unchanged.

Its rows come back with its keys: ``model_version`` is the path of the run's checkpoint that made the rollout,
``trace_id``, ``split_dir``, ``num_chunks`` and ``instruction`` live in the record's ``attributes``, times are
``YYYY-MM-DD HH:MM:SS`` in UTC. Where the server differs on purpose: a rollout names a checkpoint registered in its
run (an unknown path is an ``InvalidRequest``, the module stored any text); a trajectory id is unique across runs (a
second one is a ``Duplicate``); uses are counted exactly and recorded in the usage history; a checkpoint has no row id
of its own (``id`` is None), and one registered here answers the module's defaults for ``name``, ``status`` and the
rest (a checkpoint adopted by ``migrate`` keeps its own as its ``details``, on ``DatasetsClient.checkpoints``).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple

from .client import DatasetsClient
from .errors import Duplicate
from .types import Checkpoint, Record

DB_CONFIG: Dict[str, Any] = {"url": os.environ.get("DATASETS_URL"), "token": os.environ.get("DATASETS_API_TOKEN")}
"""The module's configuration, for a server: ``url`` and ``token`` (from ``DATASETS_URL`` / ``DATASETS_API_TOKEN``).
Its MySQL keys (``host``, ``user``, ``password``, ``database``, ``port``, ``charset``) are accepted and unused."""

_ATTRIBUTES = ("trace_id", "split_dir", "num_chunks", "instruction")


def _time(value: Optional[str]) -> Optional[str]:
    """An API instant as the module's ``to_dict`` wrote its TIMESTAMPs: ``YYYY-MM-DD HH:MM:SS``."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


class MySQLRolloutORM:
    """The module's manager, talking to a trajectory-datasets server instead of MySQL."""

    def __init__(self, config: Optional[Mapping[str, Any]] = None, create_tables_if_missing: bool = True) -> None:
        self.config = dict(config if config is not None else DB_CONFIG)
        self.client = DatasetsClient(self.config.get("url"), token=self.config.get("token"))
        self._open = True

    def close_database(self) -> None:
        self.client.close()
        self._open = False

    def is_connected(self) -> bool:
        return self._open

    # ---- checkpoints ----

    def _paths(self, run_id: str) -> Dict[int, str]:
        paths: Dict[int, str] = {}
        before: Optional[int] = None
        while True:
            page = self.client.checkpoints(run_id, latest=1000, before_version=before)
            for checkpoint in page["items"]:
                paths[checkpoint["version"]] = checkpoint["path"]
            before = page["next_before_version"]
            if before is None:
                return paths

    @staticmethod
    def _checkpoint(checkpoint: Checkpoint) -> Dict[str, Any]:
        """The module's row of a checkpoint registered here: its defaults for what the server does not keep."""
        created = _time(checkpoint["created_at"])
        return {"id": None, "name": "", "version": f"v{checkpoint['version']}", "run_id": checkpoint["run_id"],
                "status": "PENDING", "path": checkpoint["path"], "source": "initial" if checkpoint["version"] == 0 else "train",
                "operator": None, "remark": None, "config_yaml": None, "created_at": created, "updated_at": created,
                "deleted_at": None, "started_at": None, "finished_at": None}

    def insert_checkpoint(self, path: str, run_id: str, initial: bool = False) -> Optional[Dict[str, Any]]:
        """Version ``v0`` when ``initial`` (None when the run has one), else one more than the run's newest."""
        try:
            return self._checkpoint(self.client.register_checkpoint(run_id, path, initial=initial))
        except Duplicate:
            if initial:
                print(f"[WARN] initial checkpoint v0 already exists for run_id={run_id}, path={path}; skip insert.")
                return None
            raise

    def get_latest_n_checkpoint_paths(self, run_id: str, n: int = 2) -> List[str]:
        return [checkpoint["path"] for checkpoint in self.client.checkpoints(run_id, latest=n)["items"]]

    def delete_checkpoint_by_run_id(self, run_id: str) -> int:
        return self.client.delete_checkpoints(run_id)

    # ---- rollouts ----

    def _row(self, record: Record, paths: Optional[Dict[int, str]] = None) -> Dict[str, Any]:
        run = record.get("run_id")
        if paths is None:
            paths = self._paths(run) if run else {}
        attributes = record.get("attributes") or {}
        row: Dict[str, Any] = {"id": record["id"], "run_id": run, "trajectory_id": record["trajectory_id"],
                               "task_id": record.get("task_id"), "reward": record.get("reward"), "used": record["used"],
                               "model_version": paths.get(record["model_version"]), "create_at": _time(record["created_at"])}
        for key in _ATTRIBUTES:
            row[key] = attributes.get(key)
        return row

    def get_rollouts_by_run_id(self, run_id: str) -> List[Dict[str, Any]]:
        paths = self._paths(run_id)
        return [self._row(record, paths) for record in self.client.iter_datasets(run_id=run_id)]

    def update_rollout_used(self, run_id: str, trajectory_id: str) -> int:
        """One more use of the run's rollout, counted exactly; 1, or 0 when the run has no such rollout."""
        record = self.client.get_dataset_by_trajectory_id(trajectory_id)
        if record is None or record.get("run_id") != run_id:
            return 0
        self.client.record_use(trajectory_id)
        return 1

    def delete_datasets_by_run_id(self, run_id: str) -> int:
        return self.client.delete_datasets_by_run_id(run_id)

    def create_dataset(self, trajectory_id: str, run_id: str, task_id: str, trace_id: str, model_version: str,
                       reward: float, used: int = 0) -> Dict[str, Any]:
        """A rollout stamped by the path of the run's checkpoint that made it (``model_version``)."""
        record = self.client.create_dataset(trajectory_id, run_id, used or 0, task_id=task_id, reward=reward,
                                            checkpoint_path=model_version,
                                            attributes={"trace_id": trace_id, "split_dir": "", "num_chunks": 0})
        return self._row(record)

    def create_or_update_dataset_with_event(self, trajectory_id: str, run_id: str, task_id: str, trace_id: str,
                                            model_version: str, reward: float, used: int = 0) -> Dict[str, Any]:
        """A new rollout, or a re-roll of the run's stored one: its checkpoint replaced and its uses back to 0, in one
        request recorded in its history (the module kept its reward and task as they were, and so does this)."""
        try:
            return self.create_dataset(trajectory_id, run_id, task_id, trace_id, model_version, reward, used)
        except Duplicate:
            stored = self.client.get_dataset_by_trajectory_id(trajectory_id)
            if stored is None or stored.get("run_id") != run_id:
                raise
            return self._row(self.client.reroll(trajectory_id, checkpoint_path=model_version))

    def get_nth_newest_model_success(self, run_id: str, n: int) -> Tuple[float, int, int]:
        """Of the rollouts of the run's nth newest checkpoint: mean of max(reward, 0), their count, distinct tasks."""
        checkpoints = self.client.checkpoints(run_id, latest=n)["items"]
        if len(checkpoints) < n:
            return 0, 0, 0
        version = checkpoints[-1]["version"]
        total, count = 0.0, 0
        tasks: Set[Optional[str]] = set()
        for record in self.client.iter_datasets(run_id=run_id, model_version_min=version, model_version_max=version):
            reward = record.get("reward")
            total += reward if reward is not None and reward >= 0 else 0.0
            count += 1
            tasks.add(record.get("task_id"))
        if count == 0:
            return 0, 0, 0
        return total / count, count, len(tasks - {None})


def create_database_manager() -> MySQLRolloutORM:
    """The module's factory."""
    return MySQLRolloutORM()
