"""Content negotiation of the Kubernetes API: what a client's ``Accept`` header asks for.

The API server answers plain ``application/json`` unless the client asks for a *conversion* with
media-type parameters (``k8s.io/apiserver/pkg/endpoints/handlers/negotiation``):

* ``application/json;as=Table;v=v1;g=meta.k8s.io`` — server-side printing (``kubectl get``);
* ``application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io`` (and ``…List``) — metadata only;
* ``application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`` — aggregated discovery.

The first acceptable entry wins, in the order the client lists them (kubectl lists Table first and
plain JSON last as its fallback).

>>> wanted("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
'Table'
>>> wanted("application/json") is None
True
"""

from __future__ import annotations

_CONVERSIONS = {
    ("Table", "meta.k8s.io"): ("v1", "v1beta1"),
    ("PartialObjectMetadata", "meta.k8s.io"): ("v1", "v1beta1"),
    ("PartialObjectMetadataList", "meta.k8s.io"): ("v1", "v1beta1"),
    ("APIGroupDiscoveryList", "apidiscovery.k8s.io"): ("v2", "v2beta1"),
}

TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io"
DISCOVERY_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def _entries(accept: str):
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        params = {}
        for f in fields[1:]:
            if "=" in f:
                k, v = f.split("=", 1)
                params[k.strip()] = v.strip()
        yield media, params


def wanted(accept: str) -> str | None:
    """The conversion asked for (``Table``, ``PartialObjectMetadata``, ``APIGroupDiscoveryList``…),
    None for plain JSON."""
    for media, params in _entries(accept):
        if media not in ("application/json", "*/*", "application/*"):
            continue
        as_ = params.get("as")
        if not as_:
            return None
        versions = _CONVERSIONS.get((as_, params.get("g", "")))
        if versions and params.get("v") in versions:
            return as_
    return None


def version_of(accept: str, conversion: str) -> str:
    """The version of ``conversion`` the client accepted first (``v1`` Table, ``v2`` discovery)."""
    for _media, params in _entries(accept):
        if params.get("as") == conversion:
            return params.get("v", "")
    return ""
