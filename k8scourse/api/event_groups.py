"""One Event, two API groups: ``v1`` (core) and ``events.k8s.io/v1``.

Kubernetes 1.19 promoted a new Event API, ``events.k8s.io/v1``, but kept the old one: both groups
serve the *same* objects (one etcd prefix, ``/registry/events``). What differs is the names of
some fields and what a create through the new group must carry:

============================  ==============================
core ``v1``                   ``events.k8s.io/v1``
============================  ==============================
``involvedObject``            ``regarding``
``message``                   ``note``
``reportingComponent``        ``reportingController``
``source``                    ``deprecatedSource``
``firstTimestamp``            ``deprecatedFirstTimestamp``
``lastTimestamp``             ``deprecatedLastTimestamp``
``count``                     ``deprecatedCount``
============================  ==============================

So an Event the kubelet wrote the old way (``count``, ``lastTimestamp``) reads in the new group with
``deprecatedCount`` and ``deprecatedLastTimestamp``, and the scheduler's new-style Events
(``eventTime``, ``series``) read in the core group with ``firstTimestamp: null``. Empty optional
fields are left out as each group's Go type leaves them out (``omitempty``); the struct-typed ones
(``regarding``, ``deprecatedSource``, the timestamps) are always written.

Field selectors use each group's own names: the new group maps them onto the core ones
(``regarding.name`` → ``involvedObject.name``, upstream's ``AddFieldLabelConversionsForEvent``) and
refuses the old spelling (``field label not supported: involvedObject.name``).

>>> core = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "web.1", "namespace": "default"},
...         "involvedObject": {"kind": "Pod", "name": "web"}, "reason": "Pulled", "message": "done",
...         "source": {"component": "kubelet", "host": "n1"}, "firstTimestamp": "2026-01-01T00:00:00Z",
...         "lastTimestamp": "2026-01-01T00:00:00Z", "count": 1, "type": "Normal", "eventTime": None,
...         "reportingComponent": "kubelet", "reportingInstance": "n1"}
>>> new = to_events_v1(core)
>>> new["apiVersion"], new["regarding"]["name"], new["note"], new["deprecatedCount"], new["reportingController"]
('events.k8s.io/v1', 'web', 'done', 1, 'kubelet')
>>> to_core_v1(new) == core
True
>>> core_field_label("regarding.name"), core_field_label("reportingController")
('involvedObject.name', 'reportingComponent')
>>> core_field_selector("regarding.kind=Pod,type!=Normal")
'involvedObject.kind=Pod,type!=Normal'
>>> core_field_label("involvedObject.name")
Traceback (most recent call last):
...
k8scourse.api.fields.FieldSelectorError: field label not supported: involvedObject.name
"""

from __future__ import annotations

from typing import Any

from .fields import FieldSelector, FieldSelectorError, parse_field_selector

GROUP = "events.k8s.io"
API_VERSION = f"{GROUP}/v1"

# core v1 field → events.k8s.io/v1 field (upstream's Convert_core_Event_To_v1_Event)
RENAMED = {
    "involvedObject": "regarding",
    "message": "note",
    "reportingComponent": "reportingController",
    "source": "deprecatedSource",
    "firstTimestamp": "deprecatedFirstTimestamp",
    "lastTimestamp": "deprecatedLastTimestamp",
    "count": "deprecatedCount",
}

# Each group's fields in its Go struct's order, with what a missing one is written as: a value
# (always written: a struct, or a field without omitempty) or _OMIT (left out when empty).
_OMIT = object()
_Fields = tuple[tuple[str, Any], ...]
_EVENTS_V1_FIELDS: _Fields = (
    ("eventTime", None), ("series", _OMIT), ("reportingController", _OMIT), ("reportingInstance", _OMIT),
    ("action", _OMIT), ("reason", _OMIT), ("regarding", {}), ("related", _OMIT), ("note", _OMIT),
    ("type", _OMIT), ("deprecatedSource", {}), ("deprecatedFirstTimestamp", None),
    ("deprecatedLastTimestamp", None), ("deprecatedCount", _OMIT),
)
_CORE_V1_FIELDS: _Fields = (
    ("involvedObject", {}), ("reason", _OMIT), ("message", _OMIT), ("source", {}), ("firstTimestamp", None),
    ("lastTimestamp", None), ("count", _OMIT), ("type", _OMIT), ("eventTime", None), ("series", _OMIT),
    ("action", _OMIT), ("related", _OMIT), ("reportingComponent", ""), ("reportingInstance", ""),
)

# events.k8s.io/v1 field label → the core label it selects on (AddFieldLabelConversionsForEvent)
_FIELD_LABELS = {
    "metadata.name": "metadata.name",
    "metadata.namespace": "metadata.namespace",
    "reason": "reason",
    "type": "type",
    "source": "source",
    "reportingController": "reportingComponent",
    **{f"regarding.{part}": f"involvedObject.{part}"
       for part in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")},
}


def _shaped(obj: dict, api_version: str, fields: _Fields, renames: dict[str, str]) -> dict:
    if obj.get("apiVersion") == api_version:
        return obj
    out: dict[str, Any] = {"apiVersion": api_version, "kind": "Event"}
    if "metadata" in obj:
        out["metadata"] = obj["metadata"]
    for name, missing in fields:
        value = obj.get(renames.get(name, name))
        if value is None or (value in ("", 0, {}) and value is not False):
            if missing is _OMIT:
                continue
            if value is None:
                value = dict(missing) if isinstance(missing, dict) else missing
        out[name] = value
    return out


_TO_CORE = {new: old for old, new in RENAMED.items()}


def to_events_v1(core: dict) -> dict:
    """A stored (core ``v1``) Event as ``events.k8s.io/v1`` serves it; the parts are shared, not copied."""
    return _shaped(core, API_VERSION, _EVENTS_V1_FIELDS, _TO_CORE)


def to_core_v1(event: dict) -> dict:
    """An ``events.k8s.io/v1`` Event in the core ``v1`` shape it is stored in."""
    return _shaped(event, "v1", _CORE_V1_FIELDS, RENAMED)


def core_field_label(label: str) -> str:
    """The core label an ``events.k8s.io/v1`` field selector's ``label`` selects on."""
    try:
        return _FIELD_LABELS[label]
    except KeyError:
        raise FieldSelectorError(f"field label not supported: {label}") from None


def core_field_selector(text: str) -> str:
    """An ``events.k8s.io/v1`` field selector in the core labels it selects on (refused as a whole
    when one label is not supported)."""
    parsed = parse_field_selector(text)
    return str(FieldSelector(term._replace(field=core_field_label(term.field)) for term in parsed.terms))
