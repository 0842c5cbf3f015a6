"""``explain``: why a pod landed where it did, or why it is still Pending — per node, per plugin.

There is no upstream counterpart (kube-scheduler only logs this at high verbosity); the material is
the scheduler's own: the PreFilter results, each node's Filter verdicts in plugin order (stopping at
the first rejection, as upstream), and for the feasible nodes each Score plugin's raw score, its
normalised score (0–100), the weight and the weighted score, summed to the total.

:func:`format_explanation` renders the dict as fixed-width text (stable bytes for notebooks and
nbval). Large clusters are cut to ``max_nodes`` rows per table, with a count of the rows left out.
"""

from __future__ import annotations

from .framework import SKIP, SUCCESS


def _node_filters(att, fw, name: str, feasible: set) -> tuple[str, list[dict]]:
    status = att.failed.get(name)
    if status is None:
        if name in feasible:
            return "Feasible", [{"plugin": p, "result": SUCCESS, "reason": ""} for p in att.active_filters]
        return "NotEvaluated", []
    rows, seen = [], False
    plugins = att.active_filters if status.plugin in att.active_filters else [status.plugin]
    for p in plugins:
        if seen:
            rows.append({"plugin": p, "result": "NotRun", "reason": ""})
        elif p == status.plugin:
            rows.append({"plugin": p, "result": status.code, "reason": status.message})
            seen = True
        else:
            rows.append({"plugin": p, "result": SUCCESS, "reason": ""})
    return "Rejected", rows


def build_explanation(att, fw, sim, pod: dict | None = None) -> dict:
    if att is None:
        md, spec = pod["metadata"], pod.get("spec") or {}
        return {"pod": f"{md.get('namespace', 'default')}/{md['name']}", "attempt": 0, "dryRun": False,
                "time": None, "outcome": "Bound", "node": spec.get("nodeName", ""), "message": "",
                "reason": "bound without a recorded scheduling attempt (spec.nodeName was set directly, "
                          "or the record is older than the scheduler keeps)",
                "numNodes": len(fw.cache.node_list), "preFilter": [], "filters": [], "scores": [], "ties": []}
    nodes = [ni.name for ni in fw.cache.node_list]
    names = list(dict.fromkeys(nodes + list(att.failed) + att.feasible))
    feasible = set(att.feasible)
    filters = []
    for name in names:
        verdict, rows = _node_filters(att, fw, name, feasible)
        filters.append({"node": name, "result": verdict, "plugins": rows})
    scores = []
    if att.scores:
        for j, name in enumerate(att.feasible):
            rows = []
            for plugin, (raw, norm) in att.scores.items():
                w = att.weights[plugin]
                rows.append({"plugin": plugin, "raw": int(raw[j]), "normalized": int(norm[j]), "weight": w,
                             "weighted": int(norm[j]) * w})
            scores.append({"node": name, "plugins": rows, "total": int(att.totals[j])})
        scores.sort(key=lambda s: -s["total"])          # stable: ties keep scan order
    post = att.post_filter
    return {
        "pod": att.key, "attempt": att.number, "dryRun": att.dry,
        "time": sim.clock.rfc3339(att.time_ms), "outcome": att.outcome, "node": att.node,
        "message": att.message, "reason": att.reason, "numNodes": att.num_nodes,
        "feasibleNodesToFind": att.to_find, "startIndex": att.start_index, "evaluatedNodes": att.processed,
        "preFilter": [{"plugin": p, "result": s.code, "reason": s.message} for p, s in att.prefilter],
        "filters": filters, "scores": scores, "ties": list(att.ties),
        "postFilter": None if post is None else {"result": post.code, "message": post.message},
        "nominatedNode": att.nominated or "",
    }


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [fmt(headers)] + [fmt(r) for r in rows]


def format_explanation(expl: dict, max_nodes: int = 20) -> str:
    """Readable fixed-width text of :meth:`Scheduler.explain`'s dict."""
    lines = [f"Pod {expl['pod']}: {expl['outcome']}" + (f" on {expl['node']}" if expl.get("node") else "")]
    if expl.get("dryRun"):
        lines.append("(no attempt recorded yet: dry evaluation against the cluster as it is now)")
    elif expl.get("time"):
        lines.append(f"Attempt {expl['attempt']} at {expl['time']}")
    if expl.get("message"):
        lines.append(f"Message: {expl['message']}")
    if expl.get("reason"):
        lines.append(f"Why: {expl['reason']}")
    pre = [p for p in expl.get("preFilter", []) if p["result"] != SUCCESS]
    if pre:
        lines += ["", "PreFilter:"]
        lines += ["  " + r for r in _table(["PLUGIN", "RESULT", "REASON"],
                                           [[p["plugin"], p["result"], p["reason"]] for p in pre])]
    filters = expl.get("filters", [])
    if filters:
        lines += ["", f"Filter ({expl['numNodes']} nodes, {expl.get('evaluatedNodes', 0)} evaluated):"]
        rows = []
        for f in filters:
            bad = next((p for p in f["plugins"] if p["result"] not in (SUCCESS, SKIP, "NotRun")), None)
            if f["result"] == "Feasible":
                rows.append([f["node"], "passed", f"{len(f['plugins'])} filters passed"])
            elif bad is not None:
                rows.append([f["node"], "rejected", f"{bad['plugin']}: {bad['reason']}"])
            else:
                rows.append([f["node"], "not evaluated", "enough feasible nodes were found before it"])
        shown = rows[:max_nodes]
        lines += ["  " + r for r in _table(["NODE", "RESULT", "DETAIL"], shown)]
        if len(rows) > len(shown):
            lines.append(f"  ... {len(rows) - len(shown)} more nodes")
    scores = expl.get("scores", [])
    if scores:
        plugins = [p["plugin"] for p in scores[0]["plugins"]]
        lines += ["", "Score (normalized x weight = weighted; raw in brackets):"]
        headers = ["NODE"] + [f"{p}(x{scores[0]['plugins'][i]['weight']})" for i, p in enumerate(plugins)] + ["TOTAL"]
        rows = [[s["node"]] + [f"{p['weighted']} [{p['raw']}]" for p in s["plugins"]] + [str(s["total"])]
                for s in scores[:max_nodes]]
        lines += ["  " + r for r in _table(headers, rows)]
        if len(scores) > max_nodes:
            lines.append(f"  ... {len(scores) - max_nodes} more nodes")
        if len(expl.get("ties", [])) > 1:
            lines.append(f"  tied at the top: {', '.join(expl['ties'])}")
    post = expl.get("postFilter")
    if post and post.get("message"):
        lines += ["", f"PostFilter (preemption): {post['message']}"]
    if expl.get("nominatedNode"):
        lines.append(f"Nominated node: {expl['nominatedNode']}")
    return "\n".join(lines) + "\n"
