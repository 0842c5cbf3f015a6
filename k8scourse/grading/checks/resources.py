"""Checks on resources: OOM kills and evictions, requests vs allocatable, quota, usage over time."""

from __future__ import annotations

from ...api.quantity import parse_quantity
from .base import check, fail, ok

MiB = 1024 * 1024


def _ns(args):
    return args.get("namespace")


@check("no_oom_or_eviction")
def no_oom_or_eviction(view, args):
    """Every version of every pod the store ever held (so a pod since deleted still counts):
    a container terminated with ``OOMKilled`` (now or as its last state), or ``reason: Evicted``."""
    cluster = view.cluster_for(args)
    ns = _ns(args)
    since = view.mark(args.get("since"), view.start_ms)
    oom, evicted = set(), set()
    for w in cluster.history("pods", since):
        if ns is not None and w.namespace != ns:
            continue
        st = w.object.get("status") or {}
        if st.get("reason") == "Evicted":
            evicted.add(w.name)
        for cs in (st.get("containerStatuses") or []) + (st.get("initContainerStatuses") or []):
            for state in (cs.get("state") or {}, cs.get("lastState") or {}):
                if (state.get("terminated") or {}).get("reason") == "OOMKilled":
                    oom.add(w.name)
    if oom and args.get("oom", True):
        return fail("grading.health.oom", pods=", ".join(sorted(oom)))
    if evicted and args.get("evicted", True):
        return fail("grading.health.evicted", pods=", ".join(sorted(evicted)))
    return ok("grading.health.ok")


@check("requests_fit_nodes")
def requests_fit_nodes(view, args):
    cluster = view.cluster_for(args)
    frame = cluster.nodes()
    for row in frame.sort_values("node").itertuples():
        if row.cpu_requests_m > row.cpu_allocatable_m or row.memory_requests_bytes > row.memory_allocatable_bytes:
            return fail("grading.fit.node", node=row.node, cpu=int(row.cpu_requests_m),
                        memory=int(row.memory_requests_bytes) // MiB, cpu_alloc=int(row.cpu_allocatable_m),
                        memory_alloc=int(row.memory_allocatable_bytes) // MiB)
    if args.get("no_pending", True):
        pending = sorted(p["metadata"]["name"] for p in cluster.list("pods", _ns(args))
                         if (p.get("status") or {}).get("phase") == "Pending"
                         and not (p.get("spec") or {}).get("nodeName"))
        if pending:
            return fail("grading.fit.pending", n=len(pending), pods=", ".join(pending))
    return ok("grading.fit.ok")


@check("quota_within")
def quota_within(view, args):
    cluster = view.cluster_for(args)
    ns = args["namespace"]
    quotas = [q for q in cluster.list("resourcequotas", ns) if args.get("name") in (None, q["metadata"]["name"])]
    if not quotas:
        return fail("grading.quota.missing", namespace=ns)
    for q in sorted(quotas, key=lambda q: q["metadata"]["name"]):
        hard = (q.get("status") or {}).get("hard") or q["spec"].get("hard") or {}
        used = (q.get("status") or {}).get("used") or {}
        for resource in sorted(hard):
            u = used.get(resource, "0")
            if parse_quantity(str(u)).cmp(parse_quantity(str(hard[resource]))) > 0:
                return fail("grading.quota.over", name=q["metadata"]["name"], namespace=ns, resource=resource,
                            used=u, hard=hard[resource])
        for resource, minimum in sorted((args.get("min_used") or {}).items()):
            if parse_quantity(str(used.get(resource, "0"))).cmp(parse_quantity(str(minimum))) < 0:
                return fail("grading.quota.under", name=q["metadata"]["name"], namespace=ns, resource=resource,
                            used=used.get(resource, "0"), minimum=minimum)
    return ok("grading.quota.ok", name=",".join(sorted(q["metadata"]["name"] for q in quotas)), namespace=ns)


@check("usage_under")
def usage_under(view, args):
    """Peak CPU (millicores) or memory (bytes) of a namespace's pods, a pod or a node, per cAdvisor
    sample, since a mark (default: the end of the student's work), against ``max`` (a quantity)."""
    cluster = view.cluster_for(args)
    scope, resource = args.get("scope", "namespace"), args.get("resource", "memory")
    since_ms = view.mark(args.get("since"), view.marks.get("graded", view.start_ms))
    since = since_ms / 1000 if since_ms is not None else None
    limit = parse_quantity(str(args["max"]))
    column = "cpu_m" if resource == "cpu" else "memory_bytes"
    if scope == "namespace":
        frame = cluster.usage("pod", None, since, args["namespace"])
        series = frame.groupby("time")[column].sum() if len(frame) else frame[column]
        what = f"namespace {args['namespace']}"
    else:
        frame = cluster.usage(scope, args.get("name"), since, args.get("namespace"))
        series = frame.groupby("time")[column].sum() if len(frame) else frame[column]
        what = f"{scope} {args.get('name') or '(all)'}"
    limit_value = limit.milli_value() if resource == "cpu" else limit.value()
    peak = float(series.max()) if len(series) else 0.0
    shown = (lambda v: f"{int(v)}m") if resource == "cpu" else (lambda v: f"{int(v) // MiB}Mi")
    if not len(series) and args.get("require_samples", True):
        return fail("grading.usage.none", what=what)
    if peak <= limit_value:
        return ok("grading.usage.ok", what=what, resource=resource, peak=shown(peak), limit=args["max"])
    return fail("grading.usage.bad", what=what, resource=resource, peak=shown(peak), limit=args["max"])
