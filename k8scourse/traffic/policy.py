"""NetworkPolicy (``networking.k8s.io/v1``) as a policy engine enforces it on a new connection.

The rules, as the Kubernetes documentation states them:

* every pod is **non-isolated** by default: all ingress and egress is allowed;
* a pod becomes isolated for ingress (egress) once *any* NetworkPolicy in its namespace selects it
  (``spec.podSelector``) with ``Ingress`` (``Egress``) in ``policyTypes``; then only what the union
  of those policies' rules allows gets through — policies only ever add permissions;
* a connection needs **both** the source pod's egress and the destination pod's ingress to allow it;
  reply packets of an allowed connection always pass (the engines track connections);
* one peer (``from``/``to`` element) with ``podSelector`` *and* ``namespaceSelector`` matches pods
  that satisfy both (AND); separate peers are alternatives (OR); ``podSelector`` alone means pods of
  the policy's own namespace; ``ipBlock`` matches the packet's address (``cidr`` minus ``except``);
* ``ports`` restrict by protocol (default TCP) and port — a number, a range (``endPort``) or a
  named container port of the destination pod; no ``ports`` means every port;
* connections from the pod's own node (the kubelet's probes, ``hostNetwork`` processes) are
  always allowed;
* enforcement needs an engine: AKS ``--network-policy azure`` (Azure NPM) or ``calico`` (or
  ``cilium``). Without one the objects are stored and printed but change nothing.

The engine is chosen by ``cluster.network_policy``: ``"azure"``, ``"calico"``, ``"cilium"`` enforce,
``"none"`` does not; unset (the default) means *enforced* — by Calico on a kubenet cluster, by
Azure NPM on Azure CNI — so that the course's policies have an effect.

Deliberate differences: policies are evaluated when a connection opens (the simulation has no
long-lived connections to cut); ``ipBlock`` is matched against the address the pod sees after
kube-proxy's SNAT (as real engines do — which is why ``externalTrafficPolicy: Local`` matters for
``ipBlock`` rules); SCTP is treated like any other protocol.

>>> pol = {"metadata": {"name": "web-allow", "namespace": "default"}, "spec": {
...     "podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"],
...     "ingress": [{"from": [{"podSelector": {"matchLabels": {"role": "client"}}}]}]}}
>>> web = Endpoint("pod", "10.244.0.5", "n0", {"metadata": {"name": "web", "namespace": "default",
...                 "labels": {"app": "web"}}})
>>> client = Endpoint("pod", "10.244.1.7", "n1", {"metadata": {"name": "c", "namespace": "default",
...                    "labels": {"role": "client"}}})
>>> other = Endpoint("pod", "10.244.1.8", "n1", {"metadata": {"name": "o", "namespace": "default"}})
>>> ns = {"default": {}}
>>> check([pol], ns, client, web, 80, "TCP").allowed, check([pol], ns, other, web, 80, "TCP").allowed
(True, False)
>>> check([pol], ns, other, web, 80, "TCP").reason
'ingress to default/web denied: selected by NetworkPolicy default/web-allow, no rule allows it'
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from ..api.labels import selector_from_label_selector
from ..api.objects import dig

ENFORCING = ("azure", "calico", "cilium")
POLICIES = "networkpolicies.networking.k8s.io"


@dataclass
class Endpoint:
    """One side of a connection: a pod (with its object), a node, or an address outside the pods."""
    kind: str                  # pod, node, outside, ip
    ip: str
    node: str | None = None
    pod: dict | None = None

    @property
    def namespace(self) -> str:
        return dig(self.pod, "metadata", "namespace", default="default") if self.pod else ""

    @property
    def name(self) -> str:
        return f"{self.namespace}/{self.pod['metadata']['name']}" if self.pod else self.ip


@dataclass
class Verdict:
    allowed: bool
    reason: str = ""
    policies: list = field(default_factory=list)       # "ns/name" of the policies that decided
    direction: str = ""                                # "egress" or "ingress" when denied


def engine(cluster) -> str:
    """The cluster's policy engine: ``azure``, ``calico``, ``cilium`` or ``none``."""
    if cluster.network_policy:
        return cluster.network_policy
    return "azure" if cluster.network_plugin.startswith("azure") else "calico"


def enforced(cluster) -> bool:
    return engine(cluster) in ENFORCING


def _selects(policy: dict, pod: dict) -> bool:
    return (dig(policy, "metadata", "namespace") == dig(pod, "metadata", "namespace")
            and selector_from_label_selector(dig(policy, "spec", "podSelector") or {}).matches(
                dig(pod, "metadata", "labels") or {}))


def _peer_matches(peer: dict, policy_ns: str, other: Endpoint, namespaces: dict) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        try:
            ip = ipaddress.ip_address(other.ip)
            if ip not in ipaddress.ip_network(block["cidr"], strict=False):
                return False
            return not any(ip in ipaddress.ip_network(e, strict=False) for e in block.get("except") or [])
        except ValueError:
            return False
    if other.pod is None:          # pod/namespace selectors match pods only
        return False
    ns = other.namespace
    if "namespaceSelector" in peer:
        ns_labels = dict(namespaces.get(ns) or {})
        ns_labels.setdefault("kubernetes.io/metadata.name", ns)
        if not selector_from_label_selector(peer["namespaceSelector"] or {}).matches(ns_labels):
            return False
    elif ns != policy_ns:
        return False
    if "podSelector" in peer:
        return selector_from_label_selector(peer["podSelector"] or {}).matches(dig(other.pod, "metadata", "labels") or {})
    return True


def _named_port(pod: dict | None, name: str, protocol: str) -> int | None:
    for c in dig(pod, "spec", "containers", default=[]) if pod else []:
        for p in c.get("ports") or []:
            if p.get("name") == name and (p.get("protocol") or "TCP") == protocol:
                return p.get("containerPort")
    return None


def _port_matches(ports: list | None, port: int, protocol: str, dst_pod: dict | None) -> bool:
    if not ports:
        return True
    for p in ports:
        if (p.get("protocol") or "TCP") != protocol:
            continue
        want = p.get("port")
        if want is None:
            return True
        if isinstance(want, str) and not want.isdigit():
            want = _named_port(dst_pod, want, protocol)
            if want is None:
                continue
        want = int(want)
        if want <= port <= int(p.get("endPort") or want):
            return True
    return False


def _direction(policies, namespaces, subject: Endpoint, other: Endpoint, port: int, protocol: str,
               dst_pod: dict | None, kind: str) -> Verdict:
    """Whether ``subject``'s ``kind`` (Ingress/Egress) isolation lets the connection through."""
    key, peers_key = ("ingress", "from") if kind == "Ingress" else ("egress", "to")
    isolating = [p for p in policies if kind in (dig(p, "spec", "policyTypes") or []) and _selects(p, subject.pod)]
    if not isolating:
        return Verdict(True)
    for pol in isolating:
        ns = pol["metadata"]["namespace"]
        for rule in dig(pol, "spec", key) or []:
            peers = rule.get(peers_key)
            if peers and not any(_peer_matches(peer, ns, other, namespaces) for peer in peers):
                continue
            if _port_matches(rule.get("ports"), port, protocol, dst_pod):
                name = f"{ns}/{pol['metadata']['name']}"
                return Verdict(True, f"{key} allowed by NetworkPolicy {name}", [name])
    names = [f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in isolating]
    label = "NetworkPolicy" if len(names) == 1 else "NetworkPolicies"
    word = "to" if kind == "Ingress" else "from"
    return Verdict(False, f"{key} {word} {subject.name} denied: selected by {label} {', '.join(names)}, "
                          f"no rule allows it", names, key)


def check(policies: list[dict], namespaces: dict, src: Endpoint, dst: Endpoint, port: int,
          protocol: str = "TCP", seen: Endpoint | None = None) -> Verdict:
    """The verdict on a new connection ``src`` → ``dst``:``port`` (``namespaces``: name → labels).

    ``seen`` is the source as the destination sees it when kube-proxy masqueraded the connection
    (the node's address): the destination's ingress rules judge that address.
    """
    protocol = protocol.upper()
    allowed_by = []
    if src.kind == "pod" and src.pod is not None and not dig(src.pod, "spec", "hostNetwork"):
        v = _direction(policies, namespaces, src, dst, port, protocol, dst.pod, "Egress")
        if not v.allowed:
            return v
        allowed_by += v.policies
    if dst.kind == "pod" and dst.pod is not None and not dig(dst.pod, "spec", "hostNetwork"):
        seen = seen or src
        if seen.kind == "node" and seen.node == dst.node:
            return Verdict(True, "from the pod's own node: always allowed", allowed_by)
        v = _direction(policies, namespaces, dst, seen, port, protocol, dst.pod, "Ingress")
        if not v.allowed:
            return v
        allowed_by += v.policies
    reason = "; ".join(f"allowed by NetworkPolicy {p}" for p in allowed_by) or "no NetworkPolicy isolates either end"
    return Verdict(True, reason, allowed_by)


def evaluate(cluster, src: Endpoint, dst: Endpoint, port: int, protocol: str = "TCP",
             seen: Endpoint | None = None) -> Verdict:
    """:func:`check` with the cluster's stored policies and namespaces (always allowed without an engine)."""
    api = cluster.api
    policies = api.store.list(POLICIES, None, copy=False)
    if not policies:
        return Verdict(True, "no NetworkPolicy in the cluster")
    if not enforced(cluster):
        return Verdict(True, f"NetworkPolicy not enforced: no policy engine (network_policy={engine(cluster)!r})")
    namespaces = {n["metadata"]["name"]: dig(n, "metadata", "labels") or {}
                  for n in api.store.list("namespaces", None, copy=False)}
    policies = sorted(policies, key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"]))
    return check(policies, namespaces, src, dst, port, protocol, seen)
