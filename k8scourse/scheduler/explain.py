"""``explain``: why a pod landed where it did, or why it is still Pending — per node, per plugin.

There is no upstream counterpart (kube-scheduler only logs this at high verbosity); the material is
the scheduler's own: the PreFilter results, each node's Filter verdicts in plugin order (stopping at
the first rejection, as upstream), and for the feasible nodes each Score plugin's raw score, its
normalised score (0–100), the weight and the weighted score, summed to the total.

:func:`format_explanation` renders the dict as fixed-width text (stable bytes for notebooks and
nbval) in the current language of :mod:`k8scourse.i18n`: the sentences and headings are the
course's (English or Korean); plugin names, outcomes and the plugins' reasons are kube-scheduler's
own words. Large clusters are cut to ``max_nodes`` rows per table, with a count of the rows left out.
"""

from __future__ import annotations

import re

from ..i18n import display_width, ljust, t
from .framework import SKIP, SUCCESS


EXPLAIN_NO_ATTEMPT = ("bound without a recorded scheduling attempt (spec.nodeName was set directly, or the record "
                      "is older than the scheduler keeps)")


def _node_filters(att, fw, name: str, feasible: set) -> tuple[str, list[dict]]:
    status = att.failed.get(name)
    if status is None and att.narrowed is not None and name not in att.narrowed and name not in feasible:
        # left out by a PreFilterResult: the plugins that named other nodes reject it
        return "Rejected", [{"plugin": p, "result": att.absent.code, "reason": att.absent.message}
                            for p in att.narrowed_by]
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
                "reason": EXPLAIN_NO_ATTEMPT,
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


# The scheduler records its decision's reason as an English sentence (``algorithm.py``); these
# patterns give each form its catalogue key, so the explainer speaks the learner's language without
# the scheduler's hot path knowing about languages. A sentence no pattern matches is shown as is.
REASONS = [
    (re.compile(re.escape(EXPLAIN_NO_ATTEMPT)), "explain.no_attempt"),
    (re.compile(r"the cluster has no nodes"), "explain.reason.no_nodes"),
    (re.compile(r"the nominated node still fits"), "explain.reason.nominated_fits"),
    (re.compile(r"it is the only feasible node \(no scoring needed\)"), "explain.reason.only_feasible"),
    (re.compile(r"no node passed the filters; preemption nominated (?P<node>\S+)"),
     "explain.reason.none_passed_nominated"),
    (re.compile(r"no node passed the filters"), "explain.reason.none_passed"),
    (re.compile(r"highest total score (?P<score>\d+)"), "explain.reason.highest"),
    (re.compile(r"(?P<n>\d+) nodes share the highest total score (?P<score>\d+); one would be picked at random"),
     "explain.reason.tie_dry"),
    (re.compile(r"highest total score (?P<score>\d+), shared by (?P<n>\d+) nodes: picked at random"),
     "explain.reason.tie"),
]


def reason_text(reason: str) -> str:
    """The scheduler's reason sentence in the current language."""
    for pattern, key in REASONS:
        m = pattern.fullmatch(reason)
        if m:
            return t(key, **m.groupdict())
    return reason


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(display_width(h), *(display_width(r[i]) for r in rows)) if rows else display_width(h)
              for i, h in enumerate(headers)]
    fmt = lambda cells: "  ".join(ljust(c, w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [fmt(headers)] + [fmt(r) for r in rows]


def format_explanation(expl: dict, max_nodes: int = 20) -> str:
    """Readable fixed-width text of :meth:`Scheduler.explain`'s dict, in the current language."""
    head = "explain.head_node" if expl.get("node") else "explain.head"
    lines = [t(head, pod=expl["pod"], outcome=expl["outcome"], node=expl.get("node"))]
    if expl.get("dryRun"):
        lines.append(t("explain.dry_run"))
    elif expl.get("time"):
        lines.append(t("explain.attempt", attempt=expl["attempt"], time=expl["time"]))
    if expl.get("message"):
        lines.append(t("explain.message", message=expl["message"]))
    if expl.get("reason"):
        lines.append(t("explain.why", reason=reason_text(expl["reason"])))
    pre = [p for p in expl.get("preFilter", []) if p["result"] != SUCCESS]
    if pre:
        lines += ["", t("explain.prefilter")]
        lines += ["  " + r for r in _table([t("explain.col.plugin"), t("explain.col.result"), t("explain.col.reason")],
                                           [[p["plugin"], p["result"], p["reason"]] for p in pre])]
    filters = expl.get("filters", [])
    if filters:
        lines += ["", t("explain.filter", nodes=expl["numNodes"], evaluated=expl.get("evaluatedNodes", 0))]
        rows = []
        for f in filters:
            bad = next((p for p in f["plugins"] if p["result"] not in (SUCCESS, SKIP, "NotRun")), None)
            if f["result"] == "Feasible":
                rows.append([f["node"], t("explain.passed"), t("explain.filters_passed", n=len(f["plugins"]))])
            elif bad is not None:
                rows.append([f["node"], t("explain.rejected"), f"{bad['plugin']}: {bad['reason']}"])
            else:
                rows.append([f["node"], t("explain.not_evaluated"), t("explain.enough_found")])
        shown = rows[:max_nodes]
        lines += ["  " + r for r in _table([t("explain.col.node"), t("explain.col.result"), t("explain.col.detail")],
                                           shown)]
        if len(rows) > len(shown):
            lines.append("  " + t("explain.more_nodes", n=len(rows) - len(shown)))
    scores = expl.get("scores", [])
    if scores:
        plugins = [p["plugin"] for p in scores[0]["plugins"]]
        lines += ["", t("explain.score")]
        headers = ([t("explain.col.node")] + [f"{p}(x{scores[0]['plugins'][i]['weight']})" for i, p in enumerate(plugins)]
                   + [t("explain.col.total")])
        rows = [[s["node"]] + [f"{p['weighted']} [{p['raw']}]" for p in s["plugins"]] + [str(s["total"])]
                for s in scores[:max_nodes]]
        lines += ["  " + r for r in _table(headers, rows)]
        if len(scores) > max_nodes:
            lines.append("  " + t("explain.more_nodes", n=len(scores) - max_nodes))
        if len(expl.get("ties", [])) > 1:
            lines.append("  " + t("explain.ties", nodes=", ".join(expl["ties"])))
    post = expl.get("postFilter")
    if post and post.get("message"):
        lines += ["", t("explain.postfilter", message=post["message"])]
    if expl.get("nominatedNode"):
        lines.append(t("explain.nominated", node=expl["nominatedNode"]))
    return "\n".join(lines) + "\n"
