"""``kubectl describe`` for Namespace, ResourceQuota and LimitRange (kubectl's describers).

* ResourceQuota: ``Resource  Used  Hard`` rows sorted by resource name; a used quantity is shown
  in the hard quantity's format (``NewQuantity(used.Value(), hard.Format)``).
* LimitRange: one row per type and resource: Min, Max, Default Request, Default Limit,
  Max Limit/Request Ratio (``-`` when unset).
* Namespace: Name, Labels, Annotations, Status, then its quotas and limit ranges
  (``No resource quota.`` / ``No LimitRange resource.``).

Deliberate difference: limit-range rows of one item are sorted by resource name (kubectl walks a
Go map, so its order varies from run to run).
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.quantity import Quantity
from ...apiserver.tables.cells import quantity_str
from .writer import DescribeWriter, print_annotations, print_labels, rfc1123z

_SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a "
                   "node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long "
                      "running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best "
                  "effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a "
                     "burstable or guaranteed quality of service.",
}


def _used_text(used, hard) -> str:
    try:
        h = Quantity.parse(str(hard))
        u = Quantity.parse(str(used)) if used is not None else Quantity.parse("0")
    except ValueError:
        return str(used if used is not None else "0")
    if u.format != h.format:
        return str(Quantity.from_int(u.value(), h.format))
    return str(u)


def describe_resourcequota(server, q: dict, now_ms: int, show_events: bool = True) -> str:
    md, st = q.get("metadata") or {}, q.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    scopes = sorted((q.get("spec") or {}).get("scopes") or [])
    if scopes:
        w.write(0, "Scopes:\t%s\n", ", ".join(scopes))
        for scope in scopes:
            if scope in _SCOPE_HELP:
                w.write(0, " * %s\n", _SCOPE_HELP[scope])
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard, used = st.get("hard") or {}, st.get("used") or {}
    for name in sorted(hard):
        w.write(0, "%s\t%s\t%s\n", name, _used_text(used.get(name), hard[name]), quantity_str(hard[name]))
    return w.text()


def _limit_rows(w, spec: dict, prefix: str) -> None:
    for item in spec.get("limits") or []:
        fields = [item.get(k) or {} for k in ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")]
        names = sorted(set().union(*[set(f) for f in fields]))
        for name in names:
            cells = [quantity_str(f[name]) if name in f else "-" for f in fields]
            w.write(0, "%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prefix, item.get("type", ""), name, *cells)


def describe_limitrange(server, lr: dict, now_ms: int, show_events: bool = True) -> str:
    md = lr.get("metadata") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    _limit_rows(w, lr.get("spec") or {}, "")
    return w.text()


def describe_namespace(server, ns: dict, now_ms: int, show_events: bool = True) -> str:
    md, st = ns.get("metadata") or {}, ns.get("status") or {}
    name = md.get("name", "")
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", name)
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Status:\t%s\n", st.get("phase", ""))
    if st.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in st["conditions"]:
            w.write(1, "%s\t%s\t%s\t%s\t%s\n", c.get("type", ""), c.get("status", ""),
                    rfc1123z(c.get("lastTransitionTime")), c.get("reason", ""), c.get("message", ""))
    quotas = sorted(server.list(REGISTRY.by_name("resourcequotas"), name)["items"],
                    key=lambda q: q["metadata"].get("name", ""))
    w.write(0, "\n")
    if not quotas:
        w.write(0, "No resource quota.\n")
    else:
        w.write(0, "Resource Quotas\n")
        for q in quotas:
            w.write(1, "Name:\t%s\n", q["metadata"].get("name", ""))
            scopes = sorted((q.get("spec") or {}).get("scopes") or [])
            if scopes:
                w.write(1, "Scopes:\t%s\n", ", ".join(scopes))
                for scope in scopes:
                    if scope in _SCOPE_HELP:
                        w.write(1, "* %s\n", _SCOPE_HELP[scope])
            w.write(1, "Resource\tUsed\tHard\n")
            w.write(1, "--------\t---\t---\n")
            hard, used = (q.get("status") or {}).get("hard") or {}, (q.get("status") or {}).get("used") or {}
            for res in sorted(hard):
                w.write(1, "%s\t%s\t%s\n", res, quantity_str(used.get(res)), quantity_str(hard[res]))
    limits = server.list(REGISTRY.by_name("limitranges"), name)["items"]
    w.write(0, "\n")
    if not limits:
        w.write(0, "No LimitRange resource.\n")
    else:
        w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\t"
                   "Max Limit/Request Ratio\n")
        w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        for lr in limits:
            _limit_rows(w, lr.get("spec") or {}, " ")
    return w.text()
