r"""kube-proxy's iptables rules, derived from Services and EndpointSlices (iptables mode).

What kube-proxy's iptables proxier writes, chain by chain, for one node:

* ``KUBE-SERVICES`` (nat): one rule per Service port and cluster IP jumping to ``KUBE-SVC-<hash>``
  (``KUBE-SVL-<hash>`` with ``internalTrafficPolicy: Local``), one per load-balancer ingress IP
  jumping to ``KUBE-EXT-<hash>``, and last ``-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS``;
* ``KUBE-NODEPORTS``: ``--dport <nodePort> -j KUBE-EXT-<hash>`` — the same on every node;
* ``KUBE-EXT-<hash>``: ``externalTrafficPolicy: Cluster`` marks the packet for masquerading (the
  backend sees the node's address) and goes to the ``KUBE-SVC`` chain; ``Local`` keeps the client's
  address and goes to ``KUBE-SVL`` — this node's endpoints only;
* ``KUBE-SVC-<hash>``: one rule per ready endpoint, ``-m statistic --mode random --probability``
  1/n, 1/(n−1), … 1/2 and a last unconditional rule: an equal chance for each endpoint. With
  ``sessionAffinity: ClientIP`` ``-m recent --rcheck --seconds 10800 --reap`` rules come first, so
  a client seen before goes back to the endpoint it had;
* ``KUBE-SEP-<hash>``: ``-j DNAT --to-destination <podIP>:<port>`` (hairpin traffic from the pod
  itself is masqueraded; with affinity ``-m recent --set`` records the client);
* filter table: a Service without ready endpoints gets ``-j REJECT`` (the client's connect fails at
  once: ``Connection refused``); ``Local`` policies without a local endpoint ``-j DROP``.

Chain names are ``KUBE-SVC-`` + the first 16 characters of base32(sha256(``ns/name:port`` +
protocol)), as upstream names them; the probabilities print as iptables-save prints them
(``0.33333333349``: iptables keeps the probability as a 31-bit fraction).

Deliberate differences: IPv4 only; no ``loadBalancerSourceRanges`` (``KUBE-FW``) chains, no
``externalIPs`` rules, no terminating-endpoint fallback, no health-check node ports.

>>> svc = {"metadata": {"name": "web", "namespace": "default"}, "spec": {"type": "ClusterIP",
...        "clusterIP": "10.96.0.50", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]}}
>>> eps = [{"addresses": [f"10.244.{i}.5"], "conditions": {"ready": True}, "nodeName": f"n{i}"} for i in range(3)]
>>> es = {"metadata": {"labels": {"kubernetes.io/service-name": "web"}, "namespace": "default"},
...       "ports": [{"name": "", "port": 80, "protocol": "TCP"}], "endpoints": eps}
>>> table = build_rules([svc], [es], "n0", {"10.224.0.4"})
>>> [r.line() for r in table if r.chain.startswith("KUBE-SVC")][1]
'-A KUBE-SVC-... -m comment --comment "default/web -> 10.244.0.5:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-...'
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import asdict, dataclass

from .. import defaults
from ..api.objects import dig

AFFINITY_SECONDS = 10800
MASQ_MARK = "0x4000/0x4000"


@functools.lru_cache(maxsize=4096)
def chain_name(prefix: str, *parts: str) -> str:
    """``KUBE-SVC-`` + 16 characters of base32(sha256(parts)), as kube-proxy names its chains
    (a pure function: remembered for the chains of the last few thousand Service ports and endpoints)."""
    digest = hashlib.sha256("".join(parts).encode()).digest()
    return f"{prefix}-{base64.b32encode(digest).decode()[:16]}"


def iptables_probability(p: float) -> str:
    """How ``iptables-save`` prints ``--probability`` (a 31-bit fraction, 11 decimals)."""
    written = float(f"{p:0.10f}")
    return f"{round(written * 0x80000000) / 0x80000000:.11f}"


@dataclass(frozen=True)
class Rule:
    """One iptables rule; ``line()`` is how ``iptables-save`` prints it."""
    table: str
    chain: str
    target: str
    comment: str = ""
    proto: str = ""
    src: str = ""               # "10.244.1.5/32", or "!10.244.0.0/16"
    dst: str = ""               # "10.96.0.10/32"
    dport: int | None = None
    dst_local: bool = False     # -m addrtype --dst-type LOCAL
    src_local: bool = False     # -m addrtype --src-type LOCAL
    probability: float | None = None
    recent_check: str = ""      # -m recent --rcheck --name X
    recent_set: str = ""        # -m recent --set --name X
    to_destination: str = ""    # DNAT target
    extra: str = ""             # target options printed as they are

    def line(self) -> str:
        parts = [f"-A {self.chain}"]
        if self.src:
            parts.append(f"! -s {self.src[1:]}" if self.src.startswith("!") else f"-s {self.src}")
        if self.dst:
            parts.append(f"-d {self.dst}")
        if self.proto:
            parts.append(f"-p {self.proto}")
        if self.comment:
            parts.append(f'-m comment --comment "{self.comment}"')
        if self.src_local:
            parts.append("-m addrtype --src-type LOCAL")
        if self.dst_local:
            parts.append("-m addrtype --dst-type LOCAL")
        if self.recent_check:
            parts.append(f"-m recent --rcheck --seconds {AFFINITY_SECONDS} --reap --name {self.recent_check} "
                         f"--mask 255.255.255.255 --rsource")
        if self.recent_set:
            parts.append(f"-m recent --set --name {self.recent_set} --mask 255.255.255.255 --rsource")
        if self.proto and (self.dport is not None or self.target == "DNAT"):
            parts.append(f"-m {self.proto}" + (f" --dport {self.dport}" if self.dport is not None else ""))
        if self.probability is not None:
            parts.append(f"-m statistic --mode random --probability {iptables_probability(self.probability)}")
        parts.append(f"-j {self.target}")
        if self.to_destination:
            parts.append(f"--to-destination {self.to_destination}")
        if self.extra:
            parts.append(self.extra)
        return " ".join(parts)

    def as_dict(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if v not in ("", None, False)}
        out["rule"] = self.line()
        return out


def _port_name(svc: dict, port: dict) -> str:
    md = svc["metadata"]
    base = f"{md['namespace']}/{md['name']}"
    return f"{base}:{port['name']}" if port.get("name") else base


def ready_endpoints(svc: dict, port: dict, slices: list[dict]) -> list[tuple[str, int, str]]:
    """(pod IP, target port, node) of the Service port's ready endpoints, in address order."""
    md = svc["metadata"]
    out = []
    for es in slices:
        if dig(es, "metadata", "labels", "kubernetes.io/service-name") != md["name"] or \
                dig(es, "metadata", "namespace") != md["namespace"]:
            continue
        number = next((p.get("port") for p in es.get("ports") or []
                       if (p.get("name") or "") == (port.get("name") or "")
                       and p.get("protocol", "TCP") == port.get("protocol", "TCP")), None)
        if number is None:
            continue
        for ep in es.get("endpoints") or []:
            if dig(ep, "conditions", "ready") is False:
                continue
            for ip in ep.get("addresses") or []:
                out.append((ip, int(number), ep.get("nodeName", "")))
    out.sort(key=lambda e: (tuple(int(x) for x in e[0].split(".")), e[1]))
    return out


def _endpoint_chain(rules: list, chain: str, svc: dict, port: dict, name: str, proto: str,
                    endpoints: list[tuple[str, int, str]]) -> None:
    """The KUBE-SVC / KUBE-SVL chain and its KUBE-SEP chains."""
    affinity = dig(svc, "spec", "sessionAffinity") == "ClientIP"
    seps = [(chain_name("KUBE-SEP", name, proto, f"{ip}:{p}"), ip, p) for ip, p, _ in endpoints]
    if affinity:
        for sep, ip, p in seps:
            rules.append(Rule("nat", chain, sep, f"{name} -> {ip}:{p}", recent_check=sep))
    n = len(seps)
    for i, (sep, ip, p) in enumerate(seps):
        prob = 1.0 / (n - i) if i < n - 1 else None
        rules.append(Rule("nat", chain, sep, f"{name} -> {ip}:{p}", probability=prob))
    for sep, ip, p in seps:
        rules.append(Rule("nat", sep, "KUBE-MARK-MASQ", name, src=f"{ip}/32"))
        rules.append(Rule("nat", sep, "DNAT", name, proto=proto, to_destination=f"{ip}:{p}",
                          recent_set=sep if affinity else ""))


def build_rules(services: list[dict], slices: list[dict], node_name: str, local_ips: set[str],
                cluster_cidr: str = defaults.POD_CIDR) -> list["Rule"]:
    """Every rule kube-proxy on ``node_name`` writes for these Services (nat, then filter)."""
    nat: list[Rule] = [
        Rule("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"),
        Rule("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"),
        Rule("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"),
        Rule("nat", "KUBE-MARK-MASQ", "MARK", extra="--set-xmark 0x4000/0x4000"),
        Rule("nat", "KUBE-POSTROUTING", "MASQUERADE", "kubernetes service traffic requiring SNAT",
             extra="--random-fully"),
    ]
    services_chain: list[Rule] = []
    nodeports: list[Rule] = []
    chains: list[Rule] = []
    filt: list[Rule] = []
    ordered = sorted(services, key=lambda s: (s["metadata"]["namespace"], s["metadata"]["name"]))
    for svc in ordered:
        spec = svc.get("spec") or {}
        stype = spec.get("type", "ClusterIP")
        ip = spec.get("clusterIP")
        if stype == "ExternalName" or not ip or ip == "None":
            continue
        lb_ips = [i["ip"] for i in dig(svc, "status", "loadBalancer", "ingress", default=[]) or [] if i.get("ip")] \
            if stype == "LoadBalancer" else []
        for port in spec.get("ports") or []:
            proto = port.get("protocol", "TCP").lower()
            name = _port_name(svc, port)
            svc_chain = chain_name("KUBE-SVC", name, proto)
            svl_chain = chain_name("KUBE-SVL", name, proto)
            ext_chain = chain_name("KUBE-EXT", name, proto)
            endpoints = ready_endpoints(svc, port, slices)
            local = [e for e in endpoints if e[2] == node_name]
            itp_local = spec.get("internalTrafficPolicy") == "Local"
            etp_local = spec.get("externalTrafficPolicy") == "Local"
            node_port = port.get("nodePort") if stype in ("NodePort", "LoadBalancer") else None
            external = bool(node_port or lb_ips)
            if not endpoints:
                filt.append(Rule("filter", "KUBE-SERVICES", "REJECT", f"{name} has no endpoints", proto=proto,
                                 dst=f"{ip}/32", dport=port["port"], extra="--reject-with icmp-port-unreachable"))
                for lb in lb_ips:
                    filt.append(Rule("filter", "KUBE-EXTERNAL-SERVICES", "REJECT", f"{name} has no endpoints",
                                     proto=proto, dst=f"{lb}/32", dport=port["port"],
                                     extra="--reject-with icmp-port-unreachable"))
                if node_port:
                    filt.append(Rule("filter", "KUBE-EXTERNAL-SERVICES", "REJECT", f"{name} has no endpoints",
                                     proto=proto, dst_local=True, dport=node_port,
                                     extra="--reject-with icmp-port-unreachable"))
                continue
            first = svl_chain if itp_local else svc_chain
            services_chain.append(Rule("nat", "KUBE-SERVICES", first, f"{name} cluster IP", proto=proto,
                                       dst=f"{ip}/32", dport=port["port"]))
            if itp_local and not local:
                filt.append(Rule("filter", "KUBE-SERVICES", "DROP", f"{name} has no local endpoints", proto=proto,
                                 dst=f"{ip}/32", dport=port["port"]))
            for lb in lb_ips:
                services_chain.append(Rule("nat", "KUBE-SERVICES", ext_chain, f"{name} loadbalancer IP",
                                           proto=proto, dst=f"{lb}/32", dport=port["port"]))
            if node_port:
                nodeports.append(Rule("nat", "KUBE-NODEPORTS", ext_chain, name, proto=proto, dport=node_port))
            if external and etp_local and not local:
                for lb in lb_ips:
                    filt.append(Rule("filter", "KUBE-EXTERNAL-SERVICES", "DROP", f"{name} has no local endpoints",
                                     proto=proto, dst=f"{lb}/32", dport=port["port"]))
                if node_port:
                    filt.append(Rule("filter", "KUBE-EXTERNAL-SERVICES", "DROP", f"{name} has no local endpoints",
                                     proto=proto, dst_local=True, dport=node_port))
            if not itp_local or external:
                chains.append(Rule("nat", svc_chain, "KUBE-MARK-MASQ", f"{name} cluster IP", proto=proto,
                                   src=f"!{cluster_cidr}", dst=f"{ip}/32", dport=port["port"]))
                _endpoint_chain(chains, svc_chain, svc, port, name, proto, endpoints)
            if itp_local or (external and etp_local):
                _endpoint_chain(chains, svl_chain, svc, port, name, proto, local)
            if external:
                if etp_local:
                    chains.append(Rule("nat", ext_chain, svc_chain,
                                       f"pod traffic for {name} external destinations", src=cluster_cidr))
                    chains.append(Rule("nat", ext_chain, "KUBE-MARK-MASQ",
                                       f"masquerade LOCAL traffic for {name} external destinations", src_local=True))
                    chains.append(Rule("nat", ext_chain, svc_chain,
                                       f"route LOCAL traffic for {name} external destinations", src_local=True))
                    chains.append(Rule("nat", ext_chain, svl_chain))
                else:
                    chains.append(Rule("nat", ext_chain, "KUBE-MARK-MASQ",
                                       f"masquerade traffic for {name} external destinations"))
                    chains.append(Rule("nat", ext_chain, svc_chain))
    services_chain.append(Rule("nat", "KUBE-SERVICES", "KUBE-NODEPORTS",
                               "kubernetes service nodeports; NOTE: this must be the last rule in this chain",
                               dst_local=True))
    filt_head = [Rule("filter", "INPUT", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals"),
                 Rule("filter", "FORWARD", "KUBE-SERVICES", "kubernetes service portals"),
                 Rule("filter", "FORWARD", "KUBE-EXTERNAL-SERVICES", "kubernetes externally-visible service portals"),
                 Rule("filter", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals")]
    return nat + nodeports + services_chain + chains + filt_head + filt


_BUILTIN = {"nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"), "filter": ("INPUT", "FORWARD", "OUTPUT")}
_ALWAYS = {"nat": ("KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-SERVICES"),
           "filter": ("KUBE-EXTERNAL-SERVICES", "KUBE-SERVICES")}


def render(rules: list[Rule], table: str, stamp: str) -> str:
    """``iptables-save -t <table>`` text of the rules (chains declared first, then the rules)."""
    chains = list(_ALWAYS.get(table, ()))
    for r in rules:
        if r.table == table and r.chain not in chains and r.chain not in _BUILTIN.get(table, ()):
            chains.append(r.chain)
        if r.table == table and r.target.startswith("KUBE-") and r.target not in chains:
            chains.append(r.target)
    lines = [f"# Generated by iptables-save v1.8.9 (nf_tables) on {stamp}", f"*{table}"]
    lines += [f":{c} ACCEPT [0:0]" for c in _BUILTIN.get(table, ())]
    lines += [f":{c} - [0:0]" for c in sorted(chains)]
    lines += [r.line() for r in rules if r.table == table]
    lines += ["COMMIT", f"# Completed on {stamp}"]
    return "\n".join(lines) + "\n"
