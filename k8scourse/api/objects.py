"""Helpers for objects in their Kubernetes JSON shape (plain dicts, lists, strings, numbers).

Objects are never mutated once stored; whoever reads one gets its own copy. :func:`copy_json` is
the copier — several times faster than :func:`copy.deepcopy` because it only knows JSON types.

>>> pod = {"metadata": {"name": "web", "labels": {"app": "web"}}, "spec": {"containers": []}}
>>> clone = copy_json(pod); clone["metadata"]["labels"]["app"] = "x"
>>> pod["metadata"]["labels"]["app"]
'web'
>>> dig(pod, "metadata", "labels", "app"), dig(pod, "status", "phase", default="?")
('web', '?')
"""

from __future__ import annotations

from typing import Any


def copy_json(value: Any) -> Any:
    """Deep copy of a JSON-shaped value.

    The one exception: ``metadata.managedFields`` is shared, not copied (the API server builds a
    new list, new entries and new field sets for every change and never changes one in place; see
    :mod:`k8scourse.apiserver.managed_fields`): replace it, never change it in place."""
    if isinstance(value, dict):
        return {k: copy_json(v) if isinstance(v, (dict, list)) and (k != "managedFields" or type(v) is not list)
                else v for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def dig(obj: Any, *path: str | int, default: Any = None) -> Any:
    """Follow dict keys / list indexes; ``default`` as soon as a step is missing."""
    for step in path:
        if isinstance(obj, dict):
            if step not in obj:
                return default
            obj = obj[step]
        elif isinstance(obj, list) and isinstance(step, int) and -len(obj) <= step < len(obj):
            obj = obj[step]
        else:
            return default
    return default if obj is None else obj


def meta(obj: dict) -> dict:
    """``metadata`` of an object (created empty when missing)."""
    m = obj.get("metadata")
    if not isinstance(m, dict):
        m = obj["metadata"] = {}
    return m


def name_of(obj: dict) -> str:
    return dig(obj, "metadata", "name", default="")


def namespace_of(obj: dict) -> str:
    return dig(obj, "metadata", "namespace", default="")


def labels_of(obj: dict) -> dict:
    return dig(obj, "metadata", "labels", default={})


def ref(kind_plural: str, namespace: str, name: str) -> str:
    """A short printable reference, ``pods/default/web`` (``nodes/n1`` when cluster-scoped)."""
    return f"{kind_plural}/{namespace}/{name}" if namespace else f"{kind_plural}/{name}"


def pod_spec(obj: dict) -> dict | None:
    """The pod spec a workload runs: a Pod's own spec, a template's, a CronJob's job template's.

    >>> pod_spec({"kind": "Deployment", "spec": {"template": {"spec": {"containers": []}}}})
    {'containers': []}
    >>> pod_spec({"kind": "ConfigMap", "data": {}}) is None
    True
    """
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    template = spec.get("template")
    return template.get("spec") if isinstance(template, dict) else None
