"""API discovery: what the served API server says it serves (``/api``, ``/apis``, ``/version``).

Models kube-apiserver's discovery endpoints, built from the kinds registry
(:mod:`k8scourse.api.kinds`):

* the legacy documents — ``/api`` (``APIVersions``), ``/apis`` (``APIGroupList``), ``/apis/<group>``
  (``APIGroup``) and one ``APIResourceList`` per group version, with every resource's verbs, short
  names, categories, singular name and kind, and its subresources as ``pods/status``-style entries;
* **aggregated discovery** (``apidiscovery.k8s.io/v2``, ``APIGroupDiscoveryList``), which kubectl
  1.32 asks for first (``Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList``)
  and which answers everything in two requests;
* ``/version``: the cluster's Kubernetes version, as ``kubectl version`` prints it.

``metrics.k8s.io`` is listed as the aggregation layer lists an APIService's group: only while the
cluster has a metrics-server.

Deliberate difference: ``storageVersionHash`` is left out (clients use it only to detect storage
migrations).

>>> from k8scourse.api.kinds import REGISTRY
>>> doc = resource_list(REGISTRY, "apps", "v1")
>>> [r["name"] for r in doc["resources"]][:4]
['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments']
>>> [r for r in doc["resources"] if r["name"] == "deployments/scale"][0]["kind"]
'Scale'
"""

from __future__ import annotations

from ..api import version
from ..api.kinds import KindInfo, KindRegistry

# Subresources of each kind: (name, kind, group, version, verbs). An empty group/version means the
# parent's. Upstream's storage registrations (pkg/registry/*/rest/storage_*.go).
_STATUS = ("status", "", "", "", ("get", "patch", "update"))
_SCALE = ("scale", "Scale", "autoscaling", "v1", ("get", "patch", "update"))
_EXTRA_SUBRESOURCES: dict[tuple[str, str], tuple[tuple, ...]] = {
    ("", "Pod"): (("attach", "PodAttachOptions", "", "", ("create", "get")),
                  ("binding", "Binding", "", "", ("create",)),
                  ("ephemeralcontainers", "", "", "", ("get", "patch", "update")),
                  ("eviction", "Eviction", "policy", "v1", ("create",)),
                  ("exec", "PodExecOptions", "", "", ("create", "get")),
                  ("log", "", "", "", ("get",)),
                  ("portforward", "PodPortForwardOptions", "", "", ("create", "get")),
                  ("proxy", "PodProxyOptions", "", "", ("create", "delete", "get", "patch", "update"))),
    ("", "Namespace"): (("finalize", "", "", "", ("update",)),),
    ("certificates.k8s.io", "CertificateSigningRequest"): (("approval", "", "", "", ("get", "patch", "update")),),
    ("", "Node"): (("proxy", "NodeProxyOptions", "", "", ("create", "delete", "get", "patch", "update")),),
    ("", "Service"): (("proxy", "ServiceProxyOptions", "", "", ("create", "delete", "get", "patch", "update")),),
    ("", "ServiceAccount"): (("token", "TokenRequest", "authentication.k8s.io", "v1", ("create",)),),
    ("", "ReplicationController"): (_SCALE,),
    ("apps", "Deployment"): (_SCALE,),
    ("apps", "ReplicaSet"): (_SCALE,),
    ("apps", "StatefulSet"): (_SCALE,),
}
SCALABLE = frozenset(k for k, subs in _EXTRA_SUBRESOURCES.items() if _SCALE in subs)


def subresources(info: KindInfo) -> list[tuple]:
    """``(name, kind, group, version, verbs)`` of every subresource of ``info``, by name."""
    subs = list(_EXTRA_SUBRESOURCES.get((info.group, info.kind), ()))
    if info.has_status:
        subs.append(_STATUS)
    return sorted(subs)


def served_groups(registry: KindRegistry, aggregated: frozenset[str] = frozenset()) -> dict[str, list[KindInfo]]:
    """group → its kinds, the core group first then by name; ``aggregated`` = the API services up."""
    groups: dict[str, list[KindInfo]] = {}
    for info in registry:
        if info.group == "metrics.k8s.io" and info.group not in aggregated:
            continue
        groups.setdefault(info.group, []).append(info)
    return {g: sorted(groups[g], key=lambda i: i.plural) for g in sorted(groups, key=lambda g: (g != "", g))}


def _versions_of(infos: list[KindInfo]) -> list[str]:
    """Every served version of a group, the preferred (storage) one first."""
    versions = [infos[0].version]
    for info in infos:
        for v in (info.version, *info.also_served):
            if v not in versions:
                versions.append(v)
    return versions


def _serves(info: KindInfo, version: str) -> bool:
    return version == info.version or version in info.also_served


def api_versions() -> dict:
    """``GET /api``."""
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:443"}]}


def _group_doc(group: str, versions: list[str]) -> dict:
    gvs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": gvs, "preferredVersion": gvs[0]}


def api_group_list(registry: KindRegistry, aggregated=frozenset()) -> dict:
    """``GET /apis``."""
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        _group_doc(g, _versions_of(infos)) for g, infos in served_groups(registry, aggregated).items() if g]}


def api_group(registry: KindRegistry, group: str, aggregated=frozenset()) -> dict | None:
    """``GET /apis/<group>``, or None when the group is not served."""
    infos = served_groups(registry, aggregated).get(group)
    if not group or not infos:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_group_doc(group, _versions_of(infos))}


def resource_list(registry: KindRegistry, group: str, version: str, aggregated=frozenset()) -> dict | None:
    """``GET /api/v1`` or ``/apis/<group>/<version>``: an ``APIResourceList``, or None."""
    infos = [i for i in served_groups(registry, aggregated).get(group, []) if _serves(i, version)]
    if not infos:
        return None
    resources = []
    for info in infos:
        entry = {"name": info.plural, "singularName": info.singular, "namespaced": info.namespaced,
                 "kind": info.kind, "verbs": sorted(info.verbs)}
        if info.short_names:
            entry["shortNames"] = list(info.short_names)
        if info.categories:
            entry["categories"] = list(info.categories)
        resources.append(entry)
        for name, kind, sub_group, sub_version, verbs in subresources(info):
            sub = {"name": f"{info.plural}/{name}", "singularName": "", "namespaced": info.namespaced}
            if sub_group:
                sub.update(group=sub_group, version=sub_version)
            sub.update(kind=kind or info.kind, verbs=list(verbs))
            resources.append(sub)
    resources.sort(key=lambda r: r["name"])
    return {"kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": f"{group}/{version}" if group else version, "resources": resources}


def aggregated(registry: KindRegistry, legacy: bool, aggregated_groups=frozenset()) -> dict:
    """``GET /api`` (``legacy``) or ``/apis`` as an ``apidiscovery.k8s.io/v2`` APIGroupDiscoveryList."""
    items = []
    for group, infos in served_groups(registry, aggregated_groups).items():
        if (group == "") != legacy:
            continue
        versions = []
        for version in _versions_of(infos):
            resources = []
            for info in infos:
                if not _serves(info, version):
                    continue
                entry = {"resource": info.plural,
                         "responseKind": {"group": info.group, "version": version, "kind": info.kind},
                         "scope": "Namespaced" if info.namespaced else "Cluster",
                         "singularResource": info.singular, "verbs": sorted(info.verbs)}
                if info.short_names:
                    entry["shortNames"] = list(info.short_names)
                if info.categories:
                    entry["categories"] = list(info.categories)
                subs = []
                for name, kind, sub_group, sub_version, verbs in subresources(info):
                    subs.append({"subresource": name, "responseKind": {
                        "group": sub_group if sub_group else info.group, "version": sub_version or version,
                        "kind": kind or info.kind}, "verbs": list(verbs)})
                if subs:
                    entry["subresources"] = subs
                resources.append(entry)
            versions.append({"version": version, "resources": resources, "freshness": "Current"})
        item = {"metadata": {"name": group, "creationTimestamp": None}, "versions": versions}
        if legacy:
            item["metadata"] = {"creationTimestamp": None}
        items.append(item)
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {}, "items": items}


def version_info(kubernetes_version: str) -> dict:
    """``GET /version``: the server's build information (a release build of that version)."""
    return version.info(kubernetes_version)
