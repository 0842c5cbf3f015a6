"""kube-scheduler throughput: 10,000 pods onto 5,000 nodes with the default plugins.

Nodes (4 vCPU, 16 GiB, 110 pods) and pending pods (100m / 128Mi, no owner, like scheduler_perf's
SchedulingBasic) are written with trusted API writes before the clock runs; then the scheduler
starts and the simulation runs until every pod is bound. The figure is pods bound per second of
wall time for that scheduling phase. The baseline, measured in the same run, writes the same
bindings (``pods/binding`` through the API server, to round-robin nodes) with no scheduling
decisions at all, so the ratio is the price of deciding.

Times are CPU seconds of this process (``time.process_time``), so that other work on a shared
machine does not distort the figures; the wall-clock rate is printed too.

Run: `.venv/bin/python bench/scheduler_throughput.py [--pods N] [--nodes N] [--profile] [--json]`
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from k8scourse.apiserver import APIServer
from k8scourse.client import EventBroadcaster
from k8scourse.scheduler import Scheduler
from k8scourse.sim import Simulation

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402


def node(i: int) -> dict:
    name = f"node-{i:05d}"
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                                  "topology.kubernetes.io/zone": str(i % 3)}},
            "spec": {},
            "status": {"capacity": {"cpu": "4", "memory": "16Gi", "pods": "110"},
                       "allocatable": {"cpu": "4", "memory": "16Gi", "pods": "110"},
                       "conditions": [{"type": "Ready", "status": "True"}],
                       "nodeInfo": {k: "x" for k in ("machineID", "systemUUID", "bootID", "kernelVersion", "osImage",
                                                     "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion",
                                                     "operatingSystem", "architecture")}}}


def pod(i: int) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"web-{i}", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}


def world(n_nodes: int, n_pods: int) -> APIServer:
    api = APIServer(Simulation(seed=0))
    for i in range(n_nodes):
        api.create(node(i), user="bench", trusted=True)
    for i in range(n_pods):
        api.create(pod(i), user="bench", trusted=True)
    return api


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--nodes", type=int, default=5_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    api = world(args.nodes, args.pods)
    start = time.process_time()
    for i in range(args.pods):
        api.bind("default", f"web-{i}", f"node-{i % args.nodes:05d}")
    base = time.process_time() - start

    api = world(args.nodes, args.pods)
    recorder = EventBroadcaster(api, "scheduler-bench")
    profiler = cProfile.Profile() if args.profile else None
    start, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    scheduler = Scheduler(api, recorder).start()
    api.sim.run_until_idle()
    if profiler:
        profiler.disable()
    took, wall = time.process_time() - start, time.perf_counter() - wall
    bound = sum(1 for p in api.store.list("pods", copy=False) if p["spec"].get("nodeName"))
    assert bound == args.pods, f"only {bound} of {args.pods} pods bound"
    assert scheduler.verify_cache() == []
    print(f"pods: {args.pods}, nodes: {args.nodes}, scheduling cycles: {scheduler.cycles}")
    print(f"baseline (bind writes only): {args.pods / base:,.0f} pods/s")
    print(f"scheduler (default plugins): {args.pods / took:,.0f} pods/s  ({took / base:.1f}x the baseline's time; "
          f"wall clock {args.pods / wall:,.0f} pods/s)")
    benchlib.emit(f"{args.pods:,} plain pods onto {args.nodes:,} nodes", args.pods / took, "pods/s",
                  baseline=args.pods / base, baseline_name="bind writes only (pods/s)", ratio=took / base,
                  ratio_name="time x bind-only",
                  command=f".venv/bin/python bench/scheduler_throughput.py --pods {args.pods} --nodes {args.nodes}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
