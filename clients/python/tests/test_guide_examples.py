"""Every code example of the guide's usage, scenario, error-handling, paging, monitoring and Q&A sections, as
written there, with only the import changed (``verl.utils.database.mysql`` -> ``trajectory_datasets``), against
the real server; what each prints or returns is checked after. Not here: the guide's "batch operations" tip, whose
``session.query(Dataset).filter(...)`` is SQLAlchemy's query API (the package README says what to use instead)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Dict, List

import pytest

from trajectory_datasets import DB_CONFIG, Dataset, MySQLDatasetsORM, create_database_manager


@pytest.fixture(autouse=True)
def clean_slate() -> None:
    manager = create_database_manager()
    for run in ("experiment_alpha", "run_alpha", "run_beta", "rl_training_v1", "exp_2024_001", "exp_2023_001",
                "exp_2023_002", "bulk_q3"):
        manager.delete_datasets_by_run_id(run)
    for trajectory_id in ("traj_001", "traj_002"):
        manager.delete_dataset(trajectory_id)
    manager.close_database()


def test_quick_start_and_the_three_ways_to_build_a_manager(capsys: pytest.CaptureFixture[str]) -> None:
    # from verl.utils.database.mysql import create_database_manager
    # 创建数据库管理器
    manager = create_database_manager()

    # 创建数据集记录
    dataset = manager.create_dataset(
        trajectory_id="traj_001",
        run_id="experiment_alpha",
        used=0
    )
    print(f"创建成功: {dataset}")

    # from verl.utils.database.mysql import MySQLDatasetsORM, DB_CONFIG
    # 方式1: 使用预定义配置
    manager = MySQLDatasetsORM(DB_CONFIG)

    # 方式2: 使用自定义配置
    custom_config = {
        'host': 'your_host',
        'user': 'your_user',
        'password': 'your_password',
        'database': 'your_database',
        'port': 3306,
        'charset': 'utf8mb4'
    }
    manager = MySQLDatasetsORM(custom_config)

    # 方式3: 使用工厂函数
    manager = create_database_manager()

    assert "创建成功: {'id': " in capsys.readouterr().out
    assert dataset["trajectory_id"] == "traj_001" and dataset["run_id"] == "experiment_alpha" and dataset["used"] == 0
    for key in ("id", "trajectory_id", "created_at", "used", "model_version", "run_id"):
        assert key in dataset
    assert manager.get_dataset_by_id(dataset["id"]) == dataset
    assert manager.get_dataset_by_trajectory_id("traj_001") == dataset


def test_create_query_update_delete_and_search_as_the_api_section_shows(capsys: pytest.CaptureFixture[str]) -> None:
    manager = create_database_manager()

    # 创建基础记录
    dataset = manager.create_dataset("traj_001", "run_alpha")

    # 创建带使用次数的记录
    dataset = manager.create_dataset("traj_002", "run_alpha", used=5)

    # 处理重复ID错误
    try:
        dataset = manager.create_dataset("traj_001", "run_beta")
    except ValueError as e:
        print(f"创建失败: {e}")  # trajectory_id 'traj_001' already exists

    assert capsys.readouterr().out == "创建失败: trajectory_id 'traj_001' already exists\n"
    assert dataset["used"] == 5

    # 获取运行alpha的所有记录
    datasets = manager.get_datasets_by_run_id("run_alpha")

    # 分页获取
    page = manager.get_datasets_by_run_id("run_alpha", offset=10, limit=20)
    assert [d["trajectory_id"] for d in datasets] == ["traj_001", "traj_002"]
    assert page == []
    assert manager.get_dataset_by_id(999_999_999) is None
    assert manager.get_dataset_by_trajectory_id("no_such_trajectory") is None

    # 更新单个字段
    success = manager.update_used("traj_001", 10)

    # 更新多个字段
    success = manager.update_dataset(
        trajectory_id="traj_001",
        used=15,
        model_version=2,
        run_id="run_beta"
    )
    assert success is True
    assert manager.update_run_id("traj_002", "run_beta") is True
    assert manager.update_used("no_such_trajectory", 1) is False
    record = manager.get_dataset_by_trajectory_id("traj_001")
    assert record is not None and (record["used"], record["model_version"], record["run_id"]) == (15, 2, "run_beta")

    # 搜索高使用次数的记录
    high_usage = manager.search_datasets(usage_time_min=10)

    # 搜索特定运行ID的记录
    run_records = manager.search_datasets(run_id="experiment_alpha")

    # 搜索时间范围内的记录
    recent_records = manager.search_datasets(
        created_after=datetime(2024, 1, 1),
        created_before=datetime(2024, 12, 31)
    )

    # 组合搜索条件
    filtered = manager.search_datasets(
        run_id="experiment_alpha",
        usage_time_min=5,
        usage_time_max=20
    )
    assert "traj_001" in [d["trajectory_id"] for d in high_usage]
    assert run_records == [] and filtered == [] and recent_records == []
    assert [d["trajectory_id"] for d in manager.search_datasets(run_id="run_beta", usage_time_min=5, usage_time_max=20)] \
        == ["traj_001", "traj_002"]

    stats = manager.get_usage_stats()
    assert set(stats) == {"total_count", "avg_usage_time", "max_usage_time", "min_usage_time", "unique_runs"}
    assert manager.count_datasets() == stats["total_count"]
    assert manager.delete_dataset("traj_002") is True and manager.delete_dataset("traj_002") is False
    assert manager.delete_datasets_by_run_id("run_beta") == 1


def test_the_three_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    def manage_training_data() -> Any:
        manager = create_database_manager()

        # 创建训练轨迹
        trajectory_id = f"traj_{int(time.time())}"
        dataset = manager.create_dataset(
            trajectory_id=trajectory_id,
            run_id="rl_training_v1",
            used=0
        )

        # 训练完成后更新使用次数
        manager.update_used(trajectory_id, 1)

        # 查询可用于训练的数据
        available_data = manager.search_datasets(
            run_id="rl_training_v1",
            usage_time_min=0,
            usage_time_max=5  # 使用次数不超过5次
        )

        return available_data

    def track_experiment_data() -> None:
        manager = create_database_manager()

        # 记录实验开始
        experiment_id = "exp_2024_001"

        # 创建多个数据点
        for i in range(10):
            trajectory_id = f"{experiment_id}_traj_{i}"
            manager.create_dataset(
                trajectory_id=trajectory_id,
                run_id=experiment_id,
                used=0
            )

        # 获取实验统计信息
        experiment_data = manager.get_datasets_by_run_id(experiment_id)
        stats = manager.get_usage_stats()

        print(f"实验 {experiment_id} 包含 {len(experiment_data)} 个数据点")
        print(f"总体统计: {stats}")

    def cleanup_old_data() -> None:
        manager = create_database_manager()

        # 删除过期的实验数据
        old_experiments = ["exp_2023_001", "exp_2023_002"]
        for exp_id in old_experiments:
            deleted_count = manager.delete_datasets_by_run_id(exp_id)
            print(f"删除了实验 {exp_id} 的 {deleted_count} 条记录")

        # 清理使用次数过多的数据
        overused_data = manager.search_datasets(usage_time_min=100)
        for data in overused_data:
            manager.delete_dataset(data['trajectory_id'])
            print(f"删除了过度使用的数据: {data['trajectory_id']}")

    available = manage_training_data()
    assert len(available) == 1 and available[0]["used"] == 1
    track_experiment_data()
    manager = create_database_manager()
    manager.create_datasets([{"trajectory_id": f"old_{i}", "run_id": "exp_2023_001"} for i in range(3)])
    manager.create_dataset("worn_out", "exp_2023_002", used=150)
    cleanup_old_data()
    out = capsys.readouterr().out
    assert "实验 exp_2024_001 包含 10 个数据点" in out
    assert "删除了实验 exp_2023_001 的 3 条记录" in out
    assert "删除了实验 exp_2023_002 的 1 条记录" in out
    assert manager.search_datasets(usage_time_min=100) == []


def test_the_error_handling_recipes(capsys: pytest.CaptureFixture[str]) -> None:
    def safe_create_dataset(trajectory_id: str, run_id: str, used: int = 0) -> Any:
        manager = create_database_manager()

        try:
            dataset = manager.create_dataset(trajectory_id, run_id, used)
            return dataset
        except ValueError as e:
            # 处理重复ID错误
            print(f"创建失败 - 重复ID: {e}")
            return None
        except Exception as e:
            # 处理其他数据库错误
            print(f"创建失败 - 数据库错误: {e}")
            return None

    def safe_get_dataset(trajectory_id: str) -> Any:
        manager = create_database_manager()

        try:
            dataset = manager.get_dataset_by_trajectory_id(trajectory_id)
            if dataset is None:
                print(f"数据不存在: {trajectory_id}")
                return None
            return dataset
        except Exception as e:
            print(f"查询失败: {e}")
            return None

    def safe_batch_update(trajectory_ids: List[str], new_used: int) -> int:
        manager = create_database_manager()

        success_count = 0
        for trajectory_id in trajectory_ids:
            try:
                success = manager.update_used(trajectory_id, new_used)
                if success:
                    success_count += 1
            except Exception as e:
                print(f"更新 {trajectory_id} 失败: {e}")

        print(f"成功更新 {success_count}/{len(trajectory_ids)} 条记录")
        return success_count

    assert safe_create_dataset("traj_001", "run_alpha")["used"] == 0
    assert safe_create_dataset("traj_001", "run_alpha") is None
    assert safe_get_dataset("missing_one") is None
    assert safe_get_dataset("traj_001")["trajectory_id"] == "traj_001"
    assert safe_batch_update(["traj_001", "missing_one"], 3) == 1
    assert safe_create_dataset("x" * 300, "run_alpha") is None
    out = capsys.readouterr().out
    assert "创建失败 - 重复ID: trajectory_id 'traj_001' already exists" in out
    assert "数据不存在: missing_one" in out
    assert "成功更新 1/2 条记录" in out
    assert "创建失败 - 重复ID: trajectory_id must be at most 255" in out   # a bad argument is a ValueError too


def test_paging_and_monitoring(capsys: pytest.CaptureFixture[str]) -> None:
    seen: List[Dict[str, Any]] = []

    def process_dataset(dataset: Dict[str, Any]) -> None:
        seen.append(dataset)

    # 处理大量数据时使用分页
    def process_all_datasets() -> None:
        manager = create_database_manager()
        offset = 0
        limit = 100

        while True:
            datasets = manager.get_all_datasets(limit=limit, offset=offset)
            if not datasets:
                break

            # 处理这批数据
            for dataset in datasets:
                process_dataset(dataset)

            offset += limit

    def monitor_database_performance() -> None:
        manager = create_database_manager()

        # 监控查询性能
        start_time = time.time()
        datasets = manager.get_all_datasets(limit=1000)
        query_time = time.time() - start_time

        print(f"查询1000条记录耗时: {query_time:.3f}秒")

        # 监控统计查询性能
        start_time = time.time()
        stats = manager.get_usage_stats()
        stats_time = time.time() - start_time

        print(f"统计查询耗时: {stats_time:.3f}秒")

    manager = create_database_manager()
    manager.create_datasets([{"trajectory_id": f"bulk_q3_page_{i}", "run_id": "bulk_q3"} for i in range(250)])
    process_all_datasets()
    monitor_database_performance()
    assert len(seen) == manager.count_datasets() and len({d["id"] for d in seen}) == len(seen)
    out = capsys.readouterr().out
    assert "查询1000条记录耗时: " in out and "统计查询耗时: " in out


def test_q1_q3_q4(capsys: pytest.CaptureFixture[str]) -> None:
    # Q1: 自定义连接配置
    custom_config = {
        **DB_CONFIG,
        'connect_timeout': 60,
        'read_timeout': 60,
        'write_timeout': 60
    }
    manager = MySQLDatasetsORM(custom_config)
    assert manager.count_datasets() >= 0

    # Q3
    def bulk_insert_datasets(datasets_list: List[Dict[str, Any]]) -> None:
        manager = create_database_manager()
        with manager.get_session() as session:
            for dataset_data in datasets_list:
                dataset = Dataset(**dataset_data)
                session.add(dataset)
            session.commit()

    bulk_insert_datasets([{"trajectory_id": f"bulk_q3_{i}", "run_id": "bulk_q3", "used": i % 3} for i in range(1_000)])
    assert manager.count_datasets(run_id="bulk_q3") == 1_000

    # Q4
    def migrate_data() -> None:
        manager = create_database_manager()

        # 获取所有需要迁移的数据
        datasets = manager.get_all_datasets()

        for dataset in datasets:
            # 执行迁移逻辑
            if dataset['model_version'] == 0:
                manager.update_dataset(
                    dataset['trajectory_id'],
                    model_version=1
                )

    migrate_data()
    assert all(d["model_version"] == 1 for d in manager.get_all_datasets())
