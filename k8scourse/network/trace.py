"""A connection traced hop by hop: which interface, bridge, route, rule and policy it passed.

``trace(cluster, src, dst)`` sends one request through the traffic model
(:func:`k8scourse.traffic.request`: DNS, kube-proxy, NetworkPolicy, delivery) and lays its hops
onto the node networks of :mod:`~k8scourse.network.topology`:

* container ↔ container in one pod: ``lo`` of the pod's namespace (held by the pause container);
* pod ↔ pod on one node: ``eth0`` (pod) → ``vethXXXXXXXX`` → ``cbr0`` → ``vethYYYYYYYY`` → ``eth0`` (pod);
* pod ↔ pod across nodes: … ``cbr0`` → ``eth0`` (node) → the Azure route table's entry for the other
  node's pod CIDR → ``eth0`` (other node) → ``cbr0`` → veth → pod (Azure CNI: the VNet routes it);
* pod → Service: the DNS lookup, then kube-proxy's DNAT naming the chain that chose the endpoint;
* outside → NodePort / LoadBalancer: Azure's load balancer → a node's ``eth0`` → kube-proxy
  (DNAT, and MASQUERADE to the node's address with ``externalTrafficPolicy: Cluster``) → endpoint.

``src``: ``pod/NAME`` (in ``namespace``), a node name, or ``outside``. ``dst``: ``pod/NAME[:PORT]``,
``svc/NAME[:PORT]``, ``localhost:PORT``, a node name, an IP (``IP:PORT``) or a URL.

Deliberate differences: the request is a real one for the traffic model (it counts a hit and uses
the cluster's RNG for the endpoint choice) but never advances the clock, even when it times out;
reply packets are not drawn.

The hop descriptions, the outcome and the table's header are in the current language of
:mod:`k8scourse.i18n`; interface and chain names and the rule lines quoted from iptables, the route
table and DNS stay as the real tools print them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..api.objects import dig
from ..i18n import display_width, ljust, t
from ..traffic import request
from ..traffic.model import Response
from .topology import NODE_GATEWAY, azure_routes, node_net

COLUMNS = ["step", "node", "where", "what", "address"]

# The traffic model describes some hops in English sentences (k8scourse.traffic); these patterns give
# each form its catalogue key, so the trace speaks the learner's language while the traffic model
# stays language-free. iptables, route and DNS lines are quoted as the tools print them and are not
# translated; a sentence no pattern matches is shown as is.
HOP_TEXTS = [
    (re.compile(r"(?P<kind>\S+) (?P<source>\S+) \((?P<ip>[^)]*)\) connects to (?P<target>\S+)"), "trace.hop.connects"),
    (re.compile(r"container (?P<container>\S+) listens on (?P<port>\d+)"), "trace.hop.listens"),
    (re.compile(r"nothing listens on (?P<port>\d+)"), "trace.hop.nothing_listens"),
    (re.compile(r"node (?P<node>\S+) is down: no answer"), "trace.hop.node_down"),
    (re.compile(r"Azure load balancer (?P<frontend>\S+) → backend (?P<backend>\S+)"), "trace.hop.load_balancer"),
    (re.compile(r"(?P<direction>\S+) allowed by NetworkPolicy (?P<policy>\S+)"), "trace.hop.policy_allowed"),
    (re.compile(r"(?P<direction>\S+) to (?P<pod>\S+) denied: selected by (?P<label>NetworkPolic(?:y|ies)) "
                r"(?P<policies>.+), no rule allows it"), "trace.hop.policy_denied_to"),
    (re.compile(r"(?P<direction>\S+) from (?P<pod>\S+) denied: selected by (?P<label>NetworkPolic(?:y|ies)) "
                r"(?P<policies>.+), no rule allows it"), "trace.hop.policy_denied_from"),
    (re.compile(r"from the pod's own node: always allowed"), "trace.hop.own_node"),
    (re.compile(r"no NetworkPolicy isolates either end"), "trace.hop.not_isolated"),
    (re.compile(r"no NetworkPolicy in the cluster"), "trace.hop.no_policies"),
    (re.compile(r"NetworkPolicy not enforced: no policy engine \(network_policy=(?P<engine>.*)\)"),
     "trace.hop.not_enforced"),
]
_ALLOWED_BY = re.compile(r"allowed by NetworkPolicy (?P<policy>\S+)")


def hop_text(text: str) -> str:
    """A traffic-model hop sentence in the current language."""
    for pattern, key in HOP_TEXTS:
        m = pattern.fullmatch(text)
        if m:
            return t(key, **m.groupdict())
    parts = text.split("; ")
    if len(parts) > 1 and all(_ALLOWED_BY.fullmatch(p) for p in parts):     # several policies allow it
        return "; ".join(t("trace.hop.allowed_by", policy=_ALLOWED_BY.fullmatch(p)["policy"]) for p in parts)
    return text


@dataclass
class Trace:
    src: str
    dst: str
    url: str
    response: Response
    rows: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.response.ok

    @property
    def outcome(self) -> str:
        r = self.response
        if r.kind == "response":
            return t("trace.outcome.response", status=r.status, pod=r.pod)
        key = {"timeout": "trace.outcome.timeout", "refused": "trace.outcome.refused",
               "dns-timeout": "trace.outcome.dns_timeout", "unresolved": "trace.outcome.unresolved",
               "unreachable": "trace.outcome.unreachable"}.get(r.kind)
        if key is not None:
            return t(key, host=r.host)
        return r.kind + (f": {r.error}" if r.error else "")

    def frame(self):
        import pandas as pd
        return pd.DataFrame(self.rows, columns=COLUMNS)

    @property
    def text(self) -> str:
        head = [t(f"trace.col.{c}") for c in COLUMNS]
        rows = [head] + [[str(r[c] or "") for c in COLUMNS] for r in self.rows]
        widths = [max(display_width(r[i]) for r in rows) for i in range(len(COLUMNS))]
        lines = ["   ".join(ljust(cell, widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
        header = t("trace.header", src=self.src, dst=self.dst, url=self.url)
        return header + "\n" + "\n".join(lines) + f"\n=> {self.outcome}\n"

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def _target(cluster, src: str, dst: str, namespace: str) -> str:
    """The URL the client would use for ``dst``."""
    kind, _, rest = dst.partition("/")
    if "://" in dst or not rest:
        if cluster.api.peek("nodes", dst.split(":")[0]) is not None:
            node = cluster.api.peek("nodes", dst.split(":")[0])
            ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
            return f"http://{ip}" + (f":{dst.split(':')[1]}" if ":" in dst else "")
        return dst if "://" in dst else f"http://{dst}"
    name, _, port = rest.partition(":")
    if kind in ("pod", "pods", "po"):
        pod = cluster.api.peek("pods", name, namespace) or {}
        port = port or next((str(p["containerPort"]) for c in dig(pod, "spec", "containers", default=[])
                             for p in c.get("ports") or []), "80")
        return f"http://{dig(pod, 'status', 'podIP') or name}:{port}"
    if kind in ("svc", "service", "services"):
        svc = cluster.api.peek("services", name, namespace) or {}
        ports = dig(svc, "spec", "ports", default=[]) or [{"port": 80}]
        chosen = next((p for p in ports if str(p.get("port")) == port), ports[0])
        if src == "outside" or cluster.api.peek("nodes", src) is not None:
            ingress = dig(svc, "status", "loadBalancer", "ingress", default=[])
            if ingress and src == "outside":
                return f"http://{ingress[0]['ip']}:{chosen['port']}"
            if chosen.get("nodePort"):
                node = sorted(cluster.api.store.list("nodes", None, copy=False), key=lambda n: n["metadata"]["name"])[0]
                ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
                return f"http://{ip}:{chosen['nodePort']}"
            return f"http://{dig(svc, 'spec', 'clusterIP')}:{chosen['port']}"
        host = name if namespace == "default" else f"{name}.{namespace}"
        return f"http://{host}:{chosen['port']}"
    raise ValueError(t("trace.bad_destination", dst=repr(dst)))


def _pod_path(cluster, node: str, pod: str, inbound: bool) -> list[tuple]:
    """(node, where, what, address) rows between a pod's eth0 and its node's bridge (or host routes)."""
    net = node_net(cluster, node)
    pn = next((p for p in net.pods if f"{p.namespace}/{p.name}" == pod), None)
    if pn is None or pn.host_network:
        return [(node, t("trace.host_network"), t("trace.uses_node_netns", pod=pod), net.ip)]
    rows = [(node, f"{pod} eth0@if{pn.host_veth.index}", t("trace.pod_netns"), pn.ip),
            (node, pn.host_veth.label,
             t("trace.host_veth_master", bridge=net.bridge) if net.bridge else t("trace.host_veth"), "")]
    if net.bridge:
        bridge = (node, net.bridge, t("trace.bridge"), f"{net.pod_cidr}")
        rows = [bridge] + rows[::-1] if inbound else rows + [bridge]
    else:
        route = (node, "ip route", t("trace.cni_route", ip=pn.ip, dev=pn.host_veth.name), pn.ip)
        rows = [route] + rows[::-1] if inbound else rows + [route]
    return rows


def _cross_node(cluster, src_node: str, dst_node: str, dst_addr: str) -> list[tuple]:
    src, dst = node_net(cluster, src_node), node_net(cluster, dst_node)
    rows = [(src_node, "eth0", t("trace.leaves_node", gateway=NODE_GATEWAY) if src.bridge else
             t("trace.leaves_into_vnet"), src.ip)]
    udr = next((r for r in azure_routes(cluster) if r["addressPrefix"] == dst.pod_cidr), None)
    if udr is not None:
        rows.append(("", "Azure route table", t("trace.route_table", prefix=udr["addressPrefix"],
                                                hop=udr["nextHopIpAddress"], type=udr["nextHopType"]), dst_addr))
    else:
        rows.append(("", "Azure VNet", t("trace.vnet_routes"), dst_addr))
    rows.append((dst_node, "eth0", t("trace.arrives"), dst.ip))
    return rows


def trace(cluster, src: str, dst: str, namespace: str = "default", echo: bool = False) -> Trace:
    """Trace a request from ``src`` to ``dst`` (see the module docstring); returns a :class:`Trace`."""
    url = _target(cluster, src, dst, namespace)
    resp = request(cluster, src, url, namespace, advance=False)
    rows: list[tuple] = []
    hops = list(resp.hops)
    src_pod = src.split("/", 1)[1] if src.startswith(("pod/", "po/", "pods/")) else None
    src_node = hops[0]["node"] if hops else None
    if hops:
        rows.append((src_node or "", src, hop_text(hops.pop(0)["rule"]), resp.hops[0]["address"]))
    local = resp.address == "127.0.0.1"
    left_pod = False
    at = src_node
    for hop in hops:
        rule = hop["rule"]
        if rule.startswith("DNS "):
            rows.append((hop["node"] or "", "CoreDNS (kube-dns)", rule, hop["address"]))
            continue
        if src_pod and not left_pod and not local:
            rows += _pod_path(cluster, src_node, f"{namespace}/{src_pod}", inbound=False)
            left_pod = True
        if rule.startswith("Azure load balancer"):
            rows.append(("", "Azure load balancer", hop_text(rule), hop["address"]))
            at = rule.rsplit(" ", 1)[-1]
            rows.append((at, "eth0", t("trace.arrives"), node_net(cluster, at).ip))
        elif rule.startswith("-A"):
            if src == "outside" and at is None and hop["node"]:
                at = hop["node"]
                rows.append((at, "eth0", t("trace.arrives_nodeport"), node_net(cluster, at).ip))
            rows.append((hop["node"] or "", "iptables (kube-proxy)", rule, hop["address"]))
        elif rule.startswith("route "):
            rows += _cross_node(cluster, hop["node"], rule.rsplit("(", 1)[-1].rstrip(")"), hop["address"])
        elif rule.startswith("pod "):
            pod = rule.split()[1].rstrip(":")
            if local:
                rows.append((hop["node"], "lo", t("trace.localhost"), "127.0.0.1"))
            else:
                rows += _pod_path(cluster, hop["node"], pod, inbound=True)
            rows.append((hop["node"], pod, hop_text(rule.split(" ", 2)[2].lstrip(": ")), hop["address"]))
        elif rule.startswith(("ingress", "egress", "from the pod", "allowed by")):
            rows.append((hop["node"] or "", "NetworkPolicy", hop_text(rule), hop["address"]))
        else:
            rows.append((hop["node"] or "", "", hop_text(rule), hop["address"]))
    out = Trace(src, dst, url, resp, [dict(zip(COLUMNS, (i + 1,) + r)) for i, r in enumerate(rows)])
    if echo:
        print(out.text, end="")
    return out
