"""A trainer process for the soak test: takes leased steps of groups of a run through ``GroupFeed``, trains (sleeps),
fails a share of its steps (releases them), acknowledges the rest, and logs each step as a JSON line."""

from __future__ import annotations

import json
import random
import sys
import time

from trajectory_datasets import DatasetsClient, GroupFeed


def main() -> None:
    url, run, consumer, log_path, fail_rate, lease_seconds, idle, shortest = sys.argv[1:9]
    rng = random.Random(consumer)
    with DatasetsClient(url) as client, open(log_path, "a", buffering=1) as log, \
            GroupFeed(client, run, group_size=4, max_groups=2, lease_seconds=int(lease_seconds), wait_ms=1000,
                      idle_timeout=float(idle), consumer=consumer) as feed:
        for index, step in enumerate(feed):
            rows = [r["trajectory_id"] for r in step.items]
            log.write(json.dumps({"event": "take", "lease": step.lease_id, "rows": rows, "at": time.time()}) + "\n")
            # Most steps are short; one in ten lasts longer than the lease (heartbeats keep it).
            time.sleep(1.5 * int(lease_seconds) if rng.random() < 0.1 else rng.uniform(float(shortest), float(shortest) + 0.25))
            if float(fail_rate) > 0 and index % round(1 / float(fail_rate)) == 2:   # one step in 1/fail_rate fails
                step.release()
                log.write(json.dumps({"event": "release", "lease": step.lease_id, "at": time.time()}) + "\n")
                continue
            settled = step.ack()
            log.write(json.dumps({"event": "ack", "lease": step.lease_id, "counted": [r["trajectory_id"] for r in settled["items"]],
                                  "at": time.time()}) + "\n")


if __name__ == "__main__":
    main()
