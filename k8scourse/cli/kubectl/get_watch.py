"""``kubectl get -w`` / ``--watch-only``: the list, then one row per change, as simulated time passes.

kubectl lists the objects (unless ``--watch-only``), then watches from the list's resourceVersion
and prints every event's object as it arrives — every event, even one whose printed columns did not
change (a pod's ``ADDED`` and its scheduling ``MODIFIED`` both print ``Pending``). Rows go through
one tab writer that *remembers column widths*, so later rows stay aligned with the header (and a
wider cell widens the column from then on). Each row's AGE is the object's age at the moment of the
event. ``-o name|yaml|json|jsonpath`` print each event's object in that format (YAML documents
separated by ``---``).

The stream runs in simulated time (:mod:`.stream`): it ends at ``--request-timeout``, or once nothing
changed for a while.
"""

from __future__ import annotations

from ...api.objects import dig
from ..printers.tabwriter import KUBECTL_GET, TabWriter
from . import printing
from .command import CommandError, Invocation
from .stream import follow_watch


def run_watch(inv: Invocation, targets: list, all_ns: bool) -> int:
    from ...api.fields import parse_field_selector, selectable_fields
    from ...api.labels import parse_selector
    from ...apiserver.tables import to_table
    import k8scourse.cli.printers as printers

    names_total = sum(len(names or []) for _, names, _ in targets)
    if len(targets) != 1 or names_total > 1:
        found = names_total if names_total > 1 else len(targets)
        raise CommandError(f"watch is only supported on individual resources and resource collections, but "
                           f"{found} resources were found")
    info, names, namespace = targets[0]
    ns = None if all_ns or not info.namespaced else (namespace if namespace is not None else inv.namespace)
    output = inv.flags.get("output") or ""
    table_mode = output in ("", "wide")
    label_sel = inv.flags.get("selector") or ""
    field_sel = inv.flags.get("field-selector") or ""
    if names:
        field_sel = ",".join(x for x in (field_sel, f"metadata.name={names[0]}") if x)
    try:
        selector = parse_selector(label_sel) if label_sel else None
        fields = parse_field_selector(field_sel) if field_sel else None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    writer = TabWriter(**KUBECTL_GET)
    state = {"headers": False, "printed": 0}

    def show(objs: list[dict], now_ms: int) -> None:
        if table_mode:
            table = to_table(info, objs, now_ms)
            text = printers.print_table(
                table, wide=output == "wide", no_headers=bool(inv.flags.get("no-headers")) or state["headers"],
                show_labels=bool(inv.flags.get("show-labels")), label_columns=list(inv.flags.get("label-columns") or []),
                with_namespace=all_ns and info.namespaced, with_kind_prefix=None, writer=writer)
            state["headers"] = state["headers"] or bool(text)
        else:
            text = ""
            for obj in objs:
                if output.startswith("yaml") and state["printed"]:
                    text += "---\n"
                text += printing.format_objects(inv, [obj], output, single=True)
                state["printed"] += 1
        inv.out.out(text)

    if not inv.flags.get("watch-only"):
        listed = [inv.api.get(info, names[0], ns or "")] if names else \
            inv.api.list(info, ns, label_sel, inv.flags.get("field-selector") or "")["items"]
        if listed:
            show(listed, inv.now_unix_ms())
    def keep(event) -> bool:
        obj = event.object
        if selector is not None and not selector.matches(dig(obj, "metadata", "labels", default={}) or {}):
            return False
        return fields is None or fields.matches(selectable_fields(info.kind, obj))

    return follow_watch(inv, info, ns, keep, lambda obj, at_ms: show([obj], at_ms))
