"""``curl`` from the student's machine to an AKS LoadBalancer Service's public IP.

The cluster's service controller (:mod:`k8scourse.controllers.service_lb`) gives each LoadBalancer
Service a public frontend IP; this resolver lets :func:`k8scourse.cloud.http.curl` (``az.curl``)
reach it: the request enters the cluster from outside through the traffic model
(:mod:`k8scourse.traffic`) — Azure load balancer → a node → kube-proxy → a pod.

Deliberate difference: only the frontend IPs answer (no ``<label>.<region>.cloudapp.azure.com``
DNS labels from the ``service.beta.kubernetes.io/azure-dns-label-name`` annotation).
"""

from __future__ import annotations

from ...traffic import request
from ..http import Answer, register_resolver
from .operation import TYPE


def _resolver(az, host: str, port: int, path: str):
    for resource in az.subscription.list(TYPE):
        cluster = getattr(resource.model, "cluster", None)
        lb = getattr(cluster, "service_lb", None)
        if lb is None or lb.owner_of(host) is None:
            continue
        resp = request(cluster, "outside", f"http://{host}:{port}{'/' if path == 'HEAD' else path}", advance=False)
        if resp.kind == "response":
            return Answer("response", resp.status, resp.body, list(resp.headers))
        return Answer("refused" if resp.kind in ("refused", "unreachable") else "timeout")
    return None


register_resolver(_resolver)
