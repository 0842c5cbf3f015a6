"""Checks on objects: fields, Deployments, Services, rollouts, spreading, availability, replicas."""

from __future__ import annotations

from ...api.labels import selector_from_label_selector
from .base import check, fail, ok
from .paths import compare, get, show


def _ns(args) -> str:
    return args.get("namespace", "default")


def is_ready(pod: dict) -> bool:
    st = pod.get("status") or {}
    if pod["metadata"].get("deletionTimestamp") or st.get("phase") != "Running":
        return False
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in st.get("conditions") or [])


def images(pod: dict) -> list[str]:
    return [c.get("image") for c in (pod.get("spec") or {}).get("containers") or []]


def workload_pods(cluster, kind: str, name: str, namespace: str) -> tuple[dict | None, list[dict]]:
    obj = cluster.get(kind, name, namespace)
    if obj is None:
        return None, []
    selector = selector_from_label_selector((obj.get("spec") or {}).get("selector"))
    pods = [p for p in cluster.list("pods", namespace) if selector.matches(p["metadata"].get("labels") or {})]
    return obj, sorted(pods, key=lambda p: p["metadata"]["name"])


@check("object")
def object_fields(view, args):
    cluster = view.cluster_for(args)
    kind, name, ns = args["kind"], args["name"], _ns(args)
    obj = cluster.get(kind, name, ns) if cluster is not None else None
    if obj is None:
        return fail("grading.object.missing", kind=kind, name=name, namespace=ns)
    for path, expected in (args.get("fields") or {}).items():
        actual = get(obj, path)
        if not compare(actual, expected):
            return fail("grading.object.field", kind=kind, name=name, path=path, actual=show(actual),
                        expected=show(expected))
    return ok("grading.object.ok", kind=kind, name=name)


@check("deployment_ready")
def deployment_ready(view, args):
    cluster = view.cluster_for(args)
    name, ns, want = args["name"], _ns(args), int(args.get("replicas", 1))
    image = args.get("image")
    dep, pods = workload_pods(cluster, "deployments", name, ns)
    if dep is None:
        return fail("grading.object.missing", kind="Deployment", name=name, namespace=ns)
    ready = [p for p in pods if is_ready(p) and (image is None or image in images(p))]
    shown = image or "grading.term.its_image"
    if len(ready) == want or (args.get("at_least") and len(ready) >= want):
        return ok("grading.deployment.ok", name=name, ready=len(ready), image=shown)
    partial = min(len(ready), want) / want if args.get("partial") and want else 0.0
    return fail("grading.deployment.ready", partial, name=name, ready=len(ready), want=want, image=shown)


def ready_endpoints(endpoints: dict | None) -> list[dict]:
    out = []
    for subset in (endpoints or {}).get("subsets") or []:
        for address in subset.get("addresses") or []:
            out.append({"ip": address.get("ip"), "pod": (address.get("targetRef") or {}).get("name"),
                        "ports": [p.get("port") for p in subset.get("ports") or []]})
    return sorted(out, key=lambda a: (str(a["ip"]), str(a["pod"])))


def listening_ports(pod: dict) -> set:
    """Ports the pod's containers listen on: the image's own ports when the simulator knows the
    image (nginx listens on 80 whatever ``containerPort`` says), else the declared ones."""
    from ...runtime.images import lookup
    ports = set()
    for c in (pod.get("spec") or {}).get("containers") or []:
        info = lookup(c.get("image") or "")
        known = tuple(getattr(info, "ports", ()) or ()) if info is not None and not c.get("command") else ()
        ports.update(known or (p.get("containerPort") for p in c.get("ports") or []))
    return ports


@check("service_endpoints")
def service_endpoints(view, args):
    cluster = view.cluster_for(args)
    name, ns, want = args["name"], _ns(args), int(args.get("count", 1))
    svc = cluster.get("services", name, ns)
    if svc is None:
        return fail("grading.object.missing", kind="Service", name=name, namespace=ns)
    eps = ready_endpoints(cluster.get("endpoints", name, ns))
    if len(eps) < want or (not args.get("at_least", True) and len(eps) != want):
        return fail("grading.service.endpoints", name=name, count=len(eps), want=want)
    if args.get("answers"):
        port = (svc["spec"].get("ports") or [{}])[0]
        answer = cluster.request(name, ns, port.get("port", 80))
        if answer is None:                               # no traffic API yet: something must listen
            for ep in eps:
                pod = cluster.get("pods", ep["pod"], ns) if ep["pod"] else None
                if pod is None or not set(ep["ports"]) & listening_ports(pod):
                    return fail("grading.service.no_answer", name=name, port=port.get("port"),
                                target=port.get("targetPort"))
        elif not _answered(answer):
            return fail("grading.service.no_answer", name=name, port=port.get("port"), target=port.get("targetPort"))
    if args.get("answers"):
        return ok("grading.service.answers", name=name, count=len(eps), port=port.get("port"))
    return ok("grading.service.ok", name=name, count=len(eps))


def _answered(answer) -> bool:
    code = getattr(answer, "status", None) or getattr(answer, "exit_code", None)
    if isinstance(answer, (tuple, list)) and answer:
        code = answer[0]
    return code in (0, 200)


@check("rollout_history")
def rollout_history(view, args):
    """Revisions from the Deployment's ReplicaSets (``deployment.kubernetes.io/revision`` and, after a
    rollback, ``revision-history``), as ``kubectl rollout history`` lists them."""
    cluster = view.cluster_for(args)
    name, ns = args["name"], _ns(args)
    dep = cluster.get("deployments", name, ns)
    if dep is None:
        return fail("grading.object.missing", kind="Deployment", name=name, namespace=ns)
    uid = dep["metadata"].get("uid")
    revisions, seen = [], []
    for rs in cluster.list("replicasets", ns):
        if not any(o.get("uid") == uid for o in rs["metadata"].get("ownerReferences") or []):
            continue
        ann = rs["metadata"].get("annotations") or {}
        revs = [ann.get("deployment.kubernetes.io/revision")] + \
            (ann.get("deployment.kubernetes.io/revision-history") or "").split(",")
        revisions += [int(r) for r in revs if r and r.strip().isdigit()]
        seen += [i for i in images(rs["spec"]["template"])]
    revisions.sort()
    current = images(dep["spec"]["template"])
    now = current[0] if current else None
    expected = args.get("current_image")
    problems = (len(revisions) < int(args.get("min_revisions", 1))
                or (expected is not None and now != expected)
                or any(img not in seen for img in args.get("seen_images") or []))
    params = dict(name=name, revisions=",".join(map(str, revisions)) or "-", image=now)
    if problems:
        want = f"≥{int(args.get('min_revisions', 1))}; " + ",".join(args.get("seen_images") or []) + \
            (f" → {expected}" if expected else "")
        return fail("grading.rollout.bad", images=",".join(sorted(set(seen))) or "-", expected=want, **params)
    return ok("grading.rollout.ok", **params)


@check("pods_spread")
def pods_spread(view, args):
    cluster = view.cluster_for(args)
    name, ns, want = args["name"], _ns(args), int(args.get("min_nodes", 2))
    dep, pods = workload_pods(cluster, args.get("kind", "deployments"), name, ns)
    if dep is None:
        return fail("grading.object.missing", kind="Deployment", name=name, namespace=ns)
    ready = [p for p in pods if is_ready(p)]
    nodes = {p["spec"].get("nodeName") for p in ready}
    key = "grading.spread.ok" if len(nodes) >= want else "grading.spread.bad"
    return (ok if len(nodes) >= want else fail)(key, name=name, pods=len(ready), nodes=len(nodes), want=want)


@check("service_available")
def service_available(view, args):
    """Ready endpoints of a Service over time, from the store's history of its Endpoints object:
    the total time since ``since`` (a mark) with fewer than ``min_ready`` addresses must be at most
    ``tolerance_seconds``."""
    cluster = view.cluster_for(args)
    name, ns = args["name"], _ns(args)
    need = int(args.get("min_ready", 1))
    since = view.mark(args.get("since"), view.start_ms)
    writes = [w for w in cluster.history("endpoints") if w.namespace == ns and w.name == name]
    count, down_ms, last_t = 0, 0, since
    for w in writes:
        n = 0 if w.verb == "delete" else len(ready_endpoints(w.object))
        if w.time_ms <= since:
            count = n
            continue
        if count < need:
            down_ms += w.time_ms - last_t
        count, last_t = n, w.time_ms
    if count < need:
        down_ms += cluster.now_ms - last_t
    seconds = round(down_ms / 1000, 1)
    if seconds <= float(args.get("tolerance_seconds", 0)):
        return ok("grading.available.ok", name=name)
    return fail("grading.available.bad", name=name, seconds=seconds)


@check("replicas_reached")
def replicas_reached(view, args):
    cluster = view.cluster_for(args)
    name, ns, want = args["name"], _ns(args), int(args["at_least"])
    since = view.mark(args.get("since"), view.start_ms)
    values = [int((w.object.get("spec") or {}).get("replicas", 1)) for w in cluster.history("deployments", since)
              if w.namespace == ns and w.name == name and w.verb != "delete"]
    dep = cluster.get("deployments", name, ns)
    if dep is None:
        return fail("grading.object.missing", kind="Deployment", name=name, namespace=ns)
    values.append(int(dep["spec"].get("replicas", 1)))
    low, high = min(values), max(values)
    back = args.get("back_to_at_most")
    good = high >= want and (back is None or values[-1] <= int(back))
    return (ok if good else fail)("grading.replicas.ok" if good else "grading.replicas.bad",
                                  name=name, low=low, high=high, want=want)


@check("nodes_ready")
def nodes_ready(view, args):
    cluster = view.cluster_for(args)
    want = int(args["count"])
    if cluster is None:
        return fail("grading.object.missing", kind="grading.term.cluster", name=args.get("aks", "-"),
                    namespace="-")
    ready = [n for n in cluster.list("nodes")
             if any(c["type"] == "Ready" and c["status"] == "True" for c in n["status"].get("conditions") or [])]
    good = len(ready) == want
    key = "grading.object.ok" if good else "grading.object.field"
    return (ok if good else fail)(key, kind="grading.term.cluster", name=args.get("aks", "cluster"),
                                  path="grading.term.ready_nodes",
                                  actual=len(ready), expected=want)
