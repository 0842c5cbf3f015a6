"""A big cluster for a simulated hour: 300 nodes, 3,000 nginx pods.

The cluster is built, the pods written through the API server (trusted writes, unbound: the
scheduler places them) and given 2 simulated minutes to come up (reported apart, as "setup": the
scheduler and 300 kubelets starting 3,000 containers); then one simulated hour runs in which
nothing changes — 300 node leases every 10 s,
300 cAdvisors and eviction managers, metrics-server scraping 300 kubelets every 15 s, the node
lifecycle controller watching 300 nodes. The goal of issue 18 is that hour in under 10 s of CPU.
Reports CPU time of this process (``time.process_time``) and the simulated/CPU ratio.

By default the pods are written directly (bare pods), so the setup measures the scheduler and the
kubelets alone. ``--deployment`` makes them one Deployment's replicas instead: the ReplicaSet controller
creates them at its real pace (slow-start batches of at most 500 per pass, each create waiting for the
controller manager's client, 20 a second after a burst of 30), and the report adds the simulated time
until all are ready. (Before the ReplicaSet controller kept its pods in an index by controller UID, a
pass scanned the whole namespace on every pod event: one 3,000-replica ReplicaSet was quadratic —
``--ready-delay 240`` shows it, the pods turning ready after the last create: ``--nodes 30 --pods 3000
--deployment --ready-delay 240`` took 285 s of CPU for its setup on main at ff676ae, 61 s with the index,
with the same simulated outcome, event for event.)

Run: ``.venv/bin/python bench/cluster_hour.py [--nodes N --pods P --seconds S] [--deployment [--ready-delay S]]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from k8scourse import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402


POD_CIDR = "10.244.0.0/14"


def pod(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default",
                                                          "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                     "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25", resources: {requests: {cpu: 10m, memory: 16Mi}}%s}]
"""
# --ready-delay: a readiness probe that first succeeds that long after the start, so the pods turn ready
# after the ReplicaSet controller has created them all (each readiness a pod event outside any burst)
PROBE = ", readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: %d, periodSeconds: 10}"


def scenario(nodes: int, pods: int, seconds: int, seed: int = 0, deployment: bool = False,
             ready_delay: int = 0) -> dict:
    t0 = time.process_time()
    # 300 nodes need more than the default 10.244.0.0/16 (256 blocks of /24): a /14 as on a big kubenet cluster
    c = Cluster(nodes=nodes, seed=seed, pod_cidr=POD_CIDR)
    ready_after = None
    if deployment:
        c.apply(DEPLOYMENT % (pods, PROBE % ready_delay if ready_delay else ""), echo=False)
        start = c.sim.now_ms
        while c.sim.now_ms - start < 4 * 3600 * 1000:
            c.run(seconds=10)
            status = c.get("deployments.apps", "web").get("status") or {}
            if status.get("readyReplicas", 0) >= pods:
                ready_after = (c.sim.now_ms - start) / 1000
                break
        c.run(seconds=120)
    else:
        for i in range(pods):
            c.api.create(pod(f"web-{i:05d}"), user="bench", trusted=True)
        c.run(seconds=120)
    setup = time.process_time() - t0
    running = sum(1 for p in c.list("pods", namespace="default") if p["status"].get("phase") == "Running")
    start_rev, start_steps = c.store.revision, c.sim.steps
    t1 = time.process_time()
    c.run(seconds=seconds)
    return {"nodes": nodes, "pods": pods, "deployment": deployment, "ready_delay": ready_delay, "ready_after_simulated_s": ready_after,
            "running_pods": running, "setup_cpu_s": round(setup, 3),
            "simulated_s": seconds, "cpu_s": round(time.process_time() - t1, 3),
            "writes": c.store.revision - start_rev, "events_processed": c.sim.steps - start_steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--pods", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=3600)
    parser.add_argument("--deployment", action="store_true", help="the pods as one Deployment's replicas")
    parser.add_argument("--ready-delay", type=int, default=0, help="with --deployment: seconds before a pod is ready")
    parser.add_argument("--json", action="store_true", help="also print BENCH records")
    opts = parser.parse_args()
    r = scenario(opts.nodes, opts.pods, opts.seconds, deployment=opts.deployment, ready_delay=opts.ready_delay)
    print(json.dumps(r, indent=1))
    command = f".venv/bin/python bench/cluster_hour.py --nodes {opts.nodes} --pods {opts.pods} --seconds {opts.seconds}" \
        + (" --deployment" if opts.deployment else "") + (f" --ready-delay {opts.ready_delay}" if opts.ready_delay else "")
    benchlib.emit(f"{opts.nodes} nodes, {opts.pods} pods, {opts.seconds} simulated s", r["cpu_s"], "s CPU",
                  baseline=opts.seconds, baseline_name="simulated seconds", ratio=opts.seconds / r["cpu_s"],
                  ratio_name="simulated / CPU", command=command, writes=r["writes"], events=r["events_processed"],
                  running_pods=r["running_pods"])
    what = "setup (2 simulated minutes)" if not opts.deployment else \
        f"setup (a Deployment, all ready after {r['ready_after_simulated_s']} simulated s, then 2 minutes)"
    benchlib.emit(f"{opts.nodes} nodes, {opts.pods} pods: {what}", r["setup_cpu_s"], "s CPU", command=command)


if __name__ == "__main__":
    main()
