"""The cluster autoscaler AKS runs for node pools with ``--enable-cluster-autoscaler``.

Models kubernetes/autoscaler's cluster-autoscaler with AKS's default profile (``scan-interval``
10 s, ``scale-down-unneeded-time`` 10 min, ``scale-down-delay-after-add`` 10 min,
``scale-down-utilization-threshold`` 0.5, ``skip-nodes-with-system-pods`` true):

* **scale up** — every scan, pods the scheduler marked unschedulable (``PodScheduled=False``,
  reason ``Unschedulable``) are packed first-fit onto template nodes of each autoscaling pool (the
  pool's VM size, allocatable, labels and taints); the pool grows by the nodes needed, within
  ``--max-count``. Each pod gets the upstream event ``TriggeredScaleUp`` (``pod triggered
  scale-up: [{aks-nodepool1-12345678-vmss 3->4 (max: 5)}]``) or ``NotTriggerScaleUp``. New VMSS
  instances register about 2 minutes later and the scheduler places the pods there.
* **scale down** — a node whose pods request less than half its allocatable CPU and memory, and
  whose pods could all move to other nodes, is *unneeded*; unneeded for 10 minutes (and no scale
  up in the last 10), it is tainted ``ToBeDeletedByClusterAutoscaler``, drained and deleted, one
  per scan, never below ``--min-count``.

Deliberate differences: the fit test checks requests, pod count, nodeSelector and NoSchedule
taints only (upstream runs the full scheduler predicates); the expander is first-pool-that-fits.
"""

from __future__ import annotations

from ...api.quantity import parse_quantity
from ...api.resources import amounts, pod_requests
from ...api.scheduling import tolerates
from ...errors import APIError
from ...node import node_resources, vm_size
from .drain import drain
from .operation import NODE_BOOT_MS, NODE_DELETE_MS, Operation, parse_taint

SCAN_MS = 10_000
UNNEEDED_MS = 10 * 60_000
DELAY_AFTER_ADD_MS = 10 * 60_000
THRESHOLD = 0.5
NOT_TRIGGERED_EVERY_MS = 60_000
COMPONENT = "cluster-autoscaler"

PROFILE = {
    "balanceSimilarNodeGroups": "false", "daemonsetEvictionForEmptyNodes": False,
    "daemonsetEvictionForOccupiedNodes": True, "expander": "random", "ignoreDaemonsetsUtilization": False,
    "maxEmptyBulkDelete": "10", "maxGracefulTerminationSec": "600", "maxNodeProvisionTime": "15m",
    "maxTotalUnreadyPercentage": "45", "newPodScaleUpDelay": "0s", "okTotalUnreadyCount": "3",
    "scaleDownDelayAfterAdd": "10m", "scaleDownDelayAfterDelete": "10s", "scaleDownDelayAfterFailure": "3m",
    "scaleDownUnneededTime": "10m", "scaleDownUnreadyTime": "20m", "scaleDownUtilizationThreshold": "0.5",
    "scanInterval": "10s", "skipNodesWithLocalStorage": "false", "skipNodesWithSystemPods": "true",
}


def _milli(text) -> int:
    return parse_quantity(text).scaled_value(-3) if text not in (None, "") else 0


def _bytes(text) -> int:
    return parse_quantity(text).scaled_value(0) if text not in (None, "") else 0


def requests(pod: dict) -> tuple[int, int]:
    """(cpu millicores, memory bytes) the pod requests (:mod:`k8scourse.api.resources`)."""
    total = amounts(pod_requests(pod))
    return total.get("cpu", 0), total.get("memory", 0)


def _unschedulable(pod: dict) -> bool:
    if (pod.get("spec") or {}).get("nodeName") or pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c.get("type") == "PodScheduled" and c.get("status") == "False" and c.get("reason") == "Unschedulable"
               for c in (pod.get("status") or {}).get("conditions") or [])


class ClusterAutoscaler:
    def __init__(self, mc):
        self.mc = mc
        self.sim = mc.azure.sim
        self.unneeded: dict[str, int] = {}
        self.triggered: set[str] = set()
        self.not_triggered_at: dict[str, int] = {}
        self.last_scale_up = -DELAY_AFTER_ADD_MS
        self.inflight: dict[str, int] = {}
        self.removing: set[str] = set()
        self._stopped = False

    def start(self) -> "ClusterAutoscaler":
        self.sim.schedule(SCAN_MS, self._scan, name=f"{self.mc.name}:cluster-autoscaler")
        return self

    def stop(self) -> None:
        self._stopped = True

    def _scan(self) -> None:
        if self._stopped:
            return
        try:
            if self.mc.power_state == "Running" and self.mc.api.available and self.pools():
                self.run_once()
        except APIError:
            pass
        self.sim.schedule(SCAN_MS, self._scan, name=f"{self.mc.name}:cluster-autoscaler")

    def pools(self):
        return [p for p in self.mc.pools.values() if p.enable_auto_scaling]

    # ------------------------------------------------------------------ templates
    def template(self, pool) -> dict:
        size = vm_size(pool.vm_size)
        res = node_resources(size.vcpus, size.memory_ki, pool.max_pods, pool.version)["allocatable"]
        labels = {"agentpool": pool.name, "kubernetes.azure.com/agentpool": pool.name,
                  "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                  "node.kubernetes.io/instance-type": pool.vm_size, **(pool.labels or {})}
        return {"cpu": _milli(res["cpu"]), "memory": _bytes(res["memory"]), "pods": int(res["pods"]),
                "labels": labels, "taints": [parse_taint(t) for t in pool.taints or []]}

    def why_not(self, pod: dict, tpl: dict) -> str | None:
        spec = pod.get("spec") or {}
        for key, value in (spec.get("nodeSelector") or {}).items():
            if tpl["labels"].get(key) != value:
                return "node(s) didn't match Pod's node affinity/selector"
        for taint in tpl["taints"]:
            if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(taint, spec.get("tolerations") or []):
                return "node(s) had untolerated taint {%s: %s}" % (taint["key"], taint.get("value", ""))
        cpu, mem = requests(pod)
        if cpu > tpl["cpu"]:
            return "Insufficient cpu"
        if mem > tpl["memory"]:
            return "Insufficient memory"
        return None

    # ------------------------------------------------------------------ scale up
    def run_once(self) -> None:
        pods = self.mc.api.list("pods")["items"]
        pending = [p for p in pods if _unschedulable(p)]
        still = {p["metadata"]["uid"] for p in pending}
        self.triggered &= still
        fresh = [p for p in pending if p["metadata"]["uid"] not in self.triggered]
        if fresh:
            self.scale_up(fresh)
        elif not pending and not any(self.inflight.values()):
            self.scale_down(pods)

    def scale_up(self, pending: list[dict]) -> None:
        plans, reasons = [], {}
        left = list(pending)
        for pool in self.pools():
            tpl = self.template(pool)
            fits = []
            for pod in left:
                why = self.why_not(pod, tpl)
                if why:
                    reasons.setdefault(pod["metadata"]["uid"], []).append(f"1 {why}")
                else:
                    fits.append(pod)
            if not fits:
                continue
            bins: list[list[int]] = []          # [cpu, mem, pods] used per new node, first-fit decreasing
            for pod in sorted(fits, key=lambda p: requests(p), reverse=True):
                cpu, mem = requests(pod)
                for b in bins:
                    if b[0] + cpu <= tpl["cpu"] and b[1] + mem <= tpl["memory"] and b[2] + 1 <= tpl["pods"]:
                        b[0], b[1], b[2] = b[0] + cpu, b[1] + mem, b[2] + 1
                        break
                else:
                    bins.append([cpu, mem, 1])
            current = pool.count
            room = (pool.max_count or current) - current
            if room <= 0:
                for pod in fits:
                    reasons.setdefault(pod["metadata"]["uid"], []).append("1 max node group size reached")
                continue
            plans.append((pool, current, min(len(bins), room), fits))
            left = [p for p in left if p not in fits]
        for pool, current, add, fits in plans:
            self._grow(pool, current, add, fits)
        now = self.sim.now_ms
        for pod in left:
            uid = pod["metadata"]["uid"]
            if now - self.not_triggered_at.get(uid, -NOT_TRIGGERED_EVERY_MS) < NOT_TRIGGERED_EVERY_MS:
                continue
            self.not_triggered_at[uid] = now
            why = ", ".join(sorted(set(reasons.get(uid) or ["1 node(s) didn't match Pod's node affinity/selector"])))
            self.mc.cluster.recorder.event(pod, "Normal", "NotTriggerScaleUp",
                                           f"pod didn't trigger scale-up: {why}", COMPONENT)

    def _grow(self, pool, current: int, add: int, pods: list[dict]) -> None:
        group = f"aks-{pool.name}-{pool.pool_id}-vmss"
        info = f"[{{{group} {current}->{current + add} (max: {pool.max_count})}}]"
        for pod in pods:
            self.triggered.add(pod["metadata"]["uid"])
            self.mc.cluster.recorder.event(pod, "Normal", "TriggeredScaleUp",
                                           f"pod triggered scale-up: {info}", COMPONENT)
        pool.count = current + add
        self.inflight[pool.name] = self.inflight.get(pool.name, 0) + add
        self.last_scale_up = self.sim.now_ms

        def steps():
            yield NODE_BOOT_MS
            for i in range(add):
                yield 2_000 if i else 0
                self.mc.add_node(pool)
                self.inflight[pool.name] -= 1
        Operation(self.sim, steps(), f"{self.mc.name}:scale-up:{pool.name}")

    # ------------------------------------------------------------------ scale down
    def scale_down(self, pods: list[dict]) -> None:
        now = self.sim.now_ms
        nodes = {n["metadata"]["name"]: n for n in self.mc.api.list("nodes")["items"]}
        on_node: dict[str, list[dict]] = {}
        for pod in pods:
            node = (pod.get("spec") or {}).get("nodeName")
            if node and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                on_node.setdefault(node, []).append(pod)
        free = {name: self._free(n, on_node.get(name, [])) for name, n in nodes.items()
                if not (n.get("spec") or {}).get("unschedulable") and name not in self.removing}
        seen = set()
        for pool in self.pools():
            members = [n["metadata"]["name"] for n in self.mc.pool_nodes(pool.name) if n["metadata"]["name"] in free]
            for name in reversed(members):
                seen.add(name)
                if not self._unneeded(name, nodes[name], on_node.get(name, []), free):
                    self.unneeded.pop(name, None)
                    continue
                since = self.unneeded.setdefault(name, now)
                if now - since >= UNNEEDED_MS and now - self.last_scale_up >= DELAY_AFTER_ADD_MS \
                        and pool.count - 1 >= (pool.min_count or 0):
                    self._remove(pool, name, on_node.get(name, []))
                    return
        for name in list(self.unneeded):
            if name not in seen:
                del self.unneeded[name]

    def _free(self, node: dict, pods: list[dict]) -> list[int]:
        alloc = (node.get("status") or {}).get("allocatable") or {}
        cpu = sum(requests(p)[0] for p in pods)
        mem = sum(requests(p)[1] for p in pods)
        return [_milli(alloc.get("cpu")) - cpu, _bytes(alloc.get("memory")) - mem,
                int(alloc.get("pods", "0")) - len(pods), _milli(alloc.get("cpu")), _bytes(alloc.get("memory"))]

    def _unneeded(self, name: str, node: dict, pods: list[dict], free: dict) -> bool:
        f = free[name]
        used_cpu, used_mem = f[3] - f[0], f[4] - f[1]
        if max(used_cpu / max(f[3], 1), used_mem / max(f[4], 1)) >= THRESHOLD:
            return False
        others = {k: list(v[:3]) for k, v in free.items() if k != name}
        for pod in pods:
            owners = [o.get("kind") for o in pod["metadata"].get("ownerReferences") or []]
            if "DaemonSet" in owners:
                continue
            if not owners or pod["metadata"]["namespace"] == "kube-system":
                return False                 # a bare pod or a system pod pins its node
            cpu, mem = requests(pod)
            target = next((k for k, v in sorted(others.items()) if v[0] >= cpu and v[1] >= mem and v[2] >= 1), None)
            if target is None:
                return False
            others[target] = [others[target][0] - cpu, others[target][1] - mem, others[target][2] - 1]
        return True

    def _remove(self, pool, name: str, pods: list[dict]) -> None:
        mc = self.mc
        self.removing.add(name)
        self.unneeded.pop(name, None)
        pool.count -= 1
        node = mc.api.get("nodes", name, "")
        taints = [t for t in (node.get("spec") or {}).get("taints") or []]
        taints.append({"key": "ToBeDeletedByClusterAutoscaler", "value": str(self.sim.clock.unix_ms() // 1000),
                       "effect": "NoSchedule"})
        mc.api.patch("nodes", name, "", {"spec": {"taints": taints}}, "merge", user=COMPONENT)
        mc.cluster.recorder.event(node, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable",
                                  COMPONENT)
        for pod in pods:
            mc.cluster.recorder.event(pod, "Normal", "ScaleDown", "deleting pod for node scale down", COMPONENT)

        def steps():
            yield from drain(mc, name, reason="scaling down")
            yield NODE_DELETE_MS
            mc.remove_node(name)
            self.removing.discard(name)
        Operation(self.sim, steps(), f"{mc.name}:scale-down:{name}")


def ensure(mc) -> None:
    """Start the cluster's autoscaler once a node pool has autoscaling enabled."""
    if mc.autoscaler is None and any(p.enable_auto_scaling for p in mc.pools.values()):
        mc.autoscaler = ClusterAutoscaler(mc).start()
