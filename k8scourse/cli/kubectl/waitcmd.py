"""``kubectl wait``: let simulated time pass until objects meet a condition.

``kubectl wait --for=condition=Ready pod/web --timeout=60s``, ``--for=condition=Ready=false``,
``--for=delete``, ``--for=jsonpath='{.status.phase}'=Running``; objects by ``TYPE/NAME``, ``TYPE
NAME…``, ``-l selector`` or ``--all``. Each object met prints ``pod/web condition met``; an object
that does not get there in ``--timeout`` (default 30s) prints ``error: timed out waiting for the
condition on pods/web`` and the exit code is 1. Time advances event by event
(``cluster.wait_until``), so the command returns at the simulated instant the condition held.
"""

from __future__ import annotations

from ...api.objects import dig
from ...errors import APIError
from ..flags import Flag
from .command import CommandError, Invocation, kind_slash_name, parse_resource_args
from .wait import parse_go_duration

WAIT_FLAGS = (
    Flag("for", "", "string", "", "The condition to wait on: [delete|condition=condition-name[=condition-value]"
                                  "|jsonpath='{JSONPath expression}'=[JSONPath value]]."),
    Flag("timeout", "", "string", "30s", "The length of time to wait before giving up."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all", "", "bool", False, "Select all resources in the namespace of the specified resource types"),
    Flag("all-namespaces", "A", "bool", False, "If present, list the requested object(s) across all namespaces."),
    Flag("filename", "f", "stringSlice", [], "identifying the resource."),
    Flag("output", "o", "string", "", "Output format."),
)


def _parse_for(text: str):
    if text == "delete":
        return ("delete", None, None)
    if text.startswith("condition="):
        rest = text[len("condition="):]
        name, _, value = rest.partition("=")
        return ("condition", name, value or "True")
    if text.startswith("jsonpath="):
        expr = text[len("jsonpath="):]
        if expr.startswith("'") and expr.endswith("'") and expr.count("'") == 2:
            expr = expr[1:-1]
        path, sep, value = expr.rpartition("}=")
        if not sep:
            return ("jsonpath", expr.strip("'"), None)
        return ("jsonpath", (path + "}").strip("'"), value.strip("'"))
    raise CommandError(f"unrecognized condition: \"{text}\"")


def _met(kind: str, arg, value, obj: dict | None) -> bool:
    if kind == "delete":
        return obj is None
    if obj is None:
        return False
    if kind == "condition":
        for c in dig(obj, "status", "conditions", default=[]) or []:
            if str(c.get("type", "")).lower() == arg.lower():
                return str(c.get("status", "")).lower() == value.lower()
        return False
    from ..printers.jsonpath import JSONPath, JSONPathError
    try:
        results = JSONPath(arg, allow_missing_keys=True).find_results(obj)
    except JSONPathError:          # a malformed expression simply never matches
        return False
    found = [v for group in results for v in group]
    if value is None:
        return bool(found)
    return any(str(v).lower() == value.lower() if isinstance(v, bool) else str(v) == value for v in found)


def run_wait(inv: Invocation) -> int:
    condition = inv.flags.get("for") or ""
    if not condition:
        raise CommandError('unrecognized condition: ""')
    kind, arg, value = _parse_for(condition)
    timeout_s = parse_go_duration(inv.flags.get("timeout") or "30s")
    if timeout_s < 0:
        timeout_s = 7 * 24 * 3600
    groups = parse_resource_args(inv.api, inv.args)
    if not groups:
        raise CommandError("resource(s) were provided, but no name was specified"
                           if inv.args else "you must specify at least one resource", usage_of="wait")
    targets = []
    gone = 0
    selector = inv.flags.get("selector") or ""
    for info, names in groups:
        if names:
            for n in names:
                if inv.api.peek(info, n, inv.namespace) is None:
                    if kind != "delete":
                        raise APIError.not_found(info.plural, n, info.group)
                    gone += 1           # already deleted: nothing to wait for, nothing printed
                    continue
                targets.append((info, n, inv.namespace))
        elif selector or inv.flags.get("all"):
            ns = None if inv.flags.get("all-namespaces") else inv.namespace
            for o in inv.api.list(info, ns, selector)["items"]:
                targets.append((info, o["metadata"]["name"], o["metadata"].get("namespace", "")))
        else:
            raise CommandError("resource(s) were provided, but no name was specified", usage_of="wait")
    if not targets:
        if gone:
            return 0
        raise CommandError("no matching resources found")
    cluster = inv.cluster
    deadline_ms = cluster.sim.now_ms + int(timeout_s * 1000)
    failed = False
    for info, name, ns in targets:
        def check(info=info, name=name, ns=ns) -> bool:
            return _met(kind, arg, value, inv.api.peek(info, name, ns))
        left = max(0, deadline_ms - cluster.sim.now_ms) / 1000
        if check() or cluster.wait_until(check, left):
            if inv.flags.get("output") == "name":
                inv.print(kind_slash_name(info, name))
            else:
                inv.print(f"{kind_slash_name(info, name)} condition met")
        else:
            inv.warn(f"error: timed out waiting for the condition on {info.plural}/{name}")
            failed = True
    if failed and cluster.sim.now_ms < deadline_ms:
        cluster.sim.run(ms=deadline_ms - cluster.sim.now_ms)
    return 1 if failed else 0
