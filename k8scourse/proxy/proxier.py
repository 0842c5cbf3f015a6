"""kube-proxy on one node: keeps its iptables rules in step with Services and EndpointSlices.

It watches Services, EndpointSlices and its Node, and rewrites the node's rule table
(:func:`~k8scourse.proxy.rules.build_rules`) after a change — never more often than
``minSyncPeriod`` (1 s), as the iptables proxier's bounded-frequency runner does, so a burst of
changes lands in one sync and a change becomes effective up to a second later.

:meth:`KubeProxy.route` is the kernel's side: a new connection's first packet walks the nat
table (``PREROUTING``/``OUTPUT`` → ``KUBE-SERVICES`` → …), with ``-m statistic`` decided by the
cluster's seeded RNG and ``-m recent`` (session affinity) kept per node for 10800 s; if no DNAT
happened the filter table may ``REJECT`` (no endpoints: the connect fails at once) or ``DROP``
(the client waits for its connect timeout). The rules a packet matched come back as its path.

Deliberate differences: no periodic 30 s resync (a sync happens only after a change, which is
what keeps ``cluster.settle()`` able to finish); a stopped kube-proxy leaves its last rules in place
(as the real one does when its process dies: the kernel keeps the rules). A sync whose inputs are
those of the last rebuild — no Service or EndpointSlice written since (the store's per-resource
revision) and the same node addresses — keeps the table it has (the Node status report every
5 minutes triggers a sync that rebuilt the same rules). The process runs in the
``kube-proxy`` DaemonSet's pod on the node (:mod:`k8scourse.addons.kube_proxy` stops it when that pod
is deleted and starts it when the replacement runs), but it starts with its machine, before the pod.

A restarted kube-proxy reports ``Normal Starting`` (action ``StartKubeProxy``, no message) on its Node
through the events.k8s.io/v1 recorder, as the real one's start-up does — ``kubectl describe node``
then lists it ``From kube-proxy``. Its first start is the node's creation, long before the student
looked, and reports nothing (as the kubelet's first start).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> proxy = c.proxies[c.list("nodes")[0]["metadata"]["name"]]
>>> c.run(seconds=30)          # CoreDNS pods become ready: kube-dns gets endpoints, kube-proxy rules
>>> [r["chain"] for r in proxy.rules() if r.get("comment") == "kube-system/kube-dns:dns cluster IP"]
['KUBE-SERVICES', 'KUBE-SVC-TCOU7JCQXEZGVUNU']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import defaults
from ..api.objects import dig
from ..apiserver.store import StoreError
from ..client.events import EventBroadcaster
from .rules import AFFINITY_SECONDS, Rule, build_rules, render

MIN_SYNC_PERIOD_MS = 1000
SLICES = "endpointslices.discovery.k8s.io"


@dataclass
class Decision:
    """What the node's rules did with a connection's first packet."""
    verdict: str                    # "DNAT", "REJECT", "DROP", "ACCEPT" (no rule matched)
    dst: str
    dport: int
    masquerade: bool = False
    hops: list = field(default_factory=list)      # the rules the packet matched, in order


class KubeProxy:
    def __init__(self, api, node_name: str, cluster_cidr: str = defaults.POD_CIDR):
        self.api = api
        self.sim = api.sim
        self.node_name = node_name
        self.name = f"kube-proxy/{node_name}"      # the component's name (one per node)
        self.cluster_cidr = cluster_cidr
        self.table: list[Rule] = []
        self.synced_ms: int | None = None
        self.syncs = 0
        self.running = False
        self._watches: list = []
        self._pending = None
        self._recent: dict[tuple[str, str], int] = {}     # (-m recent list, client IP) -> last seen ms
        # kube-proxy runs on the host network: its hostname, and so its reporting instance, is the node's
        self.events = EventBroadcaster(api, node_name)
        self.recorder = self.events.new_recorder("kube-proxy")
        self._starts = 0
        # the inputs of the last table built: (store, services write revision, slices write revision, local
        # IPs, cluster CIDR); build_rules is a pure function of them, so equal inputs keep the table
        self._built: tuple | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "KubeProxy":
        if not self.running:
            self.running = True
            self._starts += 1
            self.events.restart()
            if self._starts > 1:
                # kube-proxy's node reference names the node by its hostname, the uid too
                node_ref = {"kind": "Node", "name": self.node_name, "uid": self.node_name}
                self.recorder.eventf({}, None, "Normal", "Starting", "StartKubeProxy", "", regarding_ref=node_ref)
            self._watches = [self.api.watch("services", self._changed), self.api.watch(SLICES, self._changed),
                             self.api.watch("nodes", self._changed, node_name=self.node_name)]
            self._schedule(0)
        return self

    def stop(self) -> None:
        """The kube-proxy process stops: the rules it wrote stay in the kernel, unchanged."""
        self.running = False
        for w in self._watches:
            w.stop()
        self._watches = []
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _changed(self, event=None) -> None:
        if self.running and self._pending is None:
            due = 0 if self.synced_ms is None else self.synced_ms + MIN_SYNC_PERIOD_MS - self.sim.now_ms
            self._schedule(max(0, due))

    def _schedule(self, delay_ms: int) -> None:
        if self._pending is None:
            self._pending = self.sim.schedule(delay_ms, self.sync, name=f"kube-proxy sync {self.node_name}")

    # ------------------------------------------------------------------ sync
    def local_ips(self) -> set[str]:
        node = self.api.peek("nodes", self.node_name) or {}
        return {a["address"] for a in dig(node, "status", "addresses", default=[]) if a.get("type") == "InternalIP"}

    def sync(self) -> None:
        """Rewrite the node's rules from the current Services and EndpointSlices."""
        self._pending = None
        if not self.running:
            return
        store = self.api.store
        if not store.available:
            # etcd is down: the watch-fed proxy keeps its last rules and tries again shortly
            self._schedule(1000)
            return
        local_ips = self.local_ips()
        inputs = (store, store.last_write("services"), store.last_write(SLICES), local_ips, self.cluster_cidr)
        if inputs != self._built or not inputs[1] or not inputs[2]:
            # rebuilt only when a Service or an EndpointSlice was written, or the node's addresses
            # changed: a Node status write (every 5 minutes) leaves the rules as they are
            try:
                services = store.list("services", None, copy=False)
                slices = store.list(SLICES, None, copy=False)
            except StoreError:
                self._schedule(1000)
                return
            self.table = build_rules(services, slices, self.node_name, local_ips, self.cluster_cidr)
            self._built = inputs
        self.synced_ms = self.sim.now_ms
        self.syncs += 1
        self.sim.record("kube-proxy", "sync", self.node_name, f"{len(self.table)} rules")

    # ------------------------------------------------------------------ reads
    def rules(self, table: str | None = None) -> list[dict]:
        """The node's rules as dicts (``chain``, ``target``, matches…, ``rule``: the iptables-save line)."""
        return [r.as_dict() for r in self.table if table is None or r.table == table]

    def iptables_save(self, table: str = "nat") -> str:
        """``iptables-save -t nat`` (or ``filter``) on the node."""
        import datetime as _dt
        when = _dt.datetime.fromtimestamp(self.sim.clock.unix_ms() / 1000, tz=_dt.timezone.utc)
        return render(self.table, table, f"{when:%a %b} {when.day:2d} {when:%H:%M:%S %Y}")

    # ------------------------------------------------------------------ the kernel's side
    def route(self, src: str, dst: str, dport: int, proto: str = "tcp", rng=None, from_host: bool = False) -> Decision:
        """Walk a new connection's first packet through the nat, then the filter table."""
        rng = rng or self.sim.rng
        local = self.local_ips() | {"127.0.0.1"}
        pkt = _Packet(src, dst, dport, proto.lower(), local, from_host or src in local)
        chains: dict[str, list[Rule]] = {}
        for r in self.table:
            chains.setdefault((r.table, r.chain), []).append(r)
        decision = Decision("ACCEPT", dst, dport)
        verdict = self._walk(chains, "nat", "KUBE-SERVICES", pkt, decision, rng, 0)
        if verdict != "DNAT":
            for chain in (("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES") if pkt.dst not in local
                          else ("KUBE-EXTERNAL-SERVICES",)):
                verdict = self._walk(chains, "filter", chain, pkt, decision, rng, 0)
                if verdict in ("REJECT", "DROP"):
                    break
        decision.verdict = verdict or "ACCEPT"
        decision.dst, decision.dport, decision.masquerade = pkt.dst, pkt.dport, pkt.masq
        return decision

    def _walk(self, chains, table, chain, pkt, decision, rng, depth) -> str | None:
        if depth > 10:
            return None
        now = self.sim.now_ms
        for rule in chains.get((table, chain), []):
            if not self._matches(rule, pkt, rng, now):
                continue
            decision.hops.append(rule)
            target = rule.target
            if target == "KUBE-MARK-MASQ":
                pkt.masq = True
            elif target == "DNAT":
                if rule.recent_set:
                    self._recent[(rule.recent_set, pkt.src)] = now
                ip, _, port = rule.to_destination.partition(":")
                pkt.dst, pkt.dport = ip, int(port)
                return "DNAT"
            elif target in ("REJECT", "DROP"):
                return target
            elif target == "RETURN":
                return None
            elif (table, target) in chains or target.startswith("KUBE-"):
                verdict = self._walk(chains, table, target, pkt, decision, rng, depth + 1)
                if verdict is not None:
                    return verdict
        return None

    def _matches(self, rule: Rule, pkt: "_Packet", rng, now: int) -> bool:
        if rule.proto and rule.proto != pkt.proto:
            return False
        if rule.dst and rule.dst.split("/")[0] != pkt.dst:
            return False
        if rule.dport is not None and rule.dport != pkt.dport:
            return False
        if rule.dst_local and pkt.dst not in pkt.local:
            return False
        if rule.src_local and not pkt.from_host:
            return False
        if rule.src and not _in_cidr(pkt.src, rule.src.lstrip("!")) ^ rule.src.startswith("!"):
            return False
        if rule.recent_check:
            seen = self._recent.get((rule.recent_check, pkt.src))
            if seen is None or now - seen > AFFINITY_SECONDS * 1000:
                self._recent.pop((rule.recent_check, pkt.src), None)     # --reap
                return False
        if rule.probability is not None and not rng.random() < rule.probability:
            return False
        return True


@dataclass
class _Packet:
    src: str
    dst: str
    dport: int
    proto: str
    local: set
    from_host: bool
    masq: bool = False


def _in_cidr(ip: str, cidr: str) -> bool:
    import ipaddress
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
