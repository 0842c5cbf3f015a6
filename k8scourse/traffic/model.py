"""The data plane: what happens to one HTTP request inside (or into) the cluster.

``request(cluster, source, url)`` follows a request the way the packets go:

1. **Source** — a pod (``"pod/web"`` or ``"web"``, with ``namespace=``), a node (its name: the
   node's host network), or ``"outside"`` (the internet: only load-balancer IPs and the nodes'
   addresses for NodePorts are reachable).
2. **Name** — an IP is used as is; a name is resolved: from a pod through its ``/etc/resolv.conf``
   (search path, ``ndots:5``) by the cluster DNS, whose query itself goes to the ``kube-dns``
   cluster IP through the node's kube-proxy rules — no ready CoreDNS pod, and the lookup times
   out; from a node or outside only through Azure/public DNS (cluster names do not resolve there).
3. **kube-proxy** — the source node's rules (:meth:`k8scourse.proxy.KubeProxy.route`) pick a
   backend at random (the cluster RNG), honour session affinity, and REJECT a Service without
   endpoints (the connect fails at once) or DROP (the client waits for its connect timeout).
   From outside, the Azure load balancer first picks a node (with ``externalTrafficPolicy: Local``
   only nodes with a ready local endpoint, as its health probe would).
4. **Delivery** — the pod owning the destination IP (routed to its node through the pod CIDR
   routes) gets the request; a container whose program listens on the port answers it (the
   runtime's server programs: nginx, httpd, http-echo, agnhost…), writing its access-log line with
   the client address it sees (the node's, when kube-proxy masqueraded); nothing listening means
   *connection refused*.

Every request returns a :class:`Response` with the hops it took (``path``: node, rule, address)
and counts a hit for the pod that answered (:func:`hits`). Failures that take time (timeouts)
let that much simulated time pass.

5. **NetworkPolicy** — before delivery the connection is judged by
   :mod:`k8scourse.traffic.policy` on its post-DNAT destination (the endpoint pod and port):
   the source pod's egress and the destination pod's ingress must both allow it; a denied
   connection is dropped (the client waits for its connect timeout) and the deciding policy is
   named in the hops and in ``Response.policy``. The DNS query itself (UDP 53 to a CoreDNS pod) is
   judged the same way, so a pod without DNS egress cannot resolve names.

A pod on a node that is switched off (``cluster.faults.stop_node``) does not answer: the
connection times out.

Deliberate differences: TCP/HTTP only (one request per connection); a node's host processes listen on nothing but ``hostPort``/``hostNetwork``
pods; the internet knows only a few public names (:data:`k8scourse.dns.records.PUBLIC`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..api.objects import dig
from ..dns import pod_resolv_conf, node_resolv_conf, resolve
from ..dns.resolver import AZURE_DNS, ResolvConf
from ..runtime.pages import not_found, page, server_header
from .addresses import _in_pod_cidr, _is_ip, _node_ready, parse_url
from .policy import Endpoint, evaluate

OUTSIDE_IP = "203.0.113.10"           # the student's machine, as the cluster sees it (TEST-NET-3)
CONNECT_TIMEOUT_MS = 134_167           # Linux tcp_syn_retries=6
DNS_TIMEOUT_MS = 10_000                # resolv.conf timeout:5 × attempts:2
UNREACHABLE_MS = 3_070                 # ARP gives up: EHOSTUNREACH
USER_AGENT = "curl/8.5.0"


@dataclass
class Response:
    """What became of one request."""
    url: str
    host: str
    port: int
    path: str
    kind: str = "response"     # response, refused, timeout, unreachable, unresolved, dns-timeout, bad-source
    status: int = 0
    body: str = ""
    headers: list = field(default_factory=list)
    error: str = ""            # a server's non-HTTP answer, or why the source is not usable
    address: str = ""          # the IP the client connected to
    pod: str = ""              # namespace/name of the pod that answered
    node: str = ""             # and its node
    elapsed_ms: int = 1
    hops: list = field(default_factory=list)    # {"node", "rule", "address"}
    policy: str = ""           # why NetworkPolicy allowed or denied the connection (empty: none involved)
    client: str = ""           # the source address the destination saw (after any SNAT)

    @property
    def ok(self) -> bool:
        return self.kind == "response" and 200 <= self.status < 400


@dataclass
class Source:
    kind: str                  # pod, node, outside
    ip: str
    node: str | None = None
    pod: dict | None = None
    conf: ResolvConf | None = None


class Traffic:
    """Per-cluster traffic state: hit counts and the last request's path."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.counts: Counter = Counter()
        self.where: dict[tuple[str, str], tuple[str, str]] = {}     # (ns, pod) -> (node, ip)
        self.last: Response | None = None
        self.exec_files: dict[str, dict] = {}       # container ID -> files ``kubectl exec`` wrote there

    # ------------------------------------------------------------------ the cluster's places
    def _nodes(self) -> list[dict]:
        return self.cluster.api.store.list("nodes", None, copy=False)

    @staticmethod
    def _node_ip(node: dict) -> str:
        return next((a["address"] for a in dig(node, "status", "addresses", default=[])
                     if a.get("type") == "InternalIP"), "")

    def node_by_ip(self, ip: str) -> dict | None:
        return next((n for n in self._nodes() if self._node_ip(n) == ip), None)

    def workers(self):
        for node, kubelet in sorted(self.cluster.kubelets.items()):
            for worker in list(kubelet.workers.values()):
                if not worker.gone and worker.sandbox is not None:
                    yield node, kubelet, worker

    def pod_at(self, ip: str):
        """(node, kubelet, worker) of the running pod sandbox that has ``ip`` (not host-network)."""
        for node, kubelet, worker in self.workers():
            if worker.pod_ip == ip and not dig(worker.pod, "spec", "hostNetwork"):
                return node, kubelet, worker
        return None

    def node_down(self, node: str) -> bool:
        """Whether the node's VM is switched off (``cluster.faults.stop_node``)."""
        return not self.cluster.node_powered(node)

    @staticmethod
    def endpoint(src: Source) -> Endpoint:
        return Endpoint(src.kind, src.ip, src.node, src.pod)

    @staticmethod
    def pod_endpoint(found) -> Endpoint:
        node, _, worker = found
        return Endpoint("pod", worker.pod_ip, node, worker.pod)

    def _allowed(self, src: Source, found, dst: str, dport: int, seen: str, entry: str, resp: Response) -> bool:
        """NetworkPolicy on the connection ``src`` → ``dst:dport`` (``found``: the pod owning ``dst``)."""
        target = self.pod_endpoint(found) if found is not None else Endpoint("ip", dst)
        origin = None
        if seen != src.ip:      # masqueraded: judged by address (the own-node exemption is for the node's own connections)
            origin = Endpoint("ip", seen)
        verdict = evaluate(self.cluster, self.endpoint(src), target, dport, "TCP", origin)
        resp.policy = verdict.reason
        if verdict.policies or not verdict.allowed:
            resp.hops.append({"node": found[0] if found is not None and verdict.direction != "egress" else entry,
                              "rule": verdict.reason, "address": f"{dst}:{dport}"})
        if not verdict.allowed:
            resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
        return verdict.allowed

    def source(self, source: str, namespace: str = "default") -> Source | str:
        """The requesting side, or the reason it cannot send."""
        if source == "outside":
            return Source("outside", OUTSIDE_IP, None, None, ResolvConf([AZURE_DNS]))
        if self.cluster.api.peek("nodes", source) is not None:
            node = self.cluster.api.peek("nodes", source)
            return Source("node", self._node_ip(node), source, None, node_resolv_conf())
        kind, _, name = source.rpartition("/")
        if kind and kind not in ("pod", "pods", "po"):
            return f"unknown source {source!r}: a pod (pod/NAME), a node name or 'outside'"
        pod = self.cluster.api.peek("pods", name, namespace)
        if pod is None:
            return f'pods "{name}" not found'
        node = dig(pod, "spec", "nodeName")
        ip = dig(pod, "status", "podIP")
        # a Pending pod with an IP has its sandbox: its init containers talk to the network already
        if not node or not ip or dig(pod, "status", "phase") not in ("Running", "Pending"):
            return f"pod {name} is not running"
        return Source("pod", ip, node, pod, pod_resolv_conf(pod, self.cluster.api.allocator.dns_ip))

    # ------------------------------------------------------------------ DNS
    def dns_reachable(self, src: Source, hops: list | None = None) -> bool:
        """Whether ``src``'s first nameserver answers (cluster DNS goes through kube-proxy)."""
        if src.conf is None or not src.conf.nameservers:
            return False
        server = src.conf.nameservers[0]
        if server == AZURE_DNS:
            return True
        proxy = self.cluster.proxies.get(src.node)
        if proxy is None:
            return False
        decision = proxy.route(src.ip, server, 53, "udp", from_host=src.kind == "node")
        if hops is not None:
            hops += [{"node": src.node, "rule": r.line(), "address": f"{server}:53"} for r in decision.hops]
        if decision.verdict != "DNAT":
            return False
        found = self.pod_at(decision.dst)
        if found is None or self.node_down(found[0]):
            return False
        verdict = evaluate(self.cluster, self.endpoint(src), self.pod_endpoint(found), decision.dport, "UDP")
        if hops is not None and verdict.policies:
            hops.append({"node": src.node, "rule": verdict.reason, "address": f"{decision.dst}:{decision.dport}"})
        return verdict.allowed and _listening(found[1], found[2], decision.dport)

    def lookup(self, src: Source, name: str, qtype: str = "A", search: bool = True):
        """(Resolution or None when the DNS server does not answer, time taken in ms)."""
        if not self.dns_reachable(src):
            return None, DNS_TIMEOUT_MS
        conf = src.conf if search else ResolvConf(src.conf.nameservers, [], src.conf.options)
        if src.kind == "outside":
            conf = ResolvConf([AZURE_DNS])
            result = resolve(self.cluster.api, name, conf, qtype)
            if result.ok and self.cluster.api.peek("nodes", result.name.split(".")[0]) is not None:
                result.answer.rcode, result.answer.records = "NXDOMAIN", []     # VNet names are private
            return result, 1
        return resolve(self.cluster.api, name, conf, qtype), 1

    # ------------------------------------------------------------------ one request
    def request(self, source: str, url: str, namespace: str = "default", agent: str = USER_AGENT,
                advance: bool = True, connect_only: bool = False) -> Response:
        """One HTTP GET (``connect_only``: just the TCP connect, kind ``connected``, as ``nc -z``)."""
        host, port, path, scheme = parse_url(url)
        resp = Response(url, host, port, path)
        if connect_only:
            scheme = "tcp"
        src = self.source(source, namespace)
        if isinstance(src, str):
            resp.kind, resp.error = "bad-source", src
            return resp
        resp.hops.append({"node": src.node, "rule": f"{src.kind} {source} ({src.ip}) connects to {host}:{port}",
                          "address": src.ip})
        if _is_ip(host):
            ip = host
        elif host == "localhost":
            ip = "127.0.0.1"
        else:
            result, took = self.lookup(src, host)
            if result is None:
                resp.kind, resp.elapsed_ms = "dns-timeout", took
                return self._done(resp, advance)
            if not result.ok or not result.addresses:
                resp.kind = "unresolved"
                return self._done(resp, advance)
            ip = result.addresses[0]
            resp.hops.append({"node": src.node, "rule": f"DNS {result.name} A {ip}", "address": ip})
        resp.address = ip
        self._connect(src, ip, port, path, agent, resp, scheme)
        return self._done(resp, advance)

    def _done(self, resp: Response, advance: bool) -> Response:
        self.last = resp
        if advance and resp.elapsed_ms >= 1000:
            self.cluster.run(seconds=resp.elapsed_ms / 1000)
        return resp

    def _connect(self, src: Source, ip: str, port: int, path: str, agent: str, resp: Response, scheme: str):
        proxies = self.cluster.proxies
        if src.kind == "pod" and ip == "127.0.0.1":
            found = self.pod_at(src.ip) or next(((n, k, w) for n, k, w in self.workers()
                                                 if w.uid == dig(src.pod, "metadata", "uid")), None)
            return self._deliver(found, port, path, agent, "127.0.0.1", src.node, resp, scheme)
        entry, client = src.node, src.ip
        if src.kind == "outside":
            entry = self._entry_from_outside(ip, port, resp)
            if entry is None:
                resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
                return None
        proxy = proxies.get(entry)
        if proxy is None:
            resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
            return None
        decision = proxy.route(client, ip, port, "tcp", from_host=src.kind == "node")
        resp.hops += [{"node": entry, "rule": r.line(), "address": f"{ip}:{port}"} for r in decision.hops]
        if decision.verdict == "REJECT":
            resp.kind, resp.elapsed_ms = "refused", 1
            return None
        if decision.verdict == "DROP":
            resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
            return None
        dst, dport = decision.dst, decision.dport
        seen = self._node_ip(self.cluster.api.peek("nodes", entry) or {}) if decision.masquerade else client
        if decision.masquerade:
            resp.hops.append({"node": entry, "rule": f"-A KUBE-POSTROUTING -j MASQUERADE (source {client} → {seen})",
                              "address": seen})
        resp.client = seen
        found = self.pod_at(dst)
        if found is None:
            node = self.node_by_ip(dst)
            if node is not None:
                found, dport = self._host_port(node["metadata"]["name"], dport)
                if found is None:
                    resp.kind = "refused"
                    return None
            elif not self._allowed(src, None, dst, dport, seen, entry, resp):
                return None
            elif _in_pod_cidr(dst, self.cluster.pod_cidr):
                resp.kind, resp.elapsed_ms = "unreachable", UNREACHABLE_MS
                return None
            else:
                resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
                return None
        if found[0] != entry:
            target_node = self.cluster.api.peek("nodes", found[0]) or {}
            via = dig(target_node, "spec", "podCIDR") or f"{dst}/32"     # Azure CNI: the VNet knows each pod IP
            resp.hops.append({"node": entry, "rule": f"route {via} via {self._node_ip(target_node)} ({found[0]})",
                              "address": f"{dst}:{dport}"})
        if self.node_down(found[0]):
            resp.hops.append({"node": found[0], "rule": f"node {found[0]} is down: no answer",
                              "address": f"{dst}:{dport}"})
            resp.kind, resp.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
            return None
        if not dig(found[2].pod, "spec", "hostNetwork") and not self._allowed(src, found, dst, dport, seen, entry, resp):
            return None
        return self._deliver(found, dport, path, agent, seen, entry, resp, scheme)

    def _entry_from_outside(self, ip: str, port: int, resp: Response) -> str | None:
        node = self.node_by_ip(ip)
        if node is not None:
            return node["metadata"]["name"]
        owner = self.cluster.service_lb.owner_of(ip)
        if owner is None:
            return None
        svc = self.cluster.api.peek("services", owner[1], owner[0])
        if svc is None or not any(p.get("port") == port for p in dig(svc, "spec", "ports", default=[])):
            return None
        candidates = sorted(n["metadata"]["name"] for n in self._nodes() if _node_ready(n))
        if dig(svc, "spec", "externalTrafficPolicy") == "Local":
            local = {found[0] for found in (self.pod_at(e) for e in _ready_ips(self.cluster.api, svc)) if found}
            candidates = [n for n in candidates if n in local]
        if not candidates:
            return None
        entry = self.cluster.sim.rng.choice(candidates)
        resp.hops.append({"node": None, "rule": f"Azure load balancer {ip}:{port} → backend {entry}",
                          "address": f"{ip}:{port}"})
        return entry

    def _host_port(self, node: str, port: int):
        """A hostPort (CNI portmap) or hostNetwork pod listening on the node's address."""
        for name, kubelet, worker in self.workers():
            if name != node:
                continue
            if dig(worker.pod, "spec", "hostNetwork"):
                if _listening(kubelet, worker, port):
                    return (name, kubelet, worker), port
                continue
            for c in dig(worker.pod, "spec", "containers", default=[]):
                for p in c.get("ports") or []:
                    if p.get("hostPort") == port:
                        return (name, kubelet, worker), p.get("containerPort")
        return None, port

    def _deliver(self, found, port: int, path: str, agent: str, client: str, entry: str, resp: Response,
                 scheme: str):
        resp.elapsed_ms = 1 if found is None or found[0] != entry else 0
        if found is None:
            resp.kind = "refused"
            return None
        node, kubelet, worker = found
        md = worker.pod["metadata"]
        record = _listener(kubelet, worker, port)
        resp.hops.append({"node": node, "rule": f"pod {md['namespace']}/{md['name']}"
                          + (f" container {record.name} listens on {port}" if record else f": nothing listens on {port}"),
                          "address": f"{worker.pod_ip}:{port}"})
        if record is None:
            resp.kind = "refused"
            return None
        if scheme == "tcp":                 # a bare connect (nc -z): accepted, nothing sent
            resp.kind = "connected"
            return None
        program = record.program
        now = self.cluster.sim.now_ms
        saved = program.env.get("_PROBE_AGENT")
        program.env["_PROBE_AGENT"] = agent
        try:
            status = program.http_get(port, path, now, client=client)
        finally:
            if saved is None:
                program.env.pop("_PROBE_AGENT", None)
            else:
                program.env["_PROBE_AGENT"] = saved
        resp.pod, resp.node = f"{md['namespace']}/{md['name']}", node
        self.counts[(md["namespace"], md["name"])] += 1
        self.where[(md["namespace"], md["name"])] = (node, worker.pod_ip)
        if status is None:
            resp.kind = "refused"
            return None
        if scheme == "https":
            resp.kind, resp.error = "tls", "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number"
            return None
        if not isinstance(status, int):
            resp.kind, resp.error = "bad-response", status
            return None
        name = program.name
        hostname = record.hostname or md["name"]
        body = page(name, program.files_at(now), hostname, program.argv, path) if status == 200 else None
        if body is None:
            body = "" if status == 200 else not_found(name, path)
        resp.kind, resp.status, resp.body = "response", status, body
        resp.headers = [("Content-Type", "text/html" if "<" in body else "text/plain; charset=utf-8"),
                        ("Content-Length", str(len(body.encode())))]
        if server_header(name):
            resp.headers.insert(0, ("Server", server_header(name)))
        return None

    # ------------------------------------------------------------------ reads
    def hits(self):
        import pandas as pd
        rows = [{"namespace": ns, "pod": name, "node": self.where[(ns, name)][0], "ip": self.where[(ns, name)][1],
                 "hits": n} for (ns, name), n in sorted(self.counts.items())]
        return pd.DataFrame(rows, columns=["namespace", "pod", "node", "ip", "hits"])

    def reset(self) -> None:
        self.counts.clear()
        self.where.clear()


def _listener(kubelet, worker, port: int):
    now = kubelet.sim.now_ms
    for c in dig(worker.pod, "spec", "containers", default=[]):
        rec = kubelet.runtime.current(worker.uid, c["name"])
        if rec is not None and rec.running and rec.program is not None and rec.program.tcp_open(port, now):
            return rec
    return None


def _listening(kubelet, worker, port: int) -> bool:
    return _listener(kubelet, worker, port) is not None


def _ready_ips(api, svc: dict) -> list[str]:
    from ..dns.records import service_endpoints
    return [ip for ip, _ in service_endpoints(api, svc)]


def traffic_source_conf(traffic: Traffic, source: str, namespace: str):
    """(Source, its resolv.conf), or (None, why the source cannot send)."""
    src = traffic.source(source, namespace)
    if isinstance(src, str):
        return None, src
    return src, src.conf
