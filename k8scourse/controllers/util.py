"""Helpers the workload controllers share: owner references, adoption, pod readiness, conditions.

A neutral module (no controller imports it back, it imports no controller), modelling the pieces
of ``pkg/controller`` that upstream controllers share:

* ``metav1.NewControllerRef`` / ``GetControllerOf`` — :func:`controller_ref`, :func:`controller_of`;
* ``ControllerRefManager.Claim*`` — :func:`claim`: an owner *adopts* matching orphans (adds its
  controller reference) and *releases* what it owns but no longer selects (removes the reference);
  objects controlled by someone else are left alone; an owner being deleted adopts nothing;
* ``podutil.IsPodReady`` / ``IsPodAvailable`` — :func:`pod_ready`, :func:`available_at`;
* the condition setters of the apps API (``SetCondition``/``RemoveCondition``).

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

from typing import Callable

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
