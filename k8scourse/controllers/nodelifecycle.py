"""The node lifecycle controller: notices dead nodes and taints them.

Models ``pkg/controller/nodelifecycle`` of kube-controller-manager (1.32):

* **Heartbeats.** Every ``node-monitor-period`` (5 s) it looks at each Node's Lease
  (``kube-node-lease/<node>``, renewed by the kubelet every 10 s) and at the ``lastHeartbeatTime``
  of its ``Ready`` condition. A change is remembered with the instant the controller *saw* it (the
  probe time), as upstream does — the node's own clock is never trusted.
* **Grace period.** A node not heard from for ``node-monitor-grace-period`` — **50 s** since
  Kubernetes 1.32 (kubernetes/kubernetes#126287; 40 s before) — gets every condition (``Ready``,
  ``MemoryPressure``, ``DiskPressure``, ``PIDPressure``) set to ``Unknown``, reason
  ``NodeStatusUnknown``, message ``Kubelet stopped posting node status.`` (``kubectl get nodes``:
  ``NotReady``), the event ``NodeNotReady`` (``Node x status is now: NodeNotReady``), and each of
  its pods gets ``Ready=False`` with the pod event ``NodeNotReady`` ``Node is not ready``.
* **Taints.** A node whose ``Ready`` is ``Unknown`` is tainted ``node.kubernetes.io/unreachable``
  — ``NoSchedule`` (the scheduler keeps new pods away) and ``NoExecute`` (with ``timeAdded``;
  :mod:`~k8scourse.controllers.tainteviction` evicts its pods after their ``tolerationSeconds``,
  300 s by default); ``Ready=False`` gives ``node.kubernetes.io/not-ready`` instead. When the
  kubelet posts ``Ready=True`` again the taints are removed.
* **Zone disruption.** ``NoExecute`` tainting is rate-limited per zone (one node per 10 s,
  ``--node-eviction-rate 0.1``). A zone with more than 2 not-ready nodes making up ≥ 55 % of it is
  *partially disrupted*: in clusters of ≤ 50 nodes its tainting stops. When every node of every zone
  is not ready the controller assumes the problem is its own (the control plane lost the network),
  taints nothing and removes the ``NoExecute`` taints it set ("master disruption mode").

Steady state: the monitor's view of the Nodes is rebuilt only when a Node was written (the
store's per-resource revision), and the disruption pass is skipped while every node is Ready,
untainted by this controller and unchanged — it would compute the same nothing.

Deliberate differences: the controller (re)starts with every node freshly observed, and an
API-server or etcd outage it lived through counts as a restart — so nodes are not declared dead
for heartbeats the outage swallowed (upstream can, issue #121793); ``node-startup-grace-period``
is not modelled (nodes register Ready); no ``NoSchedule`` taints for pressure conditions here (the
kubelet and scheduler model those). Node CIDR allocation lives elsewhere (the cluster assigns it).

>>> GRACE_PERIOD_MS, MONITOR_PERIOD_MS
(50000, 5000)
"""

from __future__ import annotations

import math

from ..api.objects import copy_json, dig
from ..apiserver.store import StoreError
from ..errors import APIError
from .runtime import Controller, Loop

COMPONENT = "node-controller"
USER = "system:serviceaccount:kube-system:node-controller"
MONITOR_PERIOD_MS = 5_000
GRACE_PERIOD_MS = 50_000                    # 1.32 default; 40 s up to 1.31
EVICTION_INTERVAL_MS = 10_000               # --node-eviction-rate 0.1 nodes/s per zone
UNHEALTHY_ZONE_THRESHOLD = 0.55
LARGE_CLUSTER_SIZE = 50
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
ZONE_LABEL = "topology.kubernetes.io/zone"
_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")


def zone_state(ready: int, not_ready: int) -> str:
    """``ComputeZoneState``: Normal, PartialDisruption or FullDisruption.

    >>> zone_state(1, 2), zone_state(2, 3), zone_state(0, 1)
    ('Normal', 'PartialDisruption', 'FullDisruption')
    """
    if ready == 0 and not_ready > 0:
        return "FullDisruption"
    if not_ready > 2 and not_ready / (ready + not_ready) >= UNHEALTHY_ZONE_THRESHOLD:
        return "PartialDisruption"
    return "Normal"


def ready_status(node: dict) -> str:
    cond = next((c for c in dig(node, "status", "conditions", default=[]) or [] if c.get("type") == "Ready"), None)
    return (cond or {}).get("status", "Unknown")


class NodeLifecycleController(Controller):
    resource, kind, component = "nodes", "Node", COMPONENT

    def __init__(self, server, grace_period_ms: int = GRACE_PERIOD_MS):
        super().__init__(server)
        self.grace_period_ms = grace_period_ms
        self._outage = False
        # node -> (probe ms, lease renewTime, Ready lastHeartbeatTime)
        self._health: dict[str, tuple[int, str, str]] = {}
        self._zone_next_ms: dict[str, int] = {}
        self._node_view: tuple[int, list] | None = None    # (nodes revision, _nodes() rows)
        self._quiet: int | None = None      # nodes revision at which the disruption pass had nothing to do
        # after a heartbeat loop that changed nothing: (leases and nodes write revisions, the first
        # instant a node not heard from since could pass its grace period) — see monitor()
        self._unchanged: tuple[int, int, float] | None = None
        self._leases = server.info("leases").group_resource

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "NodeLifecycleController":
        if not self.running:
            self._health.clear()
            self._unchanged = None
        return super().start()

    def loops(self) -> list[Loop]:
        return [Loop("node-lifecycle monitor", MONITOR_PERIOD_MS, self._monitor_pass, priority=4, first_ms=0)]

    def on_primary(self, event) -> None:
        if event.type == "DELETED":
            self._health.pop(event.object["metadata"]["name"], None)
        elif self.running:
            self.queue.add(event.object["metadata"]["name"])

    def reconcile(self, name: str) -> None:
        """A node changed: drop taints its Ready condition no longer calls for, add ``NoSchedule``
        ones (``NoExecute`` taints are only added by the monitor pass, which weighs the zones)."""
        if not self._api_up():
            return                          # the monitor pass looks again once the API is back
        node = self.server.peek("nodes", name)
        if node is not None:
            self._sync_taints(node, allow_no_execute=False)

    # ------------------------------------------------------------------ monitor
    def _api_up(self) -> bool:
        return bool(self.server.available and self.server.store.available)

    def _monitor_pass(self) -> None:
        if not self._api_up():
            self._outage = True
            return
        if self._outage:                    # what the outage hid is not the nodes' fault
            self._outage = False
            self._health.clear()
            self._unchanged = None
        try:
            self.monitor()
        except (APIError, StoreError):
            self._outage = True

    def _nodes(self) -> list[tuple[dict, str, str, str, tuple]]:
        """The stored Nodes by name, each with its name, Ready status and Ready ``lastHeartbeatTime``
        and the key of its Lease. Built again only when a Node was written since the last pass
        (the store's per-resource revision): in the steady state nodes change every 5 minutes,
        the monitor looks every 5 seconds."""
        store = self.server.store
        rev = store.last_write("nodes")
        if self._node_view is not None and self._node_view[0] == rev:
            return self._node_view[1]
        leases = self.server.info("leases").group_resource
        view = []
        for node in sorted(store.list("nodes", None, copy=False), key=lambda n: n["metadata"]["name"]):
            name = node["metadata"]["name"]
            ready = next((c for c in dig(node, "status", "conditions", default=[]) or []
                          if c.get("type") == "Ready"), {})
            view.append((node, name, ready_status(node), ready.get("lastHeartbeatTime") or "",
                         (leases, "kube-node-lease", name)))
        self._node_view = (rev, view)
        return view

    def monitor(self) -> None:
        """One ``monitorNodeHealth`` pass over every node.

        Shortcut: when no Lease and no Node was written since a pass whose loop changed nothing, each
        node shows what it showed then, so the loop would only find whether one has passed its grace
        period by now — it is skipped until the first instant one could (a Lease renewal every 10 s
        makes every other 5-s pass such a pass)."""
        now = self.sim.now_ms
        store = self.server.store
        unchanged = self._unchanged
        if unchanged is not None and self.sim.shortcuts:
            leases_rev, nodes_rev, deadline = unchanged
            if now <= deadline and leases_rev == store.last_write(self._leases) \
                    and nodes_rev == store.last_write("nodes"):
                self._disruption_pass()
                return
        self._unchanged = None
        view = self._nodes() if self.sim.shortcuts else self._node_rows()
        if len(self._health) > len(view) or any(name not in self._health for _, name, *_ in view):
            names = {name for _, name, *_ in view}
            for name in [n for n in self._health if n not in names]:
                del self._health[name]
        peek = self.server.store.peek
        health = self._health
        revisions = (store.last_write(self._leases), store.last_write("nodes"))
        deadline, marked = math.inf, False
        for node, name, status, beat, lease_key in view:
            lease = peek(lease_key)
            renew = ((lease or {}).get("spec") or {}).get("renewTime") or ""
            seen = health.get(name)
            if seen is None or seen[1] != renew or seen[2] != beat:
                seen = health[name] = (now, renew, beat)
            if status != "Unknown":
                if now - seen[0] > self.grace_period_ms:
                    self._mark_unknown(node)
                    marked = True
                elif seen[0] + self.grace_period_ms < deadline:
                    deadline = seen[0] + self.grace_period_ms
        if not marked and revisions == (store.last_write(self._leases), store.last_write("nodes")):
            self._unchanged = (*revisions, deadline)
        self._disruption_pass()

    def _node_rows(self) -> list[tuple[dict, str, str, str, tuple]]:
        """The reference mode of :meth:`_nodes`: built afresh on every pass."""
        self._node_view = None
        return self._nodes()

    def _mark_unknown(self, node: dict) -> None:
        name = node["metadata"]["name"]
        now = self.sim.clock.rfc3339()
        status = copy_json(node.get("status") or {})
        was_ready = ready_status(node) == "True"
        conditions = status.setdefault("conditions", [])
        for ctype in _CONDITIONS:
            cond = next((c for c in conditions if c.get("type") == ctype), None)
            if cond is None:
                cond = {"type": ctype, "lastHeartbeatTime": node["metadata"].get("creationTimestamp")}
                conditions.append(cond)
            if cond.get("status") != "Unknown":
                cond.update(status="Unknown", reason="NodeStatusUnknown", lastTransitionTime=now,
                            message="Kubelet stopped posting node status.")
        self.server.update_status({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name},
                                   "status": status}, user=USER)
        self.sim.record(COMPONENT, "node-unknown", f"nodes/{name}", "Kubelet stopped posting node status.")
        if was_ready:
            self.recorder.event(node, "Normal", "NodeNotReady", f"Node {name} status is now: NodeNotReady", COMPONENT)
            self._mark_pods_not_ready(name)

    def _mark_pods_not_ready(self, node_name: str) -> None:
        """``MarkPodsNotReady``: the API must stop counting the node's pods as serving."""
        now = self.sim.clock.rfc3339()
        for pod in sorted(self.server.store.list("pods", None, copy=False),
                          key=lambda p: (p["metadata"].get("namespace", ""), p["metadata"]["name"])):
            if dig(pod, "spec", "nodeName") != node_name or dig(pod, "status", "phase") in ("Succeeded", "Failed"):
                continue
            status = copy_json(pod.get("status") or {})
            changed = False
            for cond in status.get("conditions") or []:
                if cond.get("type") == "Ready" and cond.get("status") != "False":
                    cond.update(status="False", lastTransitionTime=now)
                    changed = True
            if not changed:
                continue
            md = pod["metadata"]
            try:
                self.server.update_status({"apiVersion": "v1", "kind": "Pod", "metadata": {
                    "name": md["name"], "namespace": md["namespace"]}, "status": status}, user=USER)
            except APIError:
                continue
            self.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready", COMPONENT)

    # ------------------------------------------------------------------ taints
    def _disruption_pass(self) -> None:
        """Zone states, then the NoExecute tainting they allow, node by node.

        Shortcut: when every node is ``Ready=True`` and carries none of this controller's taints the
        pass changes nothing and takes no zone token; it is skipped while the stored Nodes stay the
        same objects (the store's per-resource revision), since its outcome depends on nothing else."""
        store = self.server.store
        if self.sim.shortcuts and self._quiet is not None and self._quiet == store.last_write("nodes"):
            return
        nodes = sorted(store.list("nodes", None, copy=False), key=lambda n: n["metadata"]["name"])
        rev = store.last_write("nodes")
        quiet = all(ready_status(n) == "True" and not any(
            t.get("key") in (UNREACHABLE, NOT_READY) for t in dig(n, "spec", "taints", default=[]) or [])
            for n in nodes)
        zones: dict[str, list[int]] = {}
        for node in nodes:
            counts = zones.setdefault(dig(node, "metadata", "labels", ZONE_LABEL, default="") or "", [0, 0])
            counts[0 if ready_status(node) == "True" else 1] += 1
        states = {zone: zone_state(*counts) for zone, counts in zones.items()}
        all_down = bool(states) and all(s == "FullDisruption" for s in states.values())
        for node in nodes:
            zone = dig(node, "metadata", "labels", ZONE_LABEL, default="") or ""
            allow = not all_down and not (states[zone] == "PartialDisruption" and len(nodes) <= LARGE_CLUSTER_SIZE)
            self._sync_taints(node, allow_no_execute=allow, remove_no_execute=all_down, zone=zone)
        self._quiet = rev if quiet and store.last_write("nodes") == rev else None

    def _sync_taints(self, node: dict, allow_no_execute: bool, remove_no_execute: bool = False,
                     zone: str | None = None) -> None:
        status = ready_status(node)
        want_key = {"Unknown": UNREACHABLE, "False": NOT_READY}.get(status)
        taints = list(dig(node, "spec", "taints", default=[]) or [])
        ours = [t for t in taints if t.get("key") in (UNREACHABLE, NOT_READY)]
        keep = [t for t in taints if t not in ours]
        wanted = []
        for t in ours:
            if t.get("key") == want_key and not (t.get("effect") == "NoExecute" and remove_no_execute):
                wanted.append(t)
        if want_key is not None:
            if not any(t.get("effect") == "NoSchedule" for t in wanted):
                wanted.append({"key": want_key, "effect": "NoSchedule"})
            if not any(t.get("effect") == "NoExecute" for t in wanted) and allow_no_execute \
                    and not remove_no_execute and self._take_zone_token(zone):
                wanted.append({"key": want_key, "effect": "NoExecute", "timeAdded": self.sim.clock.rfc3339()})
        if sorted(map(repr, wanted)) == sorted(map(repr, ours)):
            return
        name = node["metadata"]["name"]
        self.server.patch("nodes", name, "", {"spec": {"taints": keep + wanted or None}}, "merge", user=USER)
        added = [f"{t['key']}:{t['effect']}" for t in wanted if t not in ours]
        removed = [f"{t['key']}:{t['effect']}" for t in ours if t not in wanted]
        self.sim.record(COMPONENT, "taint", f"nodes/{name}",
                        "; ".join(x for x in (f"added {', '.join(added)}" if added else "",
                                              f"removed {', '.join(removed)}" if removed else "") if x))

    def _take_zone_token(self, zone: str | None) -> bool:
        """The per-zone rate limiter of NoExecute tainting (None: not rate-limited)."""
        if zone is None:
            return True
        now = self.sim.now_ms
        if now < self._zone_next_ms.get(zone, -math.inf):
            return False
        self._zone_next_ms[zone] = now + EVICTION_INTERVAL_MS
        return True
