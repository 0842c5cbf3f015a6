"""Upstream's scheduler_perf workloads on the simulated kube-scheduler.

The shapes, node and pod counts and templates are those of Kubernetes'
``test/integration/scheduler_perf/config/performance-config.yaml`` and its templates (facts only):

* nodes: ``capacity {pods: 110, cpu: 4, memory: 32Gi}``, Ready, named ``scheduler-perf-<5 random
  chars>`` with the ``kubernetes.io/hostname`` label set to the name (the integration node
  preparer); a ``labelNodePrepareStrategy`` then patches ``topology.kubernetes.io/zone`` onto them,
  its values assigned round-robin;
* pods: the templates' ``generateName``, labels, (anti-)affinity, spread constraints, priorities and
  requests (``pod-default``: one ``pause`` container requesting 100m / 500Mi, limits the same);
* a ``createPods`` op without a namespace uses ``namespace-<op index>``, as upstream.

Every node, namespace, pod, Service and patch goes through the API server (``APIServer.create`` /
``patch``: defaulting, admission, validation, the store and its watches) as the engine's trusted
writes, which skip only the strict JSON-schema decode — scheduler_perf's typed Go client cannot send
an undecodable object either. The scheduler runs with its event recorder, so the bindings,
``Scheduled`` / ``FailedScheduling`` / ``Preempted`` Events, status writes and victim deletions are
all real writes.

Measured: the ``collectMetrics`` op's pods. ``sched pods/s`` = those pods ÷ CPU seconds of this
process from the first scheduling cycle after they were created to the last of them bound (for
churn, from the first pod's arrival); ``e2e pods/s`` adds the time to create them through the API
server. Time is ``time.process_time`` (other load on a shared machine disturbs it less than the wall
clock). Before the measured op the garbage collector's generations are frozen (``gc.freeze()``,
what a long-lived process does after start-up). The baseline, measured right after in the same
world: as many ``pods/binding`` writes through the API server with no decision at all (pods of
another scheduler, bound round-robin; the scheduler's watch still sees them), ``× bind`` =
scheduling time ÷ that time. ``digest`` fingerprints every placement,
Event and PodScheduled condition, so two commits' decisions can be compared (``bench/compare.py``).

Deliberate differences from upstream's harness: scheduling cycles take no simulated time, so pods
created at once are scheduled back to back; in ``SchedulingWithMixedChurn`` the measured pods
therefore arrive over simulated time (``CHURN_ARRIVALS_PER_S`` per second) while the churn op
creates and deletes one node, one high-priority 9-CPU pod and one Service every simulated second
(``recreate`` mode, number 1). Node order (the round-robin scan) is creation order.

Run: ``.venv/bin/python bench/scheduler_perf.py [--size full|smoke] [--shape NAME ...] [--repeat N]
[--reference] [--json]`` (``--reference``: the node-by-node reference path; ``--repeat``: the median of
N runs per shape, interleaved; ``--json``: ``BENCH`` records for ``run.py``/``compare.py``).
"""

from __future__ import annotations

import argparse
import copy
import gc
import hashlib
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

from k8scourse.apiserver import APIServer
from k8scourse.client import EventBroadcaster
from k8scourse.errors import APIError
from k8scourse.scheduler import Scheduler
from k8scourse.sim import Simulation

ZONE = "topology.kubernetes.io/zone"
HOSTNAME = "kubernetes.io/hostname"
CHURN_ARRIVALS_PER_S = 200      # measured pods per simulated second in the churn shape (see above)
STEP_MS = 100                   # how far the clock moves per step while waiting for bindings
MAX_SIM_MS = 30 * 60 * 1000     # give up (and report) after 30 simulated minutes


# ---------------------------------------------------------------------- templates (upstream facts)
def _resources(cpu, memory, limits=True):
    res = {"requests": {"cpu": cpu, "memory": memory}}
    if limits:
        res["limits"] = {"cpu": cpu, "memory": memory}
    return res


def _pod(prefix, *, cpu="100m", memory="500Mi", limits=True, labels=None, spec=None):
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": prefix},
            "spec": {"containers": [{"image": "registry.k8s.io/pause:3.10", "name": "pause",
                                     "ports": [{"containerPort": 80}],
                                     "resources": _resources(cpu, memory, limits)}]}}
    if labels:
        body["metadata"]["labels"] = labels
    body["spec"].update(spec or {})
    return body


def _term(color, key):
    return {"labelSelector": {"matchLabels": {"color": color}}, "topologyKey": key,
            "namespaces": ["sched-1", "sched-0"]}


def _spread(mode):
    return {"topologySpreadConstraints": [{"maxSkew": 5, "topologyKey": ZONE, "whenUnsatisfiable": mode,
                                           "labelSelector": {"matchLabels": {"color": "blue"}}}]}


TEMPLATES = {
    "pod-default": _pod("pod-"),
    "pod-with-pod-anti-affinity": _pod("anti-affinity-pod-", labels={"color": "green"}, spec={"affinity": {
        "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [_term("green", HOSTNAME)]}}}),
    "pod-with-pod-affinity": _pod("affinity-pod-", labels={"color": "blue"}, spec={"affinity": {
        "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [_term("blue", ZONE)]}}}),
    "pod-with-preferred-pod-affinity": _pod("preferred-affinity-pod-", labels={"color": "red"}, spec={"affinity": {
        "podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"podAffinityTerm": _term("red", HOSTNAME), "weight": 1}]}}}),
    "pod-with-preferred-pod-anti-affinity": _pod("preferred-anti-affinity-pod-", labels={"color": "yellow"},
                                                 spec={"affinity": {"podAntiAffinity": {
                                                     "preferredDuringSchedulingIgnoredDuringExecution": [
                                                         {"podAffinityTerm": _term("yellow", HOSTNAME),
                                                          "weight": 1}]}}}),
    "pod-with-node-affinity": _pod("node-affinity-", spec={"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": ZONE, "operator": "In", "values": ["zone1", "zone2"]}]}]}}}}),
    "pod-with-topology-spreading": _pod("spreading-pod-", labels={"color": "blue"}, spec=_spread("DoNotSchedule")),
    "pod-with-preferred-topology-spreading": _pod("spreading-pod-", labels={"color": "blue"},
                                                  spec=_spread("ScheduleAnyway")),
    "pod-low-priority": _pod("pod-", cpu="900m", spec={"terminationGracePeriodSeconds": 0}),
    "pod-high-priority": _pod("pod-", cpu="3000m", spec={"priority": 10}),
    "pod-large-cpu": _pod("pod-", cpu="9", limits=False),
    "pod-high-priority-large-cpu": _pod("pod-h-", cpu="9", limits=False, spec={"priority": 10}),
}

NODE_DEFAULT = {"apiVersion": "v1", "kind": "Node", "spec": {},
                "status": {"capacity": {"pods": "110", "cpu": "4", "memory": "32Gi"},
                           "conditions": [{"status": "True", "type": "Ready"}], "phase": "Running"}}
CHURN_NODE = {"apiVersion": "v1", "kind": "Node", "metadata": {"generateName": "node-churn-"},
              "status": {"capacity": {"pods": "0"}, "conditions": [{"status": "True", "type": "Ready"}],
                         "phase": "Running"}}
CHURN_SERVICE = {"apiVersion": "v1", "kind": "Service", "metadata": {"generateName": "service-churn-"},
                 "spec": {"selector": {"app": "foo"},
                          "ports": [{"protocol": "TCP", "port": 8080, "targetPort": 8080}]}}


# ---------------------------------------------------------------------- shapes (upstream facts)
@dataclass
class Shape:
    name: str
    ops: list                   # ("nodes", count, zones) | ("namespaces", prefix, n) | ("pods", template,
                                #  count, namespace, measured, wait) | ("churn",)
    sizes: dict = field(default_factory=dict)   # size -> params


def _basic_ops(template, zones=None, namespaced=False, init_template=None):
    ops = [("nodes", "initNodes", zones)]
    if namespaced:
        ops.append(("namespaces", "sched", 2))
    ops.append(("pods", init_template or template, "initPods", "sched-0" if namespaced else None, False, True))
    ops.append(("pods", template, "measurePods", "sched-1" if namespaced else None, True, True))
    return ops


def _params(full, smoke):
    keys = ("initNodes", "initPods", "measurePods")
    return {"full": dict(zip(keys, full)), "smoke": dict(zip(keys, smoke))}


MOON = ["moon-1", "moon-2", "moon-3"]
SHAPES = {s.name: s for s in [
    Shape("SchedulingBasic", _basic_ops("pod-default"), _params((5000, 1000, 1000), (500, 500, 1000))),
    Shape("SchedulingPodAntiAffinity", _basic_ops("pod-with-pod-anti-affinity", namespaced=True),
          _params((5000, 1000, 1000), (500, 100, 400))),
    Shape("SchedulingPodAffinity", _basic_ops("pod-with-pod-affinity", ["zone1"], namespaced=True),
          _params((5000, 5000, 1000), (500, 500, 1000))),
    Shape("SchedulingPreferredPodAffinity", _basic_ops("pod-with-preferred-pod-affinity", namespaced=True),
          _params((5000, 5000, 1000), (500, 500, 1000))),
    Shape("SchedulingPreferredPodAntiAffinity", _basic_ops("pod-with-preferred-pod-anti-affinity", namespaced=True),
          _params((5000, 5000, 1000), (500, 500, 1000))),
    Shape("SchedulingNodeAffinity", _basic_ops("pod-with-node-affinity", ["zone1"]),
          _params((5000, 5000, 1000), (500, 500, 1000))),
    Shape("TopologySpreading", _basic_ops("pod-with-topology-spreading", MOON, init_template="pod-default"),
          _params((5000, 5000, 2000), (500, 1000, 1000))),
    Shape("PreferredTopologySpreading", _basic_ops("pod-with-preferred-topology-spreading", MOON,
                                                   init_template="pod-default"),
          _params((5000, 5000, 2000), (500, 1000, 1000))),
    Shape("MixedSchedulingBasePod", [("nodes", "initNodes", ["zone1"]), ("namespaces", "sched", 1)] + [
        ("pods", t, "initPods", "sched-0", False, True) for t in (
            "pod-default", "pod-with-pod-affinity", "pod-with-pod-anti-affinity", "pod-with-preferred-pod-affinity",
            "pod-with-preferred-pod-anti-affinity")] + [("pods", "pod-default", "measurePods", None, True, True)],
          _params((5000, 2000, 1000), (500, 200, 1000))),
    Shape("Unschedulable", [("nodes", "initNodes", None), ("pods", "pod-large-cpu", "initPods", None, False, False),
                            ("pods", "pod-default", "measurePods", None, True, True)],
          _params((5000, 200, 5000), (500, 200, 1000))),
    Shape("PreemptionBasic", [("nodes", "initNodes", None), ("pods", "pod-low-priority", "initPods", None, False, True),
                              ("pods", "pod-high-priority", "measurePods", None, True, True)],
          _params((500, 2000, 500), (500, 2000, 500))),
    Shape("SchedulingWithMixedChurn", [("nodes", "initNodes", None), ("churn",),
                                       ("pods", "pod-default", "measurePods", None, True, True)],
          _params((5000, 0, 2000), (500, 0, 1000))),
]}


# ---------------------------------------------------------------------- running one shape
@dataclass
class Result:
    shape: str
    size: str
    nodes: int
    measured: int
    bound: int
    create_s: float             # CPU seconds creating the measured pods (API writes + watch handlers)
    schedule_s: float           # CPU seconds from then until the last measured pod was bound
    wall_s: float
    cycles: int
    sim_ms: int
    placements: dict = field(default_factory=dict)      # ns/name -> node ("" when pending)
    outcomes: list = field(default_factory=list)        # every Event and PodScheduled condition written
    workload: "Workload | None" = field(default=None, repr=False)
    bind_s: float = 0.0         # baseline: as many bare pods/binding writes

    @property
    def sched_rate(self) -> float:
        return self.measured / self.schedule_s if self.schedule_s else float("inf")

    @property
    def e2e_rate(self) -> float:
        return self.measured / (self.create_s + self.schedule_s)

    @property
    def digest(self) -> str:
        text = json.dumps([sorted(self.placements.items()), self.outcomes], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class Workload:
    """One shape's objects created through the API server, with the scheduler running."""

    def __init__(self, shape: Shape, params: dict, *, vectorize=None, seed: int = 0):
        self.shape, self.params = shape, params
        self.api = APIServer(Simulation(seed=seed))
        self.sim = self.api.sim
        self.recorder = EventBroadcaster(self.api, "scheduler-perf")
        self.scheduler = Scheduler(self.api, self.recorder, vectorize=vectorize).start()
        self.names = random.Random(seed)       # the node preparer's client-side name suffixes
        self.namespaces: set[str] = {"default"}
        self.churn_objects: list = []
        self.churn_count = 0
        self.measured: list[tuple[str, str]] = []

    # -- objects
    def namespace(self, name: str) -> None:
        if name not in self.namespaces:
            self.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, user="bench",
                            trusted=True)
            self.namespaces.add(name)

    def nodes(self, count: int, zones) -> None:
        created = []
        while len(created) < count:
            node = copy.deepcopy(NODE_DEFAULT)
            name = "scheduler-perf-" + "".join(self.names.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
            node["metadata"] = {"name": name, "labels": {HOSTNAME: name}}
            try:
                self.api.create(node, user="bench", trusted=True)
            except APIError as exc:      # a name taken twice: the preparer retries with a new one
                if exc.reason != "AlreadyExists":
                    raise
                continue
            created.append(name)
        for i, name in enumerate(created if zones else ()):
            self.api.patch("nodes", name, "", {"metadata": {"labels": {ZONE: zones[i % len(zones)]}}}, "strategic",
                           user="bench")

    def pods(self, template: str, count: int, namespace: str) -> list[tuple[str, str]]:
        self.namespace(namespace)
        body = TEMPLATES[template]
        out = []
        while len(out) < count:
            try:
                pod = self.api.create(body, namespace, user="bench", trusted=True)
            except APIError as exc:      # generateName drew a taken name: the client tries again
                if exc.reason != "AlreadyExists":
                    raise
                continue
            out.append((namespace, pod["metadata"]["name"]))
        return out

    # -- churn (recreate mode, number 1: create on odd ticks, delete on even ones)
    def _churn_tick(self) -> None:
        self.churn_count += 1
        ns = self.churn_namespace
        if self.churn_objects:
            for resource, name, obj_ns in self.churn_objects:
                self.api.delete(resource, name, obj_ns, user="bench")
            self.churn_objects = []
        else:
            node = self.api.create(CHURN_NODE, user="bench", trusted=True)
            pod = self.api.create(TEMPLATES["pod-high-priority-large-cpu"], ns, user="bench", trusted=True)
            svc = self.api.create(CHURN_SERVICE, ns, user="bench", trusted=True)
            self.churn_objects = [("nodes", node["metadata"]["name"], ""), ("pods", pod["metadata"]["name"], ns),
                                  ("services", svc["metadata"]["name"], ns)]
        self.sim.schedule(1000, self._churn_tick, name="churn")

    def settle_now(self) -> None:
        """Run every event due at this simulated instant (scheduling cycles take no simulated time)."""
        self.sim.run(ms=0)

    def unbound(self, keys) -> int:
        peek = self.api.peek
        return sum(1 for ns, name in keys if not ((peek("pods", name, ns) or {}).get("spec") or {}).get("nodeName"))

    def wait_bound(self, keys) -> None:
        self.settle_now()
        waited = 0
        while self.unbound(keys) and waited < MAX_SIM_MS:
            self.sim.run(ms=STEP_MS)
            waited += STEP_MS

    # -- the workload
    def run(self, size: str, reference_label: str = "") -> Result:
        params = self.params
        res = None
        for index, op in enumerate(self.shape.ops):
            kind = op[0]
            if kind == "nodes":
                self.nodes(params[op[1]], op[2])
            elif kind == "namespaces":
                for i in range(op[2]):
                    self.namespace(f"{op[1]}-{i}")
            elif kind == "churn":
                self.churn_namespace = f"namespace-{index}"
                self.namespace(self.churn_namespace)
                self.sim.schedule(1000, self._churn_tick, name="churn")
            elif kind == "pods":
                _, template, count_key, namespace, measured, wait = op
                namespace = namespace or f"namespace-{index}"
                count = params[count_key]
                if not measured:
                    keys = self.pods(template, count, namespace)
                    if wait:
                        self.wait_bound(keys)
                    else:
                        self.settle_now()
                    continue
                res = self._measure(template, count, namespace, size)
        return res

    def _measure(self, template: str, count: int, namespace: str, size: str) -> Result:
        gc.collect()
        gc.freeze()
        cycles0, sim0 = self.scheduler.cycles, self.sim.now_ms
        wall = time.perf_counter()
        churn = any(op[0] == "churn" for op in self.shape.ops)
        if churn:
            # arrivals over simulated time, interleaved with the churn op
            create_s, keys = 0.0, []
            t0 = time.process_time()
            per_tick = max(1, CHURN_ARRIVALS_PER_S * STEP_MS // 1000)
            while len(keys) < count:
                c0 = time.process_time()
                keys += self.pods(template, min(per_tick, count - len(keys)), namespace)
                create_s += time.process_time() - c0
                self.sim.run(ms=STEP_MS)
            waited = 0
            while self.unbound(keys) and waited < MAX_SIM_MS:
                self.sim.run(ms=STEP_MS)
                waited += STEP_MS
            schedule_s = time.process_time() - t0 - create_s
        else:
            t0 = time.process_time()
            keys = self.pods(template, count, namespace)
            t1 = time.process_time()
            self.wait_bound(keys)
            create_s, schedule_s = t1 - t0, time.process_time() - t1
        wall = time.perf_counter() - wall
        self.measured = keys
        pods = self.api.store.list("pods", copy=False)
        placements = {f"{p['metadata']['namespace']}/{p['metadata']['name']}": p["spec"].get("nodeName", "")
                      for p in pods}
        outcomes = [(e["involvedObject"].get("name"), e["reason"], e["message"], e.get("count"))
                    for e in self.api.store.list("events", copy=False)]
        outcomes += [(p["metadata"]["name"], c.get("reason"), c.get("message"), p["status"].get("nominatedNodeName"))
                     for p in pods for c in (p.get("status") or {}).get("conditions") or []
                     if c.get("type") == "PodScheduled"]
        bind_s = self._bind_baseline(template, count, namespace)
        gc.unfreeze()
        return Result(self.shape.name, size, len(self.scheduler.cache.node_list), count, count - self.unbound(keys),
                      create_s, schedule_s, wall, self.scheduler.cycles - cycles0, self.sim.now_ms - sim0,
                      placements, outcomes, self, bind_s)

    def _bind_baseline(self, template: str, count: int, namespace: str) -> float:
        """CPU seconds of ``count`` bare ``pods/binding`` writes in this world (pods of another
        scheduler, bound round-robin; the default scheduler's watch sees them), then deleted again."""
        body = copy.deepcopy(TEMPLATES[template])
        body["spec"]["schedulerName"] = "bench-baseline"
        keys = []
        while len(keys) < count:
            try:
                pod = self.api.create(body, namespace, user="bench", trusted=True)
            except APIError as exc:
                if exc.reason != "AlreadyExists":
                    raise
                continue
            keys.append((namespace, pod["metadata"]["name"]))
        nodes = [ni.name for ni in self.scheduler.cache.node_list if ni.allowed_pods > 0]
        start = time.process_time()
        for i, (ns, name) in enumerate(keys):
            self.api.bind(ns, name, nodes[i % len(nodes)], user="bench")
        took = time.process_time() - start
        for ns, name in keys:
            self.api.delete("pods", name, ns, user="bench", grace_period=0)
        return took


def run_shape(name: str, size: str = "full", *, vectorize=None, seed: int = 0, params: dict | None = None) -> Result:
    shape = SHAPES[name]
    return Workload(shape, params or shape.sizes[size], vectorize=vectorize, seed=seed).run(size)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("full", "smoke"), default="full")
    parser.add_argument("--shape", action="append", help="run only these shapes (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per shape (median reported)")
    parser.add_argument("--reference", action="store_true", help="the node-by-node reference path")
    parser.add_argument("--json", action="store_true", help="BENCH records for run.py / compare.py")
    args = parser.parse_args(argv)
    names = args.shape or list(SHAPES)
    runs: dict[str, list[Result]] = {name: [] for name in names}
    digests: dict[str, str] = {}
    for _ in range(args.repeat):                # interleaved: each shape once per round
        for name in names:
            r = run_shape(name, args.size, vectorize=False if args.reference else None)
            runs[name].append(r)
            digests.setdefault(name, r.digest)
            r.workload, r.placements, r.outcomes = None, {}, []      # keep memory flat across rounds
            if r.bound != r.measured:
                print(f"  !! {name}: {r.measured - r.bound} measured pods still pending", file=sys.stderr)
    print(f"{'shape':<36} {'nodes':>6} {'pods':>6} {'bound':>6} {'sched pods/s':>13} {'e2e pods/s':>11} "
          f"{'x bind':>7} {'cycles':>7}  digest")
    for name in names:
        rs = runs[name]
        sched = statistics.median(r.sched_rate for r in rs)
        e2e = statistics.median(r.e2e_rate for r in rs)
        ratio = statistics.median(r.schedule_s / r.bind_s for r in rs)
        r = rs[0]
        print(f"{name:<36} {r.nodes:>6} {r.measured:>6} {r.bound:>6} {sched:>13,.0f} {e2e:>11,.0f} "
              f"{ratio:>7.1f} {r.cycles:>7}  {digests[name]}", flush=True)
        command = f".venv/bin/python bench/scheduler_perf.py --size {args.size} --shape {name} --repeat {args.repeat}"
        benchlib.emit(name, sched, "pods/s", baseline=statistics.median(r.measured / r.bind_s for r in rs),
                      baseline_name="bind writes only (pods/s)", ratio=ratio, ratio_name="time x bind-only",
                      command=command + (" --reference" if args.reference else ""), size=args.size, nodes=r.nodes,
                      pods=r.measured, bound=r.bound, e2e=e2e, cycles=r.cycles, digest=digests[name],
                      runs=[round(x.sched_rate, 1) for x in rs])


if __name__ == "__main__":
    main()
