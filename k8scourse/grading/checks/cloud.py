"""Checks on cost, host packing and Azure resources, and the escape hatch to Python."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .base import Outcome, check, fail, ok
from .paths import compare, get, show


def node_cost(cluster, start_ms: int) -> float:
    """USD for every node the cluster had since ``start_ms``, from the store's history: each Node's
    create → delete (or now), priced by its ``node.kubernetes.io/instance-type`` (nodes removed
    on the way count too, unlike :func:`k8scourse.cloud.pricing.node_hours`)."""
    from ...node.vmsizes import vm_size
    spans: dict = {}
    for w in cluster.history("nodes"):
        key = w.name
        if w.verb == "create" or key not in spans:
            size = (w.object.get("metadata", {}).get("labels") or {}).get("node.kubernetes.io/instance-type", "")
            spans[key] = [max(w.time_ms, start_ms), None, size]
        if w.verb == "delete":
            spans[key][1] = w.time_ms
    total = 0.0
    for begin, end, size in spans.values():
        found = vm_size(size)
        stop = end if end is not None else cluster.now_ms
        if found is not None and stop > begin:
            total += found.price_per_hour * (stop - begin) / 3_600_000
    return total


@check("cost_under")
def cost_under(view, args):
    budget = float(args["budget_usd"])
    parts = args.get("include", ["nodes"])
    cost = 0.0
    if "nodes" in parts:
        cluster = view.cluster_for(args)
        cost += node_cost(cluster, view.start_ms) if cluster is not None else 0.0
    if "aci" in parts and view.azure is not None:
        frame = view.azure.aci_billing()
        cost += float(frame["cost_usd"].sum()) if len(frame) else 0.0
    shown = f"{cost:.4f}"
    if args.get("require_activity") and cost <= 0:
        return fail("grading.cost.bad", cost=shown, budget=f"{budget:.4f}")
    return (ok if cost <= budget else fail)("grading.cost.ok" if cost <= budget else "grading.cost.bad",
                                            cost=shown, budget=f"{budget:.4f}")


@check("hosts_packing")
def hosts_packing(view, args):
    """The plan the student submitted with ``ex.answer(plan={...})`` — host size, isolation mode,
    algorithm — recomputed here with :func:`k8scourse.cloud.hosts.summary` (nothing the student's
    kernel computed is trusted)."""
    from ...cloud import hosts
    key = args.get("answer", "plan")
    plan = view.answers.get(key)
    if not isinstance(plan, dict):
        return fail("grading.hosts.missing", answer=key)
    apps = hosts.sample_apps(int(args.get("copies", 1)))
    mode = plan.get("mode", "container")
    if mode not in args.get("modes", list(hosts.ISOLATION)):
        mode = "invalid"
    summary = hosts.summary(apps, str(plan.get("host", "Standard_D8s_v3")), mode, str(plan.get("algorithm", "ffd")))
    n, cost = summary["hosts_used"], summary["monthly_cost_usd"]
    if "max_hosts" in args and n > int(args["max_hosts"]):
        return fail("grading.hosts.bad", hosts=n, max=int(args["max_hosts"]))
    if "max_monthly_usd" in args and cost > float(args["max_monthly_usd"]):
        return fail("grading.cost.bad", cost=f"{cost:.2f}", budget=f"{float(args['max_monthly_usd']):.2f}")
    if "max_hosts" not in args:
        return ok("grading.cost.ok", cost=f"{cost:.2f}", budget=f"{float(args.get('max_monthly_usd', cost)):.2f}")
    return ok("grading.hosts.ok", apps=len(apps), hosts=n, max=args["max_hosts"])


@check("az_resource")
def az_resource(view, args):
    command = args["show"]
    body = view.azure.show(command) if view.azure is not None else None
    label = args.get("label", command)
    if body is None:
        return fail("grading.azure.missing", name=label)
    for path, expected in (args.get("fields") or {}).items():
        actual = get(body, path)
        if not compare(actual, expected):
            return fail("grading.object.field", kind="", name=label, path=path,
                        actual=show(actual), expected=show(expected))
    return ok("grading.object.ok", kind="", name=label)


@check("http_answers")
def http_answers(view, args):
    group, name = args["resource_group"], args["name"]
    body = view.azure.show(f"container show -g {group} -n {name}")
    ip = get(body, "ipAddress.ip") if body else None
    if not ip:
        return fail("grading.http.no_ip", name=name)
    url = f"http://{ip}:{int(args.get('port', 80))}{args.get('path', '/')}"
    result = view.azure.curl(url)
    text = result.stdout if hasattr(result, "stdout") else str(result)
    if getattr(result, "exit_code", 0) != 0 or args.get("contains", "") not in text:
        detail = (getattr(result, "stderr", "") or text).strip().splitlines()
        return fail("grading.http.bad", url=url, detail=(detail[0] if detail else "grading.term.empty_answer")[:120])
    return ok("grading.http.ok", url=url)


@check("python")
def python_check(view, args):
    """``function: file.py:name`` next to the spec; called with ``(view, args)``."""
    ref = args["function"]
    filename, _, func = ref.partition(":")
    path = Path(args["_directory"]) / filename
    if path.parent.resolve() != Path(args["_directory"]).resolve():
        raise ValueError("a python check must live beside its spec")
    spec = importlib.util.spec_from_file_location(f"k8scourse_exercise_check_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = getattr(module, func)(view, {k: v for k, v in args.items() if not k.startswith("_")})
    return result if isinstance(result, Outcome) else Outcome(*result)
