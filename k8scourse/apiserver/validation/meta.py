"""ObjectMeta validation: names, namespaces, labels, annotations, and what an update may not change.

Models ``ValidateObjectMeta``/``ValidateObjectMetaUpdate`` (k8s.io/apimachinery
``pkg/api/validation/objectmeta.go``) with each kind's name rule from ``pkg/apis/*/validation``:

* DNS-1123 subdomain for most kinds (Pods, Deployments, ConfigMaps, Nodes, ...);
* DNS-1123 label for Namespaces;
* DNS-1035 label for Services (must start with a letter);
* path-segment names (no ``/``, ``%``, not ``.``/``..``) for RBAC roles and bindings, HPAs and Events;
* CronJob names of at most 52 characters (the Job names it makes get an 11-character suffix).

>>> from k8scourse.api.kinds import REGISTRY
>>> [str(e) for e in validate_object_meta(REGISTRY.by_name("services"), {"name": "1web", "namespace": "default"})]
['metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or \\'-\\', start with an alphabetic character, and end with an alphanumeric character (e.g. \\'my-name\\',  or \\'abc-123\\', regex used for validation is \\'[a-z]([-a-z0-9]*[a-z0-9])?\\')']
"""

from __future__ import annotations

from ...api import names
from ...errors import FieldError
from .common import Errors, validate_labels

ANNOTATIONS_MAX_BYTES = 256 * 1024

_DNS_LABEL_KINDS = frozenset({"Namespace"})
_DNS1035_KINDS = frozenset({"Service"})
# (Events: only the generic path-segment rule; events.k8s.io/v1 adds DNS-1123 subdomain, see .events)
_PATH_SEGMENT_KINDS = frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding",
                                 "HorizontalPodAutoscaler", "Event", "CertificateSigningRequest"})
CRONJOB_NAME_MAX = 52


def path_segment_name(name: str) -> list[str]:
    """path.IsValidPathSegmentName."""
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    errs = []
    for bad in ("/", "%"):
        if bad in name:
            errs.append(f"may not contain '{bad}'")
    return errs


def name_rule(kind: str):
    if kind in _DNS_LABEL_KINDS:
        return names.is_dns1123_label
    if kind in _DNS1035_KINDS:
        return names.is_dns1035_label
    if kind in _PATH_SEGMENT_KINDS:
        return path_segment_name
    return names.is_dns1123_subdomain


def _mask_trailing_dash(name: str) -> str:
    return name[:-1] + "a" if len(name) > 1 and name.endswith("-") else name


def validate_object_meta(info, md, path: str = "metadata", *, name_required: bool = True) -> Errors:
    errs = Errors()
    if not isinstance(md, dict):
        return errs
    rule = name_rule(info.kind)
    generate = md.get("generateName")
    if isinstance(generate, str) and generate:
        for msg in rule(_mask_trailing_dash(generate)):
            errs.invalid(f"{path}.generateName", generate, msg)
    name = md.get("name")
    if isinstance(name, str) and name:
        for msg in rule(name):
            errs.invalid(f"{path}.name", name, msg)
        if info.kind == "CronJob" and len(name) > CRONJOB_NAME_MAX:
            errs.invalid(f"{path}.name", name, f"must be no more than {CRONJOB_NAME_MAX} characters")
    elif name_required and not generate:
        errs.required(f"{path}.name", "name or generateName is required")
    namespace = md.get("namespace")
    if path == "metadata":
        if info.namespaced:
            if not namespace:
                errs.required(f"{path}.namespace")
            else:
                for msg in names.is_dns1123_label(namespace):
                    errs.invalid(f"{path}.namespace", namespace, msg)
        elif namespace:
            errs.forbidden(f"{path}.namespace", "not allowed on this type")
    validate_labels(md.get("labels"), f"{path}.labels", errs)
    validate_annotations(md.get("annotations"), f"{path}.annotations", errs)
    return errs


def validate_annotations(annotations, path: str, errs: Errors) -> None:
    if not isinstance(annotations, dict):
        return
    size = 0
    for key, value in annotations.items():
        for msg in names.is_qualified_name(str(key).lower()):
            errs.invalid(path, key, msg)
        size += len(str(key).encode()) + len(str(value if value is not None else "").encode())
    if size > ANNOTATIONS_MAX_BYTES:
        errs.append(FieldError.too_long(path, "", ANNOTATIONS_MAX_BYTES))


def validate_object_meta_update(new_md, old_md) -> Errors:
    """Name, namespace and UID are immutable; so is creationTimestamp."""
    errs = Errors()
    if not isinstance(new_md, dict) or not isinstance(old_md, dict):
        return errs
    for key in ("name", "namespace", "uid", "creationTimestamp"):
        new, old = new_md.get(key), old_md.get(key)
        if old is not None and new is not None and new != old:
            errs.invalid(f"metadata.{key}", new, "field is immutable")
    return errs
