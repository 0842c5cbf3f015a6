"""Node heartbeats: the node Lease and the Node's status (``pkg/kubelet/nodelease``, ``nodestatus``).

Two heartbeats, as since Kubernetes 1.17:

* the **Lease** ``kube-node-lease/<node>`` (``coordination.k8s.io/v1``), created if missing,
  owned by the Node, ``holderIdentity`` the node name, ``leaseDurationSeconds: 40``, its
  ``renewTime`` (a MicroTime, ``2026-03-02T09:00:10.000000Z``) renewed every 10 s — the cheap
  heartbeat the node lifecycle controller watches;
* the **Node status**: looked at every 10 s (``nodeStatusUpdateFrequency``) but written only when
  something changed (a condition, the image list) or every 5 minutes
  (``nodeStatusReportFrequency``), refreshing every condition's ``lastHeartbeatTime``.
  ``status.images`` lists the node's images, largest first (the scheduler's ImageLocality score
  reads it).

A stopped kubelet stops both: the lease runs out after 40 s, which is how the control plane
notices a dead node.

**Steady state.** A renewal changes nothing but ``spec.renewTime``. While the stored Lease is still
the very object this kubelet's last renewal wrote (nobody else wrote it, nothing deleted it), no
ResourceQuota sits in ``kube-node-lease`` and the API server and etcd are up, the full ``update``
path (decode, defaults, admission, validation) can only store that same object with the new time,
so :meth:`~k8scourse.apiserver.server.APIServer.renew` stores it directly: the same store write
(revision, history entry, watch events to every lease watcher) and the same trace line, without the
path's copies and checks. Anything else takes the full path. ``Simulation.shortcuts = False`` is the
reference mode that always takes it (``tests/metrics/test_steady_state.py`` compares the two).

**Quiet ticks.** The node-status half of a tick — conditions the node lifecycle controller set to
``Unknown``, the network plugin's readiness — reads only the stored Node and the kubelet's own state.
After a tick that left nothing pending (no condition to report, images reported), neither can change
without a Node write or a disturbance (``Simulation.disturbances``: an event that is not a periodic
tick, or the user between two runs), so while both stay the same the next tick skips those checks;
the 5-minute report and the lease renewal run as always.
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import copy_json, dig
from ..errors import K8sCourseError

# What a healthy kubelet reports for each node condition (status, reason, message).
_HEALTHY = {
    "Ready": ("True", "KubeletReady", "kubelet is posting ready status"),
    "MemoryPressure": ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    "DiskPressure": ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    "PIDPressure": ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
}


# The Ready condition's message while the CNI plugin has no configuration (kubenet without a podCIDR).
_NETWORK_NOT_READY = ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                      "message:Network plugin returns error: cni plugin not initialized")


class NodeStatusReporter:
    def __init__(self, kubelet):
        self.k = kubelet
        self._timer = None
        self._last_report_ms: int | None = None
        self._images_dirty = True
        self._conditions: dict[str, tuple[str, str, str]] = {}
        self._fresh_node: dict | None = None    # the stored Node last found without an Unknown condition
        self._lease_written: dict | None = None  # the stored Lease as this kubelet's last renewal wrote it
        # (disturbances, nodes write revision) after a tick that left nothing pending (module doc)
        self._quiet: tuple[int, int] | None = None
        self._tick_name = f"heartbeat {kubelet.node_name}"
        self._lease_key: tuple[str, str, str] | None = None   # the Lease's store key
        self._lease_info = None                 # the Lease kind (resolved once: renew() takes it as is)
        self._user = f"system:node:{kubelet.node_name}"
        self.quiet_ticks = 0                # ticks that skipped the node-status checks (tests check they happen)

    # ------------------------------------------------------------------ timers
    def start(self) -> None:
        self.stop()
        self._ensure_lease()
        self._reassert_conditions()
        self._report(force=True)
        self._timer = self.k.sim.tick(defaults.NODE_LEASE_RENEW_MS, self._tick,
                                      name=f"heartbeat {self.k.node_name}", priority=3)

    def stop(self) -> None:
        self._quiet = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self) -> None:
        k = self.k
        sim = k.sim
        self._timer = sim.tick(defaults.NODE_LEASE_RENEW_MS, self._tick, name=self._tick_name, priority=3)
        if not k.api.available:
            return
        self._renew_lease()
        quiet = self._quiet
        if quiet is None or quiet[0] != sim.disturbances or quiet[1] != k.api.store.last_write("nodes"):
            self._quiet = None
            if self._reassert_conditions() | self._check_network():
                self._report(force=True)
        else:
            self.quiet_ticks += 1
        due = self._last_report_ms is None or sim.now_ms - self._last_report_ms >= defaults.NODE_STATUS_REPORT_MS
        if due or self._images_dirty:
            self._report(force=due)
        if sim.shortcuts and not self._conditions and not self._images_dirty:
            # nothing pending: until a disturbance or a Node write, the checks above find the same
            self._quiet = (sim.disturbances, k.api.store.last_write("nodes"))
        else:
            self._quiet = None

    # ------------------------------------------------------------------ lease
    def _ensure_lease(self) -> None:
        k = self.k
        if k.api.peek("leases", k.node_name, "kube-node-lease") is not None:
            self._renew_lease()
            return
        node = k.node() or {}
        lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                 "metadata": {"name": k.node_name, "namespace": "kube-node-lease",
                              "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": k.node_name,
                                                   "uid": dig(node, "metadata", "uid", default="")}]},
                 "spec": {"holderIdentity": k.node_name,
                          "leaseDurationSeconds": defaults.NODE_LEASE_DURATION_SECONDS,
                          "renewTime": k.sim.clock.rfc3339_micro()}}
        try:
            k.api.create(lease, user=f"system:node:{k.node_name}", trusted=True)
        except K8sCourseError:
            pass

    def _renew_lease(self) -> None:
        k = self.k
        key = self._lease_key
        if key is None:
            self._lease_info = k.api.info("leases")
            key = self._lease_key = (self._lease_info.group_resource, "kube-node-lease", k.node_name)
        current = k.api.store.peek(key)         # what api.peek answers, without its lookups
        if current is None:
            self._ensure_lease()
            return
        user = self._user
        now = k.sim.clock.rfc3339_micro()
        if k.sim.shortcuts and current is self._lease_written:
            # the lease is still what this kubelet last wrote: only renewTime moves (see the module doc)
            written = k.api.renew(self._lease_info, "kube-node-lease", k.node_name, current, {"renewTime": now},
                                  user)
            if written is not None:
                self._lease_written = written
                return
        lease = dict(current)
        lease["spec"] = dict(current.get("spec") or {})
        lease["spec"]["renewTime"] = now
        lease["metadata"] = dict(current["metadata"])
        try:
            k.api.update(lease, user=user, trusted=True)
        except K8sCourseError:
            return
        self._lease_written = k.api.peek("leases", k.node_name, "kube-node-lease")

    # ------------------------------------------------------------------ node status
    def _reassert_conditions(self) -> bool:
        """Conditions the node lifecycle controller set to ``Unknown`` while this kubelet was not
        heard from get the kubelet's own view again (upstream: every status update recomputes them)."""
        node = self.k.node() or {}
        if node is self._fresh_node:        # looked at already and nothing was Unknown
            return False
        stale = [c.get("type") for c in dig(node, "status", "conditions", default=[]) or []
                 if c.get("status") == "Unknown" and c.get("type") in _HEALTHY]
        if not stale and node:
            self._fresh_node = node
        for ctype in stale:
            self._conditions.setdefault(ctype, _HEALTHY[ctype])
        if "Ready" in stale:
            self.k.recorder.event(node, "Normal", "NodeReady", f"Node {self.k.node_name} status is now: NodeReady",
                                  component="kubelet", host=self.k.node_name)
        return bool(stale)

    def _check_network(self) -> bool:
        """A node whose network plugin cannot work (no podCIDR: CIDRNotAvailable) is not Ready."""
        ready = self.k.network_ready()
        current = self._conditions.get("Ready", _HEALTHY["Ready"])
        if not ready and current[0] == "True":
            self._conditions["Ready"] = ("False", "KubeletNotReady", _NETWORK_NOT_READY)
            return True
        if ready and current[2] == _NETWORK_NOT_READY:
            self._conditions["Ready"] = _HEALTHY["Ready"]
            return True
        return False

    def images_changed(self) -> None:
        self._images_dirty = True

    def set_condition(self, ctype: str, status: str, reason: str, message: str) -> None:
        self._conditions[ctype] = (status, reason, message)
        self._report(force=True)

    def _report(self, force: bool = False) -> None:
        k = self.k
        node = k.node()
        if node is None or not k.api.available:
            return
        now = k.sim.clock.rfc3339()
        status = copy_json(node.get("status") or {})
        conditions = status.get("conditions") or []
        by_type = {c.get("type"): c for c in conditions}
        for ctype, (cstatus, reason, message) in self._conditions.items():
            cond = by_type.get(ctype)
            if cond is None:
                cond = {"type": ctype, "status": cstatus, "lastHeartbeatTime": now, "lastTransitionTime": now}
                conditions.append(cond)
            if cond.get("status") != cstatus:
                cond["lastTransitionTime"] = now
            cond.update(status=cstatus, reason=reason, message=message)
        self._conditions.clear()
        if force:
            for cond in conditions:
                cond["lastHeartbeatTime"] = now
        status["conditions"] = conditions
        status["images"] = k.runtime.images.node_images()
        self._images_dirty = False
        if status == node.get("status"):
            return
        body = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": k.node_name}, "status": status}
        try:
            k.api.update_status(body, user=f"system:node:{k.node_name}")
        except K8sCourseError:
            return
        if force:
            self._last_report_ms = k.sim.now_ms
