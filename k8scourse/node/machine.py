"""The machine under a node: a VM of a scale set, with its size, addresses and power state.

A Kubernetes node is a *machine* running a kubelet. The machine is what the cloud provides (an
instance of an AKS node pool's VM scale set): its VM size, its network interface (the node IP and,
with Azure CNI, the secondary addresses its pods get), its zone, and whether it is powered on. It
has identities the kubelet reads and reports in ``status.nodeInfo``:

* ``machineID`` (``/etc/machine-id``) and ``systemUUID`` (the firmware's UUID) — fixed for the VM;
* ``bootID`` (``/proc/sys/kernel/random/boot_id``) — new at every boot. A kubelet that starts and
  finds its Node reporting another boot ID records the ``Rebooted`` warning event, which is how a
  power cycle shows up in ``kubectl describe node``.

The identities are derived from the VM's name and boot count (no randomness), so a cluster built
twice reports the same IDs.

>>> from k8scourse.node import vm_size
>>> m = Machine("aks-nodepool1-12345678-vmss000000", vm_size("Standard_DS2_v2"), pool="nodepool1",
...             index=0, ip="10.224.0.4")
>>> m.boot_id
'4b98f9fc-f07b-5c89-bb01-e53b5a44bd59'
>>> first = m.boot_id; m.power_off(); m.powered
False
>>> m.power_on(); m.powered, m.boot_id != first, len(m.machine_id)
(True, True, 32)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .vmsizes import VMSize


def _uuid(text: str) -> str:
    """A UUID-shaped identifier derived from ``text`` (version nibble 5, as a name-based UUID)."""
    h = hashlib.sha256(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


@dataclass
class Machine:
    """One VM: the cloud's side of a node."""
    name: str                       # the VM's host name = the node's name
    size: VMSize | None             # None: a virtual node (ACI behind a virtual kubelet)
    pool: str = "nodepool1"
    index: int = 0                  # instance number in the scale set
    ip: str = ""                    # the NIC's primary address (the node's InternalIP)
    zone: str = "0"
    max_pods: int = 110
    kubelet_version: str = ""
    provider_id: str = ""
    pod_cidr: str | None = None     # kubenet: the range the node IPAM gave (None with Azure CNI)
    pod_ips: tuple[str, int] | None = None   # Azure CNI: (first secondary address, how many)
    labels: dict | None = None      # the kubelet's --node-labels (AKS: agentpool, mode, node image…)
    taints: list | None = None      # the kubelet's --register-with-taints
    powered: bool = True
    boots: int = 1

    @property
    def machine_id(self) -> str:
        return hashlib.sha256(f"machine-id/{self.name}".encode()).hexdigest()[:32]

    @property
    def system_uuid(self) -> str:
        return _uuid(f"system-uuid/{self.name}")

    @property
    def boot_id(self) -> str:
        return _uuid(f"boot/{self.name}/{self.boots}")

    def power_off(self) -> None:
        self.powered = False

    def power_on(self) -> None:
        """Switch the VM on: a new boot, hence a new boot ID."""
        if not self.powered:
            self.powered = True
            self.boots += 1
