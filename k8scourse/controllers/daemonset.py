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

A pass is incremental, as upstream's is in effect: the controller keeps an index of the daemon
pods (by DaemonSet and node) and of the orphans, fed by its watch; a node's or a daemon pod's
event marks that node of the DaemonSet (or of every DaemonSet, for a node) to be looked at again,
and a pass decides steps 2–3 only for the marked nodes (plus the ones whose failed-pod back-off
or ``minReadySeconds`` ran out), keeping each node's answer and its share of the status counts
between passes. A new template (hash), spec, ``minReadySeconds`` or a re-list looks at every
node again; the rolling update looks at every node only while old pods remain. Creates go in
slow-start batches of 1, 2, 4, … (a batch with a failure ends them) and a pass creates or deletes
at most 250 pods (``burstReplicas``); the nodes left over wait for the next pass, which the new
pods' own events bring at once.

Deliberate differences: no expectations cache (the controller's watch is synchronous, so it has
always seen its own writes); nodes' changes wake every DaemonSet (upstream filters by the
DaemonSet's node selector); the surge path ignores ``minReadySeconds`` of the old pod; no client
rate limit on the controller's creates.

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

from .. import defaults
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


class _Indexed(NamedTuple):
    """The pod index's entry for one pod: a DaemonSet's pod or an orphan."""
    pod: dict                  # the stored version last seen
    owner: str | None          # the controlling DaemonSet's uid (None: an orphan)
    node: str                  # target_node
    key: str                   # the controlling DaemonSet's key ("" for an orphan)
    hash: str                  # the controller-revision-hash label ("" without one)


class _State:
    """What a DaemonSet's passes keep between them; valid for one ``fingerprint`` (uid, revision
    hash, daemon pod spec, minReadySeconds, selector), rebuilt from every node when it changes."""

    __slots__ = ("fingerprint", "wanted", "desired", "records", "sums", "dirty", "backoff", "later")

    def __init__(self, fingerprint: tuple):
        self.fingerprint = fingerprint
        self.wanted: dict[str, bool] = {}     # every node -> a daemon pod belongs there
        self.desired = 0                      # how many of them are True
        # node with live pods -> its share of (current, misscheduled, ready, updated, available, old pods)
        self.records: dict[str, tuple[int, ...]] = {}
        self.sums = [0] * 6
        self.dirty: set[str] = set()          # nodes to look at in the next pass
        self.backoff: dict[str, int] = {}     # node -> when its failed-pod back-off ends (a pod to create then)
        self.later: dict[str, int] = {}       # node -> when its pod becomes available (minReadySeconds)

    def set_wanted(self, node: str, value: bool | None) -> None:
        old = self.wanted.pop(node, None) if value is None else self.wanted.get(node)
        if value is not None:
            self.wanted[node] = value
        self.desired += bool(value) - bool(old)

    def set_record(self, node: str, record: tuple[int, ...] | None) -> None:
        old = self.records.pop(node, None) if record is None else self.records.get(node)
        if record is not None:
            self.records[node] = record
        if old is not None:
            for i, v in enumerate(old):
                self.sums[i] -= v
        if record is not None:
            for i, v in enumerate(record):
                self.sums[i] += v

    def due(self, now_ms: int) -> set[str]:
        """Nodes whose back-off or availability wait has run out."""
        return {n for timers in (self.backoff, self.later) for n, t in timers.items() if t <= now_ms}

    def next_due(self) -> int | None:
        times = [*self.backoff.values(), *self.later.values()]
        return min(times) if times else None


_UNKNOWN = object()
_NO_FAILURES = (0, 0)
_NO_RECORD = (0, 1, 0, 0, 0, 0)       # live pods on a node that should not run one: misscheduled


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
    # False: every pass looks at every node (the full recompute the incremental passes must equal; tests)
    incremental = True

    def __init__(self, server: "APIServer"):
        super().__init__(server)
        self._nodes: dict[str, str] = {}               # node name -> what matters of it (labels, taints)
        self._failed: dict[tuple, tuple[int, int]] = {}  # (ds key, node) -> (failures, not before ms)
        self._refused = 0
        # node_should_run answers, per template (its repr) and node: (the stored Node they were for, answer).
        # Stored objects are replaced, never changed, on a write, so the same object means the same answer.
        self._fits: dict[str, dict[str, tuple[dict, tuple[bool, bool]]]] = {}
        # what a pass asks of each pod, worked out once per stored version of it: id(version) -> _Facts
        self._facts: dict[int, _Facts] = {}
        # the pod index, fed by the watch: (namespace, name) -> entry, for daemon pods and orphans
        self._pods: dict[tuple[str, str], _Indexed] = {}
        self._owned: dict[str, dict[str, set[tuple[str, str]]]] = {}   # DaemonSet uid -> node -> pods
        self._hashes: dict[str, dict[str, int]] = {}                   # DaemonSet uid -> hash label -> pods
        self._orphans: dict[str, set[tuple[str, str]]] = {}            # namespace -> pods without a controller
        self._states: dict[str, _State] = {}                           # DaemonSet key -> its passes' state
        self._prepared: dict[str, tuple] = {}                          # DaemonSet key -> (marks, _prepare's answer)

    def watches(self) -> dict:
        return {"nodes": self._on_node}

    # ------------------------------------------------------------------ event handlers
    def _on_node(self, event) -> None:
        """A node added, removed, relabelled, (un)tainted or cordoned concerns every DaemonSet."""
        if not self.running:
            return
        if self.listing:
            self._states.clear()                     # a (re-)list: every node is looked at again
            self._prepared.clear()
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
        for state in self._states.values():
            state.dirty.add(name)
        for ds in self.primaries():
            self.enqueue(ds)

    def on_owned(self, event) -> None:
        """Keep the pod index; a daemon pod's change marks its node (before and after) of its DaemonSet."""
        if not self.running:
            return
        if self.listing:
            self._states.clear()
        pod = event.object
        md = pod["metadata"]
        pkey = (md.get("namespace", ""), md["name"])
        old = self._pods.get(pkey)
        new = None
        if event.type != "DELETED":
            ref = util.controller_of(pod)
            if ref is None:
                new = _Indexed(pod, None, "", "", "")
            elif ref.get("kind") == self.kind and ref.get("apiVersion", "").rpartition("/")[0] == self._group:
                new = _Indexed(pod, ref.get("uid"), target_node(pod), self.key_for(pkey[0], ref.get("name", "")),
                               (md.get("labels") or {}).get(history.HASH_LABEL, ""))
        if old is not None:
            self._unindex(pkey, old)
        if new is not None:
            self._index(pkey, new)
        super().on_owned(event)

    def _index(self, pkey: tuple[str, str], entry: _Indexed) -> None:
        self._pods[pkey] = entry
        if entry.owner is None:
            self._orphans.setdefault(pkey[0], set()).add(pkey)
            return
        self._owned.setdefault(entry.owner, {}).setdefault(entry.node, set()).add(pkey)
        hashes = self._hashes.setdefault(entry.owner, {})
        hashes[entry.hash] = hashes.get(entry.hash, 0) + 1
        state = self._states.get(entry.key)
        if state is not None:
            state.dirty.add(entry.node)

    def _unindex(self, pkey: tuple[str, str], entry: _Indexed) -> None:
        del self._pods[pkey]
        self._facts.pop(id(entry.pod), None)
        if entry.owner is None:
            orphans = self._orphans[pkey[0]]
            orphans.discard(pkey)
            if not orphans:
                del self._orphans[pkey[0]]
            return
        by_node = self._owned[entry.owner]
        here = by_node[entry.node]
        here.discard(pkey)
        if not here:
            del by_node[entry.node]
            if not by_node:
                del self._owned[entry.owner]
        hashes = self._hashes[entry.owner]
        hashes[entry.hash] -= 1
        if not hashes[entry.hash]:
            del hashes[entry.hash]
            if not hashes:
                del self._hashes[entry.owner]
        state = self._states.get(entry.key)
        if state is not None:
            state.dirty.add(entry.node)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        stored = self.server.peek("daemonsets", name, ns)
        if stored is None:
            self._failed = {k: v for k, v in self._failed.items() if k[0] != key}
            self._states.pop(key, None)
            self._prepared.pop(key, None)
            return None
        return self._sync(key, stored)

    def _prepare(self, key: str, stored: dict) -> tuple | None:
        """The revisions, the current one, its hash and the daemon pod spec: worked out again only when
        the DaemonSet's spec (generation), deletion or collision count or any ControllerRevision changed
        (nothing else goes into them; a pass that writes a revision does not keep its answer)."""
        md = stored["metadata"]
        written = self.server.store.last_write("controllerrevisions")
        marks = (md.get("uid"), md.get("generation"), md.get("deletionTimestamp"),
                 dig(stored, "status", "collisionCount"), written)
        kept = self._prepared.get(key)
        if kept is not None and kept[0] == marks and self.incremental:
            return (stored, *kept[1])                # the stored DaemonSet itself, read only
        ds = copy_json(stored)                       # sync_revision may set status.collisionCount on it
        revisions = history.owned_revisions(self.server, ds, USER)
        if util.being_deleted(ds):
            self._prepared.pop(key, None)
            return None
        current, revisions = history.sync_revision(self.server, ds, revisions, USER)
        hash_ = dig(current, "metadata", "labels", history.HASH_LABEL, default="")
        spec = daemon_pod_spec(dig(ds, "spec", "template", "spec", default={}))
        spec_key = repr(spec)
        fingerprint = (md.get("uid"), md.get("namespace", ""), hash_, spec_key,
                       int(dig(ds, "spec", "minReadySeconds", default=0) or 0), repr(dig(ds, "spec", "selector")))
        answer = (current, revisions, hash_, spec, spec_key, fingerprint)
        if self.server.store.last_write("controllerrevisions") == written and \
                dig(ds, "status", "collisionCount") == marks[3]:
            self._prepared[key] = (marks, answer)
        else:
            self._prepared.pop(key, None)
        return (ds, *answer)

    def _sync(self, key: str, stored: dict) -> Result | None:
        """One pass over the stored DaemonSet (read, never changed: status goes out as a new body)."""
        self._refused = 0                            # creates and deletes the API server refused this pass
        prepared = self._prepare(key, stored)
        if prepared is None:
            return None
        ds, current, revisions, hash_, spec, spec_key, fingerprint = prepared
        uid = ds["metadata"].get("uid")
        state = self._states.get(key)
        if state is None or state.fingerprint != fingerprint or not self.incremental:
            state = self._states[key] = _State(fingerprint)
            dirty = {n["metadata"]["name"] for n in self.server.store.list("nodes", None, copy=False)}
            dirty.update(self._owned.get(uid, ()))
        else:
            dirty = state.dirty | state.due(self.server.sim.now_ms)
        state.dirty = set()                          # what this pass's own writes (and later events) mark
        try:
            return self._pass(key, ds, state, dirty, hash_, spec, spec_key, current, revisions)
        except BaseException:
            state.dirty |= dirty                     # not looked at after all: the retry does
            raise

    def _pass(self, key: str, ds: dict, state: _State, dirty: set[str], hash_: str, spec: dict, spec_key: str,
              current: dict, revisions: list[dict]) -> Result | None:
        md = ds["metadata"]
        ns, uid = md.get("namespace", ""), md.get("uid")
        now = self.server.sim.now_ms
        selector = selector_from_label_selector(dig(ds, "spec", "selector"))
        # claim the namespace's orphans and this DaemonSet's pods on the nodes looked at, in name order
        owned = self._owned.get(uid, {})
        names = set(self._orphans.get(ns, ()))
        for node_name in dirty:
            names.update(k for k in owned.get(node_name, ()) if k[0] == ns)
        candidates = [self._pods[k].pod for k in sorted(names)]
        pods = util.claim(self.server, ds, "pods", candidates,
                          lambda p: selector.matches(dig(p, "metadata", "labels", default={})), USER)
        live_hashes = set(self._hashes.get(uid, ()))          # the revisions this DaemonSet's pods are of
        by_node: dict[str, list[dict]] = {}
        leaving: set[str] = set()                    # nodes with a daemon pod still terminating
        adopted_on: set[str] = set()
        for pod in pods:
            fact = self._fact(pod)
            if fact.node not in dirty:
                adopted_on.add(fact.node)
            if fact.deleting:
                leaving.add(fact.node)
            else:
                by_node.setdefault(fact.node, []).append(pod)
        for node_name in sorted(adopted_on):         # an adopted orphan's node: its other pods too
            dirty.add(node_name)
            seen = {p["metadata"]["name"] for p in by_node.get(node_name, ())}
            for k in sorted(owned.get(node_name, ())):
                pod = self._pods[k].pod
                if k[0] != ns or k[1] in seen:
                    continue
                if self._fact(pod).deleting:
                    leaving.add(node_name)
                else:
                    by_node.setdefault(node_name, []).append(pod)
            if by_node.get(node_name):
                by_node[node_name].sort(key=lambda p: p["metadata"]["name"])
        fits = self._fits_for(spec_key)
        create: list[str] = []
        delete: list[tuple[str, dict]] = []
        for name in sorted(dirty):
            node = self.server.store.peek(("nodes", "", name))
            if node is None:                         # gone: its pods are deleted below
                state.set_wanted(name, None)
                state.backoff.pop(name, None)
                continue
            known = fits.get(name)
            if known is not None and known[0] is node:
                should_run, keep = known[1]
            else:
                should_run, keep = node_should_run(spec, node)
                fits[name] = (node, (should_run, keep))
            here = by_node.pop(name, None)
            wanted = should_run or (keep and bool(here))
            state.set_wanted(name, wanted)
            state.backoff.pop(name, None)
            if here is None:
                here = []
            elif len(here) > 1:
                here.sort(key=_age)                  # (a list of this pass's own)
            if not wanted:
                delete += [(name, p) for p in here]
                continue
            failed = [p for p in here if self._fact(p).phase == "Failed"] if here else []
            for pod in failed:
                self.recorder.event(ds, "Warning", "FailedDaemonPod",
                                    f"Found failed daemon pod {ns}/{pod['metadata']['name']} on node {name}, "
                                    f"will try to kill it", COMPONENT)
            delete += [(name, p) for p in failed]
            if failed:
                count = self._failed.get((key, name), (0, 0))[0]
                due = now + min(FAILED_BACKOFF_MS * 2 ** count, FAILED_BACKOFF_MAX_MS)
                self._failed[(key, name)] = (count + 1, due)
                here = [p for p in here if p not in failed]
            not_before = self._failed.get((key, name), _NO_FAILURES)[1] if self._failed else 0
            if not here and should_run and name not in leaving and not failed:
                if not_before > now:
                    state.backoff[name] = not_before
                else:
                    create.append(name)
            elif len(here) > 1:
                delete += [(name, p) for p in self._surplus(here, hash_)]
        for node_name, orphaned in by_node.items():  # pods for nodes that are gone
            delete += [(node_name, p) for p in orphaned]
        burst = defaults.DAEMONSET_BURST_REPLICAS
        done = self._create_pods(ds, create[:burst], hash_)
        state.dirty.update(create[done:])            # not created this pass: the next one looks again
        self._delete_pods(ds, [p for _, p in delete[:burst]])
        state.dirty.update(n for n, _ in delete[burst:])
        if self._refused:
            state.dirty |= dirty                     # something was refused: look at it all again
        self._update_records(state, ds, dirty | state.dirty, hash_)
        if state.sums[5] and dig(ds, "spec", "updateStrategy", "type", default="RollingUpdate") == "RollingUpdate":
            marked = set(state.dirty)
            self._rolling_update(ds, hash_, state)
            self._update_records(state, ds, state.dirty - marked, hash_)
        self._update_status(ds, state)
        live = {f"{md['name']}-{h}" for h in live_hashes}
        history.truncate(self.server, ds, revisions, live | {current["metadata"]["name"]}, USER)
        return Result(requeue=True) if self._refused else None      # upstream returns syncNodes' errors

    def _surplus(self, pods: list[dict], hash_: str) -> list[dict]:
        """Several pods on one node: keep the oldest updated one (or the oldest), delete the rest."""
        new = [p for p in pods if dig(p, "metadata", "labels", history.HASH_LABEL) == hash_]
        if new and len(new) < len(pods):
            return []                    # a surge in progress: the rolling update decides
        keep = pods[0]
        return [p for p in pods if p is not keep]

    def _fact(self, pod: dict) -> "_Facts":
        # keyed by the stored version's identity: the entry holds the object, so its id is not reused
        fact = self._facts.get(id(pod))
        if fact is None:
            if len(self._facts) > 2 * len(self._pods) + 256:     # versions no longer indexed
                present = {id(e.pod) for e in self._pods.values()}
                self._facts = {k: v for k, v in self._facts.items() if k in present}
            ref = util.controller_of(pod)
            cond = util.pod_condition(pod, "Ready")
            fact = self._facts[id(pod)] = _Facts(
                pod, ref.get("uid") if ref is not None else None, util.being_deleted(pod),
                dig(pod, "status", "phase"), target_node(pod),
                dig(pod, "metadata", "labels", history.HASH_LABEL), cond is not None and cond.get("status") == "True",
                {})
        return fact

    def _fits_for(self, key: str) -> dict[str, tuple[dict, tuple[bool, bool]]]:
        """The cache of node_should_run answers for this daemon pod spec (its repr; a few templates at most)."""
        fits = self._fits.get(key)
        if fits is None:
            if len(self._fits) >= 8:
                self._fits.clear()
            fits = self._fits[key] = {}
        return fits

    # ------------------------------------------------------------------ pods
    def _live_on(self, uid: str, ns: str, node: str) -> list[dict]:
        """The DaemonSet's live pods (not terminating, not failed) for ``node``, in name order."""
        keys = self._owned.get(uid, {}).get(node)
        if not keys:
            return []
        out = []
        for k in sorted(keys) if len(keys) > 1 else keys:
            if k[0] != ns:
                continue
            pod = self._pods[k].pod
            fact = self._fact(pod)
            if not fact.deleting and fact.phase != "Failed":
                out.append(pod)
        return out

    def _create_pods(self, ds: dict, nodes: list[str], hash_: str) -> int:
        """Create the nodes' pods in slow-start batches (1, 2, 4, …); a batch with a failure ends the
        creates. Returns how many were tried."""
        done, batch = 0, defaults.SLOW_START_INITIAL_BATCH_SIZE
        while done < len(nodes):
            refused = self._refused
            for node_name in nodes[done:done + batch]:
                self._create_pod(ds, node_name, hash_)
            done = min(len(nodes), done + batch)
            if self._refused > refused:
                break
            batch *= 2
        return done

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
    def _rolling_update(self, ds: dict, hash_: str, state: _State) -> None:
        """Replace old pods within ``maxUnavailable``/``maxSurge`` (a pass over every wanted node)."""
        desired = state.desired
        rolling = dig(ds, "spec", "updateStrategy", "rollingUpdate", default={}) or {}
        surge = _scaled(rolling.get("maxSurge", 0), desired)
        max_unavailable = _scaled(rolling.get("maxUnavailable", 1), desired)
        if surge == 0 and max_unavailable == 0:
            max_unavailable = 1
        unavailable, surging, candidates, surge_nodes, delete = 0, 0, [], [], []
        uid, ns = ds["metadata"]["uid"], ds["metadata"].get("namespace", "")
        for node in sorted(n for n, want in state.wanted.items() if want):
            pods = self._live_on(uid, ns, node)      # none, or only a terminating one: unavailable
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

    # ------------------------------------------------------------------ status
    def _update_records(self, state: _State, ds: dict, nodes: set[str], hash_: str) -> None:
        """Work out the nodes' shares of the status counts again (and when their pods become available)."""
        uid, ns = ds["metadata"]["uid"], ds["metadata"].get("namespace", "")
        for node in nodes:
            pods = self._live_on(uid, ns, node)
            state.later.pop(node, None)
            if not pods:
                state.set_record(node, None)
                continue
            if not state.wanted.get(node):
                state.set_record(node, _NO_RECORD)
                continue
            pod = next((p for p in pods if self._fact(p).hash == hash_), pods[0])
            fact = self._fact(pod)
            ready = available = 0
            if fact.ready:
                ready = 1
                ok, later = self._available(pod, ds)
                available = int(ok)
                if later is not None:
                    state.later[node] = later
            old = sum(1 for p in pods if self._fact(p).hash != hash_)
            state.set_record(node, (1, 0, ready, int(fact.hash == hash_), available, old))

    def _update_status(self, ds: dict, state: _State) -> None:
        current, misscheduled, ready, updated, available, _old = state.sums
        desired = state.desired
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
        requeue = state.next_due()
        if requeue is not None:
            self.enqueue(ds, max(0, requeue - self.server.sim.now_ms))
