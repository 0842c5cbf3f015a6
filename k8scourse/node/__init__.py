"""Nodes: the VM sizes they run on and what they offer to pods (capacity and allocatable)."""

from .allocatable import aks_reserved, node_resources
from .machine import Machine
from .vmsizes import VM_SIZES, VMSize, vm_size

__all__ = ["Machine", "VM_SIZES", "VMSize", "aks_reserved", "node_resources", "vm_size"]
