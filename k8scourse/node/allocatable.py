"""Node capacity and allocatable, with AKS's reservation rules.

``allocatable = capacity − kube-reserved − system-reserved − hard eviction threshold`` (node
allocatable, kubernetes-facts §3.6). AKS reserves (facts §7.2):

* CPU by core count: 1→60m, 2→100m, 4→140m, 8→180m, 16→260m, 32→420m, 64→740m;
* memory, Kubernetes ≥ 1.29: ``min(20 MiB × maxPods + 50 MiB, 25 % of memory)`` plus the eviction
  threshold ``memory.available<100Mi``;
* memory, Kubernetes < 1.29: a regressive 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the
  next 8, 6 % of the next 112 and 2 % above 128 GiB, plus ``memory.available<750Mi``.

Deliberate difference: AKS's documentation writes "MB"; the simulator reads it as MiB.
Ephemeral storage keeps the kubelet's ``nodefs.available<10%`` threshold.

>>> r = node_resources(2, 7097684, max_pods=110, kubernetes_version="1.32.4")
>>> r["capacity"]["cpu"], r["allocatable"]["cpu"], r["allocatable"]["pods"]
('2', '1900m', '110')
"""

from __future__ import annotations

from .vmsizes import OS_DISK_KI

_CPU_RESERVED_M = {1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740}
_MI = 1024  # KiB per MiB


def _cpu_reserved_m(cores: int) -> int:
    for limit in sorted(_CPU_RESERVED_M):
        if cores <= limit:
            return _CPU_RESERVED_M[limit]
    return _CPU_RESERVED_M[64]


def _version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.lstrip("v").split(".")[:2]
    return int(major), int(minor)


def aks_reserved(cores: int, memory_ki: int, max_pods: int, kubernetes_version: str) -> tuple[int, int]:
    """(reserved CPU in millicores, reserved memory in KiB incl. the eviction threshold)."""
    cpu = _cpu_reserved_m(cores)
    if _version_tuple(kubernetes_version) >= (1, 29):
        kube = min((20 * max_pods + 50) * _MI, memory_ki // 4)
        return cpu, kube + 100 * _MI
    gib = 1024 * 1024
    remaining, reserved = memory_ki, 0.0
    for span, rate in ((4 * gib, 0.25), (4 * gib, 0.20), (8 * gib, 0.10), (112 * gib, 0.06)):
        part = min(remaining, span)
        reserved += part * rate
        remaining -= part
    reserved += remaining * 0.02
    return cpu, int(reserved) + 750 * _MI


def node_resources(cores: int, memory_ki: int, max_pods: int, kubernetes_version: str,
                   disk_ki: int = OS_DISK_KI) -> dict:
    """``status.capacity`` and ``status.allocatable`` of a node, in the kubelet's units."""
    cpu_res, mem_res = aks_reserved(cores, memory_ki, max_pods, kubernetes_version)
    disk_bytes = disk_ki * 1024
    capacity = {"cpu": str(cores), "ephemeral-storage": f"{disk_ki}Ki", "hugepages-1Gi": "0",
                "hugepages-2Mi": "0", "memory": f"{memory_ki}Ki", "pods": str(max_pods)}
    allocatable = {"cpu": f"{cores * 1000 - cpu_res}m", "ephemeral-storage": str(disk_bytes * 9 // 10),
                   "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": f"{memory_ki - mem_res}Ki",
                   "pods": str(max_pods)}
    return {"capacity": capacity, "allocatable": allocatable}
