"""Where a bulk create's time goes, per row, from the Python client to the database (issue 33).

Batches of 10,000 rows (``trajectory_id`` and ``run_id``, as ``side_by_side.py`` creates them), each step timed on
its own, medians of the trials: encoding the body on the client (``json.dumps``), the server's work as its access log
times it (parse, validate, insert, encode the answer), the whole request with a body encoded beforehand (the server's
work plus the transport), decoding the answer on the client, and the client's ``create_datasets`` call end to end.

``python benchmarks/python/bulk_create_steps.py [trials]``: needs the server jar and a local MariaDB (root, empty
password), as ``side_by_side.py`` does; prints a Markdown table.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List

sys.path.insert(0, str(Path(__file__).parent))
from side_by_side import commit, sql, start_server  # noqa: E402
from trajectory_datasets import DatasetsClient  # noqa: E402

BATCH = 10_000


def body(prefix: str) -> Dict[str, Any]:
    return {"items": [{"trajectory_id": f"{prefix}_{i}", "run_id": f"{prefix}_run"} for i in range(BATCH)], "on_conflict": "error"}


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    schema = f"steps_{uuid.uuid4().hex[:8]}"
    sql(f"CREATE DATABASE {schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    server_millis: List[float] = []
    watching = threading.Event()

    def watch(line: str) -> None:
        found = re.search(r"POST /v1/datasets/batch 201 (\d+)ms", line)
        if found and watching.is_set():
            server_millis.append(float(found.group(1)))

    server, url = start_server(schema, watch)
    steps: Dict[str, List[float]] = {k: [] for k in ("encode", "request", "decode", "client")}
    try:
        client = DatasetsClient(url)
        client.create_datasets(body("warm")["items"])
        watching.set()
        for t in range(trials):
            payload = body(f"raw{t}")
            start = time.perf_counter()
            encoded = json.dumps(payload).encode()
            steps["encode"].append(time.perf_counter() - start)
            request = urllib.request.Request(f"{url}/v1/datasets/batch", data=encoded, headers={"Content-Type": "application/json"})
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                answer = response.read()
            steps["request"].append(time.perf_counter() - start)
            start = time.perf_counter()
            json.loads(answer)
            steps["decode"].append(time.perf_counter() - start)
            items = body(f"client{t}")["items"]
            start = time.perf_counter()
            client.create_datasets(items)
            steps["client"].append(time.perf_counter() - start)
        time.sleep(0.5)
        watching.clear()
    finally:
        server.terminate()
        server.wait(30)
        sql(f"DROP DATABASE {schema}")
    per_row = {k: statistics.median(v) / BATCH * 1e6 for k, v in steps.items()}
    server_side = statistics.median(server_millis) * 1000 / BATCH if server_millis else float("nan")
    print(f"Measured {time.strftime('%Y-%m-%d')} at commit {commit()}; `python benchmarks/python/bulk_create_steps.py {trials}`: "
          f"batches of {BATCH:,} rows, medians of {trials} trials (server: {len(server_millis)} requests timed by its access log).\n")
    print("| step | microseconds per row |\n|---|---:|")
    print(f"| encode the body on the client (`json.dumps`) | {per_row['encode']:.1f} |")
    print(f"| the server's work (access log: parse, validate, insert, encode the answer) | {server_side:.1f} |")
    print(f"| the request, body encoded beforehand (server + transport) | {per_row['request']:.1f} |")
    print(f"| decode the answer on the client (`json.loads`) | {per_row['decode']:.1f} |")
    print(f"| the client's `create_datasets`, end to end | {per_row['client']:.1f} |")


if __name__ == "__main__":
    main()
