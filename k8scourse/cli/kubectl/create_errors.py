"""What ``kubectl create <generator>`` says when its request fails: the generators wrap the error
(``error: failed to create deployment: deployments.apps "web" already exists``; ``failed to create
secret`` takes no colon; a Service names its type), while ``create namespace``, ``role`` and
``clusterrole`` pass the server's error on as it is (``Error from server (AlreadyExists): …``).
Recorded with the real kubectl 1.32 against a served cluster and a closed port.

>>> from k8scourse.errors import APIError
>>> print(failed_to_create(["configmap", "cfg"], APIError("AlreadyExists", 409, 'configmaps "cfg" already exists')))
failed to create configmap: configmaps "cfg" already exists
>>> failed_to_create(["namespace", "dev"], APIError("AlreadyExists", 409, "…")) is None
True
"""

from __future__ import annotations

from ...errors import APIError
from .command import CommandError

# ``kubectl create <generator>``: what the error says it failed to create, and the collection it posted to.
CREATED = {
    "deployment": ("deployment", "apis/apps/v1", "deployments"),
    "deploy": ("deployment", "apis/apps/v1", "deployments"),
    "configmap": ("configmap", "api/v1", "configmaps"),
    "cm": ("configmap", "api/v1", "configmaps"),
    "job": ("job", "apis/batch/v1", "jobs"),
    "cronjob": ("cronjob", "apis/batch/v1", "cronjobs"),
    "cj": ("cronjob", "apis/batch/v1", "cronjobs"),
    "serviceaccount": ("serviceaccount", "api/v1", "serviceaccounts"),
    "sa": ("serviceaccount", "api/v1", "serviceaccounts"),
    "quota": ("quota", "api/v1", "resourcequotas"),
    "resourcequota": ("quota", "api/v1", "resourcequotas"),
    "poddisruptionbudget": ("poddisruptionbudgets", "apis/policy/v1", "poddisruptionbudgets"),
    "pdb": ("poddisruptionbudgets", "apis/policy/v1", "poddisruptionbudgets"),
    "priorityclass": ("priorityclass", "apis/scheduling.k8s.io/v1", "priorityclasses"),
    "pc": ("priorityclass", "apis/scheduling.k8s.io/v1", "priorityclasses"),
    "ingress": ("ingress", "apis/networking.k8s.io/v1", "ingresses"),
    "ing": ("ingress", "apis/networking.k8s.io/v1", "ingresses"),
    "rolebinding": ("rolebinding", "apis/rbac.authorization.k8s.io/v1", "rolebindings"),
    "clusterrolebinding": ("clusterrolebinding", "apis/rbac.authorization.k8s.io/v1", "clusterrolebindings"),
}
SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
                  "externalname": "ExternalName"}


def failed_to_create(args: list[str], exc: APIError) -> CommandError | None:
    """The generator's wrapped error for ``create <args>``, or None when kubectl passes it on."""
    sub = args[0] if args else ""
    if sub == "secret":
        return CommandError(f"failed to create secret {exc.message}")
    if sub in ("service", "svc") and len(args) > 1 and args[1] in SERVICE_TYPES:
        return CommandError(f"failed to create {SERVICE_TYPES[args[1]]} service: {exc.message}")
    if sub in CREATED:
        return CommandError(f"failed to create {CREATED[sub][0]}: {exc.message}")
    return None
