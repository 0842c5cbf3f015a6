"""CoreDNS's ``kubernetes`` plugin: the DNS records a cluster answers, read from Services and pods.

Records (``cluster.local`` zone, per the Kubernetes DNS specification):

* ``<svc>.<ns>.svc.cluster.local`` A → the cluster IP; a headless Service (``clusterIP: None``) →
  the addresses of its *ready* endpoints (none ready: NXDOMAIN, as CoreDNS answers);
* ``<hostname>.<svc>.<ns>.svc.cluster.local`` A → a headless Service's endpoint whose pod has
  ``spec.hostname`` and ``spec.subdomain: <svc>`` (StatefulSet pods: ``web-0.nginx.default…``);
  endpoints without a hostname answer as ``<a-b-c-d>.<svc>.<ns>.svc.cluster.local``;
* ``_<port>._<proto>.<svc>.<ns>.svc.cluster.local`` SRV for named ports: ``0 100 <port>
  <svc>.<ns>.svc.cluster.local.`` (headless: one record per endpoint);
* ``<svc>.<ns>.svc.cluster.local`` CNAME → ``spec.externalName`` for an ExternalName Service;
* ``<a-b-c-d>.<ns>.pod.cluster.local`` A → ``a.b.c.d`` (``pods insecure``: any well-formed name);
* anything else under ``cluster.local``: NXDOMAIN; other names are forwarded upstream (Azure DNS,
  168.63.129.16), which knows the nodes' names and a few public names.

Deliberate differences: IPv4 only; no PTR (reverse) records; answers come from the API server's
current state (CoreDNS's informer cache lags by a moment, and ``cache 30`` may serve an answer up
to 30 s old); the public internet knows only :data:`PUBLIC`.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> lookup(c.api, "kubernetes.default.svc.cluster.local").records
[('kubernetes.default.svc.cluster.local', 'A', '10.96.0.1')]
>>> lookup(c.api, "10-244-0-7.default.pod.cluster.local").records[0][2], lookup(c.api, "nope.default.svc.cluster.local").rcode
('10.244.0.7', 'NXDOMAIN')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import defaults
from ..api.objects import dig

DOMAIN = defaults.CLUSTER_DOMAIN
SLICES = "endpointslices.discovery.k8s.io"
# What the simulated internet's DNS knows (example.com's documented address, and friends).
PUBLIC = {"example.com": "93.184.215.14", "www.example.com": "93.184.215.14",
          "kubernetes.io": "15.197.167.90", "mcr.microsoft.com": "204.79.197.219"}


@dataclass
class DNSAnswer:
    rcode: str = "NOERROR"                         # NOERROR, NXDOMAIN
    records: list = field(default_factory=list)    # (name, type, value)

    @property
    def addresses(self) -> list[str]:
        return [v for _, t, v in self.records if t == "A"]


def _ip_key(ip: str):
    return tuple(int(x) for x in ip.split(".")) if ip.replace(".", "").isdigit() else (999,)


def _dashed_ip(label: str) -> str | None:
    parts = label.split("-")
    if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
        return ".".join(parts)
    return None


def service_endpoints(api, svc: dict) -> list[tuple[str, dict | None]]:
    """(IP, pod or None) of a Service's ready endpoints, in address order."""
    md = svc["metadata"]
    out = []
    for es in api.store.list(SLICES, md["namespace"], copy=False):
        if dig(es, "metadata", "labels", "kubernetes.io/service-name") != md["name"]:
            continue
        for ep in es.get("endpoints") or []:
            if dig(ep, "conditions", "ready") is False:
                continue
            ref = ep.get("targetRef") or {}
            pod = api.peek("pods", ref["name"], ref.get("namespace", md["namespace"])) if ref.get("name") else None
            for ip in ep.get("addresses") or []:
                out.append((ip, pod))
    return sorted(out, key=lambda e: _ip_key(e[0]))


def lookup(api, name: str, qtype: str = "A") -> DNSAnswer:
    """What the cluster DNS answers for ``name`` (a fully qualified name)."""
    name = name.rstrip(".").lower()
    qtype = qtype.upper()
    if name == DOMAIN or name.endswith("." + DOMAIN):
        labels = name[:-len(DOMAIN)].rstrip(".").split(".") if name != DOMAIN else []
        if len(labels) >= 2 and labels[-1] == "svc":
            return _service_lookup(api, name, labels[:-1], qtype)
        if len(labels) == 3 and labels[-1] == "pod":
            ip = _dashed_ip(labels[0])
            if ip is not None and qtype == "A":
                return DNSAnswer("NOERROR", [(name, "A", ip)])
        return DNSAnswer("NXDOMAIN")
    return upstream(api, name, qtype)


def upstream(api, name: str, qtype: str = "A") -> DNSAnswer:
    """Azure DNS (168.63.129.16): the VNet's node names and the simulated internet."""
    name = name.rstrip(".").lower()
    short = name.split(".", 1)[0]
    node = api.peek("nodes", short)
    if node is not None and (name == short or name.endswith(".internal.cloudapp.net")):
        ip = next((a["address"] for a in dig(node, "status", "addresses", default=[])
                   if a.get("type") == "InternalIP"), None)
        if ip:
            return DNSAnswer("NOERROR", [(name, "A", ip)])
    if name in PUBLIC and qtype == "A":
        return DNSAnswer("NOERROR", [(name, "A", PUBLIC[name])])
    return DNSAnswer("NXDOMAIN")


def _service_lookup(api, name: str, labels: list[str], qtype: str) -> DNSAnswer:
    if len(labels) == 4 and labels[0].startswith("_") and labels[1].startswith("_"):
        return _srv(api, name, labels)
    if len(labels) not in (2, 3):
        return DNSAnswer("NXDOMAIN")
    svc_name, ns = labels[-2], labels[-1]
    svc = api.peek("services", svc_name, ns)
    if svc is None:
        return DNSAnswer("NXDOMAIN")
    spec = svc.get("spec") or {}
    if spec.get("type") == "ExternalName":
        if len(labels) == 3:
            return DNSAnswer("NXDOMAIN")
        target = spec.get("externalName", "").rstrip(".")
        answer = DNSAnswer("NOERROR", [(name, "CNAME", target)])
        follow = lookup(api, target, qtype)
        answer.records += follow.records
        return answer
    headless = spec.get("clusterIP") == "None"
    if len(labels) == 2:
        if not headless:
            return DNSAnswer("NOERROR", [(name, "A", spec["clusterIP"])] if qtype == "A" else [])
        ips = [ip for ip, _ in service_endpoints(api, svc)]
        if not ips:
            return DNSAnswer("NXDOMAIN")
        return DNSAnswer("NOERROR", [(name, "A", ip) for ip in ips] if qtype == "A" else [])
    if not headless:
        return DNSAnswer("NXDOMAIN")
    for ip, pod in service_endpoints(api, svc):
        if _endpoint_label(ip, pod, svc_name) == labels[0]:
            return DNSAnswer("NOERROR", [(name, "A", ip)])
    return DNSAnswer("NXDOMAIN")


def _endpoint_label(ip: str, pod: dict | None, svc_name: str) -> str:
    spec = (pod or {}).get("spec") or {}
    if spec.get("hostname") and spec.get("subdomain") == svc_name:
        return spec["hostname"]
    return ip.replace(".", "-")


def _srv(api, name: str, labels: list[str]) -> DNSAnswer:
    port_name, proto, svc_name, ns = labels[0][1:], labels[1][1:], labels[2], labels[3]
    svc = api.peek("services", svc_name, ns)
    if svc is None:
        return DNSAnswer("NXDOMAIN")
    port = next((p for p in dig(svc, "spec", "ports", default=[])
                 if p.get("name") == port_name and p.get("protocol", "TCP").lower() == proto), None)
    if port is None:
        return DNSAnswer("NXDOMAIN")
    base = f"{svc_name}.{ns}.svc.{DOMAIN}"
    if dig(svc, "spec", "clusterIP") != "None":
        return DNSAnswer("NOERROR", [(name, "SRV", f"0 100 {port['port']} {base}.")])
    eps = service_endpoints(api, svc)
    weight = 100 // max(1, len(eps))
    return DNSAnswer("NOERROR", [(name, "SRV", f"0 {weight} {port['port']} {_endpoint_label(ip, pod, svc_name)}.{base}.")
                                 for ip, pod in eps])
