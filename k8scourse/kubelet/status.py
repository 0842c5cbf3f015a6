"""The kubelet's status manager: the pod status it writes through ``pods/status``.

:func:`build_status` turns a :class:`~k8scourse.kubelet.pod_worker.PodWorker` into the
``status`` of the Pod, shaped as the real kubelet writes it (``generateAPIPodStatus``):

* ``phase`` (and ``reason``/``message`` for rejected or evicted pods), ``startTime``,
  ``hostIP``/``hostIPs``, ``podIP``/``podIPs``, ``qosClass`` (kept from the API server);
* ``conditions`` in the kubelet's order — ``PodReadyToStartContainers``, ``Initialized``, ``Ready``,
  ``ContainersReady`` — followed by conditions the kubelet does not own (``PodScheduled``, kept as
  the scheduler wrote it), each with ``lastTransitionTime`` of its last change and the upstream
  reasons (``ContainersNotReady`` / ``containers with unready status: [a b]``,
  ``ContainersNotInitialized``, ``PodCompleted``);
* ``initContainerStatuses`` / ``containerStatuses``: ``state`` (waiting with reason and message,
  running with ``startedAt``, terminated with exit code, reason, times and container ID),
  ``lastState``, ``ready``, ``started``, ``restartCount``, ``image``/``imageID``/``containerID``.

:class:`StatusManager` batches changes made at one simulated instant into one write and only
writes when the status really changed (upstream: ``needsUpdate``), as user
``system:node:<node>``. A write the API server or etcd refused — and the final delete of a pod
whose containers are gone — is tried again by the periodic sync every
:data:`~k8scourse.defaults.KUBELET_STATUS_SYNC_MS` until it goes through.
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import copy_json, dig
from ..errors import K8sCourseError

_OWNED = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "DisruptionTarget")


def _container_status(worker, cs, default_reason: str) -> dict:
    clock = worker.k.sim.clock
    rec = cs.record
    info = cs.image_info
    out = {"image": info.reference if info is not None and rec is not None else cs.spec.get("image", ""),
           "imageID": info.image_id if info is not None and rec is not None else "",
           "lastState": {}, "name": cs.name, "ready": bool(cs.ready and cs.running),
           "restartCount": cs.restart_count, "started": bool(cs.started and cs.running)}
    if rec is not None:
        out["containerID"] = rec.container_id
    last = cs.last_term
    if rec is not None and rec.running:
        state = {"running": {"startedAt": clock.rfc3339(rec.started_ms)}}
    elif cs.term is not None and cs.waiting is None:
        state = {"terminated": _public(cs.term)}
    elif cs.waiting is not None:
        state = {"waiting": {"reason": cs.waiting[0]}}
        if cs.waiting[1]:
            state["waiting"]["message"] = cs.waiting[1]
        if cs.term is not None:
            last = cs.term
    else:
        state = {"waiting": {"reason": default_reason}}
    out["state"] = state
    if last is not None:
        out["lastState"] = {"terminated": _public(last)}
    return out


def _public(term: dict) -> dict:
    return {k: v for k, v in term.items() if not k.startswith("_")}


def _condition(worker, ctype: str, status: str, reason: str = "", message: str = "") -> dict:
    now = worker.k.sim.now_ms
    prev = worker.conditions.get(ctype)
    since = prev[3] if prev is not None and prev[0] == status else now
    worker.conditions[ctype] = (status, reason, message, since)
    cond = {"type": ctype, "status": status, "lastProbeTime": None,
            "lastTransitionTime": worker.k.sim.clock.rfc3339(since)}
    if reason:
        cond["reason"] = reason
    if message:
        cond["message"] = message
    return cond


def build_status(worker, current: dict | None) -> dict:
    """The pod's status as the kubelet reports it now (``current``: the stored status)."""
    k = worker.k
    status = copy_json(current or {})
    phase = worker.phase
    status["phase"] = phase
    for key in ("reason", "message"):
        status.pop(key, None)
    if worker.reason:
        status["reason"] = worker.reason
    if worker.message:
        status["message"] = worker.message
    if worker.start_ms is not None:
        status["startTime"] = k.sim.clock.rfc3339(worker.start_ms)
    status["hostIP"] = k.host_ip
    status["hostIPs"] = [{"ip": k.host_ip}]
    if worker.pod_ip:
        status["podIP"] = worker.pod_ip
        status["podIPs"] = [{"ip": worker.pod_ip}]
    rejected = worker.reason is not None and worker.reason.startswith("OutOf")
    if rejected:
        status["conditions"] = [c for c in status.get("conditions") or [] if c.get("type") not in _OWNED]
        return status
    has_init = bool(worker.init_cs)
    default = "PodInitializing" if has_init else "ContainerCreating"
    init_statuses = [_container_status(worker, cs, default) for cs in worker.init_cs]
    app_statuses = [_container_status(worker, cs, default) for cs in worker.app_cs]
    if worker.frozen is not None:
        init_statuses, app_statuses = worker.frozen["initContainerStatuses"], worker.frozen["containerStatuses"]
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    status["containerStatuses"] = app_statuses

    conds = [_condition(worker, "PodReadyToStartContainers", "True" if worker.sandbox is not None else "False")]
    incomplete = [cs.name for cs in worker.init_cs
                  if not (cs.term is not None and cs.term["exitCode"] == 0 and not cs.running)
                  and not (cs.sidecar and cs.running and cs.started)]
    if phase == "Succeeded":
        conds.append(_condition(worker, "Initialized", "True", "PodCompleted"))
    elif incomplete:
        conds.append(_condition(worker, "Initialized", "False", "ContainersNotInitialized",
                                f"containers with incomplete status: [{' '.join(incomplete)}]"))
    else:
        conds.append(_condition(worker, "Initialized", "True"))
    unready = [cs.name for cs in worker.app_cs if not (cs.ready and cs.running)]
    if phase == "Succeeded":
        ready = _condition(worker, "ContainersReady", "False", "PodCompleted")
    elif unready:
        ready = _condition(worker, "ContainersReady", "False", "ContainersNotReady",
                           f"containers with unready status: [{' '.join(unready)}]")
    else:
        ready = _condition(worker, "ContainersReady", "True")
    pod_ready = _pod_ready(worker, ready, status)
    conds.append(pod_ready)
    conds.append(ready)
    conds.extend(worker.extra_conditions)
    others = [c for c in status.get("conditions") or [] if c.get("type") not in _OWNED]
    status["conditions"] = conds + others
    return status


def _pod_ready(worker, containers_ready: dict, status: dict) -> dict:
    gates = dig(worker.pod, "spec", "readinessGates", default=[]) or []
    if containers_ready["status"] != "True":
        return _condition(worker, "Ready", "False", containers_ready.get("reason", ""),
                          containers_ready.get("message", ""))
    existing = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    missing = [g.get("conditionType") for g in gates if existing.get(g.get("conditionType")) != "True"]
    if missing:
        return _condition(worker, "Ready", "False", "ReadinessGatesNotReady",
                          f"corresponding condition of pod readiness gate \"{missing[0]}\" does not exist.")
    return _condition(worker, "Ready", "True")


class StatusManager:
    def __init__(self, kubelet):
        self.k = kubelet
        self._dirty: dict[str, object] = {}
        self._flush = None
        self._sent: dict[str, dict] = {}
        self._finalizing: dict[str, tuple[str, str]] = {}    # uid -> (namespace, name): final delete refused
        self._sync = None
        self._checked: dict[str, str] = {}      # uid -> the pod's resourceVersion when last sent or found equal

    def unchanged(self, worker) -> bool:
        """Whether sending ``worker``'s status now would change nothing: no change of it is pending and
        the pod was not written since its status was last sent (or found equal). The crash-loop
        back-off uses it to skip re-checking an unchanged status every 10 s."""
        if worker.uid in self._dirty or not self.k.running or not self.k.api.available:
            return False
        current = self.k.api.peek("pods", worker.name, worker.namespace)
        return current is not None and self._checked.get(worker.uid) == dig(current, "metadata", "resourceVersion")

    def mark(self, worker) -> None:
        self._dirty[worker.uid] = worker
        if self._flush is None:
            self._flush = self.k.sim.schedule(0, self.flush, name=f"status {self.k.node_name}", priority=5)

    def flush(self) -> None:
        self._flush = None
        dirty, self._dirty = self._dirty, {}
        for worker in dirty.values():
            self.send(worker)

    def send(self, worker) -> None:
        k = self.k
        if worker.gone or not k.running:
            return
        if not k.api.available:
            self._sync_later(worker)
            return
        current = k.api.peek("pods", worker.name, worker.namespace)
        if current is None or dig(current, "metadata", "uid") != worker.uid:
            return
        status = build_status(worker, current.get("status"))
        if status == current.get("status"):
            self._checked[worker.uid] = dig(current, "metadata", "resourceVersion")
            return
        body = {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": worker.name, "namespace": worker.namespace}, "status": status}
        try:
            written = k.api.update_status(body, user=f"system:node:{k.node_name}")
        except K8sCourseError:
            self._checked.pop(worker.uid, None)
            self._sync_later(worker)
            return
        self._sent[worker.uid] = status
        self._checked[worker.uid] = dig(written, "metadata", "resourceVersion")

    def finalize(self, namespace: str, name: str, uid: str) -> None:
        """The final delete (grace period 0) of a pod whose containers are gone."""
        current = self.k.api.peek("pods", name, namespace)
        if current is None or dig(current, "metadata", "uid") != uid:
            self._finalizing.pop(uid, None)
            return
        try:
            self.k.api.finalize_pod(namespace, name, user=f"system:node:{self.k.node_name}")
        except K8sCourseError:
            self._finalizing[uid] = (namespace, name)
            self._sync_later(None)
            return
        self._finalizing.pop(uid, None)

    def _sync_later(self, worker) -> None:
        if worker is not None:
            self._dirty[worker.uid] = worker
        if self._sync is None:
            self._sync = self.k.sim.schedule(defaults.KUBELET_STATUS_SYNC_MS, self._periodic_sync,
                                             name=f"status sync {self.k.node_name}", priority=5)

    def _periodic_sync(self) -> None:
        self._sync = None
        if not self.k.running:
            return                      # a started kubelet syncs every pod it finds anyway
        for uid, (namespace, name) in list(self._finalizing.items()):
            self.finalize(namespace, name, uid)
        self.flush()

    def forget(self, uid: str) -> None:
        self._dirty.pop(uid, None)
        self._sent.pop(uid, None)
        self._checked.pop(uid, None)


def pod_phase(worker) -> str:
    """``getPhase``: the pod's phase from its containers (Pending, Running, Succeeded, Failed)."""
    if worker.reason in ("Evicted",) or (worker.terminal and worker.phase == "Failed"):
        return "Failed"
    policy = worker.restart_policy
    for cs in worker.init_cs:
        if cs.sidecar:
            if not (cs.running and cs.started):
                return "Pending"
            continue
        if cs.term is not None and cs.term["exitCode"] == 0:
            continue
        if cs.term is not None and policy == "Never":
            return "Failed"
        return "Pending"
    running = waiting = stopped = succeeded = 0
    for cs in worker.app_cs:
        if cs.running:
            running += 1
        elif cs.term is not None and cs.waiting is None:
            stopped += 1
            succeeded += cs.term["exitCode"] == 0
        elif cs.last_term is not None or cs.term is not None:
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    if stopped:
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"
    return "Pending"
