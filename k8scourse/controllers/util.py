"""Helpers the workload controllers share: owner references, adoption, pod readiness, conditions.

A neutral module (no controller imports it back, it imports no controller), modelling the pieces
of ``pkg/controller`` that upstream controllers share:

* ``metav1.NewControllerRef`` / ``GetControllerOf`` — :func:`controller_ref`, :func:`controller_of`;
* ``ControllerRefManager.Claim*`` — :func:`claim`: an owner *adopts* matching orphans (adds its
  controller reference) and *releases* what it owns but no longer selects (removes the reference);
  objects controlled by someone else are left alone; an owner being deleted adopts nothing;
* ``podutil.IsPodReady`` / ``IsPodAvailable`` — :func:`pod_ready`, :func:`available_at`;
* the condition setters of the apps API (``SetCondition``/``RemoveCondition``);
* an informer index of the active pods by their controller's UID (:class:`PodsByController`,
  upstream's ``controllerUIDIndex`` on the pod informer), kept up to date event by event, so that a
  controller's pass costs what changed rather than a scan of the namespace.

>>> pod = {"metadata": {"name": "web-1", "labels": {"app": "web"}},
...        "status": {"conditions": [{"type": "Ready", "status": "True",
...                                   "lastTransitionTime": "2026-01-01T00:00:00Z"}]}}
>>> pod_ready(pod)
True
>>> rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "uid": "u1"}}
>>> controller_ref(rs)
{'apiVersion': 'apps/v1', 'kind': 'ReplicaSet', 'name': 'web', 'uid': 'u1', 'controller': True, 'blockOwnerDeletion': True}
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..api.objects import copy_json, dig
from ..api.ownership import controller_of, controller_ref  # noqa: F401  (the controllers' helpers)
from ..errors import APIError


# --------------------------------------------------------------------------- owner references
def being_deleted(obj: dict | None) -> bool:
    return bool(obj is not None and dig(obj, "metadata", "deletionTimestamp"))


def claim(server, owner: dict, resource: str, candidates: list[dict], matches: Callable[[dict], bool],
          user: str) -> list[dict]:
    """The candidates ``owner`` controls after adopting matching orphans and releasing the rest.

    Adoption and release are patches of ``metadata.ownerReferences`` (with the object's
    resourceVersion, so a concurrent change wins and the next pass tries again).
    """
    uid = dig(owner, "metadata", "uid")
    owner_gone = being_deleted(owner)
    claimed = []
    for obj in candidates:
        ref = controller_of(obj)
        if ref is not None and ref.get("uid") != uid:
            continue                                         # someone else's
        if ref is not None:
            if matches(obj):
                claimed.append(obj)
            elif not owner_gone:
                _set_owner_refs(server, resource, obj, [r for r in dig(obj, "metadata", "ownerReferences")
                                                        if r.get("uid") != uid], user)
            continue
        if owner_gone or being_deleted(obj) or not matches(obj):
            continue
        refs = list(dig(obj, "metadata", "ownerReferences", default=[])) + [controller_ref(owner)]
        adopted = _set_owner_refs(server, resource, obj, refs, user)
        if adopted is not None:
            claimed.append(adopted)
    return claimed


def _set_owner_refs(server, resource: str, obj: dict, refs: list[dict], user: str) -> dict | None:
    md = obj["metadata"]
    patch = {"metadata": {"ownerReferences": refs or None, "resourceVersion": md.get("resourceVersion")}}
    try:
        return server.patch(resource, md["name"], md.get("namespace", ""), patch, "merge", user=user)
    except APIError:
        return None


# --------------------------------------------------------------------------- pods
def pod_active(pod: dict) -> bool:
    """``FilterActivePods``: not finished and not being deleted."""
    return dig(pod, "status", "phase") not in ("Succeeded", "Failed") and not being_deleted(pod)


def pod_condition(pod: dict, ctype: str) -> dict | None:
    return next((c for c in dig(pod, "status", "conditions", default=[]) if c.get("type") == ctype), None)


def pod_ready(pod: dict) -> bool:
    cond = pod_condition(pod, "Ready")
    return cond is not None and cond.get("status") == "True"


def available_at(pod: dict, min_ready_seconds: int, clock) -> int | None:
    """Simulated ms from which a ready pod counts as available (None: not ready)."""
    cond = pod_condition(pod, "Ready")
    if cond is None or cond.get("status") != "True":
        return None
    if not min_ready_seconds:
        return -(2 ** 62)
    since = cond.get("lastTransitionTime")
    if not since:
        return -(2 ** 62)
    return clock.sim_ms(since) + min_ready_seconds * 1000


def restarts(pod: dict) -> int:
    """The highest restart count of the pod's containers."""
    return max([int(s.get("restartCount") or 0) for s in dig(pod, "status", "containerStatuses", default=[])]
               or [0])


# --------------------------------------------------------------------------- conditions
def get_condition(status: dict, ctype: str) -> dict | None:
    return next((c for c in status.get("conditions") or [] if c.get("type") == ctype), None)


def remove_condition(status: dict, ctype: str) -> None:
    conditions = [c for c in status.get("conditions") or [] if c.get("type") != ctype]
    if conditions:
        status["conditions"] = conditions
    else:
        status.pop("conditions", None)


def set_condition(status: dict, condition: dict) -> None:
    """Upstream ``SetDeploymentCondition``: same status and reason → unchanged; a status that did
    not flip keeps its ``lastTransitionTime``; the new condition goes to the end of the list."""
    current = get_condition(status, condition["type"])
    if current is not None and current.get("status") == condition["status"] \
            and current.get("reason") == condition.get("reason"):
        return
    condition = copy_json(condition)
    if current is not None and current.get("status") == condition["status"]:
        condition["lastTransitionTime"] = current.get("lastTransitionTime")
    remove_condition(status, condition["type"])
    status.setdefault("conditions", []).append(condition)


# --------------------------------------------------------------------------- the pod informer's index
class PodsByController:
    """The active pods of an informer, indexed by their controller's UID (orphans by namespace).

    Fed with every watch event of the pod informer (:meth:`observe`), it answers a ReplicaSet's pass
    without scanning the namespace: the pods an owner controls (:meth:`owned`), the orphans it could
    adopt (:meth:`orphans`), and — once the owner has said what it selects and which labels its
    template has (:meth:`describe`) — how many of its pods are ready, fully labelled, or no longer
    selected, counted as the events come. Objects are the store's own (never mutated: a write
    replaces them), so the index holds references, not copies.

    >>> idx = PodsByController()
    >>> pod = {"metadata": {"name": "a", "namespace": "ns", "labels": {"app": "web"},
    ...        "ownerReferences": [{"uid": "u1", "controller": True}]}}
    >>> idx.observe("ADDED", pod)
    >>> idx.describe("u1", {"app": "web"}, lambda labels: labels.get("app") == "web", {"app": "web"})
    >>> idx.count("u1"), idx.ready_count("u1"), idx.labeled_count("u1"), idx.mismatched("u1")
    (1, 0, 1, [])
    >>> idx.observe("DELETED", pod); idx.count("u1")
    0
    """

    def __init__(self) -> None:
        self._where: dict[tuple[str, str], str] = {}         # pod key -> controller uid ("" = orphan)
        self._pods: dict[str, dict[tuple[str, str], dict]] = {}   # uid -> pod key -> pod
        self._orphans: dict[str, dict[str, dict]] = {}       # namespace -> name -> pod
        self._ready: dict[str, int] = {}
        # what each owner selects and its template's labels, and the counts that follow from them
        self._selects: dict[str, tuple[object, Callable[[dict], bool], dict]] = {}
        self._labeled: dict[str, int] = {}
        self._mismatched: dict[str, set[tuple[str, str]]] = {}

    @staticmethod
    def _key(pod: dict) -> tuple[str, str]:
        md = pod.get("metadata") or {}
        return md.get("namespace", ""), md.get("name", "")

    # ------------------------------------------------------------------ maintenance
    def observe(self, event_type: str, pod: dict) -> None:
        """One watch event of the pod informer (ADDED, MODIFIED, DELETED)."""
        key = self._key(pod)
        active = event_type != "DELETED" and pod_active(pod)
        if active:
            uid = (controller_of(pod) or {}).get("uid") or ""
            if uid and self._where.get(key) == uid:
                self._replace(uid, key, pod)           # the common case: a status change of an owned pod
                return
        self._remove(key)
        if active:
            self._add(key, pod)

    def _replace(self, uid: str, key: tuple[str, str], pod: dict) -> None:
        pods = self._pods[uid]
        old, pods[key] = pods[key], pod
        ready = pod_ready(pod) - pod_ready(old)
        if ready:
            self._ready[uid] = self._ready.get(uid, 0) + ready
        described = self._selects.get(uid)
        if described is not None and (old.get("metadata") or {}).get("labels") != (pod.get("metadata") or {}).get(
                "labels"):
            self._classify(uid, key, old, described, -1)
            self._classify(uid, key, pod, described, +1)

    def rebuild(self, pods: Iterable[dict]) -> None:
        """Forget everything and index ``pods`` (a fresh list)."""
        selects = self._selects
        self.__init__()  # type: ignore[misc]
        self._selects = selects
        for uid in selects:
            self._labeled[uid], self._mismatched[uid] = 0, set()
        for pod in pods:
            self.observe("ADDED", pod)

    def _add(self, key: tuple[str, str], pod: dict) -> None:
        ref = controller_of(pod)
        uid = (ref or {}).get("uid") or ""
        self._where[key] = uid
        if not uid:
            self._orphans.setdefault(key[0], {})[key[1]] = pod
            return
        self._pods.setdefault(uid, {})[key] = pod
        if pod_ready(pod):
            self._ready[uid] = self._ready.get(uid, 0) + 1
        described = self._selects.get(uid)
        if described is not None:
            self._classify(uid, key, pod, described, +1)

    def _remove(self, key: tuple[str, str]) -> None:
        uid = self._where.pop(key, None)
        if uid is None:
            return
        if not uid:
            names = self._orphans.get(key[0])
            if names is not None:
                names.pop(key[1], None)
                if not names:
                    del self._orphans[key[0]]
            return
        pods = self._pods[uid]
        pod = pods.pop(key)
        if not pods:
            del self._pods[uid]
        if pod_ready(pod):
            self._ready[uid] -= 1
        described = self._selects.get(uid)
        if described is not None:
            self._classify(uid, key, pod, described, -1)

    def _classify(self, uid: str, key, pod: dict, described, sign: int) -> None:
        _, matches, template_labels = described
        labels = dig(pod, "metadata", "labels", default={})
        if all(labels.get(k) == v for k, v in template_labels.items()):
            self._labeled[uid] += sign
        if not matches(labels):
            if sign > 0:
                self._mismatched[uid].add(key)
            else:
                self._mismatched[uid].discard(key)

    def describe(self, uid: str, selector: object, matches: Callable[[dict], bool], template_labels: dict) -> None:
        """What owner ``uid`` selects (``selector``, any comparable form of it, and ``matches``, a
        predicate on labels) and its template's labels; counting starts over when either changed
        (a scan of the owner's own pods, not of the namespace)."""
        current = self._selects.get(uid)
        if current is not None and current[2] == template_labels and current[0] == selector:
            return
        described = self._selects[uid] = (copy_json(selector), matches, copy_json(template_labels))
        self._labeled[uid], self._mismatched[uid] = 0, set()
        for key, pod in (self._pods.get(uid) or {}).items():
            self._classify(uid, key, pod, described, +1)

    def forget(self, uid: str) -> None:
        """The owner is gone: stop counting for it (its pods stay indexed until they go)."""
        for table in (self._selects, self._labeled, self._mismatched):
            table.pop(uid, None)

    # ------------------------------------------------------------------ queries
    def owned(self, uid: str) -> list[dict]:
        """The active pods controlled by ``uid``, in key order (namespace, name)."""
        pods = self._pods.get(uid) or {}
        return [pods[k] for k in sorted(pods)]

    def orphans(self, namespace: str) -> list[dict]:
        """The active pods of ``namespace`` that no controller controls, by name."""
        names = self._orphans.get(namespace) or {}
        return [names[n] for n in sorted(names)]

    def count(self, uid: str) -> int:
        return len(self._pods.get(uid) or ())

    def ready_count(self, uid: str) -> int:
        return self._ready.get(uid, 0)

    def labeled_count(self, uid: str) -> int:
        return self._labeled.get(uid, 0)

    def mismatched(self, uid: str) -> list[dict]:
        """Pods ``uid`` controls whose labels its selector no longer matches (to be released)."""
        pods = self._pods.get(uid) or {}
        return [pods[k] for k in sorted(self._mismatched.get(uid) or ())]
