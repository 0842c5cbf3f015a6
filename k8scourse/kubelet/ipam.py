"""Pod IP addresses from the node's ``spec.podCIDR`` (the CNI ``host-local`` IPAM plugin).

The node's /24 (``10.244.0.0/24`` for the first node) is a bridge network: ``.1`` is the bridge
(``cbr0``, the pods' gateway), pods get ``.2`` … ``.254``. Like host-local, allocation is
round-robin: the next address after the last one handed out, wrapping around and skipping
addresses in use, so a freed address is reused only once the range has been gone through —
which keeps a just-deleted pod's IP from being given to a new pod at once.

>>> ipam = HostLocalIPAM("10.244.1.0/24")
>>> ipam.gateway, ipam.allocate("a"), ipam.allocate("b")
('10.244.1.1', '10.244.1.2', '10.244.1.3')
>>> ipam.release("a"); ipam.allocate("c"), ipam.allocate("a")
('10.244.1.4', '10.244.1.5')
"""

from __future__ import annotations

import ipaddress


class IPAMExhausted(Exception):
    pass


class HostLocalIPAM:
    def __init__(self, cidr: str):
        net = ipaddress.ip_network(cidr, strict=False)
        self.network = net
        self.gateway = str(net.network_address + 1)
        self._first = int(net.network_address) + 2
        self._last = int(net.broadcast_address) - 1
        self._last_reserved: int | None = None
        self._by_owner: dict[str, int] = {}
        self._used: set[int] = set()

    def allocate(self, owner: str) -> str:
        if owner in self._by_owner:
            return str(ipaddress.ip_address(self._by_owner[owner]))
        size = self._last - self._first + 1
        start = self._first if self._last_reserved is None else self._last_reserved + 1
        for i in range(size):
            candidate = self._first + (start - self._first + i) % size
            if candidate not in self._used:
                self._used.add(candidate)
                self._by_owner[owner] = candidate
                self._last_reserved = candidate
                return str(ipaddress.ip_address(candidate))
        raise IPAMExhausted(f"failed to allocate for range 0: no IP addresses available in range set: "
                            f"{ipaddress.ip_address(self._first)}-{ipaddress.ip_address(self._last)}")

    def release(self, owner: str) -> None:
        ip = self._by_owner.pop(owner, None)
        if ip is not None:
            self._used.discard(ip)

    def in_use(self) -> int:
        return len(self._used)


class NodeSubnetIPAM(HostLocalIPAM):
    """Pod IP addresses from the VNet subnet (Azure CNI, node-subnet mode).

    Each node has its own address on the node subnet and pre-allocates ``maxPods`` secondary
    addresses right after it for its pods (node ``10.224.0.4`` → pods ``.5`` … ``.34`` with 30).
    There is no bridge: ``gateway`` is the node's own address (what a pod sees kubelet probes
    come from). Allocation is round-robin like host-local.

    >>> ipam = NodeSubnetIPAM("10.224.0.4", 30)
    >>> ipam.gateway, ipam.allocate("a"), ipam.allocate("b")
    ('10.224.0.4', '10.224.0.5', '10.224.0.6')
    """

    def __init__(self, node_ip: str, max_pods: int, subnet: str = "10.224.0.0/16"):
        super().__init__(subnet)
        first = int(ipaddress.ip_address(node_ip)) + 1
        self.gateway = node_ip
        self._first = first
        self._last = first + max(int(max_pods), 1) - 1
