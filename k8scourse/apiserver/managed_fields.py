"""Field ownership: ``metadata.managedFields``, recorded for every write.

Models ``k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager`` (structured-merge-diff) for the
writes that are not server-side apply (:mod:`.apply` records those):

* every create, update and patch adds or refreshes an ``operation: Update`` entry for its *field
  manager* (the request's ``fieldManager``, else the User-Agent's prefix: ``kubectl-create``,
  ``kube-controller-manager``, ``kubelet``): ``manager``, ``operation``, ``apiVersion`` (the
  request's), ``time`` (seconds), ``fieldsType: FieldsV1``, the ``fieldsV1`` field set and, for a
  subresource write, ``subresource`` (``status``, ``scale``);
* a create makes the manager own every field of the (defaulted) object but status and the
  identity/bookkeeping metadata (name, uid, resourceVersion, …); fields that mutating admission or
  the storage add later (a pod's service account volume, a Service's cluster IP) are nobody's;
* an update makes the manager own the fields it changed or added; every other manager loses them,
  and every manager loses the fields the update removed; an entry left empty goes. One entry per
  manager, operation, API version and subresource: a second write of the same manager merges;
* more than 10 ``Update`` entries: the oldest are merged into one called ``ancient-changes``;
* ``managedFields`` sent with an update replace the stored ones (``[]`` resets them); absent or
  ``null`` they are kept. A subresource write ignores the ones sent.

Field sets are nested dicts in the FieldsV1 encoding: ``f:<field>`` for a struct's or map's
field, ``k:{"name":"web"}`` for an item of a list with keys, ``v:"x"`` for a set's item, ``"."``
for the node itself when it has children too. A node is never changed in place: an update shares
the unchanged branches with the previous sets, and only the changed parts of an object are walked.

>>> old = {"metadata": {"name": "c", "labels": {"a": "1"}}, "data": {"x": "1"}}
>>> new = {"metadata": {"name": "c", "labels": {"a": "2", "b": "1"}}, "data": {"x": "1"}}
>>> object_fields(old)
{'f:data': {'.': {}, 'f:x': {}}, 'f:metadata': {'f:labels': {'.': {}, 'f:a': {}}}}
>>> changed, removed = object_changes(old, new)
>>> changed, removed
({'f:metadata': {'f:labels': {'f:a': {}, 'f:b': {}}}}, None)
>>> entries = [entry("alice", "v1", "2026-03-02T09:00:00Z", object_fields(old))]
>>> after = record_update(entries, "bob", "v1", "", "2026-03-02T09:01:00Z", changed, removed)
>>> [(e["manager"], e["fieldsV1"]) for e in after]
[('alice', {'f:data': {'.': {}, 'f:x': {}}, 'f:metadata': {'f:labels': {}}}), ('bob', {'f:metadata': {'f:labels': {'f:a': {}, 'f:b': {}}}})]
"""

from __future__ import annotations

import json

from .. import defaults

# Sent as the field manager by server-side apply, which computes its entries itself.
APPLIED = "\x00apply"

# Fields whose type is a map of strings (not a struct): the map itself is a member of the set (".").
MAP_FIELDS = frozenset({"labels", "annotations", "data", "binaryData", "matchLabels", "nodeSelector",
                        "limits", "requests", "capacity", "allocatable", "parameters", "hard", "used",
                        "default", "defaultRequest", "max", "min", "maxLimitRequestRatio"})
# Lists whose items are identified by keys (x-kubernetes-list-type: map) and their keys.
LIST_KEYS = {
    "containers": ("name",), "initContainers": ("name",), "ephemeralContainers": ("name",),
    "volumes": ("name",), "volumeMounts": ("mountPath",), "volumeDevices": ("devicePath",),
    "env": ("name",), "imagePullSecrets": ("name",), "conditions": ("type",), "hostAliases": ("ip",),
    "topologySpreadConstraints": ("topologyKey", "whenUnsatisfiable"), "ownerReferences": ("uid",),
    "resourceClaims": ("name",), "podIPs": ("ip",), "hostIPs": ("ip",), "addresses": ("type",),
}
# Lists of scalars that are sets (x-kubernetes-list-type: set): items as v:<json>.
SET_LISTS = frozenset({"finalizers"})
# Metadata fields no manager owns (upstream's stripped fields).
IGNORED_METADATA = frozenset({"name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                              "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"})
_TOP_SKIPPED = frozenset({"apiVersion", "kind", "status"})


def manager_for(user: str) -> str:
    """The field manager of an in-process component's write that names none (its binary's name)."""
    known = _MANAGERS.get(user)
    if known is None:
        known = defaults.FIELD_MANAGERS.get(user)
        if known is None:
            known = next((m for prefix, m in defaults.FIELD_MANAGER_PREFIXES if user.startswith(prefix)),
                         next((m for suffix, m in defaults.FIELD_MANAGER_SUFFIXES if user.endswith(suffix)), user))
        if len(_MANAGERS) < 4096:
            _MANAGERS[user] = known
    return known


_MANAGERS: dict[str, str] = {}


def manager_from_user_agent(user_agent: str) -> str:
    """What upstream takes as the manager when a request names no ``fieldManager``."""
    return (user_agent or "").split("/")[0]


# ----------------------------------------------------------------------------- field sets
def _is_map(field: str, value: dict) -> bool:
    if field == "selector":     # a Service's/ReplicationController's selector is a map, a workload's a struct
        return "matchLabels" not in value and "matchExpressions" not in value
    return field in MAP_FIELDS


def _keys_of(field: str, items: list) -> tuple[str, ...] | None:
    if field == "ports":
        if all(isinstance(i, dict) for i in items):
            if any("containerPort" in i for i in items):
                return ("containerPort", "protocol")
            if any("port" in i for i in items) and not any("name" in i and "port" not in i for i in items):
                return ("port", "protocol")
        return None
    keys = LIST_KEYS.get(field)
    if keys and all(isinstance(i, dict) for i in items):
        return keys
    return None


def _item_id(keys: tuple[str, ...], item: dict) -> str:
    if len(keys) == 1:          # the common case (a name, a type): remembered
        value = item.get(keys[0])
        if type(value) is str:
            known = _ITEM_IDS.get((keys[0], value))
            if known is None:
                known = "k:" + json.dumps({keys[0]: value}, separators=(",", ":"), ensure_ascii=False)
                if len(_ITEM_IDS) < 65536:
                    _ITEM_IDS[(keys[0], value)] = known
            return known
    values = {}
    for k in sorted(keys):
        v = item.get(k)
        if v is None and k == "protocol":
            v = "TCP"       # the key's default
        if v is not None:
            values[k] = v
    return "k:" + json.dumps(values, separators=(",", ":"), ensure_ascii=False)


_ITEM_IDS: dict[tuple[str, str], str] = {}


def _shape(field: str, value):
    """"map"/"struct" (non-empty dict), "keyed"/"set" (non-empty list of those kinds), else "leaf"."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "leaf"
        return "map" if _is_map(field, value) else "struct"
    if kind is list and value:
        if field in SET_LISTS:
            return "set"
        if _keys_of(field, value):
            return "keyed"
    return "leaf"


def fields_of(value, field: str = "") -> dict:
    """The field set of a value present at a path (the path's own node: ``{}`` for a leaf)."""
    kind = value.__class__
    if kind is dict:
        if not value:
            return {}
        tree: dict = {".": {}} if (field in MAP_FIELDS or field == "selector" and _is_map(field, value)) else {}
        keys = tuple(value)
        order = _ORDERS.get(keys) or _order(keys)
        for key, path in order:
            sub = value[key]
            if sub is None:
                continue
            cls = sub.__class__
            tree[path] = fields_of(sub, key) if cls is dict or cls is list else {}
        return tree
    if kind is not list or not value:
        return {}
    if field in SET_LISTS:
        tree = {".": {}}
        for item in sorted(json.dumps(v, ensure_ascii=False) for v in value):
            tree["v:" + item] = {}
        return tree
    keys = _keys_of(field, value)
    if not keys:
        return {}
    items = {}
    for item in value:
        node = fields_of(item, field)
        items[_item_id(keys, item)] = {".": {}, **node} if node else {}
    return {item_id: items[item_id] for item_id in sorted(items)}


_ORDERS: dict[tuple, tuple] = {}


def _order(keys: tuple) -> tuple:
    """A dict's keys sorted, each with its ``f:`` path element (remembered per key set: objects of
    one kind, made from one template, repeat them)."""
    order = tuple((k, "f:" + k) for k in sorted(keys))
    if len(_ORDERS) < 65536:
        _ORDERS[keys] = order
    return order


def object_fields(obj: dict, *, status: bool = False) -> dict:
    """What a create makes its manager own: every field but the ignored metadata (and status,
    which the main resource resets; ``status=True``: only status, a status subresource's).

    The set of a *flat* object (its fields scalars or maps of scalars: an Event, a Lease, a
    ConfigMap) depends only on its keys: it is remembered per key layout and shared."""
    signature = None if status else _flat_signature(obj)
    if signature is not None:
        known = _FLAT.get(signature)
        if known is not None:
            return known
    tree: dict = {}
    for key in sorted(obj):
        value = obj[key]
        if value is None or key in ("apiVersion", "kind"):
            continue
        if (key == "status") != status:
            continue
        if key == "metadata" and isinstance(value, dict):
            md = {k: v for k, v in value.items() if k not in IGNORED_METADATA}
            if not md or all(v is None for v in md.values()):
                continue
            tree["f:metadata"] = fields_of(md, "metadata")
        else:
            tree["f:" + key] = fields_of(value, key)
    if signature is not None and len(_FLAT) < 4096:
        _FLAT[signature] = tree
    return tree


_FLAT: dict[tuple, dict] = {}


def _flat_signature(obj: dict) -> tuple | None:
    """The key layout of an object whose fields are scalars or dicts of scalars (None otherwise)."""
    parts = []
    for key, value in obj.items():
        cls = value.__class__
        if cls is dict:
            inner = []
            for k, v in value.items():
                c = v.__class__
                if c is dict or c is list:
                    if v or key != "metadata" or k not in IGNORED_METADATA:
                        return None
                inner.append((k, v is None))
            parts.append((key, tuple(inner)))
        elif cls is list:
            return None
        else:
            parts.append((key, value is None))
    return tuple(parts)


def changes(old, new, field: str = "") -> tuple[dict | None, dict | None]:
    """(changed or added, removed) field sets between two values at one path; only the parts
    that differ are walked. The node's own path is relative: the trees are its children."""
    shape = _shape(field, old)
    if shape != _shape(field, new):
        new_fields = fields_of(new, field)
        return new_fields, minus(fields_of(old, field), new_fields)
    if shape == "leaf":
        return {}, None
    changed: dict = {}
    removed: dict = {}
    if shape in ("map", "struct"):
        for key, n in new.items():
            o = old.get(key)
            if o is n or o == n:
                continue
            _one(changed, removed, "f:" + key, o, n, key)
        for key, o in old.items():
            if o is not None and key not in new:
                removed["f:" + key] = fields_of(o, key)
    elif shape == "set":
        olds = {json.dumps(v, ensure_ascii=False) for v in old}
        news = {json.dumps(v, ensure_ascii=False) for v in new}
        for item in news - olds:
            changed["v:" + item] = {}
        for item in olds - news:
            removed["v:" + item] = {}
    else:
        keys = _keys_of(field, old + new)
        if len(old) == len(new) and all(o is n or all(o.get(k) == n.get(k) for k in keys) for o, n in zip(old, new)):
            for o, n in zip(old, new):      # the same items in the same places: only the changed ones are walked
                if o is n or o == n:
                    continue
                c, r = changes(o, n, field)
                item_id = _item_id(keys, n)
                if c:
                    changed[item_id] = _sorted(c)
                if r:
                    removed[item_id] = _sorted(r)
            return (_sorted(changed) if changed else None), (_sorted(removed) if removed else None)
        olds = {_item_id(keys, i): i for i in old}
        news = {_item_id(keys, i): i for i in new}
        for item_id in olds.keys() | news.keys():
            o, n = olds.get(item_id), news.get(item_id)
            if o is n or o == n:
                continue
            if o is None:
                node = fields_of(n, field)
                changed[item_id] = {".": {}, **node} if node else {}
            elif n is None:
                node = fields_of(o, field)
                removed[item_id] = {".": {}, **node} if node else {}
            else:
                c, r = changes(o, n, field)
                if c:
                    changed[item_id] = _sorted(c)
                if r:
                    removed[item_id] = _sorted(r)
    if shape != "leaf" and not changed and not removed:
        return None, None
    return (_sorted(changed) if changed else None), (_sorted(removed) if removed else None)


def _one(changed: dict, removed: dict, path: str, o, n, field: str) -> None:
    if o is None:
        changed[path] = fields_of(n, field)
    elif n is None:
        removed[path] = fields_of(o, field)
    else:
        c, r = changes(o, n, field)
        if c is not None:
            changed[path] = c
        if r is not None:
            removed[path] = r


def object_changes(old: dict, new: dict, *, status: bool = False) -> tuple[dict | None, dict | None]:
    """The (changed or added, removed) field sets of an update of the main resource (``status``:
    of the status subresource: only status counts)."""
    changed: dict = {}
    removed: dict = {}
    if status:
        o, n = old.get("status"), new.get("status")
        if not (o is n or o == n):
            _one(changed, removed, "f:status", o, n, "status")
    else:
        keys = list(new)
        keys += [k for k in old if k not in new]
        for key in keys:
            if key in _TOP_SKIPPED:
                continue
            o, n = old.get(key), new.get(key)
            if o is n or o == n:
                continue
            if key == "metadata" and isinstance(o, dict) and isinstance(n, dict):
                om = {k: v for k, v in o.items() if k not in IGNORED_METADATA}
                nm = {k: v for k, v in n.items() if k not in IGNORED_METADATA}
                if om != nm:
                    if not om or not nm:
                        _one(changed, removed, "f:metadata", om or None, nm or None, "metadata")
                    else:
                        _one(changed, removed, "f:metadata", om, nm, "metadata")
                continue
            _one(changed, removed, "f:" + key, o, n, key)
    return (_sorted(changed) if changed else None), (_sorted(removed) if removed else None)


def _sorted(tree: dict) -> dict:
    return tree if _in_order(tree) else {k: tree[k] for k in sorted(tree)}


def _in_order(tree: dict) -> bool:
    previous = ""
    for key in tree:
        if key < previous:
            return False
        previous = key
    return True


# ----------------------------------------------------------------------------- set operations
def _member(tree: dict) -> bool:
    return not tree or "." in tree


def _node(member: bool, children: dict) -> dict | None:
    children.pop(".", None)
    if not children:
        return {} if member else None
    if member:
        return _sorted({".": {}, **children})
    return _sorted(children)


def union(a: dict | None, b: dict | None) -> dict | None:
    """The union of two field sets (``a`` itself when ``b`` adds nothing)."""
    if b is None or a is b:
        return a
    if a is None:
        return b
    member = _member(a)
    children = None
    for key, sub in b.items():
        if key == ".":
            continue
        mine = a.get(key)
        merged = union(mine, sub)
        if merged is not mine:
            if children is None:
                children = dict(a)
            children[key] = merged
    if children is None:
        if member or not _member(b):
            return a
        children = dict(a)
    return _node(member or _member(b), children)


def minus(a: dict | None, b: dict | None) -> dict | None:
    """``a`` without the paths of ``b`` (``a`` itself when they share none; None when empty)."""
    if a is None:
        return None
    if b is None:
        return a
    drop_self = _member(a) and _member(b)
    children = None
    for key, sub in b.items():
        if key == ".":
            continue
        mine = a.get(key)
        if mine is None:
            continue
        left = minus(mine, sub)
        if left is not mine:
            if children is None:
                children = dict(a)
            if left is None:
                del children[key]
            else:
                children[key] = left
    if children is None:
        if not drop_self:
            return a
        children = dict(a)
    return _node(_member(a) and not drop_self, children)


def covers(a: dict | None, b: dict) -> bool:
    """Whether every path of ``b`` is in ``a``."""
    if a is None:
        return False
    if _member(b) and not _member(a):
        return False
    for key, sub in b.items():
        if key != "." and not covers(a.get(key), sub):
            return False
    return True


# ----------------------------------------------------------------------------- entries
def entry(manager: str, api_version: str, time: str, fields: dict, *, operation: str = "Update",
          subresource: str = "") -> dict:
    """A ``managedFields`` item in upstream's field order."""
    item = {"manager": manager, "operation": operation, "apiVersion": api_version, "time": time,
            "fieldsType": "FieldsV1", "fieldsV1": fields}
    if subresource:
        item["subresource"] = subresource
    return item


def _identity(e: dict) -> tuple:
    operation = e.get("operation")
    return (e.get("manager"), operation, "" if operation == "Apply" else e.get("apiVersion"),
            e.get("subresource", ""))


def sort_entries(entries: list[dict]) -> list[dict]:
    """Upstream's order: by operation (Apply first), time (seconds), manager, API version, subresource."""
    return sorted(entries, key=lambda e: (e.get("operation") or "", e.get("time") or "", e.get("manager") or "",
                                          e.get("apiVersion") or "", e.get("subresource") or ""))


def record_create(manager: str, api_version: str, time: str, obj: dict, subresource: str = "") -> list[dict]:
    fields = object_fields(obj)
    return [entry(manager, api_version, time, fields, subresource=subresource)] if fields else []


def record_update(entries: list | None, manager: str, api_version: str, subresource: str, time: str,
                  changed: dict | None, removed: dict | None) -> list[dict]:
    """The entries after an update by ``manager`` that changed/added ``changed`` and removed
    ``removed`` (the same list when nothing changed hands)."""
    entries = [e for e in entries or () if isinstance(e, dict)]
    if changed is None and removed is None:
        return entries
    mine = (manager, "Update", api_version, subresource)
    if removed is None and changed:
        touched = _touched(entries, mine, time, changed)
        if touched is not None:
            return touched
    taken = union(changed, removed)
    result = []
    own = None
    for e in entries:
        fields = e.get("fieldsV1") or {}
        if _identity(e) == mine:
            own = e
            left = minus(fields, removed)
        else:
            left = minus(fields, taken)
        if left is fields:
            result.append(e)
        elif left:
            result.append(dict(e, fieldsV1=left))
        elif own is e:
            own = None
    if changed:
        if own is not None:
            index = next(i for i, e in enumerate(result) if _identity(e) == mine)
            result[index] = dict(result[index], time=time,
                                 fieldsV1=union(result[index].get("fieldsV1") or {}, changed))
        else:
            result.append(entry(manager, api_version, time, changed, subresource=subresource))
    return sort_entries(_capped(result)) if len(result) > 1 else result


def _sole_own_entry(entries: list | None, manager: str, api_version: str) -> dict | None:
    """The object's only entry when it is ``manager``'s Update of the main resource in this version."""
    if not entries or len(entries) != 1:
        return None
    own = entries[0]
    if own.get("manager") != manager or own.get("operation") != "Update" or own.get("apiVersion") != api_version \
            or own.get("subresource"):
        return None
    return own


def scalars_updated(old: dict, new: dict, entries: list | None, manager: str, api_version: str,
                    time: str) -> list | None:
    """The entries after ``manager`` changed only top-level scalar fields it alone already owns (an
    Event's count and last timestamp); None when the update is anything else."""
    own = _sole_own_entry(entries, manager, api_version)
    if own is None:
        return None
    owned = own.get("fieldsV1") or {}
    moved = False
    for key, value in new.items():
        before = old.get(key, _ABSENT)
        if before is value or key in _TOP_SKIPPED:
            continue
        if key == "metadata" or before == value:
            if before == value:
                continue
            return None
        cls = value.__class__
        if value is None or before is None or before is _ABSENT or cls is dict or cls is list \
                or owned.get("f:" + key) != {}:
            return None
        moved = True
    for key in old:
        if key not in new and key not in _TOP_SKIPPED:
            return None
    if not moved or own.get("time") == time:
        return entries
    return [dict(own, time=time)]


_ABSENT = object()


def renewed(entries: list | None, manager: str, api_version: str, time: str, spec_changes: dict) -> list | None:
    """The entries after ``manager`` changed the scalar ``spec`` fields in ``spec_changes`` of an
    object whose only entry is its own and already holds them (a lease renewal); None when that is
    not the case (the caller then takes :func:`record_update`)."""
    own = _sole_own_entry(entries, manager, api_version)
    if own is None:
        return None
    spec = (own.get("fieldsV1") or {}).get("f:spec")
    if not spec:
        return None
    for key, value in spec_changes.items():
        if spec.get("f:" + key) != {} or value is None or type(value) in (dict, list):
            return None
    return entries if own.get("time") == time else [dict(own, time=time)]


def _touched(entries: list[dict], mine: tuple, time: str, changed: dict) -> list[dict] | None:
    """The steady state (a lease renewal, a kubelet's next status): the manager's entry already
    holds every changed path and no other entry holds one, so only its time moves. None otherwise."""
    own = None
    for e in entries:
        fields = e.get("fieldsV1") or {}
        if _identity(e) == mine:
            own = e
        elif minus(fields, changed) is not fields:
            return None
    if own is None or not covers(own.get("fieldsV1"), changed):
        return None
    if own.get("time") == time:
        return entries
    result = [dict(e, time=time) if e is own else e for e in entries]
    return sort_entries(result) if len(result) > 1 else result


def _capped(entries: list[dict]) -> list[dict]:
    updates = [e for e in entries if e.get("operation") == "Update"]
    if len(updates) <= defaults.MAX_UPDATE_MANAGERS:
        return entries
    oldest = sorted(updates, key=lambda e: e.get("time") or "")[:len(updates) - defaults.MAX_UPDATE_MANAGERS + 1]
    fields: dict | None = None
    api_version = ""
    for e in oldest:
        fields = union(fields, e.get("fieldsV1") or {})
        api_version = e.get("apiVersion") or api_version
    ancient = [e for e in oldest if e.get("manager") == "ancient-changes"]
    kept = [e for e in entries if not any(e is o for o in oldest)]
    merged = entry("ancient-changes", api_version, (ancient or oldest)[-1].get("time") or "", fields or {})
    return kept + [merged]


def base_entries(sent, live: list | None) -> list | None:
    """The entries an update starts from: those sent with it replace the stored ones, ``[]``
    resets them, absent or ``null`` keeps them."""
    if sent is None:
        return live
    if isinstance(sent, list):
        if not sent:
            return []
        if len(sent) == 1 and isinstance(sent[0], dict) and not any(sent[0].values()):
            return []
        if all(isinstance(e, dict) and e.get("manager") is not None for e in sent):
            return sent
    return live
