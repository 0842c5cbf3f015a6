"""What an admission plugin is: the request's attributes, the plugin base class, the chain."""

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
