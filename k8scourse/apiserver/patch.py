"""The three patch types of ``kubectl patch`` / ``PATCH`` requests.

* ``merge`` — JSON merge patch (RFC 7386): maps merge recursively, ``null`` deletes, lists replace.
* ``json`` — JSON patch (RFC 6902): a list of operations (done by the ``jsonpatch`` library).
* ``strategic`` — Kubernetes' strategic merge patch: like ``merge``, but lists of objects that have
  a *merge key* are merged item by item (containers by ``name``, ports by ``containerPort``, ...);
  an item with ``$patch: delete`` removes the matching element and ``$patch: replace`` replaces
  the whole map or list. Merge keys come from the API types' ``patchMergeKey`` tags, listed below
  for the common lists; other lists are replaced, as upstream does for lists without a key.

>>> base = {"spec": {"containers": [{"name": "a", "image": "nginx:1"}, {"name": "b", "image": "x"}]}}
>>> apply_patch(base, {"spec": {"containers": [{"name": "a", "image": "nginx:2"}]}}, "strategic")
{'spec': {'containers': [{'name': 'a', 'image': 'nginx:2'}, {'name': 'b', 'image': 'x'}]}}
>>> apply_patch(base, {"spec": {"containers": [{"name": "a", "image": "nginx:2"}]}}, "merge")
{'spec': {'containers': [{'name': 'a', 'image': 'nginx:2'}]}}
"""

from __future__ import annotations

from ..api import gojson
from ..api.objects import copy_json

# List field name -> merge key (from the patchMergeKey tags of the core and apps types).
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "volumeDevices": "devicePath",
    "env": "name",
    "ports": None,             # containerPort for containers, port for services: chosen below
    "imagePullSecrets": "name",
    "conditions": "type",
    "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey",
    "ownerReferences": "uid",
    "resourceClaims": "name",
    "addresses": "type",
}
# Lists of scalars that strategic merge treats as sets (patchStrategy: merge).
MERGE_SCALAR_LISTS = {"finalizers"}


def _port_key(items: list) -> str:
    for item in items:
        if isinstance(item, dict):
            if "containerPort" in item:
                return "containerPort"
            if "port" in item:
                return "port"
    return "port"


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy_json(patch)
    result = copy_json(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def strategic_merge(target, patch, field: str = ""):
    if isinstance(patch, dict):
        if patch.get("$patch") == "replace":
            return {k: copy_json(v) for k, v in patch.items() if k != "$patch"}
        result = copy_json(target) if isinstance(target, dict) else {}
        for key, value in patch.items():
            if key.startswith("$"):
                continue
            if value is None:
                result.pop(key, None)
            elif isinstance(value, list):
                result[key] = _merge_list(result.get(key), value, key)
            else:
                result[key] = strategic_merge(result.get(key), value, key)
        return result
    return copy_json(patch)


def _merge_list(target, patch: list, field: str):
    if not isinstance(target, list):
        target = []
    if any(isinstance(p, dict) and p.get("$patch") == "replace" for p in patch):
        return [copy_json(p) for p in patch if not (isinstance(p, dict) and "$patch" in p)]
    if field in MERGE_SCALAR_LISTS:
        merged = list(target)
        merged.extend(p for p in patch if p not in merged)
        return _in_order(merged, patch, target, lambda item: item)
    if field not in MERGE_KEYS or not all(isinstance(p, dict) for p in patch):
        return copy_json(patch)
    key = MERGE_KEYS[field] or _port_key(patch + target)
    result = [copy_json(t) for t in target]
    kept = []
    for item in patch:
        match = next((i for i, t in enumerate(result)
                      if isinstance(t, dict) and t.get(key) == item.get(key)), None)
        if item.get("$patch") == "delete":
            if match is not None:
                result.pop(match)
        elif match is None:
            result.append(strategic_merge({}, item, field))
            kept.append(item)
        else:
            result[match] = strategic_merge(result[match], item, field)
            kept.append(item)
    return _in_order(result, kept, target, lambda item: item.get(key) if isinstance(item, dict) else item)


def _in_order(merged: list, patch: list, original: list, key) -> list:
    """The merged list in upstream's order: the items the patch names in the patch's order, the
    others in the original's, interleaved by their places in the original — an item the original
    lacks goes before the original items still to come (``normalizeElementOrder``).

    >>> _in_order(["a", "new", "b"], ["new"], ["a", "b"], lambda item: item)
    ['new', 'a', 'b']
    >>> _in_order(["a", "b", "c"], ["b"], ["a", "b", "c"], lambda item: item)
    ['a', 'b', 'c']
    """
    named = [key(p) for p in patch]
    server = [key(o) for o in original]
    left = sorted((m for m in merged if key(m) in named), key=lambda m: named.index(key(m)))
    right = [m for m in merged if key(m) not in named]
    right.sort(key=lambda m: server.index(key(m)) if key(m) in server else len(server))
    out = []
    i = j = 0
    while i < len(left) or j < len(right):
        if i >= len(left):
            out.append(right[j])
            j += 1
        elif j >= len(right):
            out.append(left[i])
            i += 1
        else:
            li = server.index(key(left[i])) if key(left[i]) in server else -1
            ri = server.index(key(right[j])) if key(right[j]) in server else -1
            if li >= 0 and ri >= 0 and not li < ri:
                out.append(right[j])
                j += 1
            else:
                out.append(left[i])
                i += 1
    return out


def apply_patch(obj: dict, patch, patch_type: str) -> dict:
    """Return the patched copy of ``obj``; ``ValueError`` with a message for a bad patch."""
    if isinstance(patch, (str, bytes)):
        try:
            patch = gojson.unmarshal(patch)
        except gojson.JSONError as exc:
            # Go's decoder words it; a strategic merge patch answers its sentence bare, merge and
            # JSON patches prefix it (kube-apiserver's patch handler, fieldValidation Warn by default)
            raise ValueError(str(exc) if patch_type == "strategic" else f"error decoding patch: {exc}") from None
    if patch_type == "json":
        import jsonpatch
        try:
            return jsonpatch.apply_patch(copy_json(obj), patch)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError) as exc:
            raise ValueError(f"the server rejected our request due to an error in our request: {exc}") from None
    if not isinstance(patch, dict):
        raise ValueError("json: cannot unmarshal array into Go value of type map[string]interface {}")
    if patch_type == "merge":
        return merge_patch(obj, patch)
    if patch_type == "strategic":
        return strategic_merge(obj, patch)
    raise ValueError(f'unsupported patch type "{patch_type}"')
