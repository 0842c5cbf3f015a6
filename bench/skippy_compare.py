"""Side by side with the Python peer skippy (edgerun/skippy-core) on the shape it supports.

skippy is a Python re-implementation of the kube-scheduler's decision (predicates, priorities,
percentage of nodes to score) without an API server. The shape both can run is scheduler_perf's
SchedulingBasic: 5,000 nodes (4 CPU, 32 GiB, 110 pods), 1,000 pods placed first, then 1,000 pods of
100m / 500 MiB measured. skippy runs with resource fit (``PodFitsResourcesPred``) and balanced
allocation (``BalancedResourcePriority``) at upstream's default percentage of nodes to score
(``percentage_of_nodes_to_score=0``: adaptive, 10 % of 5,000 nodes, as ``numFeasibleNodesToFind``),
its ``schedule()`` timed per pod; the simulator runs SchedulingBasic as in ``scheduler_perf.py``
(the full default profile, with its bindings, Events and the scheduler's watch handling — skippy
writes nothing). Rates in CPU seconds of this process; runs interleaved, medians reported.

skippy is not part of this project: point ``SKIPPY_PATH`` at a checkout of skippy-core (its
``skippy`` package is imported from there); without it the comparison says "not measured".

Run: ``SKIPPY_PATH=/path/to/skippy-core .venv/bin/python bench/skippy_compare.py [--runs N] [--json]``
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import scheduler_perf  # noqa: E402

NODES, INIT_PODS, MEASURE_PODS = 5000, 1000, 1000
MILLI_CPU, MEMORY = 100, 500 * 1024 * 1024          # pod-default's requests
IMAGE = "registry.k8s.io/pause:3.10"


def skippy_rate() -> float | None:
    path = os.environ.get("SKIPPY_PATH")
    if not path:
        return None
    sys.path.insert(0, path)
    from skippy.core.clustercontext import ClusterContext
    from skippy.core.model import Capacity, Container, ImageState, Node, Pod, PodSpec, ResourceRequirements
    from skippy.core.predicates import PodFitsResourcesPred
    from skippy.core.priorities import BalancedResourcePriority
    from skippy.core.scheduler import Scheduler

    class Context(ClusterContext):
        def __init__(self, nodes):
            self.nodes = nodes
            super().__init__()

        def get_init_image_states(self):
            return {IMAGE: ImageState(size={"amd64": 750_000})}

        def get_bandwidth_graph(self):
            return {}

        def list_nodes(self):
            return self.nodes

        def get_next_storage_node(self, node):
            return None

    nodes = [Node(f"node-{i:05d}", capacity=Capacity(4000, 32 * 1024 ** 3),
                  allocatable=Capacity(4000, 32 * 1024 ** 3), labels={"beta.kubernetes.io/arch": "amd64"})
             for i in range(NODES)]
    scheduler = Scheduler(Context(nodes), percentage_of_nodes_to_score=0, predicates=[PodFitsResourcesPred()],
                          priorities=[(1.0, BalancedResourcePriority())])

    def pod(i):
        requests = ResourceRequirements({"cpu": MILLI_CPU, "memory": MEMORY})
        return Pod(f"pod-{i}", "default", PodSpec([Container(IMAGE, requests)]))

    for i in range(INIT_PODS):
        assert scheduler.schedule(pod(i)).suggested_host is not None
    pods = [pod(INIT_PODS + i) for i in range(MEASURE_PODS)]
    gc.collect()
    gc.freeze()
    start = time.process_time()
    for p in pods:
        assert scheduler.schedule(p).suggested_host is not None
    took = time.process_time() - start
    gc.unfreeze()
    return MEASURE_PODS / took


def ours_rate() -> float:
    return scheduler_perf.run_shape("SchedulingBasic", "full").sched_rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    theirs, ours = [], []
    for _ in range(args.runs):
        rate = skippy_rate()
        if rate is not None:
            theirs.append(rate)
        ours.append(ours_rate())
    mine = statistics.median(ours)
    command = "SKIPPY_PATH=<skippy-core checkout> .venv/bin/python bench/skippy_compare.py"
    print(f"SchedulingBasic, {NODES} nodes, {MEASURE_PODS} pods measured after {INIT_PODS}, {args.runs} runs:")
    print(f"  k8scourse (default profile, bindings + Events): {mine:,.0f} pods/s  {[round(x) for x in ours]}")
    if not theirs:
        print("  skippy: not measured (set SKIPPY_PATH to a skippy-core checkout)")
        benchlib.emit("k8scourse SchedulingBasic vs skippy", mine, "pods/s", baseline=None,
                      baseline_name="skippy: not measured", command=command)
        return
    peer = statistics.median(theirs)
    print(f"  skippy (resource fit + balanced, 10 % of nodes): {peer:,.0f} pods/s  {[round(x) for x in theirs]}")
    print(f"  k8scourse / skippy: {mine / peer:.1f}x")
    benchlib.emit("k8scourse SchedulingBasic vs skippy", mine, "pods/s", baseline=peer,
                  baseline_name="skippy (pods/s)", ratio=mine / peer, ratio_name="x skippy", command=command,
                  runs=[round(x, 1) for x in ours], skippy_runs=[round(x, 1) for x in theirs])


if __name__ == "__main__":
    main()
