#!/usr/bin/env python3
# Usage: python3 benchmarks/scripts/large_bodies.py bootstrap/target/trajectory-datasets.jar [max heap, e.g. 512m]
# 100 concurrent bodies of just under 16 MiB against the real server; samples the server's resident memory.
import http.client, json, os, re, subprocess, sys, threading, time
jar, heap = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
cmd = ["java"] + ([f"-Xmx{heap}"] if heap else []) + ["-jar", jar, "serve", "--store", "memory", "--port", "0"]
server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in server.stdout:
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if m:
        port = int(m.group(1)); break
log = []
threading.Thread(target=lambda: [log.append(l) for l in server.stdout], daemon=True).start()
def rss():
    with open(f"/proc/{server.pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) // 1024
body = json.dumps({"items": [{"trajectory_id": "x" * 200, "run_id": "r"}] * 1 + [{"trajectory_id": "y", "run_id": "z" * (16 * 1024 * 1024 - 100 * 1024)}]}).encode()
statuses, peak, done = {}, [rss()], [False]
def sample():
    while not done[0]:
        peak.append(rss()); time.sleep(0.1)
threading.Thread(target=sample, daemon=True).start()
def send():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        c.request("POST", "/v1/datasets/batch", body=body, headers={"Content-Type": "application/json"})
        r = c.getresponse(); r.read(); statuses[r.status] = statuses.get(r.status, 0) + 1
    except Exception as e:
        statuses[type(e).__name__] = statuses.get(type(e).__name__, 0) + 1
threads = [threading.Thread(target=send) for _ in range(100)]
start = rss(); t0 = time.time()
[t.start() for t in threads]; [t.join() for t in threads]
time.sleep(2); after = rss(); done[0] = True
import collections
served = collections.Counter(re.search(r"/v1/datasets/batch (\d{3}) ", l).group(1) for l in log if re.search(r"/v1/datasets/batch (\d{3}) ", l))
print("server's access log statuses:", dict(served))
print(f"heap={heap or 'default'} body={len(body)/1048576:.2f} MiB x100: statuses {statuses} in {time.time()-t0:.1f} s; "
      f"RSS before {start} MiB, peak {max(peak)} MiB, 2 s after {after} MiB; 500s/ERROR/OOM lines in log: "
      f"{sum(1 for l in log if ' 500 ' in l or 'ERROR' in l or 'OutOfMemory' in l)}")
server.terminate(); server.wait()
