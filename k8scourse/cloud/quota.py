"""The subscription's regional vCPU quotas, as AKS's preflight check applies them.

Azure counts the vCPUs of a subscription's VMs per region at two tiers (Azure docs, "vCPU quotas"):
the **Total Regional vCPUs** (usage name ``cores``) and one quota per VM series (``standardDSv2Family``
for ``Standard_DS2_v2`` …). A VM scale set may not grow past either. Before it creates or grows a node
pool, AKS checks both and refuses the whole request — ``az aks create``, ``scale``, ``nodepool add`` and
``nodepool scale`` — with ``QuotaExceeded`` (HTTP 400), the Compute resource provider's text inside::

    (QuotaExceeded) Preflight validation check for resource(s) for container service myCluster in
    resource group MC_rg_myCluster_eastus failed. Message: Operation could not be completed as it
    results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model:
    Resource Manager, Location: eastus, Current Limit: 20, Current Usage: 6, Additional Required: 16,
    (Minimum) New Limit Required: 22. Submit a request for Quota increase at https://aka.ms/… by
    specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more
    about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests. Details:

(the wording of real ``az aks create`` outputs, 2024, e.g. cilium/cilium#31859 for a family quota).
Nothing is created or changed when the check fails. Usage is what the subscription's AKS node pools
in that region hold (``count`` × the size's vCPUs; a stopped cluster's deallocated VMs count nothing).

Deliberate differences: only AKS node pools use cores here (ACI container groups have quotas of their
own); the limits are the course subscription's (:mod:`k8scourse.defaults`), not changeable by a
quota request; upgrade surge nodes are not checked.

>>> family("Standard_DS2_v2"), family("Standard_B2s"), family("Standard_D4s_v3")
('standardDSv2Family', 'standardBSFamily', 'standardDSv3Family')
"""

from __future__ import annotations

from .. import defaults
from ..node import vm_size
from .errors import ARMError

# The Compute usage ("quota") name of each VM size's series, as Microsoft.Compute/locations/usages names them.
_FAMILIES = {
    "standard_b2s": "standardBSFamily", "standard_b4ms": "standardBSFamily",
    "standard_ds1_v2": "standardDSv2Family", "standard_ds2_v2": "standardDSv2Family",
    "standard_ds3_v2": "standardDSv2Family", "standard_ds4_v2": "standardDSv2Family",
    "standard_d2s_v3": "standardDSv3Family", "standard_d4s_v3": "standardDSv3Family",
    "standard_d8s_v3": "standardDSv3Family",
    "standard_d2ds_v5": "standardDDSv5Family", "standard_d4ds_v5": "standardDDSv5Family",
    "standard_d8ds_v5": "standardDDSv5Family", "standard_d16ds_v5": "standardDDSv5Family",
    "standard_e4s_v3": "standardESv3Family", "standard_f4s_v2": "standardFSv2Family",
}
_PORTAL = "https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/"
_READ_MORE = {"cores": "https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests",
              "family": "https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests"}


def family(size: str) -> str:
    """The quota series of a VM size (``standardDSv2Family`` for ``Standard_DS2_v2``)."""
    return _FAMILIES.get(size.lower(), "standardDSv2Family")


def _vcpus(size: str) -> int:
    found = vm_size(size)
    return found.vcpus if found is not None else 0


def usage(azure, location: str) -> tuple[int, dict[str, int]]:
    """vCPUs the subscription's AKS node pools hold in ``location``: (total, by series)."""
    from .aks import TYPE
    total, by_family = 0, {}
    for resource in azure.subscription.list(TYPE):
        mc = resource.model
        if mc is None or getattr(mc, "released", False) or mc.location.lower() != location.lower():
            continue
        for pool in mc.pools.values():
            if pool.power_state != "Running":
                continue
            cores = pool.count * _vcpus(pool.vm_size)
            total += cores
            by_family[family(pool.vm_size)] = by_family.get(family(pool.vm_size), 0) + cores
    return total, by_family


def check_pool_count(count: int, mode: str = "System") -> None:
    """AKS's range for a VM scale set pool's ``count``: System pools 1…1000, User pools 0…1000."""
    low = 1 if mode == "System" else 0
    if not low <= count <= defaults.AKS_MAX_NODES_PER_POOL:
        tail = (" If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api "
                "Version is less than 2020-03-01. 3) The node is a system pool.") if low else ""
        raise ARMError("InvalidParameter", f"agentPoolProfile.count was {count}. It must be greater or equal to "
                       f"minCount:{low} and less than or equal to maxCount:{defaults.AKS_MAX_NODES_PER_POOL}.{tail}")


def check_vcpus(azure, cluster: str, node_resource_group: str, location: str, size: str, more_nodes: int) -> None:
    """AKS's preflight: ``more_nodes`` new nodes of ``size`` must fit both regional quotas."""
    need = more_nodes * _vcpus(size)
    if need <= 0:
        return
    total, by_family = usage(azure, location)
    series = family(size)
    for name, label, limit, used, kind in (
            ("cores", "Total Regional Cores", defaults.AZURE_REGIONAL_VCPU_QUOTA, total, "cores"),
            (series, f"{series} Cores", defaults.AZURE_FAMILY_VCPU_QUOTA, by_family.get(series, 0), "family")):
        if used + need <= limit:
            continue
        new = used + need
        params = ("%7B%22subscriptionId%22:%22" + azure.subscription.id + "%22,%22command%22:%22openQuotaApprovalBlade"
                  "%22,%22quotas%22:[%7B%22location%22:%22" + location + "%22,%22providerId%22:%22Microsoft.Compute"
                  "%22,%22resourceName%22:%22" + name + "%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:"
                  + str(new) + ",%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22" + name + "%22%7D%7D%7D%7D]%7D")
        raise ARMError("QuotaExceeded", (
            f"Preflight validation check for resource(s) for container service {cluster} in resource group "
            f"{node_resource_group} failed. Message: Operation could not be completed as it results in exceeding "
            f"approved {label} quota. Additional details - Deployment Model: Resource Manager, Location: {location}, "
            f"Current Limit: {limit}, Current Usage: {used}, Additional Required: {need}, (Minimum) New Limit "
            f"Required: {new}. Submit a request for Quota increase at {_PORTAL}{params} by specifying parameters "
            f"listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at "
            f"{_READ_MORE[kind]}. Details: "))


# --------------------------------------------------------------------------- the pod address range
class Nodes:
    """A node pool as the pod-range check sees a requested size: a node count, no autoscaler."""
    enable_auto_scaling, max_count = False, None

    def __init__(self, count: int):
        self.count = count


def _pool_nodes(pool) -> int:
    """Nodes a pool may have: its count, or its autoscaler's ``max-count``."""
    return max(pool.count, pool.max_count or 0) if pool.enable_auto_scaling else pool.count


def parse_pod_cidr(pod_cidr: str):
    """``networkProfile.podCidr`` as AKS parses it (host bits allowed, as Go's ``net.ParseCIDR``);
    anything else is ``CidrStringParseError`` on ``networkProfile.podCIDR``."""
    import ipaddress
    try:
        net = ipaddress.ip_network(pod_cidr, strict=False)
    except ValueError:
        net = None
    if net is None or "/" not in pod_cidr or net.version != 4:
        raise ARMError("CidrStringParseError", "Cidr is invalid", target="networkProfile.podCIDR")
    return net


def check_pod_cidr(pod_cidr: str | None, pools, mask: int = defaults.NODE_CIDR_MASK) -> None:
    """kubenet and Azure CNI Overlay give each node a /24 of the pod range: AKS refuses a cluster whose
    nodes (autoscaler maxima included) would not all get one (``InsufficientSubnetSize``)."""
    if not pod_cidr:
        return
    net = parse_pod_cidr(pod_cidr)
    per_node = 2 ** (32 - mask)
    needed = sum(_pool_nodes(p) for p in pools) * per_node
    if needed > net.num_addresses:
        raise ARMError("InsufficientSubnetSize", (
            f"Pre-allocated IPs {needed} exceeds IPs available {net.num_addresses} in Subnet Cidr {pod_cidr}, Subnet "
            "Name networkProfile.podCIDR. If Autoscaler is enabled, the max-count from each nodepool is counted "
            "towards this total (which means that pre-allocated IPs count represents a theoretical max value, not "
            "the actual number of IPs requested). http://aka.ms/aks/insufficientsubnetsize"),
            target="networkProfile.podCIDR")


def check_kubenet_nodes(network_plugin: str, pools) -> None:
    """kubenet's route table holds at most 400 routes: AKS refuses a kubenet cluster whose pools
    (autoscaler maxima included) could exceed 400 nodes (``ValidationError``,
    subcode ``KubenetNodeCountTotalExceedsLimit``)."""
    if network_plugin != "kubenet":
        return
    total = sum(_pool_nodes(p) for p in pools)
    if total > defaults.AKS_KUBENET_MAX_NODES:
        raise ARMError("ValidationError", (
            f"Cluster's upper limit node count is {total} which exceeds the limit for Kubenet "
            f"{defaults.AKS_KUBENET_MAX_NODES}. If Autoscaler is enabled, the max-count from each nodepool is counted "
            "towards this total. https://aka.ms/aks/kubenet-networking-overview"))
