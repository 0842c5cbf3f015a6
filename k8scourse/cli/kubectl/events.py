"""``kubectl events``: the namespace's events (or all with ``-A``), oldest first, in kubectl 1.32's
table — ``LAST SEEN  TYPE  REASON  OBJECT  MESSAGE`` (``NAMESPACE`` first with ``-A``).

``--for kind/name`` keeps the events of one object, ``--types=Warning,Normal`` those of the given
types; ``-o yaml|json|name`` prints them as an ``EventList``; ``-w`` goes on printing new events as
simulated time passes. LAST SEEN is the age of the first
occurrence, or ``<since last> (x<count> over <since first>)`` for a repeated event.

Events are sorted by their last time — ``series.lastObservedTime``, else ``lastTimestamp``, else
``eventTime`` (kube-scheduler's events.k8s.io Events have only the last) — unlike ``describe``, which
sorts by ``lastTimestamp`` alone. Events with the same last time come out where kubectl's
``sort.Sort`` leaves them (:mod:`k8scourse.cli.gosort`).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> print(c.kubectl("events --types=Info", echo=False), end="")
error: valid --types are Normal or Warning
>>> _ = c.kubectl("run web --image=nginx", echo=False); c.run(seconds=30)
>>> print(c.kubectl("events --for pod/web", echo=False).stdout.splitlines()[0])
LAST SEEN   TYPE     REASON      OBJECT    MESSAGE
"""

from __future__ import annotations

from ..describe.events import event_age
from ..describe.writer import parse_time
from ..gosort import go_sort
from ..flags import Flag
from ..printers.tabwriter import TabWriter
from . import printing
from .command import CommandError, Invocation, RawError, resolve_type
from .stream import follow_watch

EVENTS_FLAGS = (
    Flag("all-namespaces", "A", "bool", False, "If present, list the requested object(s) across all namespaces."),
    Flag("for", "", "string", "", "Filter events to only those pertaining to the specified resource."),
    Flag("types", "", "stringSlice", [], "Output only events of given types."),
    Flag("output", "o", "string", "", "Output format."),
    Flag("no-headers", "", "bool", False, "When using the default output format, don't print headers."),
    Flag("watch", "w", "bool", False, "After listing the requested events, watch for more events."),
    Flag("chunk-size", "", "int", 500, "Return large lists in chunks rather than all at once."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects."),
)

_OUTPUTS = ("go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
            "templatefile,yaml")


def _event_time(ev: dict) -> int:
    series = ev.get("series")
    if isinstance(series, dict) and series.get("lastObservedTime"):
        return parse_time(series["lastObservedTime"]) or 0
    return parse_time(ev.get("lastTimestamp")) or parse_time(ev.get("eventTime")) or 0


def _involved(ev: dict) -> dict:
    return ev.get("involvedObject") or ev.get("regarding") or {}


def run_events(inv: Invocation) -> int:
    output = inv.flags.get("output") or ""
    if output and output.partition("=")[0] not in _OUTPUTS.split(","):
        raise CommandError(f'unable to match a printer suitable for the output format "{output}", '
                           f'allowed formats are: {_OUTPUTS}')
    types = [t for part in inv.flags.get("types") or [] for t in part.split(",") if t]
    for t in types:
        if t.lower() not in ("normal", "warning"):
            raise CommandError("valid --types are Normal or Warning")
    if inv.flags.get("watch") and output:
        raise CommandError("kubectl events --watch with -o is not modelled by the simulator; "
                           "use the table (no -o) or run it without --watch")
    all_ns = bool(inv.flags.get("all-namespaces"))
    kind = name = ""
    if inv.flags.get("for"):
        type_name, slash, name = inv.flags["for"].partition("/")
        if not slash:
            raise CommandError("--for must be in resource/name form")
        try:
            kind = resolve_type(inv.api, type_name).kind
        except CommandError as exc:       # kubectl prints its REST mapper's words bare
            raise RawError(str(exc)) from None
    wanted = {t.lower() for t in types}

    def kept(e: dict) -> bool:
        return (not kind or (_involved(e).get("kind") == kind and _involved(e).get("name") == name)) \
            and (not wanted or (e.get("type") or "").lower() in wanted)

    events = [e for e in inv.api.list("events", None if all_ns else inv.namespace)["items"] if kept(e)]
    events = go_sort(events, lambda a, b: _event_time(a) < _event_time(b))
    if inv.flags.get("watch"):
        return _watch(inv, events, kept, all_ns)
    if not events:
        inv.warn("No events found." if all_ns else f"No events found in {inv.namespace} namespace.")
        return 0
    if output:
        if output != "name":      # kubectl events prints no names (its name printer gets an EventList)
            if not inv.flags.get("show-managed-fields"):
                events = [printing._without_managed_fields(e) for e in events]
            listed = {"apiVersion": "v1", "items": events, "kind": "EventList", "metadata": {}}
            inv.out.out(printing.format_objects(inv, [listed], output, single=True, typed=True))
        return 0
    now = inv.now_unix_ms()
    w = TabWriter(**_TABLE)
    if not inv.flags.get("no-headers"):
        w.write(_header(all_ns))
    for ev in events:
        w.write(_row(ev, now, all_ns))
    inv.out.out(w.flush())
    return 0


_TABLE = {"minwidth": 6, "tabwidth": 4, "padding": 3}


def _header(all_ns: bool) -> str:
    return ("NAMESPACE\t" if all_ns else "") + "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n"


def _row(ev: dict, now_ms: int, all_ns: bool) -> str:
    obj = _involved(ev)
    cells = [event_age(ev, now_ms), ev.get("type", ""), ev.get("reason", ""),
             f"{obj.get('kind', '')}/{obj.get('name', '')}", (ev.get("message") or ev.get("note") or "").strip()]
    if all_ns:
        cells.insert(0, (ev.get("metadata") or {}).get("namespace", ""))
    return "\t".join(cells) + "\n"


def _watch(inv: Invocation, listed: list[dict], kept, all_ns: bool) -> int:
    """``--watch``: the listed events, then every event created or updated (a repeat counted again)
    while simulated time passes (:mod:`.stream`), one row at a time as kubectl prints them — each
    row flushed on its own through a tab writer that remembers column widths, the header with the
    first row, nothing at all (not even "No events found") while there is none."""
    writer = TabWriter(**_TABLE, remember_widths=True)
    state = {"header": not inv.flags.get("no-headers")}

    def show(ev: dict, now_ms: int) -> None:
        if state["header"]:
            writer.write(_header(all_ns))
            state["header"] = False
        writer.write(_row(ev, now_ms, all_ns))
        inv.out.out(writer.flush())

    now = inv.now_unix_ms()
    for ev in listed:
        show(ev, now)
    return follow_watch(inv, inv.api.info("events"), None if all_ns else inv.namespace,
                        lambda event: event.type in ("ADDED", "MODIFIED") and kept(event.object), show)

