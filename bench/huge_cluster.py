"""A huge cluster for a simulated hour: 5,000 nodes, 50,000 pods of Deployments, through the public API.

``Cluster(nodes=5000, pod_cidr="10.240.0.0/12", node_cidr_mask_size=25)`` — 5,000 node blocks of /25
(128 addresses, enough for the kubelet's 110 pods) need a /12 as on a big kubenet cluster — then
``--deployments`` Deployments (``pods / deployments`` replicas each, nginx with small requests) applied
with ``cluster.kubectl apply -f -``; the ReplicaSet controllers create the pods at their real pace
(slow start, the controller manager's client rate limit), the scheduler places them and the kubelets
start them. "setup" is all of that, until every Deployment reports its replicas ready (the simulated
time it took is reported too); then one simulated hour runs in which nothing changes. The goal of
issue 18 is < 60 s of CPU for the hour and < 4 GB of resident memory.

Reports CPU time of this process (``time.process_time``) for the cluster's construction, the setup
and the hour (before it the garbage collector's generations are frozen, ``gc.freeze()``, as in
``scheduler_perf.py``), the simulated/CPU ratio, the peak resident memory (``ru_maxrss``) after the setup and
after the hour, the store's revision (writes) and how many history entries it still holds: the API
server compacts etcd every 5 simulated minutes, as kube-apiserver's default ``--etcd-compaction-interval``
(``--compaction 0``: the whole history kept, as course clusters keep it).
Where it stands (2026-12-08, 2 shared cores): the DaemonSet controller's pass is incremental now
(it was O(nodes) on every daemon pod's event: 1,000 nodes / 10,000 pods took 201 s of CPU to set up).
Setup: 1,000 nodes / 10,000 pods 52 s of CPU (all ready after 510 simulated s), 1,000 MiB resident;
2,000 / 20,000 176 s (1,010 simulated s), 1,840 MiB. It still grows faster than the size: the
ReplicaSet controllers create pods at the controller manager's 20 requests a second, so the setup
lasts pods / 20 simulated seconds during which every node's periodic ticks run (cAdvisor sampling,
node status, leases, metrics-server: nodes × time), and the scheduler's NodeAffinity filter looks at
every node for each daemon pod (its ``matchFields metadata.name`` term names one). The simulated
hour costs ≈ 80 s of CPU at 1,000 nodes and ≈ 185 s at 2,000 (the periodic ticks), and memory grows
with the pods (≈ 9 KB per stored pod, ≈ 5 Events of ≈ 1.6 KB per pod, the history since the last
compaction).

``--profile`` adds the top of a cProfile of the setup, ``--tracemalloc`` the allocation sites that
hold the most memory after the setup. ``--smoke`` is a small size (200 nodes, 2,000 pods, 10
simulated minutes) for trying changes.

Run: ``.venv/bin/python bench/huge_cluster.py [--nodes N --pods P --deployments D --seconds S] [--smoke]
[--profile] [--tracemalloc]``
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path

from k8scourse import Cluster, defaults

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

POD_CIDR = "10.240.0.0/12"
NODE_CIDR_MASK = 25
# the API server compacts etcd as kube-apiserver does by default (--etcd-compaction-interval 5m)
COMPACTION_S = getattr(defaults, "ETCD_COMPACTION_INTERVAL_UPSTREAM_S", 0)     # 0 on engines without compaction

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web-%(i)03d, namespace: default}
spec:
  replicas: %(replicas)d
  selector: {matchLabels: {app: web-%(i)03d}}
  template:
    metadata: {labels: {app: web-%(i)03d}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25", resources: {requests: {cpu: 10m, memory: 16Mi}}}]
"""


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ready(c: Cluster) -> int:
    return sum((d.get("status") or {}).get("readyReplicas", 0)
               for d in c.store.list("deployments.apps", "default", copy=False))


def setup(nodes: int, pods: int, deployments: int, seed: int = 0, compaction: int = COMPACTION_S) -> tuple[Cluster, dict]:
    t0 = time.process_time()
    # (the keyword only when compacting: an engine from before compaction existed can be measured too)
    c = Cluster(nodes=nodes, seed=seed, pod_cidr=POD_CIDR, node_cidr_mask_size=NODE_CIDR_MASK,
                **({"etcd_compaction_interval": compaction} if compaction else {}))
    built = time.process_time() - t0
    per = [pods // deployments + (1 if i < pods % deployments else 0) for i in range(deployments)]
    manifest = "---\n".join(DEPLOYMENT % {"i": i, "replicas": r} for i, r in enumerate(per))
    c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    start = c.sim.now_ms
    ready_after = None
    while c.sim.now_ms - start < 4 * 3600 * 1000:
        c.run(seconds=10)
        if ready(c) >= pods:
            ready_after = (c.sim.now_ms - start) / 1000
            break
    return c, {"construct_cpu_s": round(built, 3), "ready_after_simulated_s": ready_after,
               "setup_cpu_s": round(time.process_time() - t0, 3)}


def scenario(nodes: int, pods: int, deployments: int, seconds: int, profile: bool = False,
             trace: bool = False, compaction: int = COMPACTION_S) -> dict:
    if trace:
        import tracemalloc
        tracemalloc.start(8)
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    c, r = setup(nodes, pods, deployments, compaction=compaction)
    if prof is not None:
        prof.disable()
        import pstats
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    if trace:
        import tracemalloc
        snap = tracemalloc.take_snapshot()
        tracemalloc.stop()
        print(f"traced after setup: {sum(s.size for s in snap.statistics('filename')) / 2**20:.0f} MiB",
              file=sys.stderr)
        for stat in snap.statistics("lineno")[:25]:
            print(f"{stat.size / 2**20:8.1f} MiB {stat.count:>9} {stat.traceback[0]}", file=sys.stderr)
    r.update(nodes=nodes, pods=pods, deployments=deployments, compaction_s=compaction, running_pods=sum(
        1 for p in c.store.list("pods", "default", copy=False) if p["status"].get("phase") == "Running"),
        setup_max_rss_mib=round(max_rss_mib(), 1))
    # what a long-lived process does after start-up (as scheduler_perf.py): the millions of objects of
    # the set-up are not traversed again by every full collection of the hour
    gc.collect()
    gc.freeze()
    start_rev, start_steps = c.store.revision, c.sim.steps
    t1 = time.process_time()
    c.run(seconds=seconds)
    r.update(simulated_s=seconds, cpu_s=round(time.process_time() - t1, 3), max_rss_mib=round(max_rss_mib(), 1),
             writes=c.store.revision - start_rev, events_processed=c.sim.steps - start_steps,
             store_revision=c.store.revision, history_entries=sum(1 for _ in c.store.history()))
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--pods", type=int, default=50000)
    parser.add_argument("--deployments", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=3600)
    parser.add_argument("--smoke", action="store_true", help="200 nodes, 2,000 pods, 600 simulated s")
    parser.add_argument("--profile", action="store_true", help="cProfile of the setup (stderr)")
    parser.add_argument("--tracemalloc", action="store_true", help="largest allocation sites after the setup")
    parser.add_argument("--compaction", type=int, default=COMPACTION_S,
                        help="etcd compaction interval, simulated s (0: keep the whole history, as course clusters)")
    parser.add_argument("--json", action="store_true", help="also print BENCH records")
    opts = parser.parse_args()
    if opts.smoke:
        opts.nodes, opts.pods, opts.deployments, opts.seconds = 200, 2000, 10, 600
    r = scenario(opts.nodes, opts.pods, opts.deployments, opts.seconds, opts.profile, opts.tracemalloc, opts.compaction)
    print(json.dumps(r, indent=1))
    command = f".venv/bin/python bench/huge_cluster.py --nodes {opts.nodes} --pods {opts.pods} " \
              f"--deployments {opts.deployments} --seconds {opts.seconds}" \
        + (f" --compaction {opts.compaction}" if opts.compaction != COMPACTION_S else "")
    size = f"{opts.nodes} nodes, {opts.pods} pods in {opts.deployments} Deployments" \
        + ("" if opts.compaction else ", no compaction")
    benchlib.emit(f"{size}: setup (all ready after {r['ready_after_simulated_s']} simulated s)", r["setup_cpu_s"],
                  "s CPU", command=command, construct_cpu_s=r["construct_cpu_s"],
                  max_rss_mib=r["setup_max_rss_mib"], running_pods=r["running_pods"])
    benchlib.emit(f"{size}: {opts.seconds} simulated s", r["cpu_s"], "s CPU", baseline=opts.seconds,
                  baseline_name="simulated seconds", ratio=opts.seconds / r["cpu_s"], ratio_name="simulated / CPU",
                  command=command, max_rss_mib=r["max_rss_mib"], writes=r["writes"], events=r["events_processed"],
                  history_entries=r["history_entries"])


if __name__ == "__main__":
    main()
