"""Objects as Go writes them: Kubernetes' typed structs through ``encoding/json``.

The API server and kubectl's typed clients (``kubectl create deployment``, ``run``, ``expose``,
``events``…) hold objects in Go structs, and Go's JSON encoder gives them two traits a Python dict
does not have:

* **field order** is the order the struct declares its fields — ``kind``, ``apiVersion``,
  ``metadata``, ``spec``, ``status``; a Container's ``name`` before its ``image`` — while maps
  (labels, ``data``) come out sorted by key. (kubectl's ``get -o json`` reads objects into plain
  maps instead, so everything there is sorted.)
* **what is left out**: a field tagged ``omitempty`` disappears when empty, but a struct that is
  not behind a pointer is never empty — so a freshly created Service already reads
  ``status: {loadBalancer: {}}`` and a Deployment ``status: {}`` — and a field without ``omitempty``
  is always there (a new ReplicaSet's ``status.replicas: 0``, an HPA's ``currentMetrics: null``).

The facts come from the ``types.go`` files of the simulated release (``go_fields.json``, built by
``scripts/go_struct_fields.py``).

>>> zero("core/v1.ServiceStatus")
{'loadBalancer': {}}
>>> zero("apps/v1.DaemonSetStatus")
{'currentNumberScheduled': 0, 'numberMisscheduled': 0, 'desiredNumberScheduled': 0, 'numberReady': 0}
>>> list(ordered({"data": {"b": "2", "a": "1"}, "metadata": {"name": "x"}, "kind": "ConfigMap",
...               "apiVersion": "v1"}))
['kind', 'apiVersion', 'metadata', 'data']
>>> ordered({"data": {"b": "2", "a": "1"}, "kind": "ConfigMap", "apiVersion": "v1"})["data"]
{'a': '1', 'b': '2'}
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

# Types whose JSON form is a string or number written by their own marshaller (not a struct), with
# the JSON of their zero value: a zero metav1.Time is ``null`` (hence ``creationTimestamp: null``).
_CUSTOM = {"meta/v1.Time": None, "meta/v1.MicroTime": None, "meta/v1.Duration": "0s",
           "resource.Quantity": "0", "intstr.IntOrString": 0, "runtime.RawExtension": None,
           "meta/v1.FieldsV1": None}
# Package qualifiers of the types.go files → the table's group/version prefix.
_PACKAGES = {"metav1": "meta/v1", "v1": "core/v1", "corev1": "core/v1", "apiv1": "core/v1"}
_ZERO_SCALARS = {"string": "", "bool": False}


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads((Path(__file__).with_name("go_fields.json")).read_text(encoding="utf-8"))


def type_of(api_version: str, kind: str) -> str | None:
    """The table's name of a kind's Go type, or ``None`` for kinds it does not hold (CRDs…).

    >>> type_of("apps/v1", "Deployment"), type_of("networking.k8s.io/v1", "Ingress")
    ('apps/v1.Deployment', 'networking/v1.Ingress')
    """
    group, _, version = api_version.rpartition("/")
    structs = _table()["structs"]
    name = f"{group.split('.', 1)[0] or 'core'}/{version}.{kind}"
    if name in structs:
        return name
    meta = f"meta/v1.{kind}"            # Status, APIResourceList…: meta/v1 kinds any group serves
    return meta if meta in structs else None


def _resolve(context: str, go_type: str) -> tuple[str, str]:
    """(shape, target) of a Go type written in package ``context``: shape is ``ptr``, ``slice``,
    ``map``, ``struct``, ``custom`` or ``scalar``; target the element or struct type."""
    if go_type.startswith("*"):
        return "ptr", go_type[1:]
    if go_type.startswith("[]"):
        return ("scalar", "bytes") if go_type == "[]byte" else ("slice", go_type[2:])
    if go_type.startswith("map["):
        return "map", go_type[go_type.index("]") + 1:]
    qualified = _qualify(context, go_type)
    if qualified in _CUSTOM:
        return "custom", qualified
    table = _table()
    if qualified in table["structs"]:
        return "struct", qualified
    underlying = table["named"].get(qualified)
    if underlying is not None:
        shape, target = _resolve(qualified.rpartition(".")[0], underlying)
        return shape, _qualify(qualified.rpartition(".")[0], target) if shape in ("slice", "map", "ptr") else target
    return "scalar", go_type


def _qualify(context: str, go_type: str) -> str:
    if "." in go_type:
        package, _, name = go_type.partition(".")
        if "/" in package:                                   # already qualified
            return go_type
        return f"{_PACKAGES.get(package, package)}.{name}"
    if go_type in _ZERO_SCALARS or go_type[:3] in ("int", "uin", "flo"):
        return go_type
    return f"{context}.{go_type}"


def _zero_of(context: str, go_type: str) -> Any:
    shape, target = _resolve(context, go_type)
    if shape == "struct":
        return zero(target)
    if shape == "custom":
        return _CUSTOM[target]
    if shape in ("ptr", "slice", "map"):
        return None
    return _ZERO_SCALARS.get(target, 0)


def zero(struct: str) -> dict:
    """The JSON of a struct's zero value: what Go writes for ``T{}``."""
    out: dict = {}
    context = struct.rpartition(".")[0]
    for name, go_type, omitempty in _table()["structs"][struct]:
        shape, target = _resolve(context, go_type)
        if not name:                                         # an inline (embedded) struct
            if shape == "struct" and target != "meta/v1.TypeMeta":
                out.update(zero(target))
            continue
        if omitempty and shape not in ("struct", "custom"):      # omitempty never omits a struct
            continue
        out[name] = _zero_of(context, go_type)
    return out


def zero_status(api_version: str, kind: str) -> dict | None:
    """What a new object's ``status`` reads before any controller wrote it (``None``: no status)."""
    empty = _zero_status(api_version, kind)
    return copy.deepcopy(empty) if empty is not None else None


@lru_cache(maxsize=None)
def _zero_status(api_version: str, kind: str) -> dict | None:
    struct = type_of(api_version, kind)
    if struct is None:
        return None
    for name, go_type, _ in _table()["structs"][struct]:
        if name == "status":
            shape, target = _resolve(struct.rpartition(".")[0], go_type)
            return zero(target) if shape == "struct" else None
    return None


def complete(obj: Any, struct: str | None = None) -> Any:
    """``obj`` with every field Go writes although the object never set it — what a client that
    holds the object in a struct prints (kubectl's ``--dry-run=client``): the zero
    ``creationTimestamp: null`` of each ObjectMeta, ``resources: {}``, ``status: {}``…

    >>> complete({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {}})
    {'apiVersion': 'v1', 'kind': 'Service', 'metadata': {'name': 'web', 'creationTimestamp': None}, \
'spec': {}, 'status': {'loadBalancer': {}}}
    """
    return _top(obj, struct, _complete)


def _complete(out: dict, struct: str) -> None:
    context = struct.rpartition(".")[0]
    for name, go_type, omitempty in _table()["structs"].get(struct, ()):
        shape, target = _resolve(context, go_type)
        if not name:
            if shape == "struct" and target != "meta/v1.TypeMeta":
                _complete(out, target)
            continue
        if name in out:
            out[name] = _through(out[name], context, go_type, _complete)
        elif shape in ("struct", "custom") or not omitempty:
            out[name] = _zero_of(context, go_type)


def _top(obj: Any, struct: str | None, fill: Callable[[dict, str], None]) -> Any:
    """A copy of the object ``fill(copy, struct)`` worked on (its kind's struct unless given)."""
    if not isinstance(obj, dict):
        return obj
    if struct is None:
        struct = type_of(str(obj.get("apiVersion") or ""), str(obj.get("kind") or ""))
        if struct is None:
            return obj
    out = dict(obj)
    fill(out, struct)
    return out


def _through(value: Any, context: str, go_type: str, fill: Callable[[dict, str], None]) -> Any:
    """``value`` (of ``go_type``) with ``fill(copy, struct)`` applied to a copy of every struct in
    it — behind pointers, in slices, in map values."""
    shape, target = _resolve(context, go_type)
    if shape == "ptr":
        shape, target = _resolve(context, target)
    if shape == "struct" and isinstance(value, dict):
        value = dict(value)
        fill(value, target)
        return value
    if shape == "slice" and isinstance(value, list):
        return [_through(item, context, target, fill) for item in value]
    if shape == "map" and isinstance(value, dict):
        return {key: _through(item, context, target, fill) for key, item in value.items()}
    return value


def decoded(obj: Any, struct: str | None = None) -> Any:
    """``obj`` as it comes back out of the Go struct the API server decodes it into: a field tagged
    ``omitempty`` that holds an empty value — ``""``, ``0``, ``false``, an empty map or list,
    ``null`` — is gone (``hostNetwork: false`` and ``labels: {}`` are not stored); a pointer to an
    empty struct (``securityContext: {}``) stays. Fields the types do not declare are kept.

    >>> decoded({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {}},
    ...          "spec": {"hostNetwork": False, "securityContext": {}, "containers": [
    ...              {"name": "c", "image": "nginx", "args": [], "imagePullPolicy": ""}]}})
    {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'p'}, 'spec': {'securityContext': {}, \
'containers': [{'name': 'c', 'image': 'nginx'}]}}
    """
    return _top(obj, struct, _drop_empty)


def _drop_empty(out: dict, struct: str) -> None:
    context = struct.rpartition(".")[0]
    for name, go_type, omitempty in _table()["structs"].get(struct, ()):
        shape, target = _resolve(context, go_type)
        if not name:
            if shape == "struct":
                _drop_empty(out, target)
            continue
        if name not in out:
            continue
        value = out[name]
        if omitempty and shape not in ("struct", "custom") and value in (None, "", 0, False, {}, []) \
                and not (value is not None and shape == "ptr"):
            del out[name]
            continue
        out[name] = _through(value, context, go_type, _drop_empty)


def ordered(obj: Any, struct: str | None = None) -> Any:
    """``obj`` with its keys in the Go struct's order (``struct`` defaults to the type its
    ``apiVersion``/``kind`` name; a ``…List`` kind is its item type's list). Keys the struct does
    not declare follow, sorted; maps are sorted, as Go writes them."""
    if not isinstance(obj, dict):
        return obj
    if struct is None:
        struct = type_of(str(obj.get("apiVersion") or ""), str(obj.get("kind") or ""))
        if struct is None:
            return _sorted(obj)
    out: dict = {}
    if "kind" in obj:
        out["kind"] = obj["kind"]
    if "apiVersion" in obj:
        out["apiVersion"] = obj["apiVersion"]
    _fill(out, obj, struct)
    for key in sorted(obj):
        if key not in out:
            out[key] = _sorted(obj[key])
    return out


def _fill(out: dict, obj: dict, struct: str) -> None:
    context = struct.rpartition(".")[0]
    for name, go_type, _ in _table()["structs"].get(struct, ()):
        if not name:
            shape, target = _resolve(context, go_type)
            if shape == "struct":
                _fill(out, obj, target)
            continue
        if name in obj and name not in out:
            out[name] = _value(obj[name], context, go_type)


def _value(value: Any, context: str, go_type: str) -> Any:
    shape, target = _resolve(context, go_type)
    if shape == "ptr":
        shape, target = _resolve(context, target)
    if shape == "struct" and isinstance(value, dict):
        out: dict = {}
        _fill(out, value, target)
        for key in sorted(value):
            if key not in out:
                out[key] = _sorted(value[key])
        return out
    if shape == "slice" and isinstance(value, list):
        return [_value(item, context, target) for item in value]
    if shape == "map" and isinstance(value, dict):
        return {key: _value(value[key], context, target) for key in sorted(value)}
    return _sorted(value)


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value
