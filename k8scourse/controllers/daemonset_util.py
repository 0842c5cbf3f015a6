"""Which nodes a daemon pod belongs on, and what a daemon pod looks like.

Models the pieces of ``pkg/controller/daemon/util`` and of ``k8s.io/component-helpers`` the
DaemonSet controller decides with, as pure functions:

* :func:`daemon_pod_tolerations` — ``AddOrUpdateDaemonPodTolerations``: ``not-ready`` and
  ``unreachable`` (NoExecute, no ``tolerationSeconds``: a daemon pod stays on a failed node),
  ``disk-pressure``, ``memory-pressure``, ``pid-pressure``, ``unschedulable`` (NoSchedule) and, for
  ``hostNetwork`` pods, ``network-unavailable`` (NoSchedule);
* :func:`pin_to_node` — ``ReplaceDaemonSetPodNodeNameNodeAffinity``: the pod's required node
  affinity becomes the single term ``matchFields: metadata.name In [node]``, so the default
  scheduler places it (upstream since 1.12);
* :func:`node_should_run` — ``NodeShouldRunDaemonPod``: (should run, should continue running):
  the node must match the pod's ``nodeSelector`` and required node affinity and the pod must
  tolerate the node's ``NoSchedule``/``NoExecute`` taints; a running pod only has to tolerate the
  ``NoExecute`` ones (new ``NoSchedule`` taints do not evict).

The matching rules are written here rather than imported from the scheduler, as upstream shares
them through a helper library rather than between components.

>>> node = {"metadata": {"name": "n1", "labels": {"disk": "ssd"}},
...         "spec": {"taints": [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]}}
>>> node_should_run({"nodeSelector": {"disk": "ssd"}}, node)
(False, True)
>>> node_should_run({"tolerations": [{"key": "dedicated", "operator": "Exists"}]}, node)
(True, True)
>>> [t["key"].split("/")[1] for t in daemon_pod_tolerations({})][:3]
['not-ready', 'unreachable', 'disk-pressure']
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..api.scheduling import required_node_affinity_matches, tolerates

_NO_EXECUTE = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
_NO_SCHEDULE = ("node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable")
_NETWORK = "node.kubernetes.io/network-unavailable"


def daemon_pod_tolerations(pod_spec: dict) -> list[dict]:
    """The pod spec's tolerations plus the daemon ones it lacks (same key and effect replaced)."""
    wanted = [{"key": k, "operator": "Exists", "effect": "NoExecute"} for k in _NO_EXECUTE]
    wanted += [{"key": k, "operator": "Exists", "effect": "NoSchedule"} for k in _NO_SCHEDULE]
    if pod_spec.get("hostNetwork"):
        wanted.append({"key": _NETWORK, "operator": "Exists", "effect": "NoSchedule"})
    tolerations = [copy_json(t) for t in pod_spec.get("tolerations") or []]
    for tol in wanted:
        same = [i for i, t in enumerate(tolerations)
                if t.get("key") == tol["key"] and t.get("effect") == tol["effect"]]
        if same:
            tolerations[same[0]] = tol
        else:
            tolerations.append(tol)
    return tolerations


def pin_to_node(pod_spec: dict, node_name: str) -> None:
    """Require ``node_name`` through node affinity (``matchFields metadata.name In [node]``)."""
    affinity = pod_spec.setdefault("affinity", {})
    node_affinity = affinity.setdefault("nodeAffinity", {})
    node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}


def target_node(pod: dict) -> str:
    """The node a daemon pod is for: its ``nodeName``, or the one its node affinity pins."""
    if dig(pod, "spec", "nodeName"):
        return pod["spec"]["nodeName"]
    terms = dig(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                "nodeSelectorTerms", default=[]) or []
    for term in terms:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("operator") == "In" \
                    and len(field.get("values") or []) == 1:
                return field["values"][0]
    return ""


def fits_node_affinity(pod_spec: dict, node: dict) -> bool:
    labels = dig(node, "metadata", "labels", default={}) or {}
    return required_node_affinity_matches(pod_spec, labels, node["metadata"]["name"])


def node_should_run(pod_spec: dict, node: dict) -> tuple[bool, bool]:
    """(a daemon pod should be placed on ``node``, an existing one should keep running there)."""
    if not fits_node_affinity(pod_spec, node):
        return False, False
    tolerations = pod_spec.get("tolerations") or []
    taints = dig(node, "spec", "taints", default=[]) or []
    if any(t.get("effect") == "NoExecute" and not tolerates(t, tolerations) for t in taints):
        return False, False
    if any(t.get("effect") == "NoSchedule" and not tolerates(t, tolerations) for t in taints):
        return False, True
    return True, True


def daemon_pod_spec(template_spec: dict) -> dict:
    """The template's pod spec with the daemon tolerations (what node fit is judged on)."""
    spec = copy_json(template_spec or {})
    spec["tolerations"] = daemon_pod_tolerations(spec)
    return spec
