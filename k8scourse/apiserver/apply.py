"""Server-side apply: ``PATCH`` with ``application/apply-patch+yaml`` and a field manager.

Models the API server's apply path (``k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager``,
structured-merge-diff): the request body is a partial object — the *applied configuration* — and
the field manager named by ``fieldManager`` becomes the owner of exactly the fields it sets.

* An object that does not exist is created from the configuration.
* Otherwise the configuration is merged into the live object: maps field by field, lists whose
  items have a merge key (containers by ``name``, ports by port, …) item by item, other lists whole.
* A field the manager set in its previous apply and no longer sets is removed — unless another
  manager owns it too.
* A field the configuration sets to a value different from the live one, while another manager owns
  it, is a **conflict**: ``409 Conflict`` with upstream's text (``Apply failed with 1 conflict:
  conflict with "bob" using apps/v1: .spec.replicas``), unless ``force=true``, which takes the field over.
* Ownership is recorded in ``metadata.managedFields`` (``operation: Apply``, ``fieldsType:
  FieldsV1``, the ``f:``/``k:`` field set), which kubectl hides unless ``--show-managed-fields``.
* Every other write records an ``operation: Update`` entry (:mod:`.managed_fields`), so an applier
  conflicts with the fields ``kubectl create``, ``kubectl scale`` or a controller set too
  (``conflict with "kubectl-create" using apps/v1: .spec.replicas``), and an applier does not remove
  a field another manager has taken over since.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> info = api.info("configmaps")
>>> cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}
>>> obj, created = server_side_apply(api, info, "default", "c", cm, manager="alice")
>>> created, obj["metadata"]["managedFields"][0]["fieldsV1"]
(True, {'f:data': {'.': {}, 'f:a': {}}})
>>> server_side_apply(api, info, "default", "c", dict(cm, data={"a": "2"}), manager="bob")
Traceback (most recent call last):
...
k8scourse.errors.APIError: Apply failed with 1 conflict: conflict with "alice": .data.a

An ``Update`` owner conflicts as well: here ``kubectl create`` made the ConfigMap.

>>> _ = api.create(dict(cm, metadata={"name": "d"}), manager="kubectl-create")
>>> server_side_apply(api, info, "default", "d", dict(cm, metadata={"name": "d"}, data={"a": "2"}), manager="kubectl")
Traceback (most recent call last):
...
k8scourse.errors.APIError: Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a
>>> obj, _ = server_side_apply(api, info, "default", "d", dict(cm, metadata={"name": "d"}, data={"a": "2"}),
...                            manager="kubectl", force=True)
>>> [(e["manager"], e["operation"], e["fieldsV1"]) for e in obj["metadata"]["managedFields"]]
[('kubectl', 'Apply', {'f:data': {'.': {}, 'f:a': {}}}), ('kubectl-create', 'Update', {'f:data': {'.': {}}})]
"""

from __future__ import annotations

import json

from ..api.objects import copy_json, dig
from ..errors import APIError
from . import managed_fields
from .patch import MERGE_KEYS, _port_key

Path = tuple[str, ...]
_IGNORED_METADATA = ("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                     "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds")


def _list_key(field: str, items: list) -> str | None:
    if field not in MERGE_KEYS or not items or not all(isinstance(i, dict) for i in items):
        return None
    return MERGE_KEYS[field] or _port_key(items)


def field_set(obj, field: str = "", prefix: Path = ()) -> set[Path]:
    """Every path the configuration sets: maps as ``f:name``, keyed list items as ``k:{…}`` (with a
    ``.`` path for the item itself), other values and lists as leaves (the encoding of
    :mod:`.managed_fields`)."""
    status_only = set(obj) <= {"status"} if isinstance(obj, dict) else False
    return _from_fields_v1(managed_fields.object_fields(obj, status=status_only and bool(obj)))


def _to_fields_v1(paths: set[Path]) -> dict:
    tree: dict = {}
    for path in sorted(paths):
        node = tree
        for part in path:
            node = node.setdefault(part, {})
    return tree


def _from_fields_v1(tree: dict, prefix: Path = ()) -> set[Path]:
    paths: set[Path] = set()
    for key, sub in (tree or {}).items():
        here = prefix + (key,)
        if sub:
            paths |= _from_fields_v1(sub, here)
        else:
            paths.add(here)
    return paths


def _value_at(obj, path: Path):
    """The value a path names in an object (``_MISSING`` when absent)."""
    node = obj
    for part in path:
        if part == ".":
            return node
        if part.startswith("f:") and isinstance(node, dict):
            if part[2:] not in node:
                return _MISSING
            node = node[part[2:]]
        elif part.startswith("k:") and isinstance(node, list):
            want = json.loads(part[2:])
            match = [i for i in node if _matches(i, want)]
            if not match:
                return _MISSING
            node = match[0]
        else:
            return _MISSING
    return node


_MISSING = object()


def _remove(obj, path: Path) -> None:
    if path and path[-1] == ".":
        path = path[:-1]
    parent = _value_at(obj, path[:-1]) if len(path) > 1 else obj
    last = path[-1]
    if last.startswith("f:") and isinstance(parent, dict):
        parent.pop(last[2:], None)
    elif last.startswith("k:") and isinstance(parent, list):
        want = json.loads(last[2:])
        parent[:] = [i for i in parent if not _matches(i, want)]


def _matches(item, want: dict) -> bool:
    """Whether a list item has the key values of a ``k:`` path (a port's protocol defaults to TCP)."""
    return isinstance(item, dict) and all(item.get(k, "TCP" if k == "protocol" else None) == v
                                          for k, v in want.items())


def merge_applied(live, applied, field: str = ""):
    """The applied configuration merged into the live object (maps and keyed lists item by item)."""
    if isinstance(applied, dict) and isinstance(live, dict):
        result = copy_json(live)
        for key, value in applied.items():
            result[key] = merge_applied(live.get(key), value, key)
        return result
    if isinstance(applied, list) and isinstance(live, list):
        key = _list_key(field, applied + [i for i in live if isinstance(i, dict)])
        if key is None:
            return copy_json(applied)
        result = [copy_json(i) for i in live]
        for item in applied:
            index = next((n for n, i in enumerate(result) if isinstance(i, dict) and i.get(key) == item.get(key)), None)
            if index is None:
                result.append(copy_json(item))
            else:
                result[index] = merge_applied(result[index], item, field)
        return result
    return copy_json(applied)


LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _last_applied_fields(live: dict) -> set[Path]:
    """The fields of the live object's last-applied configuration that still have its values."""
    text = dig(live, "metadata", "annotations", LAST_APPLIED)
    try:
        last = json.loads(text) if text else None
    except ValueError:
        return set()
    if not isinstance(last, dict) or last.get("apiVersion") != live.get("apiVersion"):
        return set()
    return {p for p in field_set(last) if p[-1] == "." or _value_at(live, p) == _value_at(last, p)}


def _owner(entry: dict) -> str:
    """How upstream names a conflicting manager: ``"bob"`` for an applier, ``"kubectl-create" using
    apps/v1`` for an Update owner, ``"kubectl" with subresource "scale" using apps/v1``."""
    text = json.dumps(entry.get("manager", ""))
    if entry.get("subresource"):
        text += f' with subresource {json.dumps(entry["subresource"])}'
    if entry.get("operation") == "Update":
        text += f' using {entry.get("apiVersion", "")}'
    return text


def _identity_text(entry: dict) -> str:
    """The manager identifier upstream sorts conflicting managers by (the entry's JSON without
    fields and time; without apiVersion for an applier)."""
    keep = {"manager": entry.get("manager", ""), "operation": entry.get("operation", "")}
    if entry.get("operation") != "Apply":
        keep["apiVersion"] = entry.get("apiVersion", "")
    if entry.get("subresource"):
        keep["subresource"] = entry["subresource"]
    return json.dumps(keep, separators=(",", ":"))


def _conflict_error(conflicts: list[tuple[dict, Path]], info) -> APIError:
    if len(conflicts) == 1:
        owner, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {_owner(owner)}: {_dotted(path)}"
    else:
        by_manager: dict[str, list] = {}
        for owner, path in conflicts:
            by_manager.setdefault(_identity_text(owner), [owner, []])[1].append(path)
        lines = []
        for identity in sorted(by_manager):
            owner, paths = by_manager[identity]
            lines.append(f"conflicts with {_owner(owner)}:")
            lines += [f"- {_dotted(p)}" for p in paths]
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    exc = APIError("Conflict", 409, message, kind=info.plural, group=info.group)
    exc.details["causes"] = [{"reason": "FieldManagerConflict", "message": f"conflict with {_owner(o)}",
                              "field": _dotted(p)} for o, p in conflicts]
    return exc


def _dotted(path) -> str:
    parts = []
    for part in path:
        if part == ".":
            continue
        if part.startswith("f:"):
            parts.append("." + part[2:])
        else:
            want = json.loads(part[2:])
            parts.append("[" + ",".join(f"{k}={json.dumps(v)}" for k, v in want.items()) + "]")
    return "".join(parts)


def server_side_apply(api, info, namespace: str, name: str, config, *, manager: str, force: bool = False,
                      dry_run: bool = False, user: str = "admin", subresource: str = "") -> tuple[dict, bool]:
    """Apply ``config`` as ``manager``; returns (the object, whether it was created)."""
    if not isinstance(config, dict):
        raise APIError.bad_request("error decoding YAML: the applied configuration must be an object")
    if not config.get("apiVersion") or not config.get("kind"):
        missing = "apiVersion" if not config.get("apiVersion") else "kind"
        raise APIError.bad_request(f"{missing} must be set")
    md = config.get("metadata") if isinstance(config.get("metadata"), dict) else {}
    if md.get("name") and md["name"] != name:
        raise APIError.bad_request(f"the name of the object ({md['name']}) does not match the name on the URL ({name})")
    applied_paths = field_set(config if subresource != "status" else {"status": config.get("status")})
    now = api.sim.clock.rfc3339()
    entry = {"manager": manager, "operation": "Apply", "apiVersion": config["apiVersion"], "time": now,
             "fieldsType": "FieldsV1", "fieldsV1": _to_fields_v1(applied_paths)}
    if subresource:
        entry["subresource"] = subresource
    live = api.peek(info, name, namespace)
    if live is None:
        if subresource:
            raise APIError.not_found(info.plural, name, info.group)
        body = copy_json(config)
        body.setdefault("metadata", {})["name"] = name
        if info.namespaced:
            body["metadata"]["namespace"] = namespace
        body["metadata"]["managedFields"] = [entry]
        return api.create(body, namespace or None, resource=info, dry_run=dry_run, user=user,
                          manager=managed_fields.APPLIED), True
    live = copy_json(live)
    managers = [e for e in dig(live, "metadata", "managedFields", default=[]) or [] if isinstance(e, dict)]
    own_previous: set[Path] = set()
    others: list[tuple[dict, set[Path]]] = []
    for e in managers:
        paths = _from_fields_v1(e.get("fieldsV1") or {})
        if e.get("manager") == manager and e.get("operation") == "Apply" and e.get("subresource", "") == subresource:
            own_previous = paths
        else:
            others.append((e, paths))
    conflicts = []
    for other, paths in others:
        for path in sorted(applied_paths & paths):
            if path[-1] == ".":
                continue
            if _value_at(live, path) != _value_at(config, path):
                conflicts.append((other, path))
    if conflicts and not force and manager == "kubectl":
        # upgrading from client-side apply: kubectl's own applier takes over the fields its
        # last-applied configuration still holds (upstream's lastAppliedManager)
        allowed = _last_applied_fields(live)
        remaining = [(o, p) for o, p in conflicts if p not in allowed]
        if remaining:
            conflicts = remaining
        else:
            force = True
    if conflicts and not force:
        raise _conflict_error(conflicts, info)
    merged = merge_applied(live, {k: v for k, v in config.items() if k not in ("apiVersion", "kind")})
    merged["apiVersion"], merged["kind"] = live["apiVersion"], live["kind"]
    merged["metadata"] = merge_applied(live["metadata"], {k: v for k, v in md.items() if k not in _IGNORED_METADATA})
    annotations = (merged["metadata"].get("annotations") or {})
    if manager == "kubectl" and annotations.get(LAST_APPLIED):    # kept in step (upstream's lastAppliedUpdater)
        sent = copy_json(config)
        sent_annotations = (sent.get("metadata") or {}).get("annotations")
        if isinstance(sent_annotations, dict):
            sent_annotations.pop(LAST_APPLIED, None)
        merged["metadata"]["annotations"] = dict(annotations, **{
            LAST_APPLIED: json.dumps(sent, separators=(",", ":"), sort_keys=True) + "\n"})
    owned_by_others = set().union(*(p for _e, p in others)) if others else set()
    for path in sorted(own_previous - applied_paths, key=len, reverse=True):
        if path not in owned_by_others:
            _remove(merged, path)
    new_entries = []
    for other, paths in others:
        if force:       # the conflicting fields change hands; fields set to the same value stay shared
            paths = paths - {p for o, p in conflicts if o is other}
        if paths:
            new_entries.append(dict(other, fieldsV1=_to_fields_v1(paths)))
    new_entries.append(entry)
    merged["metadata"]["managedFields"] = managed_fields.sort_entries(new_entries)
    merged["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
    if subresource == "status":
        return api.update_status(merged, user=user, resource=info, dry_run=dry_run,
                                 manager=managed_fields.APPLIED), False
    return api.update(merged, dry_run=dry_run, user=user, resource=info, manager=managed_fields.APPLIED), False
