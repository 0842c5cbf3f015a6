"""``kubectl describe``: composed on the client side from objects and events.

Models ``staging/src/k8s.io/kubectl/pkg/describe``: a describer per kind (pod, node, namespace,
service, deployment, resourcequota, limitrange, configmap, secret; the workloads in workloads.py
and batch.py; hpa in autoscaling.py; pv/pvc/storageclass in storage.py; endpoints, endpointslice,
ingress, networkpolicy in network.py; pdb, serviceaccount, priorityclass, (cluster)rolebinding in
policy.py; csr in certificates.py) reads the object and what
belongs to it (events, the node's pods and lease, a deployment's ReplicaSets, a namespace's
quotas) through the API server and writes aligned text through a describe-configured tab writer. Other kinds get
kubectl's generic describer (every field of the object, nested by indentation).

``describe(server, info, namespace, name, now_unix_ms)`` returns the text; it raises the API
server's NotFound error when the object does not exist.
"""

from __future__ import annotations

from typing import Callable

from .autoscaling import describe_hpa
from .batch import describe_cronjob, describe_job
from .certificates import describe_csr
from .config import describe_configmap, describe_secret
from .deployment import describe_deployment
from .generic import describe_generic
from .history import rollout_history
from .node import describe_node
from .pod import describe_pod
from .quota import describe_limitrange, describe_namespace, describe_resourcequota
from .network import describe_endpoints, describe_endpointslice, describe_ingress, describe_networkpolicy
from .rbac import describe_role
from .policy import describe_pdb, describe_priorityclass, describe_rolebinding, describe_serviceaccount
from .service import describe_service
from .storage import describe_pv, describe_pvc, describe_storageclass
from .workloads import (describe_daemonset, describe_replicaset, describe_replicationcontroller,
                        describe_statefulset)

__all__ = ["describe", "DESCRIBERS", "rollout_history"]

Describer = Callable[..., str]

DESCRIBERS: dict[tuple[str, str], Describer] = {
    ("", "Pod"): describe_pod,
    ("", "Node"): describe_node,
    ("", "Namespace"): describe_namespace,
    ("", "Service"): describe_service,
    ("", "ResourceQuota"): describe_resourcequota,
    ("", "LimitRange"): describe_limitrange,
    ("", "ConfigMap"): describe_configmap,
    ("", "Secret"): describe_secret,
    ("", "ReplicationController"): describe_replicationcontroller,
    ("", "ServiceAccount"): describe_serviceaccount,
    ("", "PersistentVolume"): describe_pv,
    ("", "PersistentVolumeClaim"): describe_pvc,
    ("", "Endpoints"): describe_endpoints,
    ("apps", "Deployment"): describe_deployment,
    ("apps", "ReplicaSet"): describe_replicaset,
    ("apps", "DaemonSet"): describe_daemonset,
    ("apps", "StatefulSet"): describe_statefulset,
    ("batch", "Job"): describe_job,
    ("batch", "CronJob"): describe_cronjob,
    ("autoscaling", "HorizontalPodAutoscaler"): describe_hpa,
    ("discovery.k8s.io", "EndpointSlice"): describe_endpointslice,
    ("networking.k8s.io", "Ingress"): describe_ingress,
    ("networking.k8s.io", "NetworkPolicy"): describe_networkpolicy,
    ("policy", "PodDisruptionBudget"): describe_pdb,
    ("storage.k8s.io", "StorageClass"): describe_storageclass,
    ("scheduling.k8s.io", "PriorityClass"): describe_priorityclass,
    ("rbac.authorization.k8s.io", "Role"): describe_role,
    ("rbac.authorization.k8s.io", "ClusterRole"): describe_role,
    ("rbac.authorization.k8s.io", "RoleBinding"): describe_rolebinding,
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): describe_rolebinding,
    ("certificates.k8s.io", "CertificateSigningRequest"): describe_csr,
}


def describe(server, info, namespace: str, name: str, now_unix_ms: int, show_events: bool = True) -> str:
    """The ``kubectl describe`` text of one object (``info`` is its KindInfo)."""
    obj = server.get(info, name, namespace if info.namespaced else "")
    describer = DESCRIBERS.get((info.group, info.kind))
    if describer is None:
        return describe_generic(server, obj, info, now_unix_ms, show_events)
    return describer(server, obj, now_unix_ms, show_events)
