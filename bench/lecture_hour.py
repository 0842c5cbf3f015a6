"""One simulated hour of a lecture-sized cluster: 3 nodes, 30 pods with probes, kubelets running.

Pods: 12 nginx web servers with liveness + readiness httpGet probes (every 10 s), 6 redis with a
tcpSocket readiness probe, 6 busybox loops printing the date every 5 s with an exec liveness probe,
3 crash-looping busybox containers (back-off up to 300 s) and 3 ``stress`` pods. The node
heartbeats (lease every 10 s, node status every 5 min) and, once the accounting lands, usage
sampling run throughout. Reports CPU time of this process (``time.process_time``: other load on a
shared machine disturbs it less than the wall clock) and the simulated/CPU ratio.

Run: ``.venv/bin/python bench/lecture_hour.py``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from k8scourse import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

WEB = """apiVersion: v1
kind: Pod
metadata: {{name: web-{i}, labels: {{app: web}}}}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports: [{{containerPort: 80}}]
    resources: {{requests: {{cpu: 50m, memory: 64Mi}}}}
    livenessProbe: {{httpGet: {{path: /, port: 80}}}}
    readinessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: 10}}
"""
REDIS = """apiVersion: v1
kind: Pod
metadata: {{name: redis-{i}}}
spec:
  containers:
  - name: redis
    image: redis:7
    readinessProbe: {{tcpSocket: {{port: 6379}}}}
"""
LOOP = """apiVersion: v1
kind: Pod
metadata: {{name: loop-{i}}}
spec:
  containers:
  - name: loop
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/ok; while true; do echo $(date); sleep 5; done"]
    livenessProbe: {{exec: {{command: [cat, /tmp/ok]}}}}
"""
CRASH = """apiVersion: v1
kind: Pod
metadata: {{name: crash-{i}}}
spec:
  containers:
  - name: crash
    image: busybox:1.36
    command: ["sh", "-c", "echo boom; exit 1"]
"""
STRESS = """apiVersion: v1
kind: Pod
metadata: {{name: stress-{i}}}
spec:
  containers:
  - name: stress
    image: polinux/stress
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "100M", "--vm-hang", "1"]
"""


def scenario(seed: int = 0) -> tuple[Cluster, float, float]:
    c = Cluster(nodes=3, seed=seed)
    nodes = [n["metadata"]["name"] for n in c.list("nodes")]
    docs = [t.format(i=i) for t, n in ((WEB, 12), (REDIS, 6), (LOOP, 6), (CRASH, 3), (STRESS, 3)) for i in range(n)]
    t0 = time.process_time()
    c.apply("---\n".join(docs), echo=False)
    if c.scheduler is None:
        for i, p in enumerate(c.list("pods")):
            c.api.bind("default", p["metadata"]["name"], nodes[i % len(nodes)])
    setup = time.process_time() - t0
    t1 = time.process_time()
    c.run(seconds=3600)
    return c, setup, time.process_time() - t1


def main() -> None:
    runs = [scenario() for _ in range(3)]
    c = runs[0][0]
    walls = sorted(r[2] for r in runs)
    wall = walls[1]
    phases = {}
    for p in c.list("pods"):
        phases[p["status"]["phase"]] = phases.get(p["status"]["phase"], 0) + 1
    result = {"pods": len(c.list("pods")), "phases": phases, "apply_s": round(runs[0][1], 3),
              "simulated_s": 3600, "wall_s_median_of_3": round(wall, 3), "ratio": round(3600 / wall),
              "store_revision": c.store.revision,
              "usage_sampling": bool(any(getattr(k, "cadvisor", None) for k in c.kubelets.values()))}
    print(json.dumps(result, indent=1))
    benchlib.emit("lecture cluster, one simulated hour (median of 3)", wall, "s CPU", baseline=3600,
                  baseline_name="simulated seconds", ratio=3600 / wall, ratio_name="simulated / CPU",
                  command=".venv/bin/python bench/lecture_hour.py", store_revision=c.store.revision)


if __name__ == "__main__":
    main()
