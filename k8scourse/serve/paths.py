"""REST paths of the Kubernetes API, parsed into what a request is about.

``/apis/apps/v1/namespaces/default/deployments/web/scale`` → group ``apps``, version ``v1``,
resource ``deployments``, namespace ``default``, name ``web``, subresource ``scale``. The rules are
the API server's request-info resolver (``k8s.io/apiserver/pkg/endpoints/request/requestinfo.go``):
``namespaces/<ns>`` scopes what follows, except that ``/api/v1/namespaces/<name>`` and its
``status``/``finalize`` subresources are the Namespace object itself.

>>> p = parse("/apis/apps/v1/namespaces/default/deployments/web/scale")
>>> (p.group, p.version, p.resource, p.namespace, p.name, p.subresource)
('apps', 'v1', 'deployments', 'default', 'web', 'scale')
>>> parse("/api/v1/namespaces/dev").resource, parse("/api/v1/namespaces/dev").name
('namespaces', 'dev')
>>> parse("/api/v1/pods").namespace is None
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourcePath:
    group: str
    version: str
    resource: str = ""            # "" for the group version's discovery document
    namespace: str | None = None  # None: not scoped by the path (cluster-scoped or across namespaces)
    name: str = ""
    subresource: str = ""

    @property
    def collection(self) -> bool:
        return bool(self.resource) and not self.name


def parse(path: str) -> ResourcePath | None:
    """The resource a path names, or None when it is not an API resource path."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["api"] and len(parts) >= 2:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 3:
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    if not rest:
        return ResourcePath(group, version)
    namespace = None
    if rest[0] == "namespaces" and len(rest) >= 2:
        # /namespaces/<ns>/<resource>…, but /namespaces/<name>[/status|/finalize] is the Namespace itself
        if len(rest) == 2 or (len(rest) == 3 and rest[2] in ("status", "finalize")):
            return ResourcePath(group, version, "namespaces", None, rest[1], rest[2] if len(rest) == 3 else "")
        namespace, rest = rest[1], rest[2:]
    if len(rest) > 3:
        return None
    return ResourcePath(group, version, rest[0], namespace, rest[1] if len(rest) > 1 else "",
                        rest[2] if len(rest) > 2 else "")
