"""The ``Events:`` section every describer ends with (kubectl ``DescribeEvents``).

Events are found the way kubectl's ``searchEvents`` does, by the involved object's kind, name and
namespace (and uid when both sides have one); Node events are matched across namespaces. They are
sorted by ``lastTimestamp`` alone, as kubectl 1.32's ``SortableEvents`` does: the events.k8s.io
Events of kube-scheduler and kube-proxy have none, so they sort first, in list order, whatever their
``eventTime`` or ``series`` (recorded against the real kubectl; ``kubectl events`` sorts differently,
see :mod:`k8scourse.cli.kubectl.events`). The Age cell is the time since the first occurrence, or for a repeated event
``<since last> (x<count> over <since first>)`` — ``63s (x3 over 2m3s)``. Source is the
``source.component`` (else ``reportingComponent``).

Events with the same last time are ordered as kubectl's ``sort.Sort`` leaves them
(:mod:`k8scourse.cli.gosort`): for up to 12 events the API's list order (by name, which ends in the
creation time), for more the order Go's pattern-defeating quicksort gives.

>>> ev = {"type": "Warning", "reason": "BackOff", "message": "Back-off", "count": 3,
...       "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:01:00Z",
...       "source": {"component": "kubelet"}}
>>> event_age(ev, parse_time("2026-01-01T00:02:03Z"))
'63s (x3 over 2m3s)'
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ..gosort import go_sort
from .writer import parse_time, since


def _list(server, plural: str, namespace=None) -> list[dict]:
    info = REGISTRY.by_name(plural)
    result = server.list(info, namespace)
    return list(result["items"] if isinstance(result, dict) else result)


def find_events(server, obj: dict, kind: str) -> list[dict]:
    """Events whose ``involvedObject`` is ``obj`` (in list order: namespace, then name)."""
    md = obj.get("metadata") or {}
    name, namespace, uid = md.get("name", ""), md.get("namespace", ""), md.get("uid", "")
    if kind == "Node":
        candidates = _list(server, "events", None)
        uids = {uid, name} - {""}
    else:
        candidates = _list(server, "events", namespace or None)
        uids = {uid} - {""}
    found = []
    for ev in candidates:
        inv = ev.get("involvedObject") or ev.get("regarding") or {}
        if inv.get("name") != name or (inv.get("kind") and inv.get("kind") != kind):
            continue
        if kind != "Node" and (inv.get("namespace") or "") != namespace:
            continue
        if inv.get("uid") and uids and inv["uid"] not in uids:
            continue
        found.append(ev)
    return found


def _event_time(ev: dict) -> int:
    return parse_time(ev.get("lastTimestamp")) or 0


def event_age(ev: dict, now_ms: int) -> str:
    first = since(ev.get("eventTime"), now_ms) if ev.get("eventTime") else since(ev.get("firstTimestamp"), now_ms)
    series = ev.get("series")
    if isinstance(series, dict):
        return f"{since(series.get('lastObservedTime'), now_ms)} (x{series.get('count', 0)} over {first})"
    if (ev.get("count") or 0) > 1:
        return f"{since(ev.get('lastTimestamp'), now_ms)} (x{ev['count']} over {first})"
    return first


def describe_events(w, events: list[dict] | None, now_ms: int) -> None:
    """Write the ``Events:`` table (or ``Events: <none>``); flushes the aligned block before it."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for ev in go_sort(events, lambda a, b: _event_time(a) < _event_time(b)):
        source = (ev.get("source") or {}).get("component") or ev.get("reportingComponent") \
            or ev.get("reportingController") or ""
        w.write(1, "%s\t%s\t%s\t%s\t%s\n", ev.get("type", ""), ev.get("reason", ""), event_age(ev, now_ms),
                source, (ev.get("message") or ev.get("note") or "").strip())
