"""The kinds registry: which resources this API server serves (``kubectl api-resources``).

Models the discovery information of a Kubernetes 1.32 API server: for every resource its API group,
version, kind, plural resource name, short names and whether it lives in a namespace. kubectl uses
this to turn what a student types (``po``, ``deploy``, ``deployments.apps``) into a resource, and
``apply`` uses it to find the resource of a manifest's ``apiVersion``/``kind`` — a version Kubernetes
no longer serves (``batch/v1beta1`` CronJob, ``extensions/v1beta1`` Deployment) is simply absent,
which is exactly why the real server answers "no matches for kind".

Deliberate difference: the review-style resources that can only be created and never stored
(TokenReview, SubjectAccessReview, ...) and the flow-control resources are left out.

>>> REGISTRY.by_name("deploy").kind, REGISTRY.by_name("deploy").api_version
('Deployment', 'apps/v1')
>>> REGISTRY.for_kind("batch/v1beta1", "CronJob") is None
True
>>> REGISTRY.for_kind("autoscaling/v1", "HorizontalPodAutoscaler").api_version
'autoscaling/v2'

Two groups may serve one storage: ``ev`` is the core Event (kubectl prefers the core group), while
``events.events.k8s.io`` reads the same objects in the newer shape.

>>> REGISTRY.by_name("ev").api_version, REGISTRY.by_name("events.events.k8s.io").storage_resource
('v1', 'events')
>>> [info.group_resource for info in REGISTRY.shadowed("ev")]
['events.events.k8s.io']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class KindInfo:
    group: str            # "" for the core group
    version: str          # the version objects are stored and served in
    kind: str
    plural: str           # the resource name: "pods", "deployments"
    namespaced: bool
    short_names: tuple[str, ...] = ()
    # Older versions of the same group that are still served and converted on the way in.
    also_served: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    has_status: bool = True
    verbs: tuple[str, ...] = ("create", "delete", "deletecollection", "get", "list", "patch",
                              "update", "watch")
    # Another group's resource whose storage this one shares, seen through a conversion: the
    # events.k8s.io/v1 Events are the core Events under other field names (one etcd prefix).
    stored_as: str = ""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def group_resource(self) -> str:
        """``deployments.apps`` — how kubectl names a resource in messages (core: just ``pods``)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def storage_resource(self) -> str:
        """The group-resource its objects are stored under (the first part of a store key)."""
        return self.stored_as or self.group_resource

    def served_api_versions(self) -> tuple[str, ...]:
        prefix = f"{self.group}/" if self.group else ""
        return (self.api_version,) + tuple(prefix + v for v in self.also_served)


_ALL = ("all",)
_K = KindInfo

# The table of `kubectl api-resources` for a 1.32 cluster (built-in resources only).
_KINDS: tuple[KindInfo, ...] = (
    # core/v1
    _K("", "v1", "Binding", "bindings", True, has_status=False, verbs=("create",)),
    _K("", "v1", "ComponentStatus", "componentstatuses", False, ("cs",), has_status=False,
       verbs=("get", "list")),
    _K("", "v1", "ConfigMap", "configmaps", True, ("cm",), has_status=False),
    _K("", "v1", "Endpoints", "endpoints", True, ("ep",), has_status=False),
    _K("", "v1", "Event", "events", True, ("ev",), has_status=False),
    _K("", "v1", "LimitRange", "limitranges", True, ("limits",), has_status=False),
    _K("", "v1", "Namespace", "namespaces", False, ("ns",),
       verbs=("create", "delete", "get", "list", "patch", "update", "watch")),
    _K("", "v1", "Node", "nodes", False, ("no",)),
    _K("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", True, ("pvc",)),
    _K("", "v1", "PersistentVolume", "persistentvolumes", False, ("pv",)),
    _K("", "v1", "Pod", "pods", True, ("po",), categories=_ALL),
    _K("", "v1", "PodTemplate", "podtemplates", True, has_status=False),
    _K("", "v1", "ReplicationController", "replicationcontrollers", True, ("rc",), categories=_ALL),
    _K("", "v1", "ResourceQuota", "resourcequotas", True, ("quota",)),
    _K("", "v1", "Secret", "secrets", True, has_status=False),
    _K("", "v1", "ServiceAccount", "serviceaccounts", True, ("sa",), has_status=False),
    _K("", "v1", "Service", "services", True, ("svc",), categories=_ALL),
    # admissionregistration.k8s.io/v1
    _K("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
       "mutatingwebhookconfigurations", False, has_status=False),
    _K("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy",
       "validatingadmissionpolicies", False),
    _K("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding",
       "validatingadmissionpolicybindings", False, has_status=False),
    _K("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
       "validatingwebhookconfigurations", False, has_status=False),
    # apiextensions / apiregistration
    _K("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", False,
       ("crd", "crds")),
    _K("apiregistration.k8s.io", "v1", "APIService", "apiservices", False),
    # authentication.k8s.io / authorization.k8s.io: create-only reviews
    _K("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", False, has_status=False,
       verbs=("create",)),
    _K("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", False, has_status=False, verbs=("create",)),
    _K("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", True,
       has_status=False, verbs=("create",)),
    _K("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", False,
       has_status=False, verbs=("create",)),
    _K("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", False,
       has_status=False, verbs=("create",)),
    _K("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", False, has_status=False,
       verbs=("create",)),
    # apps/v1
    _K("apps", "v1", "ControllerRevision", "controllerrevisions", True, has_status=False),
    _K("apps", "v1", "DaemonSet", "daemonsets", True, ("ds",), categories=_ALL),
    _K("apps", "v1", "Deployment", "deployments", True, ("deploy",), categories=_ALL),
    _K("apps", "v1", "ReplicaSet", "replicasets", True, ("rs",), categories=_ALL),
    _K("apps", "v1", "StatefulSet", "statefulsets", True, ("sts",), categories=_ALL),
    # autoscaling: v2 is stored, v1 still served
    _K("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", True, ("hpa",),
       also_served=("v1",), categories=_ALL),
    # batch/v1
    _K("batch", "v1", "CronJob", "cronjobs", True, ("cj",), categories=_ALL),
    _K("batch", "v1", "Job", "jobs", True, categories=_ALL),
    # certificates, coordination, discovery, events (the core Events' storage, newer field names)
    _K("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", False,
       ("csr",)),
    _K("coordination.k8s.io", "v1", "Lease", "leases", True, has_status=False),
    _K("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", True, has_status=False),
    _K("events.k8s.io", "v1", "Event", "events", True, ("ev",), has_status=False, stored_as="events"),
    # networking.k8s.io/v1
    _K("networking.k8s.io", "v1", "IngressClass", "ingressclasses", False, has_status=False),
    _K("networking.k8s.io", "v1", "Ingress", "ingresses", True, ("ing",)),
    _K("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", True, ("netpol",),
       has_status=False),
    # metrics.k8s.io/v1beta1: served by metrics-server through the aggregation layer, not stored
    _K("metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", False, has_status=False, verbs=("get", "list")),
    _K("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", True, has_status=False, verbs=("get", "list")),
    _K("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", False, has_status=False),
    _K("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", True, ("pdb",)),
    # rbac.authorization.k8s.io/v1
    _K("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", False,
       has_status=False),
    _K("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", False, has_status=False),
    _K("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", True, has_status=False),
    _K("rbac.authorization.k8s.io", "v1", "Role", "roles", True, has_status=False),
    _K("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", False, ("pc",),
       has_status=False),
    # storage.k8s.io/v1
    _K("storage.k8s.io", "v1", "CSIDriver", "csidrivers", False, has_status=False),
    _K("storage.k8s.io", "v1", "CSINode", "csinodes", False, has_status=False),
    _K("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", True, has_status=False),
    _K("storage.k8s.io", "v1", "StorageClass", "storageclasses", False, ("sc",), has_status=False),
    _K("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", False),
)


class KindRegistry:
    """Lookups by what a student types and by what a manifest says."""

    def __init__(self, kinds: tuple[KindInfo, ...] = _KINDS):
        self._kinds = kinds
        self._by_gvk: dict[tuple[str, str], KindInfo] = {}
        self._by_name: dict[str, list[KindInfo]] = {}
        for info in kinds:
            for api_version in info.served_api_versions():
                self._by_gvk[(api_version, info.kind)] = info
            names = {info.plural, info.singular, *info.short_names}
            if info.group:      # ``deployments.apps``, ``deploy.apps``, ``deployments.v1.apps``
                names |= {f"{n}.{info.group}" for n in (info.plural, info.singular, *info.short_names)}
                names |= {f"{n}.{info.version}.{info.group}"
                          for n in (info.plural, info.singular, *info.short_names)}
            for n in names:
                self._by_name.setdefault(n, []).append(info)

    def __iter__(self) -> "Iterator[KindInfo]":
        return iter(self._kinds)

    def for_kind(self, api_version: str, kind: str) -> KindInfo | None:
        """The resource serving ``kind`` at ``api_version``, or None ("no matches for kind")."""
        if not isinstance(api_version, str) or not isinstance(kind, str):
            return None
        return self._by_gvk.get((api_version, kind))

    def kind_known(self, kind: str) -> bool:
        """Whether any served group has this kind (to tell a wrong version from an unknown kind)."""
        return any(info.kind == kind for info in self._kinds)

    def matches(self, name: str) -> list[KindInfo]:
        """Every resource ``name`` can mean, in kubectl's priority order (the core group first)."""
        found = self._by_name.get(name) or self._by_name.get(name.lower()) or []
        return sorted(found, key=lambda info: (info.group != "", info.group))

    def by_name(self, name: str) -> KindInfo | None:
        """Resolve a name as kubectl does: plural, singular, short name, or ``name.group``.

        The core group wins a tie (``events`` is core/v1 Event), as in kubectl's priority list.
        """
        found = self.matches(name)
        return found[0] if found else None

    def shadowed(self, name: str) -> list[KindInfo]:
        """The lower-priority resources a short name also stands for (kubectl 1.32 warns of them:
        ``short name "ev" could also match lower priority resource events.events.k8s.io``)."""
        return [info for info in self.matches(name)[1:] if name.lower() in info.short_names]

    def by_plural(self, plural: str, group: str = "") -> KindInfo | None:
        for info in self._kinds:
            if info.plural == plural and info.group == group:
                return info
        return None


REGISTRY = KindRegistry()
