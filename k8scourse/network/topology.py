"""The Linux network of a node: interfaces, pod network namespaces, veth pairs and routes.

What a node of the simulated cluster has, by network plugin (``Cluster(network_plugin=…)``):

* **kubenet** (AKS's default here): ``lo``; ``eth0`` with the node's address on the node subnet
  (``10.224.0.0/16``, AKS's ``aks-subnet``); the Linux bridge ``cbr0`` holding ``.1`` of the node's
  ``spec.podCIDR`` (``10.244.N.1/24``, the pods' gateway); one veth pair per pod — the host end
  ``vethXXXXXXXX@if3`` enslaved to ``cbr0``, the pod end ``eth0@ifN`` inside the pod's network
  namespace. The node's routes know only its own pod CIDR (``dev cbr0``); another node's pods go
  ``default via 10.224.0.1`` to Azure, where the cluster's **route table** (a UDR attached to the
  subnet) sends ``10.244.M.0/24`` to node M's address (:func:`azure_routes`);
* **azure** (Azure CNI, transparent mode — the mode AKS uses today): no bridge; the host end of each
  pod's veth is ``azvXXXXXXXXXXX`` and the node has a ``/32`` route per pod (``10.224.0.x dev azv…
  scope link``); pods have addresses on the VNet subnet itself (node-subnet mode: each node
  pre-allocates ``maxPods`` addresses after its own, no ``spec.podCIDR``), so other nodes' pods are
  reached through the VNet (no route table);
* **azure-overlay**: like Azure CNI, with the pod CIDR an overlay that Azure's network routes
  between nodes (no UDR, no route per node on the node);
* **none** (bring your own CNI): ``lo`` and ``eth0`` only.

Every pod has its own network namespace, created and held by its ``pause`` container (the
sandbox): ``lo`` plus ``eth0`` with the pod IP; all app containers of the pod join it (which is why
they share ``localhost`` and must use distinct ports).

Deliberate differences: addresses, MACs and veth names are derived from stable hashes (the real
ones are random); interface indices are numbered from the current sandboxes in creation order (a
real kernel never re-uses an index); no IPv6 addresses beyond link-local;
AKS's accelerated-networking ``enP*`` device is left out.

>>> ip_in("10.224.0.0/16", 4), mac("node-a", "00:22:48")
('10.224.0.4', '00:22:48:f0:5a:20')
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field

from ..api.objects import dig

NODE_SUBNET = "10.224.0.0/16"
NODE_GATEWAY = "10.224.0.1"
AZURE_DNS = "168.63.129.16"
IMDS = "169.254.169.254"
POD_ETH0_INDEX = 3                 # the pod end's ifindex inside its namespace (as ``@if3`` shows)


def ip_in(cidr: str, n: int) -> str:
    return str(ipaddress.ip_network(cidr, strict=False).network_address + n)


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def mac(key: str, prefix: str = "") -> str:
    """A stable MAC for ``key``: ``prefix`` (an OUI) or a locally administered unicast address."""
    raw = list(_digest(key)[:6])
    if prefix:
        head = [int(x, 16) for x in prefix.split(":")]
        raw = head + raw[len(head):]
    else:
        raw[0] = (raw[0] & 0xFC) | 0x02
    return ":".join(f"{b:02x}" for b in raw)


def link_local(mac_address: str) -> str:
    """The EUI-64 IPv6 link-local address of a MAC (what ``ip addr`` lists as ``inet6 fe80::…``)."""
    b = [int(x, 16) for x in mac_address.split(":")]
    eui = [b[0] ^ 0x02, b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5]]
    return str(ipaddress.IPv6Address(bytes([0xFE, 0x80] + [0] * 6 + eui))) + "/64"


@dataclass
class Interface:
    index: int
    name: str
    flags: str = "BROADCAST,MULTICAST,UP,LOWER_UP"
    mtu: int = 1500
    qdisc: str = "noqueue"
    state: str = "UP"
    mac: str = "00:00:00:00:00:00"
    kind: str = "ether"            # loopback, ether
    peer: int | None = None        # @ifN: the other end's ifindex (in the other namespace)
    master: str = ""
    inet: list = field(default_factory=list)      # (address/prefix, broadcast or "", scope)
    netnsid: int | None = None
    qlen: int | None = None
    pod: str = ""                  # namespace/name of the pod whose veth this is

    @property
    def label(self) -> str:
        return f"{self.name}@if{self.peer}" if self.peer is not None else self.name


@dataclass
class PodNet:
    """One pod's network namespace (held by its pause container) and the veth pair into it."""
    namespace: str
    name: str
    uid: str
    ip: str
    node: str
    host_veth: Interface
    eth0: Interface
    sandbox_id: str = ""
    created_ms: int = 0
    host_network: bool = False


@dataclass
class NodeNet:
    name: str
    plugin: str
    ip: str
    pod_cidr: str
    bridge: str                    # cbr0, docker0 or "" (Azure CNI transparent mode)
    interfaces: list
    routes: list
    pods: list                     # PodNet


def _loopback() -> Interface:
    return Interface(1, "lo", "LOOPBACK,UP,LOWER_UP", 65536, "noqueue", "UNKNOWN", kind="loopback",
                     inet=[("127.0.0.1/8", "", "host")], qlen=1000)


def _node_ip(node: dict) -> str:
    return next((a["address"] for a in dig(node, "status", "addresses", default=[]) if a.get("type") == "InternalIP"), "")


def _broadcast(cidr: str) -> str:
    return str(ipaddress.ip_network(cidr, strict=False).broadcast_address)


def sandboxes(cluster, node: str) -> list:
    """(worker, sandbox) of the node's pods that have a sandbox, in creation order."""
    kubelet = cluster.kubelets.get(node)
    if kubelet is None:
        return []
    out = [(w, w.sandbox) for w in kubelet.workers.values() if w.sandbox is not None and not w.gone]
    return sorted(out, key=lambda ws: (ws[1].created_ms, ws[0].uid))


def node_net(cluster, node_name: str) -> NodeNet:
    """The network of node ``node_name`` now."""
    node = cluster.api.peek("nodes", node_name)
    if node is None:
        raise KeyError(f'nodes "{node_name}" not found')
    plugin = cluster.network_plugin
    ip = _node_ip(node)
    cidr = dig(node, "spec", "podCIDR") or ""
    prefix = ipaddress.ip_network(NODE_SUBNET).prefixlen
    eth0 = Interface(2, "eth0", qdisc="mq", mac=mac(node_name, "00:22:48"), qlen=1000,
                     inet=[(f"{ip}/{prefix}", _broadcast(NODE_SUBNET), "global")])
    interfaces = [_loopback(), eth0]
    bridge = ""
    if plugin == "kubenet" and cidr:
        bridge = "cbr0"
        gw = ip_in(cidr, 1)
        interfaces.append(Interface(3, "cbr0", mac=mac(node_name + "/cbr0"),
                                    inet=[(f"{gw}/{ipaddress.ip_network(cidr).prefixlen}", _broadcast(cidr), "global")]))
    routes = [f"default via {NODE_GATEWAY} dev eth0 proto dhcp src {ip} metric 100",
              f"{NODE_SUBNET} dev eth0 proto kernel scope link src {ip} metric 100"]
    if bridge:
        routes.append(f"{cidr} dev cbr0 proto kernel scope link src {ip_in(cidr, 1)}")
    routes += [f"{AZURE_DNS} via {NODE_GATEWAY} dev eth0 proto dhcp src {ip} metric 100",
               f"{IMDS} via {NODE_GATEWAY} dev eth0 proto dhcp src {ip} metric 100"]
    pods = []
    if plugin != "none":
        index = len(interfaces) + 1
        for worker, sandbox in sandboxes(cluster, node_name):
            hostnet = bool(dig(worker.pod, "spec", "hostNetwork"))
            if hostnet:
                pods.append(PodNet(worker.namespace, worker.name, worker.uid, sandbox.ip, node_name, None, None,
                                   sandbox.id, sandbox.created_ms, True))
                continue
            tag = _digest(worker.uid).hex()
            name = f"veth{tag[:8]}" if bridge else f"azv{tag[:11]}"
            host = Interface(index, name, mac=mac(worker.uid + "/host"), peer=POD_ETH0_INDEX,
                             master=bridge, netnsid=len(pods), pod=f"{worker.namespace}/{worker.name}")
            pod_if = Interface(POD_ETH0_INDEX, "eth0", mac=mac(worker.uid + "/pod"), peer=index, netnsid=0,
                               inet=[(f"{sandbox.ip}/{ipaddress.ip_network(cidr).prefixlen if bridge else 32}",
                                      _broadcast(cidr) if bridge else "", "global")])
            interfaces.append(host)
            pods.append(PodNet(worker.namespace, worker.name, worker.uid, sandbox.ip, node_name, host, pod_if,
                               sandbox.id, sandbox.created_ms))
            if not bridge:
                routes.append(f"{sandbox.ip} dev {name} proto static scope link")
            index += 1
    return NodeNet(node_name, plugin, ip, cidr, bridge, interfaces, _sort_routes(routes), pods)


def _sort_routes(routes: list[str]) -> list[str]:
    """``ip route``'s order: default first, then by destination address."""
    def key(line: str):
        dest = line.split()[0]
        if dest == "default":
            return (0, 0, 0)
        net = ipaddress.ip_network(dest, strict=False)
        return (1, int(net.network_address), net.prefixlen)
    return sorted(routes, key=key)


def pod_net(cluster, namespace: str, name: str) -> PodNet | None:
    """The network namespace of pod ``namespace/name`` (None: no sandbox)."""
    pod = cluster.api.peek("pods", name, namespace)
    node = dig(pod, "spec", "nodeName") if pod else None
    if not node:
        return None
    return next((p for p in node_net(cluster, node).pods if (p.namespace, p.name) == (namespace, name)), None)


def azure_routes(cluster) -> list[dict]:
    """The AKS route table (UDR) kubenet needs: each node's pod CIDR → that node's address.

    Only kubenet clusters have one (``aks-agentpool-<id>-routetable`` in the node resource group);
    Azure CNI and Overlay clusters route pods through the VNet without it.
    """
    if cluster.network_plugin != "kubenet":
        return []
    rows = []
    for node in sorted(cluster.api.store.list("nodes", None, copy=False), key=lambda n: n["metadata"]["name"]):
        cidr = dig(node, "spec", "podCIDR")
        if cidr:
            rows.append({"name": node["metadata"]["name"] + "____" + cidr.replace(".", "").replace("/", ""),
                         "addressPrefix": cidr, "nextHopType": "VirtualAppliance", "nextHopIpAddress": _node_ip(node)})
    return rows
