"""The Node authorizer: what a kubelet (``system:node:<name>`` in ``system:nodes``) may do.

Models ``plugin/pkg/auth/authorizer/node``: a kubelet gets the ``system:node`` rules (the bootstrap
ClusterRole of that name, which since 1.8 is bound to no one — this authorizer grants it), except
for the objects that hold secrets: it may ``get`` a Secret, ConfigMap, PersistentVolumeClaim or
PersistentVolume, or request a service account token, only when a pod bound to *its* node refers to
it, and may not list or watch Secrets at all. A refusal reasons ``no relationship found between node
'<node>' and this object``; other users get no opinion here.

Deliberate difference: the graph is read from the store at each request (upstream keeps an
incremental graph); VolumeAttachments, ResourceClaims and node Lease ownership are not checked.

>>> from k8scourse.apiserver.authentication import node_user
>>> from k8scourse.apiserver.authorization import Attributes
>>> node_name(node_user("aks-nodepool1-0-vmss000000"))
'aks-nodepool1-0-vmss000000'
"""

from __future__ import annotations

from ...api.objects import dig
from ..authentication import NODE_PREFIX, NODES_GROUP, UserInfo
from .attributes import Attributes, Decision

_GRAPH = {"secrets", "configmaps", "persistentvolumeclaims", "persistentvolumes"}


def node_name(user: UserInfo) -> str:
    if NODES_GROUP not in user.groups or not user.name.startswith(NODE_PREFIX):
        return ""
    return user.name[len(NODE_PREFIX):]


def _pod_refs(pod: dict) -> dict[str, set]:
    spec = pod.get("spec") or {}
    refs: dict[str, set] = {"secrets": set(), "configmaps": set(), "persistentvolumeclaims": set(),
                            "serviceaccounts": {spec.get("serviceAccountName") or "default"}}
    for secret in spec.get("imagePullSecrets") or []:
        refs["secrets"].add(secret.get("name"))
    for vol in spec.get("volumes") or []:
        if isinstance(vol.get("secret"), dict):
            refs["secrets"].add(vol["secret"].get("secretName"))
        if isinstance(vol.get("configMap"), dict):
            refs["configmaps"].add(vol["configMap"].get("name"))
        if isinstance(vol.get("persistentVolumeClaim"), dict):
            refs["persistentvolumeclaims"].add(vol["persistentVolumeClaim"].get("claimName"))
        for source in dig(vol, "projected", "sources", default=[]) or []:
            if isinstance(source.get("secret"), dict):
                refs["secrets"].add(source["secret"].get("name"))
            if isinstance(source.get("configMap"), dict):
                refs["configmaps"].add(source["configMap"].get("name"))
    for group in ("initContainers", "containers"):
        for c in spec.get(group) or []:
            for env in c.get("env") or []:
                ref = dig(env, "valueFrom", "secretKeyRef", "name")
                if ref:
                    refs["secrets"].add(ref)
                ref = dig(env, "valueFrom", "configMapKeyRef", "name")
                if ref:
                    refs["configmaps"].add(ref)
            for source in c.get("envFrom") or []:
                if dig(source, "secretRef", "name"):
                    refs["secrets"].add(source["secretRef"]["name"])
                if dig(source, "configMapRef", "name"):
                    refs["configmaps"].add(source["configMapRef"]["name"])
    return refs


class NodeAuthorizer:
    def __init__(self, api):
        self.api = api

    def _related(self, node: str, attrs: Attributes) -> bool:
        resource = "serviceaccounts" if attrs.resource_with_sub == "serviceaccounts/token" else attrs.resource
        for pod in self.api.store.list("pods", attrs.namespace or None, copy=False):
            if dig(pod, "spec", "nodeName") != node:
                continue
            if resource == "persistentvolumes":
                for claim in _pod_refs(pod)["persistentvolumeclaims"]:
                    pvc = self.api.peek("persistentvolumeclaims", claim, pod["metadata"]["namespace"])
                    if pvc is not None and dig(pvc, "spec", "volumeName") == attrs.name:
                        return True
            elif attrs.name in _pod_refs(pod).get(resource, ()):
                return True
        return False

    def authorize(self, attrs: Attributes) -> Decision:
        node = node_name(attrs.user)
        if not node or not attrs.resource_request:
            return Decision(False)
        graph = not attrs.api_group and attrs.resource in _GRAPH or attrs.resource_with_sub == "serviceaccounts/token"
        if not graph:
            from .bootstrap import cluster_role_rules
            from .rbac import rule_allows
            if any(rule_allows(attrs, rule) for rule in cluster_role_rules("system:node")):
                return Decision(True, "", "Node")
            return Decision(False)
        verb_ok = attrs.verb == ("create" if attrs.subresource == "token" else "get")
        if verb_ok and attrs.name and self._related(node, attrs):
            return Decision(True, "", "Node")
        return Decision(False, f"no relationship found between node '{node}' and this object")
