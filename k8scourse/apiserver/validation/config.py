"""Validation of configuration, policy, storage and RBAC kinds (``pkg/apis/*/validation``).

* ConfigMap/Secret: keys are config keys (``[-._a-zA-Z0-9]+``, not ``.``/``..``, at most 253
  characters), data at most 1 MiB, ConfigMap keys not in both ``data`` and ``binaryData``; Secret
  types need their keys (``kubernetes.io/tls`` needs ``tls.crt`` and ``tls.key``, a
  ``service-account-token`` needs the ``kubernetes.io/service-account.name`` annotation, ...).
* ResourceQuota: standard quota resource names, non-negative quantities, integers for counts,
  supported scopes.
* LimitRange: standard or qualified types (required: a missing type is invalid), non-negative quantities, ``min ≤ defaultRequest ≤ default ≤ max``.
* PersistentVolumeClaim/PersistentVolume: access modes and storage size; reclaim policy.
* RBAC: rules need verbs; bindings need a supported ``roleRef`` and subjects.
* Namespace (immutable finalizers not modelled), Node, StorageClass, PriorityClass: basics.

Deliberate differences from upstream: webhook and admission-policy kinds get only metadata
validation (CEL expressions are not compiled).

>>> [str(e) for e in validate_secret({"type": "kubernetes.io/tls", "data": {"tls.crt": "YQ=="}})]
['data[tls.key]: Required value']
"""

from __future__ import annotations

import re

from ...api import names
from ...errors import FieldError
from .common import Errors, children, dns_subdomain, is_int, quantity, validate_label_selector

MAX_SECRET_SIZE = 1024 * 1024
_CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+")
STANDARD_QUOTA_RESOURCES = frozenset({
    "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "services.nodeports", "services.loadbalancers", "cpu", "memory",
    "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage",
    "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
})
INTEGER_QUOTA_RESOURCES = frozenset({
    "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
})
QUOTA_SCOPES = ("BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating",
                "PriorityClass", "Terminating")
LIMIT_TYPES = ("Container", "PersistentVolumeClaim", "Pod")
ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
VOLUME_MODES = ("Block", "Filesystem")
SECRET_REQUIRED_KEYS = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}


def is_config_map_key(key: str) -> list[str]:
    """validation.IsConfigMapKey."""
    errs = []
    if len(key) > 253:
        errs.append(names.max_len_error(253))
    if not _CONFIG_KEY.fullmatch(key):
        errs.append(names.regex_error("a valid config key must consist of alphanumeric characters, "
                                      "'-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME",
                                      "key-name"))
    if key == ".":
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def _data_keys(data, path: str, errs: Errors, other=None, other_name: str = "") -> int:
    size = 0
    if not isinstance(data, dict):
        return 0
    for key, value in data.items():
        for msg in is_config_map_key(str(key)):
            errs.invalid(f"{path}[{key}]", key, msg)
        if isinstance(other, dict) and key in other:
            errs.invalid(f"{path}[{key}]", key, f"duplicate of key present in {other_name}")
        size += len(value.encode()) if isinstance(value, str) else 0
    return size


def validate_config_map(obj: dict) -> Errors:
    errs = Errors()
    size = _data_keys(obj.get("data"), "data", errs, obj.get("binaryData"), "binaryData")
    size += _data_keys(obj.get("binaryData"), "binaryData", errs, obj.get("data"), "data")
    if size > MAX_SECRET_SIZE:
        errs.append(FieldError.too_long("", "", MAX_SECRET_SIZE))
    return errs


def validate_secret(obj: dict) -> Errors:
    errs = Errors()
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    size = _data_keys(data, "data", errs)
    if size * 3 // 4 > MAX_SECRET_SIZE:
        errs.append(FieldError.too_long("data", "", MAX_SECRET_SIZE))
    stype = obj.get("type")
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    if stype == "kubernetes.io/service-account-token":
        if not (isinstance(annotations, dict) and annotations.get("kubernetes.io/service-account.name")):
            errs.required("metadata.annotations[kubernetes.io/service-account.name]")
    elif stype == "kubernetes.io/basic-auth":
        if "username" not in data and "password" not in data:
            errs.required("data[username]")
            errs.required("data[password]")
    elif stype in SECRET_REQUIRED_KEYS:
        for key in SECRET_REQUIRED_KEYS[stype]:
            if key not in data:
                errs.required(f"data[{key}]")
    return errs


def validate_secret_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    if (old.get("type") or "Opaque") != (new.get("type") or "Opaque"):
        errs.invalid("type", new.get("type") or "", "field is immutable")
    if old.get("immutable") is True:
        if new.get("data") != old.get("data"):
            errs.forbidden("data", "field is immutable when `immutable` is set")
    return errs


def validate_config_map_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    if old.get("immutable") is True:
        if new.get("data") != old.get("data"):
            errs.forbidden("data", "field is immutable when `immutable` is set")
        if new.get("binaryData") != old.get("binaryData"):
            errs.forbidden("binaryData", "field is immutable when `immutable` is set")
    return errs


def _nonnegative_quantity(value, path: str, errs: Errors):
    q = quantity(value)
    if q is not None and q.sign() < 0:
        errs.invalid(path, str(q), "must be greater than or equal to 0")
    return q


def _resource_name(name: str, path: str, errs: Errors) -> None:
    for msg in names.is_qualified_name(name):
        errs.invalid(path, name, msg)


def validate_resource_quota(obj: dict) -> Errors:
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    hard = spec.get("hard") if isinstance(spec.get("hard"), dict) else {}
    for name, value in hard.items():
        path = f"spec.hard[{name}]"
        _resource_name(str(name), path, errs)
        if "/" not in str(name) and name not in STANDARD_QUOTA_RESOURCES \
                and not str(name).startswith(("hugepages-", "requests.hugepages-")):
            errs.invalid(path, name, "must be a standard resource for quota")
        q = _nonnegative_quantity(value, path, errs)
        integer = name in INTEGER_QUOTA_RESOURCES or str(name).startswith("count/")
        if integer and q is not None and q.milli_value() % 1000:
            errs.invalid(path, str(q), "must be an integer")
    for i, scope in enumerate(spec.get("scopes") or []):
        if scope not in QUOTA_SCOPES:
            errs.not_supported(f"spec.scopes[{i}]", scope, QUOTA_SCOPES)
    selector = spec.get("scopeSelector")
    if isinstance(selector, dict):
        for i, expr in children(selector, "matchExpressions"):
            if expr.get("scopeName") not in QUOTA_SCOPES:
                errs.not_supported(f"spec.scopeSelector.matchExpressions[{i}].scopeName",
                                   expr.get("scopeName"), QUOTA_SCOPES)
            if expr.get("operator") not in ("DoesNotExist", "Exists", "In", "NotIn"):
                errs.not_supported(f"spec.scopeSelector.matchExpressions[{i}].operator",
                                   expr.get("operator"), ("DoesNotExist", "Exists", "In", "NotIn"))
    return errs


def validate_limit_range(obj: dict) -> Errors:
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    seen_types: set[str] = set()
    for i, item in children(spec, "limits"):
        path = f"spec.limits[{i}]"
        ltype = item.get("type") if isinstance(item.get("type"), str) else ""
        type_errors = names.is_qualified_name(ltype)
        for msg in type_errors:
            errs.invalid(f"{path}.type", ltype, msg)
        if not type_errors and "/" not in ltype and ltype not in LIMIT_TYPES:
            errs.invalid(f"{path}.type", ltype, "must be a standard limit type or fully qualified")
        if ltype in seen_types:
            errs.duplicate(f"{path}.type", ltype)
        seen_types.add(ltype)
        maps = {}
        for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
            values = item.get(key) if isinstance(item.get(key), dict) else {}
            maps[key] = {}
            for name, value in values.items():
                _resource_name(str(name), f"{path}.{key}[{name}]", errs)
                q = _nonnegative_quantity(value, f"{path}.{key}[{name}]", errs)
                if q is not None:
                    maps[key][name] = q
        if ltype == "Pod":
            for key in ("default", "defaultRequest"):
                if item.get(key):
                    errs.forbidden(f"{path}.{key}", "may not be specified when `type` is 'Pod'")
        mx, mn, dflt, dreq = maps["max"], maps["min"], maps["default"], maps["defaultRequest"]
        for name in sorted(set(mx) | set(mn) | set(dflt) | set(dreq)):
            if name in mn and name in mx and mn[name] > mx[name]:
                errs.invalid(f"{path}.min[{name}]", str(mn[name]),
                             f"min value {mn[name]} is greater than max value {mx[name]}")
            if name in dreq:
                if name in mn and mn[name] > dreq[name]:
                    errs.invalid(f"{path}.defaultRequest[{name}]", str(dreq[name]),
                                 f"min value {mn[name]} is greater than default request value {dreq[name]}")
                if name in mx and dreq[name] > mx[name]:
                    errs.invalid(f"{path}.defaultRequest[{name}]", str(dreq[name]),
                                 f"default request value {dreq[name]} is greater than max value {mx[name]}")
                if name in dflt and dreq[name] > dflt[name]:
                    errs.invalid(f"{path}.defaultRequest[{name}]", str(dreq[name]),
                                 f"default request value {dreq[name]} is greater than default limit value {dflt[name]}")
            if name in dflt:
                if name in mn and mn[name] > dflt[name]:
                    errs.invalid(f"{path}.default[{name}]", str(dflt[name]),
                                 f"min value {mn[name]} is greater than default value {dflt[name]}")
                if name in mx and dflt[name] > mx[name]:
                    errs.invalid(f"{path}.default[{name}]", str(dflt[name]),
                                 f"default value {dflt[name]} is greater than max value {mx[name]}")
        for name, ratio in maps["maxLimitRequestRatio"].items():
            if ratio.as_fraction() < 1:
                errs.invalid(f"{path}.maxLimitRequestRatio[{name}]", str(ratio),
                             f"ratio {ratio} is less than 1")
    return errs


def _access_modes(spec: dict, path: str, errs: Errors) -> None:
    modes = spec.get("accessModes") or []
    if not modes:
        errs.required(f"{path}.accessModes", "at least 1 access mode is required")
    for mode in modes:
        if mode not in ACCESS_MODES:
            errs.not_supported(f"{path}.accessModes", mode, ACCESS_MODES)
    if "ReadWriteOncePod" in modes and len(modes) > 1:
        errs.forbidden(f"{path}.accessModes", "may not use ReadWriteOncePod with other access modes")


def validate_pvc(obj: dict) -> Errors:
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    _access_modes(spec, "spec", errs)
    validate_label_selector(spec.get("selector"), "spec.selector", errs)
    requests = ((spec.get("resources") or {}).get("requests") or {}) if isinstance(spec.get("resources"), dict) else {}
    storage = requests.get("storage") if isinstance(requests, dict) else None
    if storage is None:
        if not spec.get("dataSource") and not spec.get("dataSourceRef"):
            errs.required("spec.resources[storage]")
    else:
        q = quantity(storage)
        if q is not None and q.sign() <= 0:
            errs.invalid("spec.resources[storage]", str(q), "must be greater than zero")
    mode = spec.get("volumeMode")
    if mode is not None and mode not in VOLUME_MODES:
        errs.not_supported("spec.volumeMode", mode, VOLUME_MODES)
    sc = spec.get("storageClassName")
    if isinstance(sc, str) and sc:
        dns_subdomain(sc, "spec.storageClassName", errs)
    return errs


def validate_pv(obj: dict) -> Errors:
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    _access_modes(spec, "spec", errs)
    capacity = spec.get("capacity") if isinstance(spec.get("capacity"), dict) else {}
    if "storage" not in capacity:
        errs.required("spec.capacity")
    else:
        q = quantity(capacity["storage"])
        if q is not None and q.sign() <= 0:
            errs.invalid("spec.capacity[storage]", str(q), "must be greater than zero")
    policy = spec.get("persistentVolumeReclaimPolicy")
    if policy not in RECLAIM_POLICIES:
        errs.not_supported("spec.persistentVolumeReclaimPolicy", policy, RECLAIM_POLICIES)
    non_sources = {"accessModes", "capacity", "claimRef", "persistentVolumeReclaimPolicy",
                   "storageClassName", "mountOptions", "volumeMode", "nodeAffinity",
                   "volumeAttributesClassName"}
    sources = [k for k in spec if k not in non_sources and spec[k] is not None]
    if not sources:
        errs.required("spec", "must specify a volume type")
    elif len(sources) > 1:
        errs.forbidden(f"spec.{sources[1]}", "may not specify more than 1 volume type")
    return errs


# --------------------------------------------------------------------------- RBAC
def _rules(obj: dict, errs: Errors) -> None:
    for i, rule in children(obj, "rules"):
        path = f"rules[{i}]"
        if not rule.get("verbs"):
            errs.required(f"{path}.verbs", "verbs must contain at least one value")
        urls = rule.get("nonResourceURLs")
        if urls:
            if rule.get("resources") or rule.get("apiGroups"):
                errs.invalid(f"{path}.nonResourceURLs", urls,
                             "rules cannot apply to both regular resources and non-resource URLs")
            if obj.get("kind") == "Role":
                errs.invalid(f"{path}.nonResourceURLs", urls,
                             "namespaced rules cannot apply to non-resource URLs")
        else:
            if not rule.get("apiGroups"):
                errs.required(f"{path}.apiGroups", "resource rules must supply at least one api group")
            if not rule.get("resources"):
                errs.required(f"{path}.resources", "resource rules must supply at least one resource")


def validate_role(obj: dict) -> Errors:
    errs = Errors()
    _rules(obj, errs)
    return errs


def validate_binding(obj: dict) -> Errors:
    errs = Errors()
    ref = obj.get("roleRef") if isinstance(obj.get("roleRef"), dict) else {}
    allowed = ("ClusterRole",) if obj.get("kind") == "ClusterRoleBinding" else ("Role", "ClusterRole")
    if ref.get("apiGroup") != "rbac.authorization.k8s.io":
        errs.not_supported("roleRef.apiGroup", ref.get("apiGroup") or "", ("rbac.authorization.k8s.io",))
    if ref.get("kind") not in allowed:
        errs.not_supported("roleRef.kind", ref.get("kind") or "", allowed)
    if not ref.get("name"):
        errs.required("roleRef.name")
    for i, subject in children(obj, "subjects"):
        path = f"subjects[{i}]"
        kind = subject.get("kind")
        if not subject.get("name"):
            errs.required(f"{path}.name")
        if kind == "ServiceAccount":
            if subject.get("apiGroup"):
                errs.not_supported(f"{path}.apiGroup", subject["apiGroup"], ("",))
            if obj.get("kind") == "ClusterRoleBinding" and not subject.get("namespace"):
                errs.required(f"{path}.namespace")
        elif kind in ("User", "Group"):
            if subject.get("apiGroup") != "rbac.authorization.k8s.io":
                errs.not_supported(f"{path}.apiGroup", subject.get("apiGroup") or "",
                                   ("rbac.authorization.k8s.io",))
        else:
            errs.not_supported(f"{path}.kind", kind or "", ("ServiceAccount", "User", "Group"))
    return errs


def validate_binding_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    if old.get("roleRef") != new.get("roleRef"):
        errs.invalid("roleRef", new.get("roleRef"), "cannot change roleRef")
    return errs


# --------------------------------------------------------------------------- cluster-scoped basics
def validate_node(obj: dict) -> Errors:
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    for i, taint in children(spec, "taints"):
        effect = taint.get("effect")
        if effect not in ("NoExecute", "NoSchedule", "PreferNoSchedule"):
            errs.not_supported(f"spec.taints[{i}].effect", effect or "",
                               ("NoExecute", "NoSchedule", "PreferNoSchedule"))
        if not taint.get("key"):
            errs.required(f"spec.taints[{i}].key")
    return errs


def validate_storage_class(obj: dict) -> Errors:
    errs = Errors()
    if not obj.get("provisioner"):
        errs.required("provisioner")
    policy = obj.get("reclaimPolicy")
    if policy is not None and policy not in ("Delete", "Retain"):
        errs.not_supported("reclaimPolicy", policy, ("Delete", "Retain"))
    mode = obj.get("volumeBindingMode")
    if mode is not None and mode not in ("Immediate", "WaitForFirstConsumer"):
        errs.not_supported("volumeBindingMode", mode, ("Immediate", "WaitForFirstConsumer"))
    return errs


def validate_priority_class(obj: dict) -> Errors:
    errs = Errors()
    name = (obj.get("metadata") or {}).get("name", "")
    if isinstance(name, str) and name.startswith("system-") and name not in (
            "system-node-critical", "system-cluster-critical"):
        errs.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved")
    value = obj.get("value")
    if is_int(value) and value > 1_000_000_000:
        errs.forbidden("value", "maximum allowed value of a user defined priority is 1000000000")
    return errs
