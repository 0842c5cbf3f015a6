"""NamespaceLifecycle admission: no new content in a namespace that is missing or terminating.

Models plugin/pkg/admission/namespace/lifecycle: creating a namespaced object in a namespace that
does not exist answers ``namespaces "x" not found``; in one that is being deleted,
``unable to create new content in namespace x because it is being terminated``.
"""

from __future__ import annotations

from ...errors import APIError
from .plugin import AdmissionPlugin, Attributes


class NamespaceLifecycle(AdmissionPlugin):
    name = "NamespaceLifecycle"
    operations = ("CREATE",)

    def validate(self, attrs: Attributes) -> None:
        if not attrs.info.namespaced:
            return
        ns = self.server.peek("namespaces", attrs.namespace)
        if ns is None:
            raise APIError.not_found("namespaces", attrs.namespace)
        if (ns.get("status") or {}).get("phase") == "Terminating":
            resource = attrs.info.group_resource
            raise APIError.forbidden(
                resource, attrs.name,
                f"unable to create new content in namespace {attrs.namespace} because it is being terminated")
