"""Pieces several workload/resource describers share (kubectl describe.go helpers).

``pod_status_counts`` is ``getPodStatusForController`` (pods matching the selector whose controller
owner reference carries the object's uid, counted by phase); ``controlled_by`` is
``printController``; ``conditions_table`` is the ``Type Status Reason`` block of the deployment,
ReplicaSet and ReplicationController describers; ``go_list`` is Go's ``%v`` of a string slice.

>>> go_list(["kubernetes.io/pv-protection"]), go_list([]), go_list(None)
('[kubernetes.io/pv-protection]', '[]', '[]')
>>> go_time("2026-01-01T10:00:00Z")
'2026-01-01 10:00:00 +0000 UTC'
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.labels import selector_from_label_selector, selector_from_set
from ...api.objects import dig
from ...api.ownership import controller_of
from ...sim.clock import format_go
from .writer import parse_time, print_annotations, print_labels

_PHASES = {"Running": 0, "Pending": 1, "Succeeded": 2, "Failed": 3}


def list_items(server, plural: str, group: str = "", namespace=None) -> list[dict]:
    info = REGISTRY.by_plural(plural, group) if group else REGISTRY.by_name(plural)
    result = server.list(info, namespace)
    return list(result["items"] if isinstance(result, dict) else result)


def pod_status_counts(server, obj: dict, label_selector=None, selector_map=None) -> tuple[int, int, int, int]:
    """(running, waiting, succeeded, failed) of the pods the object controls."""
    md = obj.get("metadata") or {}
    try:
        sel = selector_from_set(selector_map) if selector_map is not None \
            else selector_from_label_selector(label_selector)
    except ValueError:
        sel = None
    counts = [0, 0, 0, 0]
    for pod in list_items(server, "pods", "", md.get("namespace") or None):
        if sel is not None and not sel.matches(dig(pod, "metadata", "labels", default={}) or {}):
            continue
        ref = controller_of(pod)
        if not ref or ref.get("uid") != md.get("uid"):
            continue
        index = _PHASES.get(dig(pod, "status", "phase", default=""))
        if index is not None:
            counts[index] += 1
    return counts[0], counts[1], counts[2], counts[3]


def pods_status_line(w, counts) -> None:
    w.write(0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", *counts)


def controlled_by(obj: dict) -> str:
    ref = controller_of(obj)
    return f"{ref.get('kind', '')}/{ref.get('name', '')}" if ref else ""


def name_namespace_meta(w, md: dict) -> None:
    """Name, Namespace, Labels, Annotations — the common opening."""
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))


def conditions_table(w, conditions) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for c in conditions:
        w.write(1, "%s \t%s\t%s\n", c.get("type", ""), c.get("status", ""), c.get("reason", ""))


def go_list(values) -> str:
    """Go's ``%v`` of a ``[]string``: ``[a b]``."""
    return "[" + " ".join(str(v) for v in (values or [])) + "]"


def go_time(ts) -> str:
    """Go's ``time.Time.String()`` in UTC (``2006-01-02 15:04:05 +0000 UTC``)."""
    return format_go(parse_time(ts))


def int_or_string(value) -> str:
    """``IntOrString.String()``; ``<nil>`` for a missing value."""
    return "<nil>" if value is None else str(value)
