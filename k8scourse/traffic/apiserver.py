"""The last hop of a request to ``https://kubernetes.default.svc``: TLS with the API server, then its answer.

kube-proxy DNATs the ``kubernetes`` Service (``10.96.0.1:443``) to the API server's own address and
port (``:6443``, the Service's EndpointSlice, which the API server keeps itself); this module is what
answers there, as the client meets it:

* the TLS handshake: the API server's certificate is signed by the cluster CA — trusted when the
  client was given it (``curl --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt``) or told
  not to check (``-k``); otherwise ``SSL certificate problem: unable to get local issuer certificate``
  (curl's ``(60)``); a ``--cacert`` file that is missing or holds no certificate: curl's ``(77)``;
* a plain ``http://`` request to the TLS port gets Go's answer, ``HTTP/1.0 400 Bad Request`` with
  ``Client sent an HTTP request to an HTTPS server.``;
* then the request itself: :func:`k8scourse.apiserver.https.serve` (bearer-token authentication,
  authorization, the JSON answer or ``Status``); curl speaks HTTP/2 with it (ALPN), so ``curl -i``
  shows ``HTTP/2 200`` and lower-case header names, BusyBox wget HTTP/1.1.

NetworkPolicy has already been applied on the way: a pod whose egress does not allow the API server's
address never gets here.
"""

from __future__ import annotations

from ..apiserver.https import serve

CA_CONFIGMAP = "kube-root-ca.crt"
PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
UNTRUSTED = "SSL certificate problem: unable to get local issuer certificate"
PLAIN_HTTP_STATUS = "HTTP/1.0 400 Bad Request"
PLAIN_HTTP_BODY = "Client sent an HTTP request to an HTTPS server.\n"


def endpoints(api) -> list[tuple[str, int]]:
    """(address, port) pairs of the ``kubernetes`` Service: where the API server listens."""
    obj = api.peek("endpoints", "kubernetes", "default") or {}
    return [(a.get("ip", ""), p.get("port", 0)) for subset in obj.get("subsets") or []
            for a in subset.get("addresses") or [] for p in subset.get("ports") or []]


def is_endpoint(api, address: str, port: int) -> bool:
    return (address, port) in endpoints(api)


def cluster_ca(api) -> str:
    """The CA bundle the cluster publishes (the root-ca publisher's ConfigMap in kube-system)."""
    cm = api.peek("configmaps", CA_CONFIGMAP, "kube-system") or {}
    return (cm.get("data") or {}).get("ca.crt", "")


def trusted(api, request: dict) -> str:
    """"" when the client accepts the API server's certificate; else the reply kind (tls-verify, cacert)."""
    if request.get("insecure"):
        return ""
    if request.get("cacert") is not None:
        bundle = request.get("ca_bundle")
        if bundle is None or PEM_BEGIN not in bundle:
            return "cacert"
        ca = cluster_ca(api)
        return "" if ca and ca.strip() in bundle else "tls-verify"
    return "tls-verify"            # the image's system CA store does not hold a cluster's private CA


def deliver(api, resp, path: str, agent: str, scheme: str, request: dict, address: str, port: int) -> None:
    """Fill ``resp`` (a :class:`~k8scourse.traffic.model.Response`) with what the API server answers."""
    resp.hops.append({"node": None, "rule": f"kube-apiserver listens on {address}:{port} (TLS)",
                      "address": f"{address}:{port}"})
    if scheme == "tcp":
        resp.kind = "connected"
        return
    if scheme != "https":
        resp.kind, resp.status, resp.status_text = "response", 400, PLAIN_HTTP_STATUS
        resp.body, resp.headers = PLAIN_HTTP_BODY, []
        return
    refused = trusted(api, request)
    if refused:
        resp.kind, resp.error = refused, UNTRUSTED if refused == "tls-verify" else ""
        return
    answer = serve(api, request.get("method", "GET"), path, request.get("headers") or [], agent=agent)
    resp.kind, resp.status, resp.body, resp.headers = "response", answer.status, answer.body, answer.headers
    if agent.startswith("curl/"):      # curl negotiates HTTP/2 with Go's TLS server (ALPN): lower-case headers
        resp.status_text = f"HTTP/2 {answer.status} "
        resp.headers = [(name.lower(), value) for name, value in answer.headers]
