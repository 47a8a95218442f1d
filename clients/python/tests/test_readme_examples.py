"""The READMEs' Python examples, run as written against the real server (only the names a reader supplies, such as
``train``, are defined here, and run ids are made unique so the examples can run twice)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

from conftest import ROOT, unique
from trajectory_datasets import DatasetsClient


def python_blocks(readme: Path) -> List[str]:
    return re.findall(r"```python\n(.*?)```", readme.read_text(), re.S)


def test_the_top_readmes_quick_start_trains_on_four_groups_as_written(server_url: str) -> None:
    block = next(b for b in python_blocks(ROOT / "README.md") if "create_database_manager" in b)
    run = unique("quickstart")
    block = block.replace("run_quickstart", run).replace('f"rollout_{i}"', f'f"{run}_{{i}}"').replace('"rollout_0"', f'"{run}_0"')
    trained: List[Any] = []
    namespace: Dict[str, Any] = {"train": trained.extend, "print": lambda *_: None}
    exec(compile(block, "README.md", "exec"), namespace)
    assert len(trained) == 4 and all(len(group["items"]) == 8 for group in trained)
    with DatasetsClient(server_url) as client:
        assert client.count_datasets(run_id=run, usage_time_min=1) == 4 * 8 + 1, "the step was counted, and rollout_0's use"


def test_the_client_readmes_grpo_loop_trains_every_rollout_once(server_url: str) -> None:
    block = next(b for b in python_blocks(ROOT / "clients" / "python" / "README.md") if "train_step" in b)
    run = unique("grpo")
    block = block.replace('"grpo_demo"', f'"{run}"')
    steps: List[Any] = []
    printed: List[Any] = []
    namespace: Dict[str, Any] = {"train_step": steps.append, "print": printed.append, "__name__": "readme"}
    exec(compile(block, "clients/python/README.md", "exec"), namespace)
    assert len(steps) == 4 and all(len(groups) == 2 for groups in steps)
    assert printed == [[{"used": 1, "trajectories": 64}]], printed
    with DatasetsClient(server_url) as client:
        assert [c["version"] for c in client.checkpoints(run)["items"]] == [4, 3, 2, 1, 0]


def test_the_consumer_groups_example_trains_and_evaluates_every_group_once(server_url: str) -> None:
    block = next(b for b in python_blocks(ROOT / "docs" / "consumer-groups.md") if "consumer_group=" in b)
    run = unique("cg")
    block = block.replace('"cg_demo"', f'"{run}"').replace('f"cg_{t}_{i}"', f'f"{run}_{{t}}_{{i}}"')
    trained: List[Any] = []
    evaluated: List[Any] = []
    printed: List[Any] = []
    namespace: Dict[str, Any] = {"train": trained.extend, "evaluate": evaluated.extend, "print": printed.append}
    exec(compile(block, "docs/consumer-groups.md", "exec"), namespace)
    assert sorted(g["task_id"] for g in trained) == sorted(g["task_id"] for g in evaluated) == ["t0", "t1", "t2", "t3"]
    assert printed == [[{"run_id": run, "consumer_group": "default", "used": 16, "unused": 0, "uses": 16},
                        {"run_id": run, "consumer_group": "eval", "used": 16, "unused": 0, "uses": 16}]]
