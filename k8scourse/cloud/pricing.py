"""A small, dated Azure price table and the cost of what a subscription ran, as DataFrames.

Prices: USD, East US, pay-as-you-go, as Azure listed them in 2025 (:data:`AS_OF`); they are for
comparisons in exercises, not for budgeting real deployments.

* VMs (AKS nodes, hosts): per hour, from :mod:`k8scourse.node.vmsizes` (Linux);
* ACI: per second of the group's requests — $0.0000113 per vCPU-second and $0.0000012375 per
  GB-second (Linux); Windows groups add a software charge of $0.000012 per vCPU-second;
* ACR: per registry per day — Basic $0.1666, Standard $0.6666, Premium $1.6666 — plus $0.003 per
  GiB per day above the SKU's included storage; each geo-replica is billed as one more Premium
  registry;
* AKS cluster management: the Free tier costs nothing, Standard $0.10 and Premium $0.60 per
  cluster-hour; nodes are billed as their VMs.

A month is 730 hours (Azure's pricing-calculator convention).

>>> round(aci_cost(3600, 5400), 4)
0.0474
>>> vm_cost("Standard_DS2_v2", hours=730)
106.58
"""

from __future__ import annotations

from ..node.vmsizes import vm_size

AS_OF = "2025-06 (East US, pay-as-you-go, USD)"
HOURS_PER_MONTH = 730
ACI = {"vcpu_second": 0.0000113, "gb_second": 0.0000012375, "windows_vcpu_second": 0.000012}
ACR_PER_DAY = {"Basic": 0.1666, "Standard": 0.6666, "Premium": 1.6666}
ACR_EXTRA_STORAGE_GIB_DAY = 0.003
AKS_TIER_PER_HOUR = {"Free": 0.0, "Standard": 0.10, "Premium": 0.60}


def vm_cost(size: str, hours: float, count: int = 1) -> float:
    """Cost of ``count`` VMs of ``size`` for ``hours`` (rounded to cents)."""
    found = vm_size(size)
    if found is None:
        raise ValueError(f"unknown VM size {size!r}")
    return round(found.price_per_hour * hours * count, 2)


def aci_cost(vcpu_seconds: float, gb_seconds: float, os_type: str = "Linux") -> float:
    cost = vcpu_seconds * ACI["vcpu_second"] + gb_seconds * ACI["gb_second"]
    if os_type == "Windows":
        cost += vcpu_seconds * ACI["windows_vcpu_second"]
    return cost


def acr_cost(sku: str, days: float, storage_gib: float = 0.0, replicas: int = 0) -> float:
    from .acr import SKUS
    extra = max(0.0, storage_gib - SKUS[sku]["storage_gib"])
    return days * (ACR_PER_DAY[sku] + replicas * ACR_PER_DAY["Premium"] + extra * ACR_EXTRA_STORAGE_GIB_DAY)


def aci_costs(az):
    """ACI billing rows (:func:`k8scourse.cloud.aci.billing`) with a ``cost_usd`` column."""
    from .aci import billing
    frame = billing(az)
    frame["cost_usd"] = [aci_cost(v, g, o) for v, g, o in zip(frame["vcpu_seconds"], frame["gb_seconds"],
                                                               frame["os_type"])]
    return frame


def acr_costs(az):
    """One row per registry (deleted ones too): days per SKU so far, storage, cost."""
    import pandas as pd
    from .acr import GIB, ledger, registries
    now = az.sim.now_ms
    rows = []
    for reg in registries(az.subscription) + list(ledger(az.subscription)):
        end = reg.deleted_ms if reg.deleted_ms is not None else now
        cost = 0.0
        history = reg.sku_history + [(end, None)]
        for (start, sku), (stop, _) in zip(history, history[1:]):
            days = max(0, stop - start) / 86_400_000
            cost += acr_cost(sku, days, reg.storage_bytes() / GIB,
                             len(reg.replications) if sku == "Premium" else 0)
        rows.append({"registry": reg.name, "resource_group": reg.resource_group, "sku": reg.sku,
                     "days": (end - reg.created_ms) / 86_400_000, "storage_gib": reg.storage_bytes() / GIB,
                     "replicas": len(reg.replications), "deleted": reg.deleted_ms is not None, "cost_usd": cost})
    return pd.DataFrame(rows, columns=["registry", "resource_group", "sku", "days", "storage_gib", "replicas",
                                       "deleted", "cost_usd"])


def node_hours(cluster, tier: str = "Free"):
    """Node-hours of a cluster's current nodes (from their creation time) and their cost.

    Nodes already removed are not counted (their objects are gone); the management fee of the tier
    is added as a row of its own.
    """
    import pandas as pd
    clock = cluster.sim.clock
    now = cluster.sim.now_ms
    rows = []
    for node in cluster.list("nodes"):
        md = node["metadata"]
        size = md.get("labels", {}).get("node.kubernetes.io/instance-type", "")
        hours = max(0, now - clock.sim_ms(md["creationTimestamp"])) / 3_600_000
        found = vm_size(size)
        rows.append({"item": md["name"], "vm_size": size, "hours": hours,
                     "price_per_hour": found.price_per_hour if found else 0.0,
                     "cost_usd": (found.price_per_hour if found else 0.0) * hours})
    hours = now / 3_600_000
    rows.append({"item": f"cluster management ({tier} tier)", "vm_size": "", "hours": hours,
                 "price_per_hour": AKS_TIER_PER_HOUR[tier], "cost_usd": AKS_TIER_PER_HOUR[tier] * hours})
    return pd.DataFrame(rows, columns=["item", "vm_size", "hours", "price_per_hour", "cost_usd"])


def monthly(price_per_hour: float, count: int = 1) -> float:
    return round(price_per_hour * HOURS_PER_MONTH * count, 2)
