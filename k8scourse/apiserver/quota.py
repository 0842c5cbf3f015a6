"""ResourceQuota evaluators: what one object costs, and what a namespace uses, per quota resource.

Models the quota evaluators of kube-apiserver and kube-controller-manager
(``pkg/quota/v1/evaluator/core``: pods, services, persistentvolumeclaims; and the generic
object-count evaluator of ``k8s.io/apiserver/pkg/quota/v1/generic``). Every resource name a quota's
``spec.hard`` may list is understood:

* pods: ``pods`` (pods not in a terminal phase), ``count/pods`` (every stored pod), ``cpu`` /
  ``requests.cpu``, ``memory`` / ``requests.memory``, ``ephemeral-storage`` /
  ``requests.ephemeral-storage``, ``limits.cpu``, ``limits.memory``, ``limits.ephemeral-storage``,
  ``hugepages-<size>`` / ``requests.hugepages-<size>`` and ``requests.<extended-resource>``;
* services: ``services``, ``count/services``, ``services.nodeports``, ``services.loadbalancers``;
* persistentvolumeclaims: ``persistentvolumeclaims``, ``count/persistentvolumeclaims``,
  ``requests.storage`` and the per-StorageClass ``<class>.storageclass.storage.k8s.io/requests.storage``
  and ``<class>.storageclass.storage.k8s.io/persistentvolumeclaims``;
* any other resource: ``count/<resource>.<group>`` (``count/<resource>`` for the core group), plus the
  legacy names ``configmaps``, ``secrets``, ``replicationcontrollers`` and ``resourcequotas``.

A pod's cost is its effective requests and limits (containers summed, init containers by maximum,
sidecars added, ``overhead`` added), as upstream's ``PodRequests``/``PodLimits``. Pods in phase
``Succeeded``/``Failed``, or marked for deletion longer ago than their grace period, cost nothing but
their ``count/pods``. Scopes (``Terminating``, ``NotTerminating``, ``BestEffort``, ``NotBestEffort``,
``PriorityClass``, ``CrossNamespacePodAffinity``) select pods only; a scoped quota matches no other
kind, as upstream.

Usage is always *derived* from the store (:func:`quota_usage`), never kept as a running counter.

>>> pod = {"spec": {"containers": [{"name": "a", "resources": {
...     "requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "500m"}}}]}}
>>> {k: str(v) for k, v in sorted(POD_EVALUATOR.usage(pod, 0).items())}
{'count/pods': '1', 'cpu': '250m', 'limits.cpu': '500m', 'memory': '64Mi', 'pods': '1', 'requests.cpu': '250m', 'requests.memory': '64Mi'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..api.objects import dig
from ..api.quantity import Quantity
from ..api.resources import add_into, parse_list, pod_limits, pod_requests

if TYPE_CHECKING:  # pragma: no cover
    from .server import APIServer

ResourceList = dict  # resource name -> Quantity

ONE = Quantity.from_int(1)
ZERO = Quantity.from_int(0)

# Resource names of pods whose quota forces every container to state the value (upstream calls
# this "a mistake" kept for backward compatibility: validationSet in evaluator/core/pods.go).
_MUST_SPECIFY = frozenset({"cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu",
                           "limits.memory"})
_POD_RESOURCES = frozenset({
    "count/pods", "pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
    "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
})
_SERVICE_RESOURCES = frozenset({"count/services", "services", "services.nodeports",
                                "services.loadbalancers"})
_PVC_RESOURCES = frozenset({"count/persistentvolumeclaims", "persistentvolumeclaims",
                            "requests.storage"})
_STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"
# Core resources whose object count also has a name without ``count/`` (legacyObjectCountAliases).
LEGACY_COUNT_NAMES = {"configmaps": "configmaps", "secrets": "secrets",
                      "replicationcontrollers": "replicationcontrollers",
                      "resourcequotas": "resourcequotas"}
_TERMINAL_PHASES = ("Succeeded", "Failed")
# Resources quota never charges (ignoredResources of pkg/quota/v1/install): virtual ones, and events.
IGNORED_RESOURCES = frozenset({"bindings", "componentstatuses", "events", "events.events.k8s.io"})


# --------------------------------------------------------------------------- resource lists
def mask(items: ResourceList, names: Iterable[str]) -> ResourceList:
    keep = set(names)
    return {k: v for k, v in items.items() if k in keep}


def format_list(items: ResourceList) -> str:
    """``a=1,b=2`` sorted by name: how quota errors print resource lists (prettyPrint)."""
    return ",".join(f"{k}={items[k]}" for k in sorted(items))


def to_json(items: ResourceList) -> dict:
    return {k: str(items[k]) for k in sorted(items)}


# --------------------------------------------------------------------------- pod resources
def _is_extended(name: str) -> bool:
    """Extended resources (``example.com/dongle``): not native and not already ``requests.``."""
    native = "/" not in name or "kubernetes.io/" in name
    return not native and not name.startswith("requests.")


def _compute_usage(requests: ResourceList, limits: ResourceList) -> ResourceList:
    """What a pod (or one container) charges (podComputeUsageHelper)."""
    out: ResourceList = {"pods": ONE}
    for res in ("cpu", "memory", "ephemeral-storage"):
        if res in requests:
            out[res] = out[f"requests.{res}"] = requests[res]
        if res in limits:
            out[f"limits.{res}"] = limits[res]
    for res, value in requests.items():
        if res.startswith("hugepages-"):
            out[res] = out[f"requests.{res}"] = value
        if _is_extended(res):
            out[f"requests.{res}"] = value
    return out


def pod_is_charged(pod: dict, now_ms: int, clock=None) -> bool:
    """False for terminal pods and pods stuck terminating past their grace period (QuotaV1Pod)."""
    if dig(pod, "status", "phase") in _TERMINAL_PHASES:
        return False
    md = pod.get("metadata") or {}
    stamp, grace = md.get("deletionTimestamp"), md.get("deletionGracePeriodSeconds")
    if stamp and grace is not None and clock is not None:
        if now_ms > clock.sim_ms(stamp) + int(grace) * 1000:
            return False
    return True


def charge_ends_ms(pod: dict, clock) -> int | None:
    """When a pod marked for deletion stops being charged (for the controller's requeue)."""
    md = pod.get("metadata") or {}
    stamp, grace = md.get("deletionTimestamp"), md.get("deletionGracePeriodSeconds")
    if not stamp or grace is None:
        return None
    return clock.sim_ms(stamp) + int(grace) * 1000 + 1


def is_terminating(pod: dict) -> bool:
    deadline = dig(pod, "spec", "activeDeadlineSeconds")
    return isinstance(deadline, int) and not isinstance(deadline, bool) and deadline >= 0


def _uses_cross_namespace_affinity(pod: dict) -> bool:
    affinity = dig(pod, "spec", "affinity", default={})
    for kind in ("podAffinity", "podAntiAffinity"):
        block = affinity.get(kind) or {}
        terms = list(block.get("requiredDuringSchedulingIgnoredDuringExecution") or [])
        terms += [w.get("podAffinityTerm") or {}
                  for w in block.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
        if any(t.get("namespaces") or t.get("namespaceSelector") is not None for t in terms):
            return True
    return False


def _selector_matches(requirement: dict, labels: dict) -> bool:
    """One ``scopeSelector`` expression evaluated like a label selector requirement."""
    key, op = requirement.get("scopeName", ""), requirement.get("operator", "")
    values = requirement.get("values") or []
    if op == "In":
        return key in labels and labels[key] in values
    if op == "NotIn":
        return key not in labels or labels[key] not in values
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    return False


def _is_pod_resource(name: str) -> bool:
    if name in _POD_RESOURCES or name.startswith(("hugepages-", "requests.hugepages-")):
        return True
    return name.startswith("requests.") and _is_extended(name[len("requests."):])


# --------------------------------------------------------------------------- evaluators
class Evaluator:
    """Knows the quota resources of one API resource and what one object of it costs."""

    group_resource = ""

    def matching_resources(self, names: Iterable[str]) -> list[str]:
        raise NotImplementedError

    def usage(self, obj: dict, now_ms: int, clock=None) -> ResourceList:
        raise NotImplementedError

    def handles(self, operation: str, obj: dict | None, old: dict | None) -> bool:
        return operation == "CREATE"

    def constraints(self, required: list[str], obj: dict) -> str | None:
        """An error text when the object may not be admitted under these quota resources."""
        return None

    def matches_scope(self, requirement: dict, obj: dict) -> bool:
        return False          # only pods have scopes (generic.MatchesNoScopeFunc)


class PodEvaluator(Evaluator):
    group_resource = "pods"

    def matching_resources(self, names):
        return [n for n in names if _is_pod_resource(n)]

    def usage(self, obj, now_ms, clock=None):
        out: ResourceList = {"count/pods": ONE}
        if not pod_is_charged(obj, now_ms, clock):
            return out
        out.update(_compute_usage(pod_requests(obj), pod_limits(obj)))
        return out

    def handles(self, operation, obj, old):
        if operation == "UPDATE" and obj is not None and old is not None:
            return is_terminating(obj) != is_terminating(old)
        return operation == "CREATE"

    def constraints(self, required, obj):
        needed = sorted(set(required) & _MUST_SPECIFY)
        if not needed:
            return None
        missing: dict[str, set[str]] = {}
        spec = obj.get("spec") or {}
        for container in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
            have = _compute_usage(parse_list(dig(container, "resources", "requests")),
                                  parse_list(dig(container, "resources", "limits")))
            for res in needed:
                if res not in have:
                    missing.setdefault(res, set()).add(container.get("name", ""))
        if not missing:
            return None
        parts = [f"{res} for: {','.join(sorted(missing[res]))}" for res in sorted(missing)]
        return "must specify " + "; ".join(parts)

    def matches_scope(self, requirement, obj):
        scope = requirement.get("scopeName")
        if scope == "Terminating":
            return is_terminating(obj)
        if scope == "NotTerminating":
            return not is_terminating(obj)
        if scope in ("BestEffort", "NotBestEffort"):
            from ..api.qos import qos_class
            best = qos_class(obj) == "BestEffort"
            return best if scope == "BestEffort" else not best
        if scope == "PriorityClass":
            name = dig(obj, "spec", "priorityClassName", default="")
            if requirement.get("operator") == "Exists":
                return bool(name)
            return _selector_matches(requirement, {"PriorityClass": name} if name else {})
        if scope == "CrossNamespacePodAffinity":
            return _uses_cross_namespace_affinity(obj)
        return False


class ServiceEvaluator(Evaluator):
    group_resource = "services"

    def matching_resources(self, names):
        return [n for n in names if n in _SERVICE_RESOURCES]

    def usage(self, obj, now_ms, clock=None):
        out: ResourceList = {"count/services": ONE, "services": ONE}
        spec = obj.get("spec") or {}
        ports = spec.get("ports") or []
        kind = spec.get("type", "ClusterIP")
        if kind == "NodePort":
            out["services.nodeports"] = Quantity.from_int(len(ports))
        elif kind == "LoadBalancer":
            if spec.get("allocateLoadBalancerNodePorts") is False:
                count = sum(1 for p in ports if p.get("nodePort"))
            else:
                count = len(ports)
            out["services.nodeports"] = Quantity.from_int(count)
            out["services.loadbalancers"] = ONE
        return out

    def handles(self, operation, obj, old):
        return operation in ("CREATE", "UPDATE")     # the type of a service can change


class PVCEvaluator(Evaluator):
    group_resource = "persistentvolumeclaims"

    def matching_resources(self, names):
        out = []
        for n in names:
            if n in _PVC_RESOURCES or any(n.endswith(_STORAGE_CLASS_SUFFIX + r)
                                          for r in ("persistentvolumeclaims", "requests.storage")):
                out.append(n)
        return out

    def usage(self, obj, now_ms, clock=None):
        out: ResourceList = {"count/persistentvolumeclaims": ONE, "persistentvolumeclaims": ONE}
        storage_class = dig(obj, "spec", "storageClassName") or \
            dig(obj, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class", default="")
        if storage_class:
            out[f"{storage_class}{_STORAGE_CLASS_SUFFIX}persistentvolumeclaims"] = ONE
        requested = parse_list(dig(obj, "spec", "resources", "requests")).get("storage")
        allocated = parse_list(dig(obj, "status", "allocatedResources")).get("storage")
        if allocated is not None and (requested is None or allocated > requested):
            requested = allocated
        if requested is not None:
            out["requests.storage"] = requested
            if storage_class:
                out[f"{storage_class}{_STORAGE_CLASS_SUFFIX}requests.storage"] = requested
        return out

    def handles(self, operation, obj, old):
        return operation in ("CREATE", "UPDATE")     # a claim can be expanded


class ObjectCountEvaluator(Evaluator):
    """``count/<resource>.<group>`` (and a legacy name) for every other resource."""

    def __init__(self, group_resource: str):
        self.group_resource = group_resource
        self.names = {f"count/{group_resource}"}
        if group_resource in LEGACY_COUNT_NAMES:
            self.names.add(LEGACY_COUNT_NAMES[group_resource])

    def matching_resources(self, names):
        return [n for n in names if n in self.names]

    def usage(self, obj, now_ms, clock=None):
        return {n: ONE for n in self.names}


POD_EVALUATOR = PodEvaluator()
SERVICE_EVALUATOR = ServiceEvaluator()
PVC_EVALUATOR = PVCEvaluator()
_SPECIAL = {"pods": POD_EVALUATOR, "services": SERVICE_EVALUATOR,
            "persistentvolumeclaims": PVC_EVALUATOR}
_GENERIC: dict[str, ObjectCountEvaluator] = {}


def evaluator_for(group_resource: str) -> Evaluator:
    """The evaluator of a resource (``pods``, ``deployments.apps``, ...)."""
    special = _SPECIAL.get(group_resource)
    if special is not None:
        return special
    ev = _GENERIC.get(group_resource)
    if ev is None:
        ev = _GENERIC[group_resource] = ObjectCountEvaluator(group_resource)
    return ev


def resource_of(name: str) -> str | None:
    """Which API resource a quota resource name counts (None when no evaluator knows it)."""
    if name.startswith("count/"):
        resource = name[len("count/"):]
        return None if resource in IGNORED_RESOURCES else resource
    for ev in (POD_EVALUATOR, SERVICE_EVALUATOR, PVC_EVALUATOR):
        if ev.matching_resources([name]):
            return ev.group_resource
    for resource, legacy in LEGACY_COUNT_NAMES.items():
        if legacy == name:
            return resource
    return None


# --------------------------------------------------------------------------- quotas
def scope_selectors(quota: dict) -> list[dict]:
    """``spec.scopes`` (as Exists requirements) plus ``spec.scopeSelector.matchExpressions``."""
    spec = quota.get("spec") or {}
    out = [{"scopeName": s, "operator": "Exists"} for s in spec.get("scopes") or []]
    out += list(dig(spec, "scopeSelector", "matchExpressions", default=[]) or [])
    return out


def hard_of(quota: dict) -> ResourceList:
    return parse_list(dig(quota, "spec", "hard"))


def quota_matches(evaluator: Evaluator, quota: dict, obj: dict) -> bool:
    """The quota limits at least one resource of this evaluator and every scope matches."""
    if not evaluator.matching_resources(hard_of(quota)):
        return False
    return all(evaluator.matches_scope(req, obj) for req in scope_selectors(quota))


# Usage of stored objects, by identity: stored objects are replaced on every write and never
# mutated, so a cached entry stays right as long as it refers to the very same object. Pods marked
# for deletion are not cached (their charge ends with time).
_USAGE_CACHE: dict[tuple[int, int], tuple[dict, ResourceList]] = {}
_USAGE_CACHE_LIMIT = 50_000


def stored_usage(evaluator: Evaluator, obj: dict, now_ms: int, clock=None) -> ResourceList:
    """``evaluator.usage`` of an object as stored, cached."""
    key = (id(evaluator), id(obj))
    hit = _USAGE_CACHE.get(key)
    if hit is not None and hit[0] is obj:
        return hit[1]
    usage = evaluator.usage(obj, now_ms, clock)
    if not dig(obj, "metadata", "deletionTimestamp"):
        if len(_USAGE_CACHE) >= _USAGE_CACHE_LIMIT:
            _USAGE_CACHE.clear()
        _USAGE_CACHE[key] = (obj, usage)
    return usage


def quota_usage(server: "APIServer", quota: dict) -> ResourceList:
    """What the objects in the quota's namespace use of each resource in its ``spec.hard``."""
    namespace = dig(quota, "metadata", "namespace", default="")
    hard = hard_of(quota)
    selectors = scope_selectors(quota)
    now, clock = server.sim.now_ms, server.sim.clock
    used: ResourceList = {name: ZERO for name in hard}
    by_resource: dict[str, list[str]] = {}
    for name in sorted(hard):
        resource = resource_of(name)
        if resource is not None:
            by_resource.setdefault(resource, []).append(name)
    for resource, names in sorted(by_resource.items()):
        evaluator = evaluator_for(resource)
        total: ResourceList = {}
        for obj in server.store.list(resource, namespace, copy=False):
            if all(evaluator.matches_scope(req, obj) for req in selectors):
                add_into(total, stored_usage(evaluator, obj, now, clock))
        for name in names:
            if name in total:
                used[name] = total[name]
    return used


def quota_status(server: "APIServer", quota: dict) -> dict:
    """The ``status`` the quota controller keeps: ``hard`` mirrors ``spec.hard``, ``used`` is derived."""
    return {"hard": to_json(hard_of(quota)), "used": to_json(quota_usage(server, quota))}


def sync_quota(server: "APIServer", quota: dict, user: str, used: ResourceList | None = None) -> bool:
    """Write the quota's recomputed status if it changed; True when a write happened.

    ``used`` may be given when the caller has just derived it from the store (admission).
    """
    if used is None:
        status = quota_status(server, quota)
    else:
        status = {"hard": to_json(hard_of(quota)), "used": to_json(mask(used, hard_of(quota)))}
    if quota.get("status") == status:
        return False
    md = quota["metadata"]
    server.update_status({"apiVersion": "v1", "kind": "ResourceQuota",
                          "metadata": {"name": md["name"], "namespace": md.get("namespace", "")},
                          "status": status}, user=user, resource="resourcequotas")
    return True


def sync_namespace(server: "APIServer", namespace: str, user: str,
                   names: Iterable[str] | None = None) -> None:
    """Recompute every quota (or the named ones) of a namespace from the store."""
    wanted = set(names) if names is not None else None
    for quota in server.store.list("resourcequotas", namespace, copy=False):
        if wanted is None or quota["metadata"]["name"] in wanted:
            current = server.store.peek(("resourcequotas", namespace, quota["metadata"]["name"]))
            if current is not None:
                sync_quota(server, current, user)
