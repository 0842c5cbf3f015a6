"""``kubectl run --overrides=JSON --override-type=merge|json|strategic``: the generated object, patched.

kubectl 1.32 writes each object ``run`` generates (the Pod, and the Service of ``--expose``) as
JSON in its Go struct's field order, patches it with the override, and decodes the result back
into a typed object of whatever ``apiVersion``/``kind`` it now names — so fields the type does not
declare vanish silently, quantities come back canonical (``1024Mi`` → ``1Gi``) and a value of the
wrong JSON type is Go's decoding error. The three override types:

* ``merge`` (the default) — a JSON merge patch (RFC 7386, evanphx/json-patch v4): maps merge,
  ``null`` deletes, anything else replaces. A patch that is not a JSON object is ``Invalid JSON
  Patch`` (an array replaces the whole document, which then has no kind).
* ``json`` — a JSON patch (RFC 6902) with evanphx/json-patch v4's lenient semantics and messages
  (``replace`` of a missing map key adds it; ``remove`` of one is ``Unable to remove nonexistent
  key``).
* ``strategic`` — the strategic merge patch of the Pod type (containers merged by name…).

An empty ``--overrides`` changes nothing (and ``--override-type`` is then never looked at).

>>> pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"run": "web"}},
...        "spec": {"containers": [{"name": "web", "image": "nginx"}]}}
>>> override(pod, '{"spec":{"nodeName":"n1"}}', "merge")["spec"]
{'containers': [{'name': 'web', 'image': 'nginx', 'resources': {}}], 'nodeName': 'n1'}
>>> override(pod, '[{"op":"remove","path":"/spec/nodeName"}]', "json")
Traceback (most recent call last):
...
k8scourse.cli.kubectl.command.CommandError: error in remove for path: '/spec/nodeName': Unable to remove nonexistent key: nodeName: missing value
>>> override(pod, '{"spec":', "merge")
Traceback (most recent call last):
...
k8scourse.cli.kubectl.command.CommandError: Invalid JSON Patch
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ...api import typed
from ...api.quantity import Quantity
from ...apiserver.patch import strategic_merge
from ...api.gojson import TYPEMETA_STRUCT, JSONError, type_name, unmarshal
from .command import CommandError

# evanphx/json-patch's sentinel errors (``errors.Wrapf`` appends them after ``": "``)
_MISSING = "missing value"
_INVALID_INDEX = "invalid index referenced"
# kubectl's scheme, as its "not registered" errors name it
_SCHEME = "pkg/scheme/scheme.go:28"


class _Undefined:
    """A JSON patch operation's absent ``value`` (Go's nil lazy node), not JSON ``null``."""


_ABSENT = _Undefined()


def go_unmarshal(text: str) -> Any:
    """``json.Unmarshal``: one JSON value, or :class:`CommandError` with Go's syntax message.

    >>> go_unmarshal('[1, 2]')
    [1, 2]
    >>> go_unmarshal('{"a": 1} x')
    Traceback (most recent call last):
    ...
    k8scourse.cli.kubectl.command.CommandError: invalid character 'x' after top-level value
    """
    try:
        return unmarshal(text)
    except JSONError as exc:
        raise CommandError(str(exc)) from None


def _syntax_ok(text: str) -> bool:
    try:
        go_unmarshal(text)
    except CommandError:
        return False
    return True


def _sorted_deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_deep(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_deep(v) for v in value]
    return value


def _prune_nulls(value: Any) -> Any:
    """evanphx's ``pruneNulls``: null members of maps dropped, at every depth (and sorted, as a
    parsed node is written back)."""
    if isinstance(value, dict):
        return {k: _prune_nulls(value[k]) for k in sorted(value) if value[k] is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) for v in value]
    return value


def merge_patch(doc: dict, text: str) -> Any:
    """evanphx/json-patch v4 ``MergePatch``: the merged document (maps it touched come out sorted,
    the rest in their original order)."""
    if not _syntax_ok(text):
        raise CommandError("Invalid JSON Patch")
    patch = json.loads(text)
    if patch is None:
        raise CommandError("Invalid JSON Patch")
    if isinstance(patch, list):
        return [_prune_nulls(v) for v in patch]
    if not isinstance(patch, dict):
        raise CommandError("Invalid JSON Patch")
    return _merge_docs(doc, patch)


def _merge_docs(doc: dict, patch: dict) -> dict:
    out = dict(doc)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif out.get(key) is None:
            out[key] = _prune_nulls(value)
        elif isinstance(out[key], dict):
            out[key] = _merge_docs(out[key], value) if isinstance(value, dict) else value
        else:
            out[key] = _prune_nulls(value)
    return {k: out[k] for k in sorted(out)}


def strategic_patch(doc: dict, text: str) -> Any:
    """``StrategicMergePatch`` with the Pod type's merge keys; the result written from a Go map
    (sorted)."""
    if not _syntax_ok(text):
        raise CommandError("invalid JSON document")
    patch = json.loads(text)
    if patch is None:
        return _sorted_deep(doc)
    if not isinstance(patch, dict):
        raise CommandError("invalid JSON document")
    return _sorted_deep(strategic_merge(doc, patch))


# ----------------------------------------------------------------------------- JSON patch (RFC 6902)

class _PatchError(Exception):
    pass


def _wrap(message: str, cause: str) -> _PatchError:
    return _PatchError(f"{message}: {cause}")


def _atoi(key: str) -> int:
    """Go's ``strconv.Atoi`` (an optional sign, decimal digits)."""
    digits = key[1:] if key[:1] in ("+", "-") else key
    if not digits or not digits.isascii() or not digits.isdigit():
        raise _PatchError(f'strconv.Atoi: parsing "{key}": invalid syntax')
    return int(key)


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _container_get(con: Any, key: str) -> Any:
    """``container.get``: a map's member (None when absent) or a list's element."""
    if isinstance(con, dict):
        return con.get(key)
    idx = _atoi(key)
    if idx < 0:
        if idx < -len(con):
            raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
        idx += len(con)
    if idx >= len(con):
        raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
    return con[idx]


def _container_add(con: Any, key: str, value: Any) -> None:
    if isinstance(con, dict):
        con[key] = value
        return
    if key == "-":
        con.append(value)
        return
    try:
        idx = _atoi(key)
    except _PatchError as exc:
        raise _wrap(f"value was not a proper array index: '{key}'", str(exc)) from None
    size = len(con) + 1
    if idx >= size:
        raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
    if idx < 0:
        if idx < -size:
            raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
        idx += size
    con.insert(idx, value)


def _container_set(con: Any, key: str, value: Any) -> None:
    if isinstance(con, dict):
        con[key] = value
        return
    idx = _atoi(key)
    if idx < 0:
        idx += len(con)
    con[idx] = value


def _container_remove(con: Any, key: str) -> None:
    if isinstance(con, dict):
        if key not in con:
            raise _wrap(f"Unable to remove nonexistent key: {key}", _MISSING)
        del con[key]
        return
    idx = _atoi(key)
    if idx >= len(con):
        raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
    if idx < 0:
        if idx < -len(con):
            raise _wrap(f"Unable to access invalid index: {idx}", _INVALID_INDEX)
        idx += len(con)
    del con[idx]


def _find(root: list, path: str) -> tuple[Any, str]:
    """``findObject``: the container holding the path's last step (None if a step is missing), and
    that step. ``root`` is a one-item list holding the document (so the document can be replaced)."""
    split = path.split("/")
    if len(split) < 2:
        return None, ""
    doc = root[0]
    for part in split[1:-1]:
        try:
            nxt = _container_get(doc, _unescape(part))
        except _PatchError:
            return None, ""
        if not isinstance(nxt, (dict, list)):
            return None, ""
        doc = nxt
    return doc, _unescape(split[-1])


def _field(op: dict, name: str) -> str:
    """``Operation.Path``/``From``: the member as a string; a missing one is ``missing value``."""
    value = op.get(name)
    if value is None:
        raise _PatchError(_MISSING)
    if not isinstance(value, str):
        raise _PatchError(f"json: cannot unmarshal {type_name(value)} into Go value of type string")
    return value


def _value(op: dict) -> Any:
    return copy.deepcopy(op["value"]) if "value" in op else None


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _add(root: list, op: dict) -> None:
    try:
        path = _field(op, "path")
    except _PatchError:
        raise _wrap("add operation failed to decode path", _MISSING) from None
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f'add operation does not apply: doc is missing path: "{path}"', _MISSING)
    try:
        _container_add(con, key, _value(op))
    except _PatchError as exc:
        raise _wrap(f"error in add for path: '{path}'", str(exc)) from None


def _remove(root: list, op: dict) -> None:
    try:
        path = _field(op, "path")
    except _PatchError as exc:
        raise _wrap("remove operation failed to decode path", str(exc)) from None
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f'remove operation does not apply: doc is missing path: "{path}"', _MISSING)
    try:
        _container_remove(con, key)
    except _PatchError as exc:
        raise _wrap(f"error in remove for path: '{path}'", str(exc)) from None


def _replace(root: list, op: dict) -> None:
    try:
        path = _field(op, "path")
    except _PatchError as exc:
        raise _wrap("replace operation failed to decode path", str(exc)) from None
    if path == "":
        value = _value(op)
        if isinstance(value, (dict, list)):
            root[0] = value
        return                  # (upstream wraps a nil error here: no error, no change)
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f"replace operation does not apply: doc is missing path: {path}", _MISSING)
    try:
        _container_get(con, key)
    except _PatchError:
        raise _wrap(f"replace operation does not apply: doc is missing key: {path}", _MISSING) from None
    try:
        _container_set(con, key, _value(op))
    except _PatchError as exc:
        raise _wrap(f"error in remove for path: '{path}'", str(exc)) from None


def _move(root: list, op: dict) -> None:
    try:
        source = _field(op, "from")
    except _PatchError as exc:
        raise _wrap("move operation failed to decode from", str(exc)) from None
    con, key = _find(root, source)
    if con is None:
        raise _wrap(f"move operation does not apply: doc is missing from path: {source}", _MISSING)
    try:
        value = _container_get(con, key)
        _container_remove(con, key)
    except _PatchError as exc:
        raise _wrap(f"error in move for path: '{key}'", str(exc)) from None
    try:
        path = _field(op, "path")
    except _PatchError as exc:
        raise _wrap("move operation failed to decode path", str(exc)) from None
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f"move operation does not apply: doc is missing destination path: {path}", _MISSING)
    try:
        _container_add(con, key, value)
    except _PatchError as exc:
        raise _wrap(f"error in move for path: '{path}'", str(exc)) from None


def _test(root: list, op: dict) -> None:
    try:
        path = _field(op, "path")
    except _PatchError as exc:
        raise _wrap("test operation failed to decode path", str(exc)) from None
    if path == "":
        if "value" in op and _equal(root[0], op["value"]):
            return
        raise _wrap(f"testing value {path} failed", "test failed")
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f"test operation does not apply: is missing path: {path}", _MISSING)
    try:
        value = _container_get(con, key)
    except _PatchError as exc:
        raise _wrap(f"error in test for path: '{path}'", str(exc)) from None
    expected = op.get("value", _ABSENT)
    if value is None:
        if expected is _ABSENT or expected is None:
            return
    elif expected is not _ABSENT and _equal(value, expected):
        return
    raise _wrap(f"testing value {path} failed", "test failed")


def _copy(root: list, op: dict) -> None:
    try:
        source = _field(op, "from")
    except _PatchError as exc:
        raise _wrap("copy operation failed to decode from", str(exc)) from None
    con, key = _find(root, source)
    if con is None:
        raise _wrap(f"copy operation does not apply: doc is missing from path: {source}", _MISSING)
    try:
        value = copy.deepcopy(_container_get(con, key))
    except _PatchError as exc:
        raise _wrap(f"error in copy for from: '{source}'", str(exc)) from None
    try:
        path = _field(op, "path")
    except _PatchError:
        raise _wrap("copy operation failed to decode path", _MISSING) from None
    con, key = _find(root, path)
    if con is None:
        raise _wrap(f"copy operation does not apply: doc is missing destination path: {path}", _MISSING)
    try:
        _container_add(con, key, value)
    except _PatchError as exc:
        raise _wrap("error while adding value during copy", str(exc)) from None


_OPERATIONS = {"add": _add, "remove": _remove, "replace": _replace, "move": _move, "test": _test, "copy": _copy}


def json_patch(doc: dict, text: str) -> Any:
    """evanphx/json-patch v4 ``DecodePatch`` + ``Apply``."""
    patch = go_unmarshal(text)
    if patch is None:
        return doc
    if not isinstance(patch, list):
        raise CommandError(f"json: cannot unmarshal {type_name(patch)} into Go value of type jsonpatch.Patch")
    for op in patch:
        if op is not None and not isinstance(op, dict):
            raise CommandError(f"json: cannot unmarshal {type_name(op)} into Go value of type jsonpatch.Operation")
    root = [copy.deepcopy(doc)]
    for op in patch:
        op = op or {}
        kind = op.get("op") if isinstance(op.get("op"), str) else "unknown"
        apply = _OPERATIONS.get(kind)
        if apply is None:
            raise CommandError(f"Unexpected kind: {kind}")
        try:
            apply(root, op)
        except _PatchError as exc:
            raise CommandError(str(exc)) from None
    return root[0]


# ----------------------------------------------------------------------------- decoding the result

def go_json(value: Any) -> str:
    """Compact JSON as Go's encoder writes it (HTML characters escaped)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _known(value: Any, context: str, go_type: str) -> Any:
    """``value`` as it comes out of a Go value of ``go_type``: members the struct does not declare
    dropped, quantities canonical."""
    shape, target = typed._resolve(context, go_type)
    if shape == "ptr":
        shape, target = typed._resolve(context, target)
    if shape == "struct" and isinstance(value, dict):
        out: dict = {}
        _known_fields(out, value, target)
        return out
    if shape == "slice" and isinstance(value, list):
        return [_known(item, context, target) for item in value]
    if shape == "map" and isinstance(value, dict):
        return {key: _known(item, context, target) for key, item in value.items()}
    if shape == "custom" and target == "resource.Quantity" and isinstance(value, (str, int, float)) \
            and not isinstance(value, bool):
        return Quantity.parse(value).canonical()
    return value


def _known_fields(out: dict, value: dict, struct: str) -> None:
    context = struct.rpartition(".")[0]
    for name, go_type, _ in typed._table()["structs"].get(struct, ()):
        if not name:
            shape, target = typed._resolve(context, go_type)
            if shape == "struct":
                _known_fields(out, value, target)
            continue
        if name in value:
            out[name] = _known(value[name], context, go_type)


def decode(inv, patched: Any) -> dict:
    """The patched JSON decoded the way kubectl's universal decoder does it: its kind looked up in
    kubectl's scheme, its values checked against the Go types, unknown fields dropped."""
    if patched is not None and not isinstance(patched, dict):
        raise CommandError(f"couldn't get version/kind; json parse error: json: cannot unmarshal "
                           f"{type_name(patched)} into Go value of type {TYPEMETA_STRUCT}")
    patched = patched or {}
    kind, api_version = patched.get("kind"), patched.get("apiVersion")
    if not kind:
        raise CommandError(f"Object 'Kind' is missing in '{go_json(patched or None)}'")
    if not api_version:
        raise CommandError(f"Object 'apiVersion' is missing in '{go_json(patched)}'")
    struct = typed.type_of(str(api_version), str(kind))
    info = None
    try:
        info = inv.api.registry.for_kind(api_version, kind)
    except Exception:                   # noqa: BLE001 - not served: not in kubectl's scheme either
        pass
    if struct is None or struct.startswith("meta/") or info is None:
        raise CommandError(f'no kind "{kind}" is registered for version "{api_version}" in scheme "{_SCHEME}"')
    from ...apiserver.validation.schema import decode_errors
    problem = decode_errors(info, patched)
    if problem and not problem.startswith("strict decoding error"):
        raise CommandError(problem)
    out: dict = {"apiVersion": api_version, "kind": kind}
    _known_fields(out, patched, struct)
    return typed.decoded(out)


def override(obj: dict, text: str, override_type: str, inv=None) -> dict:
    """``obj`` (a generated object) with the override applied and decoded again."""
    doc = typed.ordered(typed.complete(obj))
    if override_type == "json":
        patched = json_patch(doc, text)
    elif override_type == "merge":
        patched = merge_patch(doc, text)
    elif override_type == "strategic":
        patched = strategic_patch(doc, text)
    else:
        raise CommandError(f"invalid override type: {override_type}")
    if inv is None:
        return patched
    return decode(inv, patched)
