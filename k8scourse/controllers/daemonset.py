"""The DaemonSet controller of kube-controller-manager: one pod on every eligible node.

Models pkg/controller/daemon. A reconcile pass for a DaemonSet (``syncDaemonSet``):

1. syncs its ControllerRevisions (:mod:`.history`): the revision of the current template, created
   or re-numbered; its hash is the pods' ``controller-revision-hash`` label;
2. claims the namespace's pods (adopt matching orphans, release the rest) and groups them by the
   node they are for (``nodeName``, or the node their affinity pins them to);
3. for every node decides (:func:`.daemonset_util.node_should_run`, on the template plus the
   daemon tolerations) whether a daemon pod should run there: a node that should run one and has
   none (not even one still terminating) gets a pod — ``generateName: <ds>-``, the template's
   labels plus the revision hash, the daemon tolerations and a required node affinity
   ``matchFields metadata.name In [node]``, so the default scheduler binds it (upstream since
   1.12); failed daemon pods are deleted
   (``FailedDaemonPod``) and replaced after a back-off of 1 s doubling up to 15 min per node;
   surplus pods on a node go (the oldest stays); pods on nodes that should no longer run one, or
   on nodes that are gone, are deleted;
4. rolls out a new template: **RollingUpdate** deletes old pods — unavailable ones at once, then
   available ones while at most ``maxUnavailable`` (default 1; a percentage of the desired count,
   rounded up) pods are unavailable; with ``maxSurge`` > 0 a new pod starts beside an old one and
   the old one goes once the new one is available. **OnDelete** replaces only pods the user
   deleted;
5. writes ``status``: ``desiredNumberScheduled``, ``currentNumberScheduled``,
   ``numberMisscheduled``, ``numberReady``, ``updatedNumberScheduled``, ``numberAvailable``
   (ready for ``minReadySeconds``), ``numberUnavailable``, ``observedGeneration``, and prunes
   revisions beyond ``revisionHistoryLimit``.

Events, as upstream: ``SuccessfulCreate`` ``Created pod: fluentd-x7k2p``, ``SuccessfulDelete``
``Deleted pod: …``, ``FailedDaemonPod`` ``Found failed daemon pod ns/name on node n, will try to
kill it``.

Deliberate differences: no expectations cache (the store is read directly); no slow-start
batches (a pass creates every missing pod); nodes' changes wake every DaemonSet (upstream filters
by the DaemonSet's node selector); the surge path ignores ``minReadySeconds`` of the old pod.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = DaemonSetController(api).start()
>>> for n in ("n1", "n2"):
...     _ = api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n}})
>>> _ = api.create({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {
...     "selector": {"matchLabels": {"app": "agent"}}, "template": {"metadata": {"labels": {"app": "agent"}},
...     "spec": {"containers": [{"name": "a", "image": "busybox"}]}}}})
>>> api.sim.run(seconds=1)
>>> sorted(target_node(p) for p in api.list("pods", "default")["items"])
['n1', 'n2']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import history, util
from .daemonset_util import daemon_pod_spec, node_should_run, pin_to_node, target_node
from .runtime import Controller, Result, split_key

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

COMPONENT = "daemonset-controller"
USER = "system:serviceaccount:kube-system:daemon-set-controller"
FAILED_BACKOFF_MS, FAILED_BACKOFF_MAX_MS = 1000, 15 * 60 * 1000


class _Facts(NamedTuple):
    """What the controller reads of one stored version of a pod (stored objects are never changed)."""
    pod: dict
    owner: str | None          # its controller's uid (None: an orphan)
    deleting: bool
    phase: str | None
    node: str                  # target_node
    hash: str | None           # the controller-revision-hash label
    ready: bool
    available_at: dict         # minReadySeconds -> util.available_at


_UNKNOWN = object()
_NO_FAILURES = (0, 0)


def _age(pod: dict) -> tuple[str, str]:
    """Oldest first: creation time, then name."""
    return pod["metadata"].get("creationTimestamp", ""), pod["metadata"]["name"]


def _scaled(value, total: int) -> int:
    """``GetScaledValueFromIntOrPercent`` rounding up (``"10%"`` of 3 → 1)."""
    if isinstance(value, str) and value.endswith("%"):
        return -(-int(value[:-1] or 0) * total // 100)
    return int(value or 0)


class DaemonSetController(Controller):
    resource, kind, component = "daemonsets", "DaemonSet", COMPONENT
    owns = adopts = ("pods",)

    def __init__(self, server: "APIServer"):
        super().__init__(server)
        self._nodes: dict[str, str] = {}               # node name -> what matters of it (labels, taints)
        self._failed: dict[tuple, tuple[int, int]] = {}  # (ds key, node) -> (failures, not before ms)
        self._refused = 0
        # node_should_run answers, per template (its repr) and node: (the stored Node they were for, answer).
        # Stored objects are replaced, never changed, on a write, so the same object means the same answer.
        self._fits: dict[str, dict[str, tuple[dict, tuple[bool, bool]]]] = {}
        # the last _pods_by_node answer: (DaemonSet uid, namespace, the pods' last write revision, answer)
        self._by_node_cache: tuple | None = None
        # what a pass asks of each pod, worked out once per stored version of it: id(version) -> _Facts
        self._facts: dict[int, _Facts] = {}

    def watches(self) -> dict:
        return {"nodes": self._on_node}

    # ------------------------------------------------------------------ event handlers
    def _on_node(self, event) -> None:
        """A node added, removed, relabelled, (un)tainted or cordoned concerns every DaemonSet."""
        if not self.running:
            return
        node = event.object
        name = node["metadata"]["name"]
        shape = repr((dig(node, "metadata", "labels"), dig(node, "spec", "taints"),
                      dig(node, "spec", "unschedulable")))
        if event.type == "DELETED":
            self._nodes.pop(name, None)
        elif self._nodes.get(name) == shape:
            return
        else:
            self._nodes[name] = shape
        for ds in self.primaries():
            self.enqueue(ds)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        stored = self.server.peek("daemonsets", name, ns)
        if stored is None:
            self._failed = {k: v for k, v in self._failed.items() if k[0] != key}
            return None
        return self._sync(key, copy_json(stored))

    def _sync(self, key: str, ds: dict) -> Result | None:
        self._refused = 0                            # creates and deletes the API server refused this pass
        md = ds["metadata"]
        ns = md.get("namespace", "")
        revisions = history.owned_revisions(self.server, ds, USER)
        if util.being_deleted(ds):
            return
        current, revisions = history.sync_revision(self.server, ds, revisions, USER)
        hash_ = dig(current, "metadata", "labels", history.HASH_LABEL, default="")
        selector = selector_from_label_selector(dig(ds, "spec", "selector"))
        # the pods of this DaemonSet and the orphans (claim passes over anyone else's)
        uid = md.get("uid")
        candidates = [p for p in self._scan(ns) if self._fact(p).owner in (uid, None)]
        pods = util.claim(self.server, ds, "pods", candidates,
                          lambda p: selector.matches(dig(p, "metadata", "labels", default={})), USER)
        nodes = self.server.store.list("nodes", None, copy=False)     # in name order (the store's key order)
        by_node: dict[str, list[dict]] = {}
        leaving: set[str] = set()                    # nodes with a daemon pod still terminating
        for pod in pods:
            fact = self._fact(pod)
            if fact.deleting:
                leaving.add(fact.node)
            else:
                by_node.setdefault(fact.node, []).append(pod)
        spec = daemon_pod_spec(dig(ds, "spec", "template", "spec", default={}))
        fits = self._fits_for(spec)
        wanted: dict[str, bool] = {}
        create, delete, requeue = [], [], None
        for node in nodes:
            name = node["metadata"]["name"]
            known = fits.get(name)
            if known is not None and known[0] is node:
                should_run, keep = known[1]
            else:
                should_run, keep = node_should_run(spec, node)
                fits[name] = (node, (should_run, keep))
            here = by_node.pop(name, None)
            wanted[name] = should_run or (keep and bool(here))
            if here is None:
                here = []
            elif len(here) > 1:
                here.sort(key=_age)                  # (a list of this pass's own)
            if not wanted[name]:
                delete += here
                continue
            failed = [p for p in here if self._fact(p).phase == "Failed"] if here else []
            for pod in failed:
                self.recorder.event(ds, "Warning", "FailedDaemonPod",
                                    f"Found failed daemon pod {ns}/{pod['metadata']['name']} on node {name}, "
                                    f"will try to kill it", COMPONENT)
            delete += failed
            if failed:
                count = self._failed.get((key, name), (0, 0))[0]
                due = self.server.sim.now_ms + min(FAILED_BACKOFF_MS * 2 ** count, FAILED_BACKOFF_MAX_MS)
                self._failed[(key, name)] = (count + 1, due)
            if failed:
                here = [p for p in here if p not in failed]
            not_before = self._failed.get((key, name), _NO_FAILURES)[1] if self._failed else 0
            if not here and should_run and name not in leaving and not failed:
                if not_before > self.server.sim.now_ms:
                    requeue = min(requeue or not_before, not_before)
                else:
                    create.append(name)
            elif len(here) > 1:
                delete += self._surplus(here, hash_)
        for orphaned in by_node.values():            # pods for nodes that are gone
            delete += orphaned
        for node_name in create:
            self._create_pod(ds, node_name, hash_)
        self._delete_pods(ds, delete)
        if dig(ds, "spec", "updateStrategy", "type", default="RollingUpdate") == "RollingUpdate":
            requeue = self._rolling_update(ds, hash_, wanted, requeue)
        self._update_status(ds, hash_, wanted, requeue)
        live = {f"{md['name']}-{dig(p, 'metadata', 'labels', history.HASH_LABEL, default='')}" for p in pods}
        history.truncate(self.server, ds, revisions, live | {current["metadata"]["name"]}, USER)
        return Result(requeue=True) if self._refused else None      # upstream returns syncNodes' errors

    def _surplus(self, pods: list[dict], hash_: str) -> list[dict]:
        """Several pods on one node: keep the oldest updated one (or the oldest), delete the rest."""
        new = [p for p in pods if dig(p, "metadata", "labels", history.HASH_LABEL) == hash_]
        if new and len(new) < len(pods):
            return []                    # a surge in progress: the rolling update decides
        keep = pods[0]
        return [p for p in pods if p is not keep]

    def _scan(self, ns: str) -> list[dict]:
        """The namespace's pods (the store's own objects), forgetting facts of versions no longer stored."""
        pods = self.server.store.list("pods", ns, copy=False)
        if len(self._facts) > 2 * len(pods) + 256:
            present = {id(p) for p in pods}
            self._facts = {k: v for k, v in self._facts.items() if k in present}
        return pods

    def _fact(self, pod: dict) -> "_Facts":
        # keyed by the stored version's identity: the entry holds the object, so its id is not reused
        fact = self._facts.get(id(pod))
        if fact is None:
            ref = util.controller_of(pod)
            cond = util.pod_condition(pod, "Ready")
            fact = self._facts[id(pod)] = _Facts(
                pod, ref.get("uid") if ref is not None else None, util.being_deleted(pod),
                dig(pod, "status", "phase"), target_node(pod),
                dig(pod, "metadata", "labels", history.HASH_LABEL), cond is not None and cond.get("status") == "True",
                {})
        return fact

    def _fits_for(self, spec: dict) -> dict[str, tuple[dict, tuple[bool, bool]]]:
        """The cache of node_should_run answers for this daemon pod spec (a few templates at most)."""
        key = repr(spec)
        fits = self._fits.get(key)
        if fits is None:
            if len(self._fits) >= 8:
                self._fits.clear()
            fits = self._fits[key] = {}
        return fits

    # ------------------------------------------------------------------ pods
    def _pods_by_node(self, ds: dict) -> dict[str, list[dict]]:
        """The DaemonSet's live pods by node; the same answer again while no pod was written (read-only)."""
        uid, ns = ds["metadata"]["uid"], ds["metadata"].get("namespace", "")
        written = self.server.store.last_write("pods")
        cached = self._by_node_cache
        if cached is not None and cached[0] == uid and cached[1] == ns and cached[2] == written \
                and self.server.store.running:
            return cached[3]
        found: dict[str, list[dict]] = {}
        for pod in self._scan(ns):
            fact = self._fact(pod)
            if fact.owner == uid and not fact.deleting and fact.phase != "Failed":
                found.setdefault(fact.node, []).append(pod)
        self._by_node_cache = (uid, ns, written, found)
        return found

    def _create_pod(self, ds: dict, node_name: str, hash_: str) -> None:
        md = ds["metadata"]
        template = dig(ds, "spec", "template", default={})
        tmd = template.get("metadata") or {}
        labels = dict(tmd.get("labels") or {})
        labels[history.HASH_LABEL] = hash_
        pod_md = {"generateName": f"{md['name']}-", "namespace": md.get("namespace", ""), "labels": labels,
                  "ownerReferences": [util.controller_ref(ds)]}
        if tmd.get("annotations"):
            pod_md["annotations"] = copy_json(tmd["annotations"])
        spec = daemon_pod_spec(template.get("spec") or {})
        pin_to_node(spec, node_name)
        try:
            pod = self.server.create({"apiVersion": "v1", "kind": "Pod", "metadata": pod_md, "spec": spec},
                                     user=USER, trusted=True)
        except APIError as exc:
            self._refused += 1
            self.recorder.event(ds, "Warning", "FailedCreate", f"Error creating: {exc.message}", COMPONENT)
            return
        self.recorder.event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}", COMPONENT)

    def _delete_pods(self, ds: dict, pods: list[dict]) -> None:
        for pod in pods:
            pmd = pod["metadata"]
            try:
                self.server.delete("pods", pmd["name"], pmd["namespace"], user=USER)
            except APIError as exc:
                if exc.reason != "NotFound":
                    self._refused += 1
                    self.recorder.event(ds, "Warning", "FailedDelete", f"Error deleting: {exc.message}", COMPONENT)
                continue
            self.recorder.event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pmd['name']}", COMPONENT)

    def _available(self, pod: dict, ds: dict) -> tuple[bool, int | None]:
        """(available now, when it will be — for a requeue) under ``minReadySeconds``."""
        min_ready = int(dig(ds, "spec", "minReadySeconds", default=0) or 0)
        known = self._fact(pod).available_at
        since = known.get(min_ready, _UNKNOWN)
        if since is _UNKNOWN:
            since = known[min_ready] = util.available_at(pod, min_ready, self.server.sim.clock)
        if since is None:
            return False, None
        return since <= self.server.sim.now_ms, (since if since > self.server.sim.now_ms else None)

    # ------------------------------------------------------------------ rolling update
    def _rolling_update(self, ds: dict, hash_: str, wanted: dict[str, bool], requeue: int | None) -> int | None:
        desired = sum(1 for v in wanted.values() if v)
        rolling = dig(ds, "spec", "updateStrategy", "rollingUpdate", default={}) or {}
        surge = _scaled(rolling.get("maxSurge", 0), desired)
        max_unavailable = _scaled(rolling.get("maxUnavailable", 1), desired)
        if surge == 0 and max_unavailable == 0:
            max_unavailable = 1
        unavailable, surging, candidates, surge_nodes, delete = 0, 0, [], [], []
        live = self._pods_by_node(ds)
        for node in sorted(n for n, want in wanted.items() if want):
            pods = live.get(node, [])                # none, or only a terminating one: unavailable
            new = [p for p in pods if self._fact(p).hash == hash_]
            old = [p for p in pods if p not in new]
            if not old:
                if not new or not self._available(new[0], ds)[0]:
                    unavailable += 1
                continue
            old_ok = [p for p in old if self._available(p, ds)[0]]
            if not old_ok:
                delete += old                      # unavailable old pods never hold a rollout back
                unavailable += 1
                continue
            if surge:
                if new and self._available(new[0], ds)[0]:
                    delete += old
                elif new:
                    surging += 1
                else:
                    surge_nodes.append(node)
                continue
            candidates += old
        if surge:
            for node in surge_nodes[:max(0, surge - surging)]:
                self._create_pod(ds, node, hash_)
        budget = max(0, max_unavailable - unavailable)
        delete += candidates[:budget]
        self._delete_pods(ds, delete)
        return requeue

    # ------------------------------------------------------------------ status
    def _update_status(self, ds: dict, hash_: str, wanted: dict[str, bool], requeue: int | None) -> None:
        desired = current = misscheduled = ready = updated = available = 0
        for node, pods in self._pods_by_node(ds).items():
            if not wanted.get(node):
                misscheduled += 1
                continue
            current += 1
            pod = next((p for p in pods if self._fact(p).hash == hash_), pods[0])
            if self._fact(pod).ready:
                ready += 1
                ok, later = self._available(pod, ds)
                available += ok
                if later is not None:
                    requeue = min(requeue or later, later)
            if self._fact(pod).hash == hash_:
                updated += 1
        desired = sum(1 for v in wanted.values() if v)
        status = copy_json(ds.get("status") or {})
        status.update(currentNumberScheduled=current, desiredNumberScheduled=desired,
                      numberMisscheduled=misscheduled, numberReady=ready)
        for field, value in (("observedGeneration", dig(ds, "metadata", "generation", default=0)),
                             ("updatedNumberScheduled", updated), ("numberAvailable", available),
                             ("numberUnavailable", max(0, desired - available))):
            if value:
                status[field] = value
            else:
                status.pop(field, None)
        if status != (ds.get("status") or {}):
            body = {"apiVersion": "apps/v1", "kind": "DaemonSet",
                    "metadata": {"name": ds["metadata"]["name"], "namespace": ds["metadata"]["namespace"]},
                    "status": status}
            self.server.update_status(body, user=USER, resource="daemonsets")
        if requeue is not None:
            self.enqueue(ds, max(0, requeue - self.server.sim.now_ms))
