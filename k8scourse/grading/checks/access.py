"""Checks on who may do what: the authorizer's answers for a user, and a pod reading the API with its token.

=========================  =====================================================================
type                       passes when
=========================  =====================================================================
``access``                 for each rule, ``user`` may use every ``allowed`` verb and none of the
                           ``denied`` ones on ``resource`` in ``namespace`` (the API server's own
                           authorizer decides, as ``kubectl auth can-i --as`` would)
``pod_api``                a ready pod of a workload, with the token mounted in it, gets HTTP
                           ``status`` for ``GET path`` from ``https://kubernetes.default.svc``
                           (through DNS, kube-proxy and TLS with the mounted CA)
=========================  =====================================================================
"""

from __future__ import annotations

from .base import check, fail, ok


@check("access")
def access(view, args):
    cluster = view.cluster_for(args)
    user = args["user"]
    for rule in args.get("rules") or [args]:
        resource, ns = rule["resource"], rule.get("namespace", "default")
        missing = [v for v in rule.get("allowed") or [] if not cluster.can(user, v, resource, ns)]
        if missing:
            return fail("grading.access.missing", user=user, verbs=", ".join(missing), resource=resource, namespace=ns)
        extra = [v for v in rule.get("denied") or [] if cluster.can(user, v, resource, ns)]
        if extra:
            return fail("grading.access.too_much", user=user, verbs=", ".join(extra), resource=resource, namespace=ns)
    return ok("grading.access.ok", user=user)


@check("pod_api")
def pod_api(view, args):
    cluster = view.cluster_for(args)
    ns, path, want = args.get("namespace", "default"), args["path"], int(args.get("status", 200))
    status = cluster.api_request_from_pod(ns, args.get("selector", ""), path)
    if status is None:
        return fail("grading.podapi.no_pod", namespace=ns, selector=args.get("selector", ""))
    if status != want:
        return fail("grading.podapi.bad", path=path, status=status, want=want)
    return ok("grading.podapi.ok", path=path, status=status)
