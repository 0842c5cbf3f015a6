"""Admission control: the plugins every write passes after decoding and before the store.

Models kube-apiserver's admission chain. Mutating plugins run first (they may fill in defaults such
as a LimitRange's default requests), then the object is validated, then the validating plugins run
(they may only refuse). A refusal is an :class:`~k8scourse.errors.APIError`, usually ``Forbidden``.

The chain here, in upstream order: NamespaceLifecycle, LimitRanger, ServiceAccount,
DefaultTolerationSeconds, Priority, StorageObjectInUseProtection, ResourceQuota.

Deliberate difference: no webhooks, no RBAC authorizer yet (every caller is cluster-admin, as with an
AKS admin kubeconfig).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limitranger import LimitRanger
from .namespace_lifecycle import NamespaceLifecycle
from .plugin import AdmissionChain, AdmissionPlugin, Attributes
from .pod_defaults import DefaultTolerationSeconds, Priority, ServiceAccount
from .resourcequota import ResourceQuotaAdmission
from .storage_protection import StorageObjectInUseProtection

if TYPE_CHECKING:  # pragma: no cover
    from ..server import APIServer

__all__ = ["AdmissionChain", "AdmissionPlugin", "Attributes", "default_chain"]


def default_chain(server: "APIServer") -> AdmissionChain:
    return AdmissionChain([
        NamespaceLifecycle(server),
        LimitRanger(server),
        ServiceAccount(server),
        DefaultTolerationSeconds(server),
        Priority(server),
        StorageObjectInUseProtection(server),
        ResourceQuotaAdmission(server),
    ])
