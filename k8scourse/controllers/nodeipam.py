"""The node IPAM controller: gives every node its slice of the pod network (``spec.podCIDR``).

With kubenet (AKS's default plugin here), kube-controller-manager runs with
``--allocate-node-cidrs`` and a cluster CIDR (``--pod-cidr``, default ``10.244.0.0/16``); its
*RangeAllocator* cuts it into ``/24`` blocks (``--node-cidr-mask-size``) and writes one to each new
Node's ``spec.podCIDR``/``podCIDRs``. The kubelet gives its pods addresses from that block, and the
route table sends the block to the node.

The allocator hands out blocks round-robin from the last one it gave (a released block is reused
only after the others), as upstream's ``CidrSet`` does. When every block is taken, a new node gets
none: the controller records ``CIDRNotAvailable`` (``Node <name> status is now:
CIDRNotAvailable``) and the node cannot run pods — its kubelet reports the network as not ready.
After a controller-manager restart the allocator re-learns the blocks in use from the Nodes.

``Cluster(pod_cidr=…, node_cidr_mask_size=…)`` are kube-controller-manager's ``--cluster-cidr`` and
``--node-cidr-mask-size`` (defaults ``10.244.0.0/16`` and 24, the flannel/kubeadm convention: 256 nodes);
``az aks create --pod-cidr`` sets AKS's, and AKS refuses up front a range too small for the node pools
(``InsufficientSubnetSize``, :mod:`k8scourse.cloud.quota`), so ``CIDRNotAvailable`` is what a
kubeadm-style cluster with more nodes than blocks meets.

With Azure CNI there is nothing to do: pods take addresses of the node subnet
(:class:`~k8scourse.node.Machine`'s secondary addresses), so the controller is not started.

>>> alloc = CIDRAllocator("10.244.0.0/22", 24)
>>> [alloc.allocate() for _ in range(5)]
['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24', None]
>>> alloc.release("10.244.1.0/24"); alloc.allocate()
'10.244.1.0/24'
"""

from __future__ import annotations

import ipaddress

from .. import defaults
from ..api.objects import dig
from .runtime import Controller

COMPONENT = "node-ipam-controller"
USER = "system:serviceaccount:kube-system:node-controller"


class CIDRAllocator:
    """upstream's ``CidrSet``: blocks of ``mask`` bits out of ``cluster_cidr``, round-robin."""

    def __init__(self, cluster_cidr: str, mask: int):
        self.network = ipaddress.ip_network(cluster_cidr)
        self.mask = mask
        self.size = 2 ** (mask - self.network.prefixlen) if mask >= self.network.prefixlen else 0
        self.used: set[int] = set()
        self.next = 0

    def _block(self, i: int) -> str:
        step = 2 ** (self.network.max_prefixlen - self.mask)
        return f"{self.network.network_address + i * step}/{self.mask}"

    def _index(self, cidr: str) -> int | None:
        try:
            net = ipaddress.ip_network(cidr)
        except ValueError:
            return None
        if net.prefixlen != self.mask or not net.subnet_of(self.network):
            return None
        return (int(net.network_address) - int(self.network.network_address)) >> (self.network.max_prefixlen - self.mask)

    def occupy(self, cidr: str) -> None:
        i = self._index(cidr)
        if i is not None:
            self.used.add(i)

    def release(self, cidr: str) -> None:
        i = self._index(cidr)
        if i is not None:
            self.used.discard(i)

    def allocate(self) -> str | None:
        for k in range(self.size):
            i = (self.next + k) % self.size
            if i not in self.used:
                self.used.add(i)
                self.next = (i + 1) % self.size
                return self._block(i)
        return None


class NodeIPAMController(Controller):
    resource, kind, component = "nodes", "Node", COMPONENT

    def __init__(self, server, cluster_cidr: str = defaults.POD_CIDR, mask: int = defaults.NODE_CIDR_MASK):
        super().__init__(server)
        self.cluster_cidr, self.mask = cluster_cidr, mask
        self.allocator = CIDRAllocator(cluster_cidr, mask)
        self._given: dict[str, str] = {}        # node name -> its block (to release on delete)
        self._reported: set[str] = set()        # nodes told CIDRNotAvailable already

    def start(self):
        if not self.running:
            self.allocator = CIDRAllocator(self.cluster_cidr, self.mask)
            self._given = {}
            for node in self.primaries():
                cidr = dig(node, "spec", "podCIDR")
                if cidr:
                    self.allocator.occupy(cidr)
                    self._given[node["metadata"]["name"]] = cidr
        return super().start()

    def on_primary(self, event) -> None:
        if not self.running:
            return
        name = event.object["metadata"]["name"]
        if event.type == "DELETED":
            cidr = self._given.pop(name, None)
            if cidr:
                self.allocator.release(cidr)
            self._reported.discard(name)
            return
        if not dig(event.object, "spec", "podCIDR"):
            self.enqueue(event.object)

    def _sync(self, node: dict) -> None:
        name = node["metadata"]["name"]
        if dig(node, "spec", "podCIDR"):
            return
        cidr = self._given.get(name) or self.allocator.allocate()
        if cidr is None:
            if name not in self._reported:
                self._reported.add(name)
                self.recorder.event(node, "Normal", "CIDRNotAvailable", f"Node {name} status is now: CIDRNotAvailable",
                                    component="cidrAllocator")
            return
        self._given[name] = cidr
        node.setdefault("spec", {}).update(podCIDR=cidr, podCIDRs=[cidr])
        self.server.update(node, user=USER, trusted=True)
