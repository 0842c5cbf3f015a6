"""Server-side printing: the API server's Table conversion (``kubectl get`` columns).

Models ``pkg/printers/internalversion/printers.go`` behind the API server's TableConvertor: a
request for ``as=Table;g=meta.k8s.io;v=v1`` gets a ``meta.k8s.io/v1`` Table whose
``columnDefinitions`` carry name, type, format and priority, and whose rows carry ``cells`` and the
``object``. The server always computes the wide cells; priority-1 columns are what kubectl shows
only with ``-o wide``. Kinds without a printer get the defaults upstream uses: NAME + CREATED AT for
built-in kinds (CustomResourceDefinition), NAME + AGE for custom resources.

Deliberate differences: column descriptions are left empty; the load-balancer address list is
never clipped (the server prints "wide", so upstream never clips it either in server-side printing).

>>> from k8scourse.api.kinds import REGISTRY
>>> t = to_table(REGISTRY.by_name("ns"), [{"metadata": {"name": "default",
...     "creationTimestamp": "2026-01-01T00:00:00Z"}, "status": {"phase": "Active"}}],
...     now_unix_ms=1767225690000)
>>> [c["name"] for c in t["columnDefinitions"]], t["rows"][0]["cells"]
(['Name', 'Status', 'Age'], ['default', 'Active', '90s'])
"""

from __future__ import annotations

from typing import Callable, Iterable

from ...api.objects import dig
from . import cluster, network, storage, workloads
from .cells import since
from .pods import POD_COLUMNS, pod_columns, pod_row

__all__ = ["to_table", "columns_for", "pod_columns"]

Column = tuple  # (name, type, format, priority)
RowFn = Callable[[dict, int], dict]

_CUSTOM_COLUMNS = [("Name", "string", "name", 0), ("Age", "date", "", 0)]


def _custom_row(obj, now_ms):
    return {"cells": [dig(obj, "metadata", "name", default=""),
                      since(dig(obj, "metadata", "creationTimestamp"), now_ms)]}


_PRINTERS: dict[tuple[str, str], tuple[list, RowFn]] = {
    ("", "Pod"): (POD_COLUMNS, pod_row),
    ("", "Node"): (cluster.NODE_COLUMNS, cluster.node_row),
    ("", "Namespace"): (cluster.NAMESPACE_COLUMNS, cluster.namespace_row),
    ("", "Event"): (cluster.EVENT_COLUMNS, cluster.event_row),
    ("events.k8s.io", "Event"): (cluster.EVENT_COLUMNS, cluster.events_v1_row),
    ("", "ConfigMap"): (cluster.CONFIGMAP_COLUMNS, cluster.configmap_row),
    ("", "Secret"): (cluster.SECRET_COLUMNS, cluster.secret_row),
    ("", "ServiceAccount"): (cluster.SERVICEACCOUNT_COLUMNS, cluster.serviceaccount_row),
    ("", "ResourceQuota"): (cluster.RESOURCEQUOTA_COLUMNS, cluster.resourcequota_row),
    ("", "LimitRange"): (cluster.CREATED_AT_COLUMNS, cluster.created_at_row),
    ("", "ComponentStatus"): (cluster.COMPONENTSTATUS_COLUMNS, cluster.componentstatus_row),
    ("", "Service"): (network.SERVICE_COLUMNS, network.service_row),
    ("", "Endpoints"): (network.ENDPOINTS_COLUMNS, network.endpoints_row),
    ("", "PersistentVolume"): (storage.PV_COLUMNS, storage.pv_row),
    ("", "PersistentVolumeClaim"): (storage.PVC_COLUMNS, storage.pvc_row),
    ("", "ReplicationController"): (workloads.REPLICASET_COLUMNS, workloads.replicationcontroller_row),
    ("", "PodTemplate"): (workloads.PODTEMPLATE_COLUMNS, workloads.podtemplate_row),
    ("apps", "Deployment"): (workloads.DEPLOYMENT_COLUMNS, workloads.deployment_row),
    ("apps", "ReplicaSet"): (workloads.REPLICASET_COLUMNS, workloads.replicaset_row),
    ("apps", "DaemonSet"): (workloads.DAEMONSET_COLUMNS, workloads.daemonset_row),
    ("apps", "StatefulSet"): (workloads.STATEFULSET_COLUMNS, workloads.statefulset_row),
    ("apps", "ControllerRevision"): (workloads.CONTROLLERREVISION_COLUMNS, workloads.controllerrevision_row),
    ("batch", "Job"): (workloads.JOB_COLUMNS, workloads.job_row),
    ("batch", "CronJob"): (workloads.CRONJOB_COLUMNS, workloads.cronjob_row),
    ("autoscaling", "HorizontalPodAutoscaler"): (workloads.HPA_COLUMNS, workloads.hpa_row),
    ("policy", "PodDisruptionBudget"): (workloads.PDB_COLUMNS, workloads.pdb_row),
    ("discovery.k8s.io", "EndpointSlice"): (network.ENDPOINTSLICE_COLUMNS, network.endpointslice_row),
    ("networking.k8s.io", "Ingress"): (network.INGRESS_COLUMNS, network.ingress_row),
    ("networking.k8s.io", "IngressClass"): (network.INGRESSCLASS_COLUMNS, network.ingressclass_row),
    ("networking.k8s.io", "NetworkPolicy"): (network.NETWORKPOLICY_COLUMNS, network.networkpolicy_row),
    ("coordination.k8s.io", "Lease"): (cluster.LEASE_COLUMNS, cluster.lease_row),
    ("scheduling.k8s.io", "PriorityClass"): (cluster.PRIORITYCLASS_COLUMNS, cluster.priorityclass_row),
    ("rbac.authorization.k8s.io", "Role"): (cluster.CREATED_AT_COLUMNS, cluster.created_at_row),
    ("rbac.authorization.k8s.io", "ClusterRole"): (cluster.CREATED_AT_COLUMNS, cluster.created_at_row),
    ("rbac.authorization.k8s.io", "RoleBinding"): (cluster.BINDING_COLUMNS, cluster.binding_row),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): (cluster.BINDING_COLUMNS, cluster.binding_row),
    ("storage.k8s.io", "StorageClass"): (storage.STORAGECLASS_COLUMNS, storage.storageclass_row),
    ("storage.k8s.io", "CSIDriver"): (storage.CSIDRIVER_COLUMNS, storage.csidriver_row),
    ("storage.k8s.io", "CSINode"): (storage.CSINODE_COLUMNS, storage.csinode_row),
    ("storage.k8s.io", "CSIStorageCapacity"): (storage.CSISTORAGECAPACITY_COLUMNS, storage.csistoragecapacity_row),
    ("storage.k8s.io", "VolumeAttachment"): (storage.VOLUMEATTACHMENT_COLUMNS, storage.volumeattachment_row),
    ("node.k8s.io", "RuntimeClass"): (storage.RUNTIMECLASS_COLUMNS, storage.runtimeclass_row),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): (storage.WEBHOOK_COLUMNS, storage.webhook_row),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): (storage.WEBHOOK_COLUMNS,
                                                                         storage.webhook_row),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): (storage.VAP_COLUMNS, storage.vap_row),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"): (storage.VAPB_COLUMNS, storage.vapb_row),
    ("apiregistration.k8s.io", "APIService"): (storage.APISERVICE_COLUMNS, storage.apiservice_row),
    ("certificates.k8s.io", "CertificateSigningRequest"): (storage.CSR_COLUMNS, storage.csr_row),
    ("apiextensions.k8s.io", "CustomResourceDefinition"): (cluster.CREATED_AT_COLUMNS, cluster.created_at_row),
    ("", "Binding"): (cluster.CREATED_AT_COLUMNS, cluster.created_at_row),
}


def _printer(info) -> tuple[list, RowFn]:
    return _PRINTERS.get((info.group, info.kind), (_CUSTOM_COLUMNS, _custom_row))


def columns_for(info) -> list[dict]:
    """The ``columnDefinitions`` the server sends for a kind."""
    columns, _ = _printer(info)
    return [{"name": name, "type": ctype, "format": fmt, "description": "", "priority": priority}
            for name, ctype, fmt, priority in columns]


def to_table(info, objects: Iterable[dict], now_unix_ms: int) -> dict:
    """A ``meta.k8s.io/v1`` Table of ``objects`` (all of kind ``info``) at time ``now_unix_ms``.

    Every row carries all cells, wide ones included, in column order, and the object itself.
    """
    _, row_fn = _printer(info)
    rows = []
    for obj in objects:
        row = row_fn(obj, now_unix_ms)
        row["object"] = obj
        rows.append(row)
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {},
            "columnDefinitions": columns_for(info), "rows": rows}
