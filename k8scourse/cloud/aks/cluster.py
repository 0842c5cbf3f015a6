"""Azure Kubernetes Service: the managed cluster behind ``az aks …``.

A :class:`ManagedCluster` is one ``Microsoft.ContainerService/managedClusters`` resource: the ARM
JSON that ``az aks show`` prints (real field names: ``agentPoolProfiles``, ``dnsPrefix``, ``fqdn``,
``nodeResourceGroup`` ``MC_<rg>_<name>_<region>``, ``networkProfile``, ``powerState`` …) and the
simulated :class:`~k8scourse.cluster.Cluster` it manages. The cluster shares the subscription's
simulation, so AKS operations take simulated minutes that pass for everything else too.

Long-running operations (create, upgrade, scale, stop/start, the autoscaler's node additions) are
:class:`~k8scourse.cloud.aks.operation.Operation` s on the simulated clock; their steps are in
:mod:`k8scourse.cloud.aks.operations`.

Nodes are VM scale set instances named ``aks-<pool>-<8 digits>-vmss<6-digit index>``; a new
instance registers as a Ready node about 2 minutes after it is requested (VM boot + kubelet
bootstrap). Reimaging an instance (an upgrade) deletes its Node object and registers it again
under the same name, so its AGE restarts, as the lecture's ``kubectl get nodes`` after an upgrade
shows.

Deliberate differences: the control plane is not a set of pods (AKS hides it too); the API
server is unreachable while the cluster is stopped or deleted; one ``pool_id`` per node pool is
drawn from the subscription's RNG (real AKS derives it from a hash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ... import defaults
from ..subscription import TENANT_ID
from . import versions
from .operation import NODE_IMAGE, OS_DISK_GB, TYPE, Operation, guid, node_index, parse_taint


@dataclass
class AgentPool:
    name: str
    count: int
    vm_size: str
    max_pods: int
    version: str
    pool_id: str                          # the 8 digits in the node names
    mode: str = "System"
    enable_auto_scaling: bool = False
    min_count: int | None = None
    max_count: int | None = None
    zones: list | None = None
    labels: dict | None = None
    taints: list | None = None
    provisioning_state: str = "Creating"
    power_state: str = "Running"
    max_surge: str = "10%"
    vnet_subnet_id: str | None = None
    tags: dict | None = None


def default_dns_prefix(name: str, group: str, subscription_id: str) -> str:
    """The CLI's default ``dnsPrefix``: 10 chars of the name, 16 of the group, 6 of the subscription."""
    name_part = re.sub("[^A-Za-z0-9-]", "", name)[:10]
    if not name_part[:1].isalpha():
        name_part = ("a" + name_part)[:10]
    group_part = re.sub("[^A-Za-z0-9-]", "", group)[:16]
    return f"{name_part}-{group_part}-{subscription_id[:6]}"


class ManagedCluster:
    def __init__(self, azure, group: str, name: str, location: str, *, version: str, kubernetes_version: str,
                 network_plugin: str, network_plugin_mode: str | None, pool: AgentPool, ssh_key: str | None,
                 tags: dict | None = None, dns_prefix: str | None = None, vnet_subnet_id: str | None = None,
                 pod_cidr: str | None = None):
        from ...engine import ClusterEngine
        self.azure, self.group, self.name, self.location = azure, group, name, location
        sub = azure.subscription
        rng = azure.sim.rng
        self.id = sub.resource_id(TYPE, group, name)
        self.kubernetes_version = kubernetes_version          # as requested (may be a minor alias)
        self.version = version                                # the control plane's patch version
        self.network_plugin, self.network_plugin_mode = network_plugin, network_plugin_mode
        # kubenet and Azure CNI Overlay: the pods' range (--pod-cidr, default 10.244.0.0/16), a /24 per node
        overlay = network_plugin == "azure" and network_plugin_mode == "overlay"
        self.pod_cidr = (pod_cidr or defaults.POD_CIDR) if network_plugin == "kubenet" or overlay else None
        self.ssh_key, self.tags, self.vnet_subnet_id = ssh_key, tags, vnet_subnet_id
        self.dns_prefix = dns_prefix or default_dns_prefix(name, group, sub.id)
        self.fqdn = f"{self.dns_prefix.lower()}-{rng.randrange(16 ** 8):08x}.hcp.{location}.azmk8s.io"
        self.node_resource_group = f"MC_{group}_{name}_{location}"
        self.principal_id = guid(rng)
        self.kubelet_identity = (guid(rng), guid(rng))
        self.resource_uid = f"{rng.randrange(16 ** 24):024x}"
        self.provisioning_state = "Creating"
        self.power_state = "Running"
        self.pools: dict[str, AgentPool] = {pool.name: pool}
        self.addons: dict[str, dict] = {}
        self.attached_acrs: list[str] = []
        self.autoscaler_profile: dict | None = None
        self.operation: Operation | None = None
        cluster_plugin = "azure-overlay" if network_plugin == "azure" and network_plugin_mode == "overlay" \
            else network_plugin
        # the simulated cluster Azure runs for this resource (it shares the subscription's clock)
        self.cluster = ClusterEngine(nodes=0, vm_size=pool.vm_size, name=name, kubernetes_version=version,
                                     pool=pool.name, max_pods=pool.max_pods, network_plugin=cluster_plugin,
                                     service_cidr="10.0.0.0/16", pod_cidr=self.pod_cidr or defaults.POD_CIDR,
                                     server_url=f"https://{self.fqdn}:443",
                                     sim=azure.sim, addons_profile="aks")    # AKS's kube-system (k8scourse.addons)
        self.cluster.image_resolver = self.resolve_image
        self.virtual_node = None
        self.autoscaler = None
        self.released = False

    # ------------------------------------------------------------------ nodes
    @property
    def api(self):
        return self.cluster.api

    def pool_nodes(self, pool: str) -> list[dict]:
        """The pool's Node objects, by VMSS instance index."""
        nodes = [n for n in self.api.list("nodes")["items"]
                 if (n["metadata"].get("labels") or {}).get("agentpool") == pool]
        return sorted(nodes, key=lambda n: node_index(n["metadata"]["name"]))

    def add_node(self, pool: AgentPool, index: int | None = None, version: str | None = None) -> str:
        """Register one VMSS instance of ``pool`` as a node (a new index, or ``index`` when reimaging)."""
        engine = self.cluster
        position = index if index is not None else engine.next_index(pool.name)
        zone = f"{self.location}-{pool.zones[position % len(pool.zones)]}" if pool.zones else "0"
        # AKS starts each VM's kubelet with --node-labels and --register-with-taints from the pool
        labels = {"kubernetes.azure.com/cluster": self.node_resource_group,
                  "kubernetes.azure.com/mode": pool.mode.lower(),
                  "kubernetes.azure.com/node-image-version": NODE_IMAGE,
                  "kubernetes.azure.com/nodepool-type": "VirtualMachineScaleSets",
                  "kubernetes.azure.com/os-sku": "Ubuntu", **(pool.labels or {})}
        node = engine.add_node(vm_size=pool.vm_size, pool=pool.name, max_pods=pool.max_pods, zone=zone,
                               index=index, kubelet_version=version or pool.version, pool_id=pool.pool_id,
                               labels=labels, taints=[parse_taint(t) for t in pool.taints or []])
        return node["metadata"]["name"]

    def remove_node(self, name: str) -> None:
        """Delete the VMSS instance: its kubelet stops, the Node and pods still bound to it go."""
        self.cluster.remove_node(name)

    def resolve_image(self, reference: str):
        """What the nodes' container runtime gets for an ``*.azurecr.io`` image.

        AKS pulls from a registry only when the cluster's kubelet identity has AcrPull on it
        (``--attach-acr``); otherwise the registry answers 401, and containerd reports it the way
        real AKS nodes do. Other references are not ours to answer (None).
        """
        from ..acr import SUFFIX, find_registry
        from ..layers import split_reference
        host, path, tag = split_reference(reference)
        if not host.endswith(SUFFIX):
            return None
        ref = f"{host}/{path}:{tag}"
        registry = find_registry(self.azure.subscription, host)
        if registry is None:
            return (f'failed to pull and unpack image "{ref}": failed to resolve reference "{ref}": failed to '
                    f'do request: Head "https://{host}/v2/{path}/manifests/{tag}": dial tcp: lookup {host}: '
                    f'no such host')
        if registry.name.lower() not in {a.lower() for a in self.attached_acrs}:
            scope = path.replace("/", "%2F")
            return (f'failed to pull and unpack image "{ref}": failed to resolve reference "{ref}": failed to '
                    f'authorize: failed to fetch anonymous token: unexpected status from GET request to '
                    f'https://{host}/oauth2/token?scope=repository%3A{scope}%3Apull&service={host}: '
                    f'401 Unauthorized')
        info = registry.image_info(path, tag)
        if info is None:
            return f'failed to pull and unpack image "{ref}": failed to resolve reference "{ref}": {ref}: not found'
        return info

    def cordon(self, name: str) -> None:
        if self.api.peek("nodes", name) is not None:
            self.api.patch("nodes", name, "", {"spec": {"unschedulable": True}}, "merge", user="aks")

    def start_operation(self, steps: Iterator[int], name: str) -> Operation:
        def failed(exc):
            self.provisioning_state = "Failed"
        self.operation = Operation(self.azure.sim, steps, f"{self.name}:{name}", failed)
        return self.operation

    def release(self) -> None:
        """The resource is gone (``az aks delete`` or its resource group deleted): its machines stop,
        its API server no longer answers, and an operation still running on it ends."""
        if self.released:
            return
        self.released = True
        if self.operation is not None and not self.operation.done and not self.operation.running:
            self.operation.cancel()
        if self.autoscaler is not None:
            self.autoscaler.stop()
        self.cluster.shutdown()

    # ------------------------------------------------------------------ ARM JSON
    def pool_json(self, pool: AgentPool, standalone: bool = False) -> dict:
        body = {
            "availabilityZones": list(pool.zones) if pool.zones else None,
            "count": pool.count,
            "currentOrchestratorVersion": pool.version,
            "enableAutoScaling": pool.enable_auto_scaling,
            "enableEncryptionAtHost": False, "enableFips": False, "enableNodePublicIp": False,
            "enableUltraSsd": False, "kubeletDiskType": "OS",
            "maxCount": pool.max_count, "maxPods": pool.max_pods, "minCount": pool.min_count,
            "mode": pool.mode, "name": pool.name, "nodeImageVersion": NODE_IMAGE,
            "nodeLabels": dict(pool.labels) if pool.labels else None,
            "nodeTaints": list(pool.taints) if pool.taints else None,
            "orchestratorVersion": pool.version, "osDiskSizeGb": OS_DISK_GB, "osDiskType": "Managed",
            "osSku": "Ubuntu", "osType": "Linux", "powerState": {"code": pool.power_state},
            "provisioningState": pool.provisioning_state, "scaleSetPriority": None,
            "tags": pool.tags, "type": "VirtualMachineScaleSets",
            "upgradeSettings": {"drainTimeoutInMinutes": None, "maxSurge": pool.max_surge,
                                "nodeSoakDurationInMinutes": None},
            "vmSize": pool.vm_size, "vnetSubnetId": pool.vnet_subnet_id or self.vnet_subnet_id,
        }
        if standalone:                  # the agentPools resource: its own type, the pool's as typePropertiesType
            body.update({"id": f"{self.id}/agentPools/{pool.name}", "resourceGroup": self.group,
                         "type": "Microsoft.ContainerService/managedClusters/agentPools",
                         "typePropertiesType": body["type"]})
        return body

    def network_json(self) -> dict:
        sub = self.azure.subscription.id
        pod_cidr = self.pod_cidr
        lb_ip = f"/subscriptions/{sub}/resourceGroups/{self.node_resource_group}/providers/Microsoft.Network/" \
                f"publicIPAddresses/{self.principal_id[::-1]}"
        return {
            "dnsServiceIp": "10.0.0.10", "ipFamilies": ["IPv4"],
            "loadBalancerProfile": {"allocatedOutboundPorts": None, "backendPoolType": "nodeIPConfiguration",
                                    "effectiveOutboundIPs": [{"id": lb_ip, "resourceGroup": self.node_resource_group}],
                                    "idleTimeoutInMinutes": None, "managedOutboundIPs": {"count": 1, "countIpv6": None},
                                    "outboundIPs": None, "outboundIpPrefixes": None},
            "loadBalancerSku": "standard", "natGatewayProfile": None,
            "networkDataplane": "azure" if self.network_plugin == "azure" else None,
            "networkMode": None, "networkPlugin": self.network_plugin, "networkPluginMode": self.network_plugin_mode,
            "networkPolicy": getattr(self, "network_policy", "none"), "outboundType": "loadBalancer",
            "podCidr": pod_cidr, "podCidrs": [pod_cidr] if pod_cidr else None,
            "serviceCidr": "10.0.0.0/16", "serviceCidrs": ["10.0.0.0/16"],
        }

    def to_json(self) -> dict:
        sub = self.azure.subscription.id
        mc_rg = f"/subscriptions/{sub}/resourcegroups/{self.node_resource_group}"
        return {
            "aadProfile": None,
            "addonProfiles": {k: dict(v) for k, v in self.addons.items()} or None,
            "agentPoolProfiles": [self.pool_json(p) for p in self.pools.values()],
            "apiServerAccessProfile": None,
            "autoScalerProfile": self.autoscaler_profile,
            "autoUpgradeProfile": {"nodeOsUpgradeChannel": "NodeImage", "upgradeChannel": None},
            "azureMonitorProfile": None,
            "azurePortalFqdn": self.fqdn.replace(".hcp.", ".portal.hcp.", 1),
            "currentKubernetesVersion": self.version,
            "disableLocalAccounts": False,
            "diskEncryptionSetId": None,
            "dnsPrefix": self.dns_prefix,
            "enableRbac": True,
            "extendedLocation": None,
            "fqdn": self.fqdn,
            "fqdnSubdomain": None,
            "id": self.id,
            "identity": {"principalId": self.principal_id, "tenantId": TENANT_ID, "type": "SystemAssigned",
                         "userAssignedIdentities": None},
            "identityProfile": {"kubeletidentity": {
                "clientId": self.kubelet_identity[0], "objectId": self.kubelet_identity[1],
                "resourceId": f"{mc_rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                              f"{self.name}-agentpool"}},
            "kubernetesVersion": self.kubernetes_version,
            "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": self.ssh_key}]}}
            if self.ssh_key else None,
            "location": self.location,
            "maxAgentPools": 100,
            "name": self.name,
            "networkProfile": self.network_json(),
            "nodeResourceGroup": self.node_resource_group,
            "oidcIssuerProfile": {"enabled": False, "issuerUrl": None},
            "powerState": {"code": self.power_state},
            "privateFqdn": None,
            "provisioningState": self.provisioning_state,
            "resourceGroup": self.group,
            "resourceUid": self.resource_uid,
            "securityProfile": {},
            "servicePrincipalProfile": {"clientId": "msi", "secret": None},
            "sku": {"name": "Base", "tier": "Free"},
            "storageProfile": {"blobCsiDriver": None, "diskCsiDriver": {"enabled": True},
                               "fileCsiDriver": {"enabled": True}, "snapshotController": {"enabled": True}},
            "supportPlan": "KubernetesOfficial",
            "systemData": None,
            "tags": self.tags,
            "type": "Microsoft.ContainerService/ManagedClusters",      # as ARM spells it in responses
            "windowsProfile": None,
        }

    def upgrade_profile(self) -> dict:
        """``az aks get-upgrades``: the ``ManagedClusterUpgradeProfile``."""
        def ups(version):
            found = versions.upgrades_for(version)
            return [{"isPreview": None, "kubernetesVersion": v} for v in found] or None
        return {
            "agentPoolProfiles": None,
            "controlPlaneProfile": {"kubernetesVersion": self.version, "name": None, "osType": "Linux",
                                    "upgrades": ups(self.version)},
            "id": f"{self.id}/upgradeprofiles/default", "name": "default", "resourceGroup": self.group,
            "type": f"{TYPE}/upgradeprofiles",
        }
