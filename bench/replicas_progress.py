"""A 100,000-replica Deployment coming up, and how responsive commands stay meanwhile.

A cluster of ``--nodes`` nodes (``--max-pods`` each, a pod range wide enough for all of them) gets one
Deployment of ``--replicas`` replicas. The ReplicaSet controller creates them at upstream's pace:
slow-start batches of at most 500 (``burstReplicas``) per pass, every create waiting for the
controller manager's API client (20 requests a second after a burst of 30) — so 100,000 replicas take
about 5,000 simulated seconds to create, whatever the machine. Simulated time advances in slices of
``--slice`` seconds; between two slices a student's ``kubectl get deploy`` runs, and its CPU time is
what "responsive" means here (the engine's simulated time is not the wall clock). The run stops after
``--budget`` seconds of CPU, reporting how far the rollout got.

Reports: replicas created and ready per simulated second, CPU per simulated second of the slices, and
the CPU of each ``kubectl get deploy`` (median, max) — all ``time.process_time`` of this process.

Run: ``.venv/bin/python bench/replicas_progress.py [--nodes 400 --max-pods 250 --replicas 100000]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from k8scourse import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25", resources: {requests: {cpu: 1m, memory: 4Mi}}}]
"""


def scenario(nodes: int, max_pods: int, replicas: int, slice_s: int, budget_s: float, seed: int = 0) -> dict:
    t0 = time.process_time()
    # a /24 per node: 10.128.0.0/14 has 1,024 of them
    c = Cluster(nodes=nodes, seed=seed, max_pods=max_pods, pod_cidr="10.128.0.0/14", addons="none",
                metrics_server=False)
    c.run(seconds=30)
    build = time.process_time() - t0
    c.kubectl("apply -f -", stdin=DEPLOYMENT % replicas, echo=False)
    start = c.sim.now_ms
    get_costs, slices, rows = [], [], []
    t_run = time.process_time()
    while time.process_time() - t_run < budget_s:
        t1 = time.process_time()
        c.run(seconds=slice_s)
        slices.append(time.process_time() - t1)
        t2 = time.process_time()
        out = c.kubectl("get deploy", echo=False).stdout
        get_costs.append(time.process_time() - t2)
        status = c.get("deployments.apps", "web").get("status") or {}
        rows.append(((c.sim.now_ms - start) / 1000, c.store.count("pods", "default"), status.get("readyReplicas", 0),
                     out.splitlines()[1]))
        if status.get("readyReplicas", 0) >= replicas:
            break
    sim_s, created, ready, line = rows[-1]
    return {"nodes": nodes, "max_pods": max_pods, "replicas": replicas, "build_cpu_s": round(build, 2),
            "simulated_s": sim_s, "pods_created": created, "ready": ready,
            "created_per_simulated_s": round(created / sim_s, 2), "run_cpu_s": round(sum(slices), 2),
            "cpu_per_simulated_s": round(sum(slices) / sim_s, 4),
            "get_deploy_cpu_ms_median": round(1000 * statistics.median(get_costs), 2),
            "get_deploy_cpu_ms_max": round(1000 * max(get_costs), 2), "last_get_deploy": line,
            "progress": [(s, n, r) for s, n, r, _ in rows[:: max(1, len(rows) // 10)]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=400)
    parser.add_argument("--max-pods", type=int, default=250)
    parser.add_argument("--replicas", type=int, default=100_000)
    parser.add_argument("--slice", type=int, default=30, help="simulated seconds between two commands")
    parser.add_argument("--budget", type=float, default=240, help="CPU seconds to spend on the rollout")
    parser.add_argument("--json", action="store_true", help="also print BENCH records")
    opts = parser.parse_args()
    r = scenario(opts.nodes, opts.max_pods, opts.replicas, opts.slice, opts.budget)
    print(json.dumps(r, indent=1))
    command = (f".venv/bin/python bench/replicas_progress.py --nodes {opts.nodes} --max-pods {opts.max_pods} "
               f"--replicas {opts.replicas} --slice {opts.slice} --budget {opts.budget:g}")
    benchlib.emit(f"{opts.replicas} replicas on {opts.nodes} nodes: kubectl get deploy between slices",
                  r["get_deploy_cpu_ms_median"], "ms CPU", command=command, max_ms=r["get_deploy_cpu_ms_max"],
                  created=r["pods_created"], ready=r["ready"], simulated_s=r["simulated_s"])
    benchlib.emit(f"{opts.replicas} replicas on {opts.nodes} nodes: rollout", r["cpu_per_simulated_s"],
                  "s CPU per simulated s", command=command, created_per_simulated_s=r["created_per_simulated_s"])


if __name__ == "__main__":
    main()
