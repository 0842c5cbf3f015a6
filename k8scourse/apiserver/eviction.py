"""The ``pods/eviction`` subresource: a delete that respects PodDisruptionBudgets.

Models kube-apiserver's eviction REST handler (``POST …/pods/<name>/eviction`` with a
``policy/v1`` ``Eviction`` body), which ``kubectl drain``, the cluster autoscaler and AKS upgrades
use instead of a plain delete:

1. the pod must exist (``404 pods "x" not found``);
2. a pod whose budget does not matter — finished (``Succeeded``/``Failed``), still ``Pending``, or
   already being deleted — is simply deleted;
3. the ``PodDisruptionBudget`` objects of the pod's namespace whose selector matches the pod are
   looked up: none → delete; more than one → ``500`` ``This pod has more than one
   PodDisruptionBudget, which the eviction subresource does not support.``;
4. a pod that is not Ready may go without spending the budget while the budget is met
   (``unhealthyPodEvictionPolicy: IfHealthyBudget``, the default; ``AlwaysAllow`` always lets it go);
5. otherwise the budget's *status* decides, as the disruption controller last computed it:
   ``observedGeneration`` behind ``generation`` → ``429`` ``The disruption budget x is still being
   processed by the server.``; ``disruptionsAllowed`` 0 → ``429 TooManyRequests``
   ``Cannot evict pod as it would violate the pod's disruption budget.``; else the API server
   spends one disruption itself — ``disruptionsAllowed`` − 1 and the pod recorded in
   ``status.disruptedPods`` (so two evictions in one instant cannot both use the last one) — and
6. marks the pod ``DisruptionTarget=True`` (``EvictionByEvictionAPI``, ``Eviction API: evicting``)
   and deletes it gracefully (its ``terminationGracePeriodSeconds``, or the eviction's
   ``gracePeriodSeconds``).

The answer is a ``Status`` ``Success``. Deliberate differences: no ``resourceVersion``/UID
preconditions in ``deleteOptions``; the conflict-retry loop around the budget update is not needed
(writes here are atomic).

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> _ = api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
...                 "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
>>> evict_pod(api, "default", "web")["status"]
'Success'
>>> api.peek("pods", "web", "default") is None
True
"""

from __future__ import annotations

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError

EVICTION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget."
MULTIPLE_PDBS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."


def too_many_requests(message: str, cause: str = "") -> APIError:
    """``429 TooManyRequests`` (``errors.NewTooManyRequests``) with a ``DisruptionBudget`` cause."""
    causes = [{"reason": "DisruptionBudget", "message": cause}] if cause else None
    err = APIError("TooManyRequests", 429, message, kind="pods", group="policy", causes=causes)
    return err


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in dig(pod, "status", "conditions", default=[]) or [])


def budgets_for(server, pod: dict) -> list[dict]:
    """The PodDisruptionBudgets (stored objects) whose selector matches ``pod``, by name."""
    ns = dig(pod, "metadata", "namespace", default="default")
    labels = dig(pod, "metadata", "labels", default={}) or {}
    found = []
    for pdb in server.store.list(server.info("poddisruptionbudgets").group_resource, ns, copy=False):
        try:
            selector = selector_from_label_selector(dig(pdb, "spec", "selector"))
        except ValueError:
            continue
        if selector.matches(labels):
            found.append(pdb)
    return sorted(found, key=lambda p: p["metadata"]["name"])


def evict_pod(server, namespace: str, name: str, user: str = "admin", grace_period: int | None = None,
              dry_run: bool = False) -> dict:
    """Evict one pod (the ``pods/eviction`` subresource); raises :class:`APIError` when refused."""
    server._check_available()
    pod = server.peek("pods", name, namespace)
    if pod is None:
        raise APIError.not_found("pods", name)
    phase = dig(pod, "status", "phase")
    if phase in ("Succeeded", "Failed", "Pending") or dig(pod, "metadata", "deletionTimestamp"):
        return _delete(server, pod, user, grace_period, dry_run, mark=False)
    budgets = budgets_for(server, pod)
    if not budgets:
        return _delete(server, pod, user, grace_period, dry_run)
    if len(budgets) > 1:
        raise APIError("InternalError", 500, MULTIPLE_PDBS)
    pdb = budgets[0]
    status = pdb.get("status") or {}
    if not _ready(pod):
        policy = dig(pdb, "spec", "unhealthyPodEvictionPolicy") or "IfHealthyBudget"
        desired = int(status.get("desiredHealthy") or 0)
        if policy == "AlwaysAllow" or (int(status.get("currentHealthy") or 0) >= desired and desired > 0):
            return _delete(server, pod, user, grace_period, dry_run)
    _spend(server, pdb, name, dry_run)
    return _delete(server, pod, user, grace_period, dry_run)


def _spend(server, pdb: dict, pod_name: str, dry_run: bool) -> None:
    """``checkAndDecrement``: take one disruption from the budget or refuse with 429."""
    md, status = pdb["metadata"], copy_json(pdb.get("status") or {})
    if int(status.get("observedGeneration") or 0) < int(md.get("generation") or 0):
        raise too_many_requests(f"The disruption budget {md['name']} is still being processed by the server.",
                                f"The disruption budget {md['name']} is still being processed by the server.")
    allowed = int(status.get("disruptionsAllowed") or 0)
    if allowed < 0:
        raise APIError.forbidden("pods", pod_name, "pdb disruptions allowed is negative")
    if allowed == 0:
        raise too_many_requests(EVICTION_MESSAGE,
                                f"The disruption budget {md['name']} needs {int(status.get('desiredHealthy') or 0)} "
                                f"healthy pods and has {int(status.get('currentHealthy') or 0)} currently")
    if dry_run:
        return
    status["disruptionsAllowed"] = allowed - 1
    status.setdefault("disruptedPods", {})[pod_name] = server.sim.clock.rfc3339()
    if allowed - 1 == 0:
        conditions = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionAllowed"]
        previous = next((c for c in status.get("conditions") or [] if c.get("type") == "DisruptionAllowed"), {})
        conditions.append({"type": "DisruptionAllowed", "status": "False", "reason": "InsufficientPods",
                           "message": "", "observedGeneration": md.get("generation", 1),
                           "lastTransitionTime": previous.get("lastTransitionTime") if previous.get("status") == "False"
                           else server.sim.clock.rfc3339()})
        status["conditions"] = conditions
    body = {"apiVersion": pdb["apiVersion"], "kind": pdb["kind"],
            "metadata": {"name": md["name"], "namespace": md["namespace"]}, "status": status}
    server.update_status(body, user="system:apiserver", resource="poddisruptionbudgets")


def _delete(server, pod: dict, user: str, grace_period: int | None, dry_run: bool, mark: bool = True) -> dict:
    md = pod["metadata"]
    if not dry_run:
        if mark and not md.get("deletionTimestamp"):
            _mark_disruption_target(server, pod)
        server.delete("pods", md["name"], md["namespace"], grace_period=grace_period, user=user)
        server.sim.record("kube-apiserver", "evict", f"pods/{md['namespace']}/{md['name']}", f"by {user}")
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}


def _mark_disruption_target(server, pod: dict) -> None:
    """Since 1.26 the pod learns why it goes: ``DisruptionTarget`` ``EvictionByEvictionAPI``."""
    status = copy_json(pod.get("status") or {})
    conditions = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
    conditions.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                       "lastTransitionTime": server.sim.clock.rfc3339(), "reason": "EvictionByEvictionAPI",
                       "message": "Eviction API: evicting"})
    status["conditions"] = conditions
    md = pod["metadata"]
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": md["name"], "namespace": md["namespace"]},
            "status": status}
    try:
        server.update_status(body, user="system:apiserver", resource="pods")
    except APIError:
        pass
