"""Shared pieces of the add-on manifests: how they are created, and the shapes they repeat.

An add-on manager (kubeadm's ``addon`` phase, AKS's addon manager) applies its manifests when the
cluster is created; here :func:`create_all` creates them through the API server as trusted writes,
leaving objects that already exist alone (idempotent, as ``EnsureExists`` is).

>>> resources("100m", "70Mi", memory_limit="170Mi")
{'requests': {'cpu': '100m', 'memory': '70Mi'}, 'limits': {'memory': '170Mi'}}
>>> AKS_AFFINITY["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"][0][
...     "matchExpressions"][1]
{'key': 'type', 'operator': 'NotIn', 'values': ['virtual-kubelet']}
"""

from __future__ import annotations

from ..api.objects import copy_json

NAMESPACE = "kube-system"
USER = "system:addon-manager"

# AKS's add-on DaemonSets and Deployments keep off virtual nodes (the ACI virtual kubelet, labelled
# `type: virtual-kubelet`) and off Windows nodes.
AKS_AFFINITY = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
    "matchExpressions": [{"key": "kubernetes.azure.com/cluster", "operator": "Exists"},
                         {"key": "type", "operator": "NotIn", "values": ["virtual-kubelet"]},
                         {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]}}}
# What AKS's node agents tolerate: every taint (they run on every node, tainted or not).
AKS_NODE_TOLERATIONS = [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"operator": "Exists", "effect": "NoExecute"},
                        {"operator": "Exists", "effect": "NoSchedule"}]
# ... and its cluster add-ons (Deployments): the system pool's CriticalAddonsOnly taint.
AKS_ADDON_TOLERATIONS = [{"key": "CriticalAddonsOnly", "operator": "Exists"}]
# The labels AKS's addon manager puts on what it owns.
AKS_MANAGED = {"addonmanager.kubernetes.io/mode": "Reconcile", "kubernetes.io/cluster-service": "true"}


def resources(cpu: str | None, memory: str | None, *, cpu_limit: str | None = None,
              memory_limit: str | None = None) -> dict:
    """A container's ``resources`` (only the figures given)."""
    out: dict = {}
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    limits = {k: v for k, v in (("cpu", cpu_limit), ("memory", memory_limit)) if v is not None}
    if requests:
        out["requests"] = requests
    if limits:
        out["limits"] = limits
    return out


def service_account(name: str, labels: dict | None = None) -> dict:
    md: dict = {"name": name, "namespace": NAMESPACE}
    if labels:
        md["labels"] = dict(labels)
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": md}


def node_name_env() -> dict:
    return {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}


def daemonset(name: str, labels: dict, selector: dict, spec: dict, *, template_labels: dict | None = None,
              max_unavailable: str | int = 1) -> dict:
    return {"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": name, "namespace": NAMESPACE, "labels": dict(labels)},
            "spec": {"selector": {"matchLabels": dict(selector)},
                     "updateStrategy": {"type": "RollingUpdate",
                                        "rollingUpdate": {"maxUnavailable": max_unavailable, "maxSurge": 0}},
                     "template": {"metadata": {"labels": dict(template_labels or selector)},
                                  "spec": copy_json(spec)}}}


def deployment(name: str, labels: dict, selector: dict, replicas: int, spec: dict, *,
               template_labels: dict | None = None) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": NAMESPACE, "labels": dict(labels)},
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(selector)},
                     "template": {"metadata": {"labels": dict(template_labels or selector)},
                                  "spec": copy_json(spec)}}}


def create_all(api, objects: list[dict]) -> None:
    """Create each object unless one of its kind and name already exists."""
    for obj in objects:
        info = api.registry.for_kind(obj["apiVersion"], obj["kind"])
        namespace = obj["metadata"].get("namespace", "")
        if api.peek(info, obj["metadata"]["name"], namespace) is None:
            api.create(obj, namespace or None, user=USER, trusted=True)
