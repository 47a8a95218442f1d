"""Issue 35: the drop-in for the guide's successor module (dart-gui's ``verl/utils/database/mysql.py``). The module's
own code (``tests/reference/dart_gui_mysql.py``, unchanged) runs on a scratch MariaDB schema, the drop-in on the real
server, the same calls on both; every answer must be the module's (but for row ids and clock times)."""
from __future__ import annotations

import os
import subprocess
import uuid
from typing import Any, Callable, Dict, Iterator, List

import pytest

from trajectory_datasets import rollouts

_TIMES = {"id", "create_at", "created_at", "updated_at"}


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if key not in _TIMES}
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return sorted((_without_times(item) for item in value), key=lambda row: str(row.get("trajectory_id")))
    return value


@pytest.fixture(scope="module")
def reference() -> Iterator[Any]:
    """The module itself on a schema of its own, or a skip (a failure in CI) without a MariaDB to run it on."""
    if not os.environ.get("DATASETS_TEST_JDBC_URL"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the dart-gui module as the reference: DATASETS_TEST_JDBC_URL is not set")
        pytest.skip("no MariaDB to run the dart-gui module on (set DATASETS_TEST_JDBC_URL)")
    from reference.dart_gui_mysql import MySQLRolloutORM  # the module needs SQLAlchemy and PyMySQL
    schema = "dartgui_" + uuid.uuid4().hex[:8]
    subprocess.run(["mariadb", "-e", f"CREATE DATABASE {schema} CHARACTER SET utf8mb4"], check=True)
    orm = MySQLRolloutORM({"host": "127.0.0.1", "user": "root", "password": "", "database": schema, "port": 3306,
                           "charset": "utf8mb4"})
    try:
        yield orm
    finally:
        orm.close_database()
        subprocess.run(["mariadb", "-e", f"DROP DATABASE IF EXISTS {schema}"], check=False)


def test_the_modules_usage_gets_the_modules_answers(reference: Any, server_url: str) -> None:
    ours = rollouts.MySQLRolloutORM({"url": server_url})
    run = f"results/grpo_run_{uuid.uuid4().hex[:6]}"
    calls: List[Callable[[Any], Any]] = [
        lambda m: m.insert_checkpoint("/ckpt/base", run, initial=True),
        lambda m: m.insert_checkpoint("/ckpt/other", run, initial=True),
        lambda m: m.insert_checkpoint("/ckpt/step-100", run),
        lambda m: m.insert_checkpoint("/ckpt/step-200", run),
        lambda m: m.get_latest_n_checkpoint_paths(run, 2),
        lambda m: m.get_latest_n_checkpoint_paths(run, 5),
        lambda m: m.create_dataset("t1-" + run, run, "task-a", "trace-1", "/ckpt/step-100", 1.0),
        lambda m: m.create_dataset("t2-" + run, run, "task-a", "trace-2", "/ckpt/step-100", -0.5),
        lambda m: m.create_dataset("t3-" + run, run, "task-b", "trace-3", "/ckpt/step-200", 0.25),
        lambda m: m.create_dataset("t4-" + run, run, "task-c", "trace-4", "/ckpt/step-200", 1.0, used=2),
        lambda m: m.update_rollout_used(run, "t1-" + run),
        lambda m: m.update_rollout_used(run, "t1-" + run),
        lambda m: m.update_rollout_used(run, "missing"),
        lambda m: m.update_rollout_used("another-run", "t1-" + run),
        lambda m: m.create_or_update_dataset_with_event("t2-" + run, run, "task-a", "trace-2b", "/ckpt/step-200", 0.0),
        lambda m: m.create_or_update_dataset_with_event("t5-" + run, run, "task-d", "trace-5", "/ckpt/step-200", 0.5),
        lambda m: m.get_nth_newest_model_success(run, 1),
        lambda m: m.get_nth_newest_model_success(run, 2),
        lambda m: m.get_nth_newest_model_success(run, 3),
        lambda m: m.get_nth_newest_model_success(run, 9),
        lambda m: m.get_rollouts_by_run_id(run),
        lambda m: m.delete_datasets_by_run_id(run),
        lambda m: m.get_rollouts_by_run_id(run),
        lambda m: m.delete_checkpoint_by_run_id(run),
        lambda m: m.get_latest_n_checkpoint_paths(run, 2),
    ]
    try:
        for number, call in enumerate(calls):
            expected, got = _without_times(call(reference)), _without_times(call(ours))
            if isinstance(expected, tuple):
                assert got == pytest.approx(expected), f"call {number}"
            else:
                assert got == expected, f"call {number}"
        assert ours.is_connected()
    finally:
        ours.close_database()
    assert not ours.is_connected()


def test_a_rollout_stamped_by_an_unknown_checkpoint_is_refused_by_name(server_url: str) -> None:
    ours = rollouts.MySQLRolloutORM({"url": server_url})
    run = f"results/unknown_{uuid.uuid4().hex[:6]}"
    ours.insert_checkpoint("/ckpt/base", run, initial=True)
    with pytest.raises(Exception) as refused:
        ours.create_dataset("t-" + run, run, "task", "trace", "/ckpt/never-registered", 1.0)
    assert "checkpoint_path" in str(refused.value) and "/ckpt/never-registered" in str(refused.value)
    assert ours.get_rollouts_by_run_id(run) == []
    rows: Dict[str, Any] = ours.create_dataset("t-" + run, run, "task", "trace", "/ckpt/base", 1.0)
    assert rows["model_version"] == "/ckpt/base" and rows["trace_id"] == "trace"
    ours.close_database()
