"""A small catalogue of the Azure VM sizes the lecture and AKS use.

Each size has its vCPUs, memory (as sold, in GiB), OS-disk size and a dated pay-as-you-go Linux
price. The memory a node *reports* is less than the size's nominal memory (firmware and kernel take
some): for Standard_DS2_v2 a real AKS node reports ``memory: 7097684Ki`` for its 7 GiB, i.e.
96.7 %; the other sizes use the same ratio (an approximation, documented as such).

Prices: USD per hour, East US, Linux pay-as-you-go, as listed by Azure in 2025 (rounded to 4
decimals); they are for cost comparisons in exercises, not for budgeting real deployments.

>>> vm_size("Standard_DS2_v2").vcpus, vm_size("standard_ds2_v2").memory_gib
(2, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass

# Reported/nominal memory of a Standard_DS2_v2 AKS node (7097684Ki of 7 GiB).
REPORTED_MEMORY_RATIO = 7097684 / (7 * 1024 * 1024)
# OS disk of an AKS node (128 GB managed disk) as the kubelet reports it (ephemeral-storage).
OS_DISK_KI = 129886128


@dataclass(frozen=True)
class VMSize:
    name: str
    vcpus: int
    memory_gib: float
    price_per_hour: float        # USD, East US, Linux pay-as-you-go (2025)
    max_data_disks: int = 8

    @property
    def memory_ki(self) -> int:
        """Memory the node reports in ``status.capacity.memory`` (KiB)."""
        return int(self.memory_gib * 1024 * 1024 * REPORTED_MEMORY_RATIO)


VM_SIZES: dict[str, VMSize] = {s.name.lower(): s for s in (
    VMSize("Standard_B2s", 2, 4.0, 0.0416, 4),
    VMSize("Standard_B4ms", 4, 16.0, 0.1664, 8),
    VMSize("Standard_DS1_v2", 1, 3.5, 0.0730, 4),
    VMSize("Standard_DS2_v2", 2, 7.0, 0.1460, 8),
    VMSize("Standard_DS3_v2", 4, 14.0, 0.2930, 16),
    VMSize("Standard_DS4_v2", 8, 28.0, 0.5850, 32),
    VMSize("Standard_D2s_v3", 2, 8.0, 0.0960, 4),
    VMSize("Standard_D4s_v3", 4, 16.0, 0.1920, 8),
    VMSize("Standard_D8s_v3", 8, 32.0, 0.3840, 16),
    VMSize("Standard_D2ds_v5", 2, 8.0, 0.1130, 4),
    VMSize("Standard_D4ds_v5", 4, 16.0, 0.2260, 8),
    VMSize("Standard_D8ds_v5", 8, 32.0, 0.4520, 16),
    VMSize("Standard_D16ds_v5", 16, 64.0, 0.9040, 32),
    VMSize("Standard_E4s_v3", 4, 32.0, 0.2520, 8),
    VMSize("Standard_F4s_v2", 4, 8.0, 0.1690, 8),
)}


def vm_size(name: str) -> VMSize | None:
    """Look a size up by name, case-insensitively as Azure does."""
    return VM_SIZES.get(name.lower())
