"""Event validation: lenient through the core group, strict through ``events.k8s.io/v1``.

Models ``pkg/apis/core/validation/events.go``. Every Event passes the *legacy* checks, whichever group
it comes through: an old-style Event (no ``eventTime``) must be in its object's namespace; a new-style
one (``eventTime`` set) needs ``reportingController`` (a qualified name), ``reportingInstance``,
``action`` and ``reason`` (each at most 128 characters) and a message of at most 1024. A create
through ``events.k8s.io/v1`` must also be new-style through and through: ``eventTime``, ``type``
``Normal`` or ``Warning``, a ``series`` of at least 2 with its ``lastObservedTime``, and none of the
deprecated fields set. An update through that group may change nothing but the series (and
metadata). Errors name the fields as the API server's internal type does (``message``, ``count``,
``involvedObject.namespace``) — in both groups.

The objects here are in the stored (core ``v1``) shape: ``events.k8s.io/v1`` requests are converted
first (:mod:`k8scourse.api.event_groups`).

>>> ev = {"metadata": {"name": "e", "namespace": "default"}, "involvedObject": {"namespace": "default"},
...       "eventTime": "2026-01-01T00:00:00.000000Z", "reportingComponent": "", "reportingInstance": "i",
...       "action": "Do", "reason": "Done", "type": "Normal"}
>>> [str(e) for e in validate_event(ev, None, strict=True)][:2]
['reportingController: Required value', 'reportingController: Invalid value: "": name part must be non-empty']
>>> validate_event(dict(ev, reportingComponent="my-controller"), None, strict=True)
[]
>>> [str(e) for e in validate_event(dict(ev, reportingComponent="c", count=3), None, strict=True)]
['count: Invalid value: "": needs to be unset']
"""

from __future__ import annotations

from ...api import names
from ...api.objects import dig
from ...sim.clock import format_go, parse_rfc3339
from .common import Errors, go_string, raw_invalid

# pkg/apis/core/validation/events.go
REPORTING_INSTANCE_MAX = 128
ACTION_MAX = 128
REASON_MAX = 128
NOTE_MAX = 1024

# Fields an update through events.k8s.io/v1 may not change (ValidateEventUpdate's list and order;
# ``reason`` is checked twice there, so a changed reason is reported twice).
_IMMUTABLE = ("involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count",
              "reason", "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance")
# The internal type's field names where they differ from the core v1 JSON (reportingComponent)
_INTERNAL_PATH = {"reportingComponent": "reportingController"}
# ObjectReference's JSON fields and its Go field names, in the struct's order (how %#v prints it)
_REFERENCE_FIELDS = (("kind", "Kind"), ("namespace", "Namespace"), ("name", "Name"), ("uid", "UID"),
                     ("apiVersion", "APIVersion"), ("resourceVersion", "ResourceVersion"), ("fieldPath", "FieldPath"))


def validate_event(obj: dict, old: dict | None, strict: bool) -> Errors:
    """ValidateEventCreate (``old`` None) or ValidateEventUpdate; ``strict`` for events.k8s.io/v1."""
    errs = _legacy(obj)
    if not strict:
        return errs
    if old is None:
        _strict_create(obj, errs)
    else:
        if obj.get("series") != old.get("series"):
            _series(obj, errs)
        for field in _IMMUTABLE:
            if obj.get(field) != old.get(field):
                errs.append(raw_invalid(_INTERNAL_PATH.get(field, field), _go_field(field, obj.get(field)),
                                        "field is immutable"))
    return errs


def _legacy(obj: dict) -> Errors:
    errs = Errors()
    namespace = dig(obj, "metadata", "namespace", default="") or ""
    involved_ns = dig(obj, "involvedObject", "namespace", default="") or ""
    if not obj.get("eventTime"):
        # an old-style Event lives in its object's namespace ("default" allowed for cluster objects)
        if (involved_ns and namespace != involved_ns) or (not involved_ns and namespace not in ("", "default")):
            errs.invalid("involvedObject.namespace", involved_ns, "does not match event.namespace")
    else:
        if not involved_ns and namespace not in ("default", "kube-system"):
            errs.invalid("involvedObject.namespace", involved_ns, "does not match event.namespace")
        controller = obj.get("reportingComponent") or ""
        if not controller:
            errs.required("reportingController")
        for msg in names.is_qualified_name(controller):
            errs.invalid("reportingController", controller, msg)
        _bounded(obj, "reportingInstance", "reportingInstance", REPORTING_INSTANCE_MAX, errs, required=True)
        _bounded(obj, "action", "action", ACTION_MAX, errs, required=True)
        _bounded(obj, "reason", "reason", REASON_MAX, errs, required=True)
        _bounded(obj, "message", "message", NOTE_MAX, errs, required=False)
    for msg in names.is_dns1123_subdomain(namespace):
        errs.invalid("namespace", namespace, msg)
    return errs


def _bounded(obj: dict, field: str, path: str, limit: int, errs: Errors, required: bool) -> None:
    value = obj.get(field) or ""
    if required and not value:
        errs.required(path)
    if len(value) > limit:
        errs.invalid(path, "", f"can have at most {limit} characters")


def _strict_create(obj: dict, errs: Errors) -> None:
    md = obj.get("metadata") or {}
    for key in ("generateName", "name"):
        if md.get(key):
            for msg in names.is_dns1123_subdomain(md[key]):
                errs.invalid(f"metadata.{key}", md[key], msg)
    _series(obj, errs)
    if not obj.get("eventTime"):
        errs.required("eventTime")
    if obj.get("type") not in ("Normal", "Warning"):
        errs.invalid("type", "", f"has invalid value: {obj.get('type') or ''}")
    for field in ("firstTimestamp", "lastTimestamp", "count"):
        if obj.get(field):
            errs.invalid(field, "", "needs to be unset")
    if dig(obj, "source", "component") or dig(obj, "source", "host"):
        errs.invalid("source", "", "needs to be unset")


def _series(obj: dict, errs: Errors) -> None:
    series = obj.get("series")
    if not isinstance(series, dict):
        return
    if not isinstance(series.get("count"), int) or series["count"] < 2:
        errs.invalid("series.count", "", "should be at least 2")
    if not series.get("lastObservedTime"):
        errs.required("series.lastObservedTime")


def _go_field(field: str, value) -> str:
    """How field.Invalid prints the new value of a changed field: strings quoted, times by their
    String(), references and sources as Go structs (%#v), a nil pointer as null."""
    if field in ("involvedObject", "related"):
        if value is None and field == "related":
            return "null"
        ref = value or {}
        return "core.ObjectReference{" + ", ".join(
            f"{go_name}:{go_string(str(ref.get(field) or ''))}" for field, go_name in _REFERENCE_FIELDS) + "}"
    if field == "source":
        src = value or {}
        return (f"core.EventSource{{Component:{go_string(src.get('component') or '')}, "
                f"Host:{go_string(src.get('host') or '')}}}")
    if field in ("firstTimestamp", "lastTimestamp", "eventTime"):
        return format_go(parse_rfc3339(value) if isinstance(value, str) and value else None)
    if field == "count":
        return str(value or 0)
    return go_string(value or "")
