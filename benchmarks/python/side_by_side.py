"""The Python client over HTTP next to the guide's module (SQLAlchemy + PyMySQL) on the same local MariaDB: the
same workloads, alternating sides in pairs; medians, ratios, and the race of 8 workers over 50 trajectories
capped at 3 uses. Writes ``docs/python-vs-guide.md`` and ``docs/python-vs-guide.svg`` (the harness puts the
table into ``docs/benchmarks.md``).

    target/py-venv/bin/pip install ./clients/python sqlalchemy pymysql
    target/py-venv/bin/python benchmarks/python/side_by_side.py [--quick]

Needs the server jar (``./mvnw -B -q -DskipTests package``) and a local MariaDB (root, empty password)."""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pymysql

sys.path.insert(0, str(Path(__file__).parent))
from guide_module import MySQLDatasetsORM  # noqa: E402
from trajectory_datasets import DatasetsClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
QUICK = "--quick" in sys.argv
SIZES = dict(one_by_one=100, bulk=5_000, lookups=300, stats=5, updates=1_000, pairs=2) if QUICK else \
    dict(one_by_one=1_000, bulk=50_000, lookups=5_000, stats=20, updates=10_000, pairs=3)


def sql(statement: str) -> None:
    connection = pymysql.connect(host="127.0.0.1", user="root", password="")
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def start_server(schema: str, on_line: Optional[Callable[[str], None]] = None) -> Tuple[subprocess.Popen[str], str]:
    """The server jar on ``schema``; with ``on_line``, its access log is on and every later line of its output goes there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATASETS_")}
    env.update(DATASETS_STORE="mysql", DATASETS_JDBC_URL=f"jdbc:mysql://127.0.0.1:3306/{schema}", DATASETS_DB_USER="root",
               DATASETS_DB_PASSWORD="")
    process = subprocess.Popen(["java", f"-Dorg.slf4j.simpleLogger.log.access={'info' if on_line else 'warn'}", "-jar",
                                str(ROOT / "bootstrap/target/trajectory-datasets.jar"), "serve", "--port", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            threading.Thread(target=lambda: [(on_line or (lambda _: None))(rest) for rest in process.stdout or []], daemon=True).start()
            return process, found.group(1)
    raise RuntimeError("the server did not start")


def rate(count: int, work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return count / (time.perf_counter() - start)


class Side:
    """One way of doing each workload; ``prefix`` keeps each trial's ids apart."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bulk_ids: List[str] = []


class Guide(Side):
    def __init__(self, schema: str) -> None:
        super().__init__("guide's module")
        self.m = MySQLDatasetsORM({"host": "127.0.0.1", "port": 3306, "user": "root", "password": "", "database": schema})

    def create_one_by_one(self, prefix: str, n: int) -> None:
        for i in range(n):
            self.m.create_dataset(f"{prefix}_one_{i}", f"{prefix}_one")

    def bulk_create(self, prefix: str, n: int) -> List[str]:
        rows = [{"trajectory_id": f"{prefix}_bulk_{i}", "run_id": f"{prefix}_bulk"} for i in range(n)]
        self.m.bulk_insert_datasets(rows)
        return [r["trajectory_id"] for r in rows]

    def lookups(self, ids: List[str]) -> None:
        for trajectory_id in ids:
            assert self.m.get_dataset_by_trajectory_id(trajectory_id) is not None

    def search_run(self, run: str) -> int:
        return len(self.m.search_datasets(run_id=run))

    def stats(self, n: int) -> None:
        for _ in range(n):
            self.m.get_usage_stats()

    def set_used(self, ids: List[str], used: int) -> None:
        self.m.batch_update_usage(ids, used)

    def walk_all(self) -> int:
        walked, offset = 0, 0
        while True:
            page = self.m.get_all_datasets(limit=100, offset=offset)
            if not page:
                return walked
            walked += len(page)
            offset += 100

    def race_worker(self, run: str) -> int:
        believed = 0
        while True:
            rows = self.m.search_datasets(run_id=run, usage_time_max=2)
            if not rows:
                return believed
            row = random.choice(rows)
            self.m.update_used(row["trajectory_id"], row["used"] + 1)
            believed += 1

    def uses(self, run: str) -> List[int]:
        return [r["used"] for r in self.m.search_datasets(run_id=run)]

    def seed(self, run: str, n: int) -> None:
        self.m.bulk_insert_datasets([{"trajectory_id": f"{run}_{i}", "run_id": run} for i in range(n)])


class Client(Side):
    def __init__(self, url: str) -> None:
        super().__init__("Python client over HTTP")
        self.url = url
        self.c = DatasetsClient(url)

    def create_one_by_one(self, prefix: str, n: int) -> None:
        for i in range(n):
            self.c.create_dataset(f"{prefix}_one_{i}", f"{prefix}_one")

    def bulk_create(self, prefix: str, n: int) -> List[str]:
        ids = [f"{prefix}_bulk_{i}" for i in range(n)]
        for start in range(0, n, 10_000):
            self.c.create_datasets([{"trajectory_id": t, "run_id": f"{prefix}_bulk"} for t in ids[start:start + 10_000]])
        return ids

    def lookups(self, ids: List[str]) -> None:
        for trajectory_id in ids:
            assert self.c.get_dataset_by_trajectory_id(trajectory_id) is not None

    def search_run(self, run: str) -> int:
        return len(self.c.search_datasets(run_id=run))

    def stats(self, n: int) -> None:
        for _ in range(n):
            self.c.get_usage_stats()

    def set_used(self, ids: List[str], used: int) -> None:
        for start in range(0, len(ids), 10_000):
            self.c.update_datasets([{"trajectory_id": t, "used": used} for t in ids[start:start + 10_000]])

    def walk_all(self) -> int:
        return sum(1 for _ in self.c.iter_datasets(page_size=1_000))

    def race_worker(self, run: str) -> int:
        with DatasetsClient(self.url) as own:
            counted = 0
            while True:
                taken = own.claim(1, run, max_used=3)["items"]
                if not taken:
                    return counted
                counted += len(taken)

    def uses(self, run: str) -> List[int]:
        return [r["used"] for r in self.c.iter_datasets(run_id=run)]

    def seed(self, run: str, n: int) -> None:
        self.c.create_datasets([{"trajectory_id": f"{run}_{i}", "run_id": run} for i in range(n)])


def race(side: Side, run: str) -> Dict[str, int]:
    side.seed(run, 50)  # type: ignore[attr-defined]
    counts: List[int] = []
    workers = [threading.Thread(target=lambda: counts.append(side.race_worker(run))) for _ in range(8)]  # type: ignore[attr-defined]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    uses: List[int] = side.uses(run)  # type: ignore[attr-defined]
    return {"believed": sum(counts), "stored": sum(uses), "lost": sum(counts) - sum(uses), "past_cap": sum(1 for u in uses if u > 3)}


def trial(side: Any, t: int, results: Dict[str, List[float]]) -> None:
    prefix = f"t{t}_{uuid.uuid4().hex[:6]}"
    ids: List[str] = []
    results.setdefault("bulk create (rows/s)", []).append(rate(SIZES["bulk"], lambda: ids.extend(side.bulk_create(prefix, SIZES["bulk"]))))
    probe = random.Random(t)
    picks = [ids[probe.randrange(len(ids))] for _ in range(SIZES["lookups"])]
    results.setdefault("lookup by trajectory_id (/s)", []).append(rate(len(picks), lambda: side.lookups(picks)))
    run = f"{prefix}_bulk"
    results.setdefault("search one run (rows/s)", []).append(rate(SIZES["bulk"], lambda: side.search_run(run)))
    results.setdefault("usage stats (/s)", []).append(rate(SIZES["stats"], lambda: side.stats(SIZES["stats"])))
    results.setdefault("set used on 10,000 given ids (rows/s)" if not QUICK else "set used on given ids (rows/s)", []).append(
        rate(SIZES["updates"], lambda: side.set_used(ids[:SIZES["updates"]], 2)))
    results.setdefault("create one by one (/s)", []).append(rate(SIZES["one_by_one"], lambda: side.create_one_by_one(prefix, SIZES["one_by_one"])))
    if t == 0:
        # Once per side, on the same number of rows: the guide's offset pages re-sort every row per page.
        start = time.perf_counter()
        walked = side.walk_all()
        results.setdefault("walk all rows (rows/s)", []).append(walked / (time.perf_counter() - start))


def main() -> None:
    tag = uuid.uuid4().hex[:8]
    guide_schema, server_schema = f"sbs_guide_{tag}", f"sbs_server_{tag}"
    for schema in (guide_schema, server_schema):
        sql(f"CREATE DATABASE {schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    server, url = start_server(server_schema)
    try:
        guide, client = Guide(guide_schema), Client(url)
        client.c.health()
        results: Dict[str, Dict[str, List[float]]] = {guide.name: {}, client.name: {}}
        for t in range(SIZES["pairs"]):
            first, second = (guide, client) if t % 2 == 0 else (client, guide)
            for side in (first, second):
                trial(side, t, results[side.name])
                print(f"trial {t}: {side.name} done", flush=True)
        races = {side.name: race(side, f"race_{tag}_{i}") for i, side in enumerate((guide, client))}
        write(results, races, guide.name, client.name)
    finally:
        server.terminate()
        server.wait(30)
        for schema in (guide_schema, server_schema):
            sql(f"DROP DATABASE IF EXISTS {schema}")


TARGETS = {"create one by one (/s)": 1.0, "lookup by trajectory_id (/s)": 1.0, "usage stats (/s)": 1.0,
           "bulk create (rows/s)": 10.0, "set used on 10,000 given ids (rows/s)": 10.0}


def commit() -> str:
    """The checked-out commit, with "+changes" when the work tree differs (as the Java harness writes it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write(results: Dict[str, Dict[str, List[float]]], races: Dict[str, Dict[str, int]], guide: str, client: str) -> None:
    lines = [f"Measured {date.today()} at commit {commit()} on {os.cpu_count()} cores, Python {sys.version.split()[0]}, local MariaDB; the guide's module "
             f"(SQLAlchemy ORM + PyMySQL, written from the guide: one session per call, its bulk recipes) and the Python client "
             f"over HTTP to the server on the same database; sides alternate which goes first, {SIZES['pairs']} trials each (the walk once), medians. "
             f"`python benchmarks/python/side_by_side.py`{' --quick (sizes cut tenfold: not figures)' if QUICK else ''}.", "",
             "| workload | guide's module | Python client | client / guide | target | met |", "|---|---:|---:|---:|---|---|"]
    bars = []
    for workload, values in results[guide].items():
        g, c = statistics.median(values), statistics.median(results[client][workload])
        target = TARGETS.get(workload)
        lines.append(f"| {workload} | {g:,.0f} | {c:,.0f} | x{c / g:.2f} | {'' if target is None else f'>= x{target:g}'} | "
                     f"{'' if target is None else ('yes' if c / g >= target else 'NO')} |")
        bars.append((workload, c / g))
    lines += ["", "8 workers sharing 50 trajectories capped at 3 uses (150 uses in all):", "",
              "| side | uses the workers counted | uses stored | lost updates | rows past the cap |", "|---|---:|---:|---:|---:|"]
    for side, r in races.items():
        lines.append(f"| {side} (the guide's search-then-update recipe)" if side == guide else f"| {side} (claims)")
        lines[-1] += f" | {r['believed']} | {r['stored']} | {r['lost']} | {r['past_cap']} |"
    lines += ["", "![client / guide, per workload](python-vs-guide.svg)", ""]
    docs = ROOT / "docs"
    (docs / "python-vs-guide.md").write_text("\n".join(lines))
    (docs / "python-vs-guide.svg").write_text(svg(bars))
    print("\n".join(lines))


def svg(bars: List[Tuple[str, float]]) -> str:
    """A horizontal bar per workload: client / guide on a log scale from x0.1 to x1000, the parity line at x1."""
    import math
    width, row, left = 760, 28, 300
    scale = (width - left - 20) / 4.0

    def x(value: float) -> float:
        return left + (math.log10(max(0.1, min(1000.0, value))) + 1) * scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(bars) + 50}" font-family="sans-serif" font-size="12">']
    for i, (name, ratio) in enumerate(bars):
        y = 20 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{name}</text>')
        parts.append(f'<rect x="{x(0.1)}" y="{y + 3}" width="{x(ratio) - x(0.1):.1f}" height="{row - 8}" fill="{"#3a7" if ratio >= 1 else "#c55"}"/>')
        parts.append(f'<text x="{x(ratio) + 4:.1f}" y="{y + 15}">x{ratio:.2f}</text>')
    base = 20 + row * len(bars)
    parts.append(f'<line x1="{x(1)}" y1="10" x2="{x(1)}" y2="{base}" stroke="#000" stroke-dasharray="4 3"/>')
    for tick in (0.1, 1, 10, 100, 1000):
        parts.append(f'<text x="{x(tick)}" y="{base + 16}" text-anchor="middle">x{tick:g}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
