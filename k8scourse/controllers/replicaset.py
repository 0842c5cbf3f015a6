"""The ReplicaSet and ReplicationController controllers of kube-controller-manager.

Models pkg/controller/replicaset (the ReplicationController controller upstream is the same code
behind an adapter; here too). For each ReplicaSet (``apps/v1``, set-based selector) or
ReplicationController (``v1``, equality-only map selector) a reconcile pass:

1. lists the active pods of the namespace (not ``Succeeded``/``Failed``, not being deleted) and
   *claims* them: a matching orphan is adopted (it gets the controller owner reference), an owned
   pod whose labels no longer match is released (the reference is removed), pods controlled by
   someone else are ignored;
2. creates the missing pods from ``spec.template`` — ``generateName: <rs>-`` (the API server adds
   five random characters), the template's labels and annotations, an owner reference with
   ``controller: true`` and ``blockOwnerDeletion: true`` — in slow-start batches of 1, 2, 4, …
   that stop at the first refused batch; or deletes the surplus, choosing pods as upstream does
   (:func:`deletion_order`);
3. writes ``status``: ``replicas``, ``fullyLabeledReplicas`` (pods carrying all template labels),
   ``readyReplicas``, ``availableReplicas`` (ready for ``minReadySeconds``), ``observedGeneration``,
   and the ``ReplicaFailure`` condition while creating or deleting pods fails (quota).

A pass whose creates or deletes were refused (quota, admission, an outage) is an error: the key is
retried with the work queue's back-off (5 ms, 10 ms, 20 ms …, :mod:`.workqueue`), so a
``FailedCreate`` event counts up as upstream's does.

Events, as upstream: ``SuccessfulCreate`` ``Created pod: web-7d4b9-abcde``, ``SuccessfulDelete``
``Deleted pod: …``, ``FailedCreate`` ``Error creating: <the API server's message>``.

A pass creates or deletes at most 500 pods (``burstReplicas``), and every create or delete waits
for the controller manager's API client (20 requests a second, bursts of 30): a pass that runs out
of tokens stops and looks again when the next token is due, as upstream's sync blocks in the rate
limiter. Scaling to a million replicas is therefore a steady ~20 pods a second, as on a real cluster.

The pods a pass looks at come from the pod informer's index by controller UID
(:class:`~k8scourse.controllers.util.PodsByController`, upstream's ``controllerUIDIndex``), kept up to
date by the pod events themselves, with the counts ``status`` needs (ready, fully labelled, no longer
selected): a pass costs what changed, never a scan of the namespace, so one 100,000-replica
ReplicaSet is not quadratic. After a broken watch the index is rebuilt from a fresh list before it is
trusted.

Deliberate differences: no expectations cache (the informer's events arrive before the write that
caused them returns, so a pass always sees its own creates and deletes, which is what expectations
wait for upstream); ``availableReplicas`` with ``minReadySeconds`` looks at each owned pod (their
readiness times); the "related pods" used to rank pods by co-location are the pods of ReplicaSets
with the same controller (upstream: the same, via an owner index).

>>> rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
...       "metadata": {"name": "web-7d4b9", "namespace": "default", "uid": "u1"},
...       "spec": {"template": {"metadata": {"labels": {"app": "web"}},
...                             "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
>>> pod = pod_from_template(rs)
>>> pod["metadata"]["generateName"], pod["metadata"]["labels"], pod["metadata"]["ownerReferences"][0]["kind"]
('web-7d4b9-', {'app': 'web'}, 'ReplicaSet')
"""

from __future__ import annotations

import math

from .. import defaults
from ..api.labels import selector_from_label_selector, selector_from_set
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import util
from ..apiserver.store import StoreError
from .runtime import Controller, Result, refused, split_key
from .workqueue import BucketRateLimiter


def selector_of(obj: dict):
    """The label selector of a ReplicaSet (LabelSelector) or ReplicationController (plain map)."""
    if obj.get("kind") == "ReplicationController":
        return selector_from_set(dig(obj, "spec", "selector", default={}))
    return selector_from_label_selector(dig(obj, "spec", "selector"))


class ReplicaSetController(Controller):
    resource, kind, component = "replicasets", "ReplicaSet", "replicaset-controller"
    user = "system:serviceaccount:kube-system:replicaset-controller"
    owns = adopts = ("pods",)

    def __init__(self, server):
        super().__init__(server)
        # the pod informer's index by controller UID, kept by the pod events (see on_owned)
        self.pod_index = util.PodsByController()

    def selects(self, owner: dict, obj: dict) -> bool:
        return selector_of(owner).matches(dig(obj, "metadata", "labels", default={}))

    # ------------------------------------------------------------------ the pod informer's index
    def on_owned(self, event) -> None:
        self.pod_index.observe(event.type, event.object)
        super().on_owned(event)

    def on_primary(self, event) -> None:
        if event.type == "DELETED":
            self.pod_index.forget(dig(event.object, "metadata", "uid", default=""))
        super().on_primary(event)

    def _described(self, owner: dict):
        """The index, told what ``owner`` selects and its template's labels; after a broken watch
        (events were missed) it is rebuilt from a fresh list first, as the reflector's re-list would."""
        index = self.pod_index
        if self.watch_broken:
            index.rebuild(self.server.store.list("pods", None, copy=False))
        selector = selector_of(owner)
        spec = owner.get("spec") or {}
        index.describe(owner["metadata"].get("uid", ""), spec.get("selector"), selector.matches,
                       dig(spec, "template", "metadata", "labels", default={}))
        return index, selector

    # ------------------------------------------------------------------ reconcile
    def _sync(self, owner: dict) -> Result | None:
        component, user = self.component, self.user
        md, spec = owner["metadata"], owner.get("spec") or {}
        key = self.key_of(owner)
        if key in self._bursts():
            # a pass is still creating/deleting, waiting in the API client's rate limiter: upstream the
            # key is being processed, and the events seen meanwhile make one more pass after it
            return None
        ns, uid = md.get("namespace", ""), md.get("uid", "")
        index, selector = self._described(owner)
        # claim: release what no longer matches, adopt matching orphans (the index follows the patches)
        candidates = index.mismatched(uid) + [p for p in index.orphans(ns)
                                              if selector.matches(dig(p, "metadata", "labels", default={}))]
        if candidates:
            util.claim(self.server, owner, "pods", candidates,
                       lambda p: selector.matches(dig(p, "metadata", "labels", default={})), user)
        error, diff = None, self._replicas(index, uid) - int(spec.get("replicas", 1))
        again = False                   # more than one burst to do: another pass right after this one
        if not util.being_deleted(owner) and diff:
            burst = defaults.REPLICASET_BURST_REPLICAS
            if diff < 0:
                ops = self._create_ops(owner, min(-diff, burst), component, user)
            else:
                ops = self._delete_ops(owner, self._owned(index, uid), min(diff, burst), component, user)
            finished, error = self._start_burst(key, ops)
            if not finished:
                return None             # the rest of the pass happens as tokens come (status at its end)
            again = abs(diff) > burst
        self._update_status(owner, error, diff)
        # a refused create or delete (quota, admission) is an error of the sync: retried rate-limited
        if error is not None:
            return Result(requeue=True)
        return Result(requeue_after_ms=0) if again else None

    @staticmethod
    def _replicas(index: "util.PodsByController", uid: str) -> int:
        """How many active pods the owner controls and selects (``status.replicas``)."""
        return index.count(uid) - len(index.mismatched(uid))

    @staticmethod
    def _owned(index: "util.PodsByController", uid: str) -> list[dict]:
        mismatched = {id(p) for p in index.mismatched(uid)}
        return [p for p in index.owned(uid) if id(p) not in mismatched]

    # ------------------------------------------------------------------ bursts through the rate limiter
    def _bursts(self) -> dict[str, "_Burst"]:
        bursts = self.__dict__.get("_burst_state")
        if bursts is None:
            bursts = self.__dict__["_burst_state"] = {}
            self._client_bucket = BucketRateLimiter(defaults.CONTROLLER_MANAGER_API_QPS,
                                                    defaults.CONTROLLER_MANAGER_API_BURST)
        return bursts

    def _start_burst(self, key: str, ops: list) -> tuple[bool, str | None]:
        """Run ``ops`` (creates or deletes) in slow-start batches of 1, 2, 4, … that stop after a
        batch with a failure, each op taking a token of the API client. Returns (finished, error);
        not finished: the rest runs as tokens come, then the key is looked at again."""
        burst = _Burst(ops)
        self._bursts()[key] = burst
        return self._advance(key, burst), burst.error

    def _advance(self, key: str, burst: "_Burst") -> bool:
        while burst.index < len(burst.ops):
            if burst.index == burst.batch_end:
                if burst.error is not None:
                    break               # slow start: a batch with a failure ends the pass
                burst.batch *= 2
                burst.batch_end = min(len(burst.ops), burst.index + burst.batch)
            wait = self._client_bucket.take(self.server.sim.now_ms)
            if wait:
                self.sim.schedule(wait, lambda: self._resume(key, burst), name=f"{self.component} {key} client")
                return False
            try:
                error = burst.ops[burst.index]()
            except BaseException:
                self._bursts().pop(key, None)       # the pass ends with its error (an outage): retried
                raise
            burst.index += 1
            if error is not None:
                burst.error = error
        self._bursts().pop(key, None)
        return True

    def _resume(self, key: str, burst: "_Burst") -> None:
        if self._bursts().get(key) is not burst:
            return
        if not self.running:            # the process ended: so did the pass it was in
            self._bursts().pop(key, None)
            return
        try:
            if not self._advance(key, burst):
                return
            # the pass is over: its status write, as upstream's sync ends, then the next look
            owner = self.server.peek(self.resource, *reversed(split_key(key)))
            if owner is not None:
                index, _ = self._described(owner)
                replicas = self._replicas(index, owner["metadata"].get("uid", ""))
                self._update_status(owner, burst.error,
                                    replicas - int((owner.get("spec") or {}).get("replicas", 1)))
        except (APIError, StoreError) as exc:     # an outage in the middle of the pass: the sync's error
            if refused(exc):
                self.watch_failed()
            self.queue.add_rate_limited(key)
            return
        if burst.error is not None:
            self.queue.add_rate_limited(key)
        else:
            self.queue.add(key)

    # ------------------------------------------------------------------ pods
    def _create_ops(self, owner: dict, count: int, component: str, user: str) -> list:
        def create() -> str | None:
            try:
                pod = self.server.create(pod_from_template(owner), user=user, trusted=True)
            except APIError as exc:
                self.recorder.event(owner, "Warning", "FailedCreate", f"Error creating: {exc.message}", component)
                return exc.message
            self.recorder.event(owner, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                                component)
            return None
        return [create] * count

    def _delete_ops(self, owner: dict, owned: list[dict], count: int, component: str, user: str) -> list:
        related = self._related_pods(owner)
        victims = deletion_order(owned, related, self.server.sim.clock)[:count]

        def deleter(pmd: dict):
            def delete() -> str | None:
                try:
                    self.server.delete("pods", pmd["name"], pmd["namespace"], user=user)
                except APIError as exc:
                    if exc.reason == "NotFound":
                        return None
                    self.recorder.event(owner, "Warning", "FailedDelete", f"Error deleting: {exc.message}",
                                        component)
                    return exc.message
                self.recorder.event(owner, "Normal", "SuccessfulDelete", f"Deleted pod: {pmd['name']}", component)
                return None
            return delete
        return [deleter(pod["metadata"]) for pod in victims]

    def _related_pods(self, owner: dict) -> list[dict]:
        """Active pods of this owner and of the owners sharing its controller (a Deployment's RSs)."""
        ns = owner["metadata"].get("namespace", "")
        uids = [owner["metadata"].get("uid", "")]
        parent = util.controller_of(owner)
        if parent is not None and owner.get("kind") == "ReplicaSet":
            for rs in self.server.store.list(self.server.info("replicasets").group_resource, ns, copy=False):
                if (util.controller_of(rs) or {}).get("uid") == parent.get("uid") \
                        and rs["metadata"].get("uid") not in uids:
                    uids.append(rs["metadata"].get("uid"))
        return [p for uid in uids for p in self.pod_index.owned(uid)]

    # ------------------------------------------------------------------ status
    def _update_status(self, owner: dict, error: str | None, diff: int) -> None:
        """``status`` from the index's counts: a constant cost per pass, except with
        ``minReadySeconds`` (availability then depends on when each pod became ready)."""
        clock, now = self.server.sim.clock, self.server.sim.now_ms
        spec = owner.get("spec") or {}
        index, _ = self._described(owner)
        uid = owner["metadata"].get("uid", "")
        template_labels = dig(spec, "template", "metadata", "labels", default={})
        min_ready = int(spec.get("minReadySeconds") or 0)
        mismatched = index.mismatched(uid)
        replicas = index.count(uid) - len(mismatched)
        full, ready = index.labeled_count(uid), index.ready_count(uid)
        for pod in mismatched:          # not released yet (a conflict): not counted, as upstream's claim
            labels = dig(pod, "metadata", "labels", default={})
            full -= all(labels.get(k) == v for k, v in template_labels.items())
            ready -= util.pod_ready(pod)
        available, next_check = ready, None
        if min_ready:
            available = 0
            for pod in self._owned(index, uid):
                since = util.available_at(pod, min_ready, clock)
                if since is None:
                    continue
                if since <= now:
                    available += 1
                else:
                    next_check = since if next_check is None else min(next_check, since)
        status = copy_json(owner.get("status") or {})
        status["replicas"] = replicas
        for field, value in (("fullyLabeledReplicas", full), ("readyReplicas", ready),
                             ("availableReplicas", available),
                             ("observedGeneration", dig(owner, "metadata", "generation", default=0))):
            if value:
                status[field] = value
            else:
                status.pop(field, None)
        failure = util.get_condition(status, "ReplicaFailure")
        if error is not None and failure is None:
            status.setdefault("conditions", []).append({
                "type": "ReplicaFailure", "status": "True", "lastTransitionTime": clock.rfc3339(),
                "reason": "FailedCreate" if diff < 0 else "FailedDelete", "message": error})
        elif error is None and failure is not None:
            util.remove_condition(status, "ReplicaFailure")
        if status != (owner.get("status") or {}):
            body = {"apiVersion": owner["apiVersion"], "kind": owner["kind"],
                    "metadata": {"name": owner["metadata"]["name"], "namespace": owner["metadata"]["namespace"]},
                    "status": status}
            self.server.update_status(body, user=self.user, resource=self.resource)
        if next_check is not None:
            self.enqueue(owner, next_check - now)


class _Burst:
    """One pass's creates or deletes, part done: where it is, its slow-start batch, its first error."""
    __slots__ = ("ops", "index", "batch", "batch_end", "error")

    def __init__(self, ops: list):
        self.ops, self.index, self.batch, self.batch_end = ops, 0, 1, min(1, len(ops))
        self.error: str | None = None


class ReplicationControllerController(ReplicaSetController):
    """The ``ReplicationManager``: the same controller behind the ``v1`` ReplicationController."""
    resource, kind, component = "replicationcontrollers", "ReplicationController", "replication-controller"
    user = "system:serviceaccount:kube-system:replication-controller"


def pod_from_template(owner: dict) -> dict:
    """``controller.GetPodFromTemplate``: a pod for ``owner`` (name left to generateName)."""
    md = owner["metadata"]
    template = dig(owner, "spec", "template", default={})
    tmd = template.get("metadata") or {}
    pod_md = {"generateName": f"{md['name']}-", "namespace": md.get("namespace", ""),
              "ownerReferences": [util.controller_ref(owner)]}
    for field in ("labels", "annotations", "finalizers"):
        if tmd.get(field):
            pod_md[field] = copy_json(tmd[field])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_md, "spec": copy_json(template.get("spec") or {})}


_PHASE_RANK = {"Pending": 0, "Unknown": 1, "Running": 2}


def _log_age(stamp: str | None, clock, now_ms: int) -> int:
    """``int(log2(age in ns))`` (upstream's LogarithmicScaleDown buckets); -1 for no age."""
    if not stamp:
        return -1
    age_ns = (now_ms - clock.sim_ms(stamp)) * 1_000_000
    return int(math.log2(age_ns)) if age_ns > 0 else -1


def deletion_order(pods: list[dict], related: list[dict], clock) -> list[dict]:
    """Pods in the order a scale-down deletes them (``ActivePodsWithRanks``), first = first to go.

    unscheduled before scheduled; Pending before Unknown before Running; not ready before ready;
    lower ``controller.kubernetes.io/pod-deletion-cost`` first; more pods of the same owner family on
    its node first; ready for less time first; more container restarts first; created more recently
    first (ready and creation times compared in log2 buckets, as upstream); then by uid.
    """
    now = clock.now_ms
    per_node: dict[str, int] = {}
    for pod in related:
        node = dig(pod, "spec", "nodeName", default="")
        if node:
            per_node[node] = per_node.get(node, 0) + 1

    def key(pod: dict):
        node = dig(pod, "spec", "nodeName", default="")
        ready = util.pod_ready(pod)
        try:
            cost = int(dig(pod, "metadata", "annotations", "controller.kubernetes.io/pod-deletion-cost",
                           default="0"))
        except ValueError:
            cost = 0
        ready_since = (util.pod_condition(pod, "Ready") or {}).get("lastTransitionTime") if ready else None
        return (1 if node else 0, _PHASE_RANK.get(dig(pod, "status", "phase", default="Pending"), 0),
                1 if ready else 0, cost, -per_node.get(node, 0) if node else 0,
                _log_age(ready_since, clock, now) if ready else 0, -util.restarts(pod),
                _log_age(dig(pod, "metadata", "creationTimestamp"), clock, now),
                dig(pod, "metadata", "uid", default=""))
    return sorted(pods, key=key)
