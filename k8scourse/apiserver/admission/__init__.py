"""Admission control: the plugins every write passes after decoding and before the store.

Models kube-apiserver's admission chain. Mutating plugins run first (they may fill in defaults such
as a LimitRange's default requests), then the object is validated, then the validating plugins run
(they may only refuse). A refusal is an :class:`~k8scourse.errors.APIError`, usually ``Forbidden``.

The chain here, in upstream order: NamespaceLifecycle, LimitRanger, ServiceAccount,
DefaultTolerationSeconds, Priority, ResourceQuota.

Deliberate difference: no webhooks, no RBAC authorizer yet (every caller is cluster-admin, as with an
AKS admin kubeconfig).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...api.kinds import KindInfo

if TYPE_CHECKING:  # pragma: no cover
    from ..server import APIServer


@dataclass
class Attributes:
    """What admission plugins see of one request (upstream ``admission.Attributes``)."""
    operation: str            # CREATE, UPDATE, DELETE
    info: KindInfo
    namespace: str
    name: str
    object: dict | None       # the new object (mutable for mutating plugins); None on DELETE
    old_object: dict | None   # the stored object on UPDATE/DELETE
    subresource: str = ""
    dry_run: bool = False
    user: str = "kubectl"
    # Plugins that must finish work after the write succeeded (quota usage) register it here.
    on_commit: list = field(default_factory=list)


class AdmissionPlugin:
    """Base: override ``admit`` (mutating) and/or ``validate`` (validating)."""

    name = "Plugin"
    operations: tuple[str, ...] = ("CREATE", "UPDATE", "DELETE")

    def __init__(self, server: "APIServer"):
        self.server = server

    def handles(self, attrs: Attributes) -> bool:
        return attrs.operation in self.operations

    def admit(self, attrs: Attributes) -> None:
        """Mutate ``attrs.object`` or raise an APIError."""

    def validate(self, attrs: Attributes) -> None:
        """Raise an APIError to refuse; must not mutate."""


class AdmissionChain:
    def __init__(self, plugins: list[AdmissionPlugin]):
        self.plugins = plugins

    def admit(self, attrs: Attributes) -> None:
        for plugin in self.plugins:
            if plugin.handles(attrs):
                plugin.admit(attrs)

    def validate(self, attrs: Attributes) -> None:
        for plugin in self.plugins:
            if plugin.handles(attrs):
                plugin.validate(attrs)


def default_chain(server: "APIServer") -> AdmissionChain:
    from .namespace_lifecycle import NamespaceLifecycle
    from .pod_defaults import DefaultTolerationSeconds, Priority, ServiceAccount
    from .limitranger import LimitRanger
    from .resourcequota import ResourceQuotaAdmission

    return AdmissionChain([
        NamespaceLifecycle(server),
        LimitRanger(server),
        ServiceAccount(server),
        DefaultTolerationSeconds(server),
        Priority(server),
        ResourceQuotaAdmission(server),
    ])
