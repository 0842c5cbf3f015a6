"""Strict decoding against the upstream OpenAPI schemas (kube-apiserver's JSON decoder).

Models what happens to a request body before any validation rule runs: kube-apiserver decodes the
JSON into its Go structs with *strict field validation* (kubectl's default ``--validate=strict``).
Three kinds of mistakes stop a request right there, answered ``400 BadRequest``:

* a value of the wrong JSON type — Go's decoder message, naming the innermost struct, the field
  path without indexes and the Go type::

    json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32

* a value that a custom decoder refuses: a quantity that does not parse (``quantities must match
  the regular expression ...`` / ``unable to parse quantity's suffix``), Secret data that is not
  base64 (``illegal base64 data at input byte 4``);
* unknown fields, all of them, in document order::

    strict decoding error: unknown field "spec.containers[0].contanerPort", unknown field "spec.foo"

Type errors win over unknown fields (Go reports strict-mode problems only after a successful
decode), and only the first type error is reported, as Go's decoder does.

The schemas are kubernetes-validate's ``v<SCHEMA_VERSION>-local-strict`` files, checked with a
:class:`jsonschema.Draft7Validator` per (apiVersion, kind). Nothing is loaded at import: the
package, the shared definitions file and each kind's validator are built on first use and cached.
Kinds without a schema file are not schema-checked at all. :func:`required_errors` reuses the same
validator for the ``Required value`` errors of :func:`k8scourse.apiserver.validation.validate`.

What validation costs is measured by ``bench/schema_validation.py`` (cold first validation, another
kind's first validation, warm decode + required per pod, ``APIServer.create`` per pod).

Measured costs when this module was written (Python 3.11, 2-CPU container)::

    first validation, cold: import jsonschema + referencing, load the 1.3 MB
    definitions file, build the Pod validator, validate one Pod            ~ 70 ms
      (of which the Pod validator and its first run: ~ 1 ms)
    building another kind's validator (Deployment)                         ~ 0.2 ms
    decode_errors + required_errors of a typical Pod, warm (per pod)        ~ 0.42 ms
    APIServer.create of that Pod end to end, warm (per pod)                ~ 0.97 ms

kubernetes-validate itself is never imported (its import costs ~0.8 s): only its data directory
is located. jsonschema is imported without its optional IRI grammar package, which would add
~0.7 s to the first validation (see :func:`_import_jsonschema`).

Deliberate differences from upstream:

* Struct names and Go types in type errors are derived from the OpenAPI definitions
  (``v1.PodSpec``, ``[]v1.Container``, ``map[string]string``, ``resource.Quantity``), which is what
  Go prints in nearly every case; pointer fields print as their element type, as Go does.
* The base64 error offset is computed for the common cases (a bad character, a truncated last
  quantum), not for every padding oddity.
* ``date-time`` fields are not parsed (Go would refuse a malformed timestamp).

>>> from k8scourse.api.kinds import REGISTRY
>>> pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
...        "spec": {"containers": [{"name": "c", "image": "nginx", "ports": [{"contanerPort": 80}]}]}}
>>> decode_errors(REGISTRY.by_name("pods"), pod)
'strict decoding error: unknown field "spec.containers[0].ports[0].contanerPort"'
>>> pod["spec"]["containers"][0]["ports"] = [{"containerPort": "80"}]
>>> decode_errors(REGISTRY.by_name("pods"), pod)
'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'
>>> del pod["spec"]["containers"][0]["ports"][0]["containerPort"]
>>> [str(e) for e in required_errors(REGISTRY.by_name("pods"), pod)]
['spec.containers[0].ports[0].containerPort: Required value']
"""

from __future__ import annotations

import binascii
import json
import re
import threading
from pathlib import Path
from typing import Any

from ... import defaults
from ...errors import FieldError

_DEFS_ID = "https://kubernetes.io/api/_definitions.json"
_REF_PREFIXES = ("/api/_definitions.json#/$defs/", "#/$defs/", _DEFS_ID + "#/$defs/")
_QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
_BASE64_CHARS = re.compile(r"[A-Za-z0-9+/]")

_lock = threading.Lock()
_state: dict[str, Any] = {}          # "dir", "defs", "registry", "format_checker", "validator_cls"
_validators: dict[tuple[str, str], Any] = {}   # (apiVersion, kind) -> (validator, root schema) | None


# --------------------------------------------------------------------------- loading (lazy)
def _schema_dir() -> Path:
    if "dir" not in _state:
        # Locate the package's data without importing it (its import costs ~0.8 s).
        import importlib.util
        spec = importlib.util.find_spec("kubernetes_validate")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("kubernetes-validate is not installed")
        base = Path(list(spec.submodule_search_locations)[0]) / "kubernetes-json-schema"
        _state["dir"] = base / f"v{defaults.SCHEMA_VERSION}-local-strict"
    return _state["dir"]


def _schema_file(api_version: str, kind: str) -> Path:
    """``deployment-apps-v1.json``: kubernetes-validate's naming (group shortened to its first label)."""
    if "/" in api_version:
        group, version = api_version.split("/", 1)
        suffix = f"-{group.split('.')[0]}-{version}"
    else:
        suffix = f"-{api_version}"
    return _schema_dir() / f"{kind.lower()}{suffix}.json"


def _definitions() -> dict:
    if "defs" not in _state:
        with open(_schema_dir() / "_definitions.json", encoding="utf-8") as fh:
            _state["defs_doc"] = json.load(fh)
        _state["defs"] = _state["defs_doc"]["$defs"]
    return _state["defs"]


def _setup() -> None:
    """The shared pieces: definitions resource, registry with cached retrieval, validator class."""
    if "validator_cls" in _state:
        return
    _import_jsonschema()
    import inspect

    import jsonschema
    from jsonschema import validators

    _definitions()
    if "registry" in inspect.signature(validators.Draft7Validator).parameters:
        _state["registry"] = _registry()
    else:
        # jsonschema < 4.18 (the in-browser build, scripts/lite_build.py: ``referencing`` needs the
        # compiled rpds-py) resolves ``$ref`` with its own RefResolver, see _ref_options.
        _state["registry"] = None

    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("byte", raises=ValueError)
    def _is_base64(value) -> bool:
        if isinstance(value, str):
            _check_base64(value)
        return True

    @checker.checks("int32", raises=ValueError)
    def _is_int32(value) -> bool:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not -2 ** 31 <= value < 2 ** 31:
                raise ValueError("overflow")
        return True

    base_one_of = validators.Draft7Validator.VALIDATORS["oneOf"]

    def one_of(validator, one_of_schemas, instance, schema):
        # Quantity = oneOf(string, number): a string must also parse as a quantity (Go's
        # Quantity.UnmarshalJSON refuses it otherwise). IntOrString needs no extra check.
        if schema is _state.get("quantity_schema") and isinstance(instance, str):
            from ...api.quantity import QuantityError, parse_quantity
            try:
                parse_quantity(instance.strip())
            except QuantityError as exc:
                yield jsonschema.ValidationError(str(exc), validator="quantity", instance=instance)
            return
        yield from base_one_of(validator, one_of_schemas, instance, schema)

    def enum(validator, enums, instance, schema):
        # apiVersion/kind are the only enums in these schemas and the server sets both itself.
        return iter(())

    _state["quantity_schema"] = _definitions()[_QUANTITY]
    _state["format_checker"] = checker
    _state["validator_cls"] = validators.extend(validators.Draft7Validator,
                                                {"oneOf": one_of, "enum": enum})


def _registry():
    """A ``referencing`` registry holding the definitions document (jsonschema >= 4.18)."""
    from referencing import Registry, Resource

    defs_resource = Resource.from_contents(_state["defs_doc"])
    schema_dir = _schema_dir()
    cache: dict[str, Resource] = {}

    def retrieve(uri: str) -> Resource:
        # Only the definitions document is ever referenced; anything else is read once from disk.
        if uri not in cache:
            name = uri.rsplit("/", 1)[-1]
            with open(schema_dir / name, encoding="utf-8") as fh:
                cache[uri] = Resource.from_contents(json.load(fh))
        return cache[uri]

    return Registry(retrieve=retrieve).with_resource(_DEFS_ID, defs_resource)


def _ref_options(schema: dict) -> dict:
    """How a kind's validator resolves ``$ref``: the shared registry, or (jsonschema < 4.18) a
    RefResolver whose store holds the same definitions document, so both see the same objects."""
    if _state["registry"] is not None:
        return {"registry": _state["registry"]}
    from jsonschema import RefResolver
    return {"resolver": RefResolver.from_schema(schema, store={_DEFS_ID: _state["defs_doc"]})}


def _import_jsonschema() -> None:
    """Import jsonschema without its optional IRI grammar (``rfc3987_syntax``, ~0.7 s to build).

    jsonschema imports that package only to check the ``iri`` formats, which the Kubernetes
    schemas do not use. If jsonschema is already imported this does nothing; a later
    ``import rfc3987_syntax`` by anyone else still works.
    """
    import sys
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None      # makes `import rfc3987_syntax` raise ImportError
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def _check_base64(value: str) -> None:
    """Raise ValueError(offset) like Go's base64.StdEncoding.Decode (which skips CR and LF)."""
    positions = [i for i, ch in enumerate(value) if ch not in "\r\n"]
    chars = "".join(value[i] for i in positions)
    try:
        binascii.a2b_base64(chars.encode("ascii"), strict_mode=True)
        return
    except (binascii.Error, UnicodeEncodeError):
        pass
    positions.append(len(value))
    pad = len(chars) - len(chars.rstrip("="))
    body = chars[:len(chars) - pad]
    for pos, ch in enumerate(body):
        if not _BASE64_CHARS.fullmatch(ch):
            raise ValueError(positions[pos])
    if pad > 2 or (len(chars) % 4 and pad) or (pad and len(body) % 4 + pad != 4):
        raise ValueError(positions[len(body)])
    # A truncated last quantum: Go reports the offset where that quantum starts.
    raise ValueError(positions[len(body) - len(body) % 4])


def _validator_for(api_version: str, kind: str):
    """(validator, root schema) for a kind, or None when kubernetes-validate has no schema."""
    key = (api_version, kind)
    if key in _validators:
        return _validators[key]
    with _lock:
        if key in _validators:
            return _validators[key]
        path = _schema_file(api_version, kind)
        if not path.exists():
            _validators[key] = None
            return None
        _setup()
        with open(path, encoding="utf-8") as fh:
            schema = json.load(fh)
        validator = _state["validator_cls"](schema, format_checker=_state["format_checker"],
                                            **_ref_options(schema))
        _validators[key] = (validator, schema)
        return _validators[key]


def has_schema(api_version: str, kind: str) -> bool:
    return _validator_for(api_version, kind) is not None


# --------------------------------------------------------------------------- schema walking
def _deref(schema: dict) -> tuple[dict, str | None]:
    """Follow ``$ref`` into the definitions: (schema, definition name or None)."""
    ref = schema.get("$ref")
    if not ref:
        return schema, None
    for prefix in _REF_PREFIXES:
        if ref.startswith(prefix):
            name = ref[len(prefix):]
            return _definitions()[name], name
    return schema, None


def _non_null(types) -> str | None:
    if isinstance(types, str):
        return types
    for t in types or ():
        if t != "null":
            return t
    return None


def _go_type(schema: dict) -> str:
    """The Go type behind a property schema: ``int32``, ``[]v1.Container``, ``map[string]string``."""
    target, name = _deref(schema)
    if name:
        parts = name.split(".")
        return f"{parts[-2]}.{parts[-1]}"
    kind = _non_null(target.get("type"))
    fmt = target.get("format")
    if kind == "integer":
        return fmt if fmt in ("int32", "int64") else "int"
    if kind == "number":
        return "float64"
    if kind == "boolean":
        return "bool"
    if kind == "string":
        return "[]uint8" if fmt == "byte" else "string"
    if kind == "array":
        return "[]" + _go_type(target.get("items") or {})
    if kind == "object":
        extra = target.get("additionalProperties")
        if isinstance(extra, dict):
            return "map[string]" + _go_type(extra)
        return "map[string]interface {}"
    return "interface {}"


class _Step:
    __slots__ = ("key", "is_index", "is_map_key", "struct", "field_schema")

    def __init__(self, key, is_index, is_map_key, struct, field_schema):
        self.key, self.is_index, self.is_map_key = key, is_index, is_map_key
        self.struct, self.field_schema = struct, field_schema


def _walk(root: dict, root_name: str, path) -> list[_Step]:
    """Describe each step of an instance path: list index, map key or struct field (and whose)."""
    steps: list[_Step] = []
    schema, struct = root, root_name
    for key in path:
        target, name = _deref(schema)
        if name:
            struct = name.rsplit(".", 1)[-1]
        if isinstance(key, int):
            steps.append(_Step(key, True, False, struct, target))
            schema = target.get("items") or {}
            continue
        props = target.get("properties") or {}
        extra = target.get("additionalProperties")
        if key in props:
            steps.append(_Step(key, False, False, struct, props[key]))
            schema = props[key]
        elif isinstance(extra, dict):
            steps.append(_Step(key, False, True, struct, extra))
            schema = extra
        else:   # an unknown field of a struct
            steps.append(_Step(key, False, False, struct, {}))
            schema = {}
    return steps


def api_path(steps: list[_Step]) -> str:
    """``spec.containers[0].resources.limits[cpu]`` — field.Path's text form."""
    out = ""
    for step in steps:
        if step.is_index:
            out += f"[{step.key}]"
        elif step.is_map_key:
            out += f"[{step.key}]"
        else:
            out += ("." if out else "") + str(step.key)
    return out


def _go_value_kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _doc_position(obj, path) -> tuple:
    """Sort key: the position of each step in the document (dict order, list index)."""
    out = []
    node = obj
    for step in path:
        if isinstance(node, dict):
            keys = list(node)
            out.append(keys.index(step) if step in node else len(keys))
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int):
            out.append(step)
            node = node[step] if step < len(node) else None
        else:
            out.append(0)
    return tuple(out)


def _type_message(root: dict, kind: str, path, value) -> str:
    steps = _walk(root, kind, path)
    # Go reports the struct field that holds the value: skip trailing indexes and map keys.
    fields = [s for s in steps if not s.is_index and not s.is_map_key]
    if not fields:
        return f"json: cannot unmarshal {_go_value_kind(value)} into Go value of type v1.{kind}"
    last_field = fields[-1]
    holder = steps[-1]
    if holder.is_index:
        target = _deref(holder.field_schema)[0].get("items") or {}
    elif holder.is_map_key:
        target = holder.field_schema
    else:
        target = holder.field_schema
    go_type = _go_type(target)
    kind_text = _go_value_kind(value)
    if kind_text == "number" and go_type in ("int", "int32", "int64"):
        kind_text = f"number {_number_text(value)}"
    dotted = ".".join(str(s.key) for s in fields)
    return (f"json: cannot unmarshal {kind_text} into Go struct field "
            f"{last_field.struct}.{dotted} of type {go_type}")


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return json.dumps(value)


# --------------------------------------------------------------------------- public API
def _errors(info_api_version: str, kind: str, obj: dict):
    pair = _validator_for(info_api_version, kind)
    if pair is None:
        return None, None
    validator, schema = pair
    return list(validator.iter_errors(obj)), schema


def schema_api_version(info, obj: dict) -> str:
    """The version whose schema applies: autoscaling/v1 HPAs are recognised by their v1 fields.

    The API server overwrites ``apiVersion`` with the stored version before decoding, so an
    ``autoscaling/v1`` HorizontalPodAutoscaler is told apart by its shape.
    """
    if info.kind == "HorizontalPodAutoscaler":
        if obj.get("apiVersion") == "autoscaling/v1" or is_hpa_v1(obj):
            return "autoscaling/v1"
    return info.api_version


def is_hpa_v1(obj: dict) -> bool:
    spec = obj.get("spec")
    return isinstance(spec, dict) and "targetCPUUtilizationPercentage" in spec \
        and "metrics" not in spec and "behavior" not in spec


def decode_errors(info, obj: dict) -> str | None:
    """The strict decoder's complaint about ``obj``, or None when it decodes cleanly.

    Like Go's decoder, ``null`` values of known fields decode to nothing (the field is dropped)
    and ``null`` list items to zero values; ``obj`` is updated in place accordingly.
    """
    if "metadata" in obj and obj["metadata"] is None:
        obj["metadata"] = {}
    api_version = schema_api_version(info, obj)
    errors, schema = _errors(api_version, info.kind, obj)
    if schema is not None:
        _drop_nulls(obj, schema)
    if not errors:
        if schema is not None:
            _canonical_quantities(obj, schema)
        return None
    fatal: list[tuple[tuple, str]] = []
    unknown: list[tuple[tuple, str]] = []
    for err in errors:
        path = list(err.absolute_path)
        if err.validator == "type" or (err.validator == "oneOf" and err.schema.get("oneOf")):
            fatal.append((_doc_position(obj, path),
                          _type_message(schema, info.kind, path, err.instance)))
        elif err.validator == "quantity":
            fatal.append((_doc_position(obj, path), err.message))
        elif err.validator == "format" and err.validator_value == "byte":
            offset = err.cause.args[0] if err.cause and err.cause.args else 0
            fatal.append((_doc_position(obj, path), f"illegal base64 data at input byte {offset}"))
        elif err.validator == "format" and err.validator_value == "int32":
            fatal.append((_doc_position(obj, path),
                          _type_message(schema, info.kind, path, err.instance)))
        elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
            props = err.schema.get("properties") or {}
            for key in err.instance:
                if key not in props:
                    full = path + [key]
                    unknown.append((_doc_position(obj, full),
                                    f'unknown field "{api_path(_walk(schema, info.kind, full))}"'))
    if fatal:
        return min(fatal)[1]
    if unknown:
        unknown.sort()
        return "strict decoding error: " + ", ".join(text for _, text in unknown)
    return None


def _drop_nulls(value, schema: dict) -> None:
    """What Go's decoder makes of ``null``: an absent field, or a zero value inside a list."""
    target, _ = _deref(schema)
    if isinstance(value, dict):
        props = target.get("properties") or {}
        extra = target.get("additionalProperties")
        for key in [k for k, v in value.items() if v is None]:
            if key in props:
                del value[key]
        for key, item in value.items():
            sub = props.get(key) if key in props else (extra if isinstance(extra, dict) else None)
            if sub is not None and isinstance(item, (dict, list)):
                _drop_nulls(item, sub)
    elif isinstance(value, list):
        items = target.get("items") or {}
        kind = _non_null(_deref(items)[0].get("type"))
        zero = {"object": dict, "string": str, "integer": int, "number": float, "boolean": bool,
                "array": list}.get(kind)
        for i, item in enumerate(value):
            if item is None and zero is not None:
                value[i] = zero()
            elif isinstance(item, (dict, list)):
                _drop_nulls(item, items)


def _canonical_quantities(value, schema: dict) -> None:
    """Every ``resource.Quantity`` in its canonical text, as Go's decode/encode round trip leaves it.

    Quantity.UnmarshalJSON parses the value and MarshalJSON prints its canonical form, so what
    the server stores and returns for ``cpu: "0.75"`` is ``750m`` (``1024Mi`` → ``1Gi``,
    ``cpu: 0.5`` → ``500m``). Only called on an object that decoded cleanly.

    >>> pod = {"spec": {"containers": [{"name": "c", "resources": {
    ...     "requests": {"cpu": "0.75", "memory": "1024Mi"}, "limits": {"cpu": 1.0}}}]}}
    >>> _canonical_quantities(pod, {"$ref": "#/$defs/io.k8s.api.core.v1.Pod"})
    >>> pod["spec"]["containers"][0]["resources"]
    {'requests': {'cpu': '750m', 'memory': '1Gi'}, 'limits': {'cpu': '1'}}
    """
    from ...api.quantity import parse_quantity
    target, _ = _deref(schema)
    if isinstance(value, dict):
        props = target.get("properties") or {}
        extra = target.get("additionalProperties")
        pairs = [(k, props.get(k) if k in props else (extra if isinstance(extra, dict) else None))
                 for k in value]
    elif isinstance(value, list):
        pairs = [(i, target.get("items") or {}) for i in range(len(value))]
    else:
        return
    for key, sub in pairs:
        item = value[key]
        if sub is None:
            continue
        if _deref(sub)[1] == _QUANTITY:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                value[key] = parse_quantity(item.strip() if isinstance(item, str) else item).canonical()
        elif isinstance(item, (dict, list)):
            _canonical_quantities(item, sub)


def schemas_loaded() -> bool:
    """Whether a submitted object has been decoded yet (the schema machinery is loaded)."""
    return "validator_cls" in _state


def required_errors(info, obj: dict, *, load: bool = True) -> list[FieldError]:
    """``<path>: Required value`` for every property the schema marks required and ``obj`` lacks.

    With ``load=False`` nothing is loaded: before the first strict decode (that is, for objects
    the engine builds itself) the answer is an empty list.
    """
    if not load and not schemas_loaded():
        return []
    errors, schema = _errors(schema_api_version(info, obj), info.kind, obj)
    out: list[tuple[tuple, FieldError]] = []
    for err in errors or ():
        if err.validator != "required" or not isinstance(err.instance, dict):
            continue
        path = list(err.absolute_path)
        for name in err.validator_value:
            if name not in err.instance or err.instance[name] is None:
                full = path + [name]
                field = api_path(_walk(schema, info.kind, full))
                out.append((_doc_position(obj, full), FieldError.required(field)))
    out.sort(key=lambda pair: pair[0])
    return [e for _, e in out]
