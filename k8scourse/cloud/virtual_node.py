"""AKS virtual nodes: the ``virtual-node`` add-on (Virtual Kubelet's ACI provider).

``az aks enable-addons --addons virtual-node --subnet-name <aci-subnet>`` registers one node,
``virtual-node-aci-linux``, backed by Azure Container Instances instead of a VM
(kubernetes-facts §7.6). It reports huge capacity (``cpu: 10k``, ``memory: 4Ti``, ``pods: 5k``, the
ACI provider's defaults), carries the labels ``type: virtual-kubelet`` and
``kubernetes.io/role: agent``, and the taint ``virtual-kubelet.io/provider=azure:NoSchedule``, so
only pods that ask for it land there — the documented ``nodeSelector`` (``kubernetes.io/os:
linux``, ``type: virtual-kubelet``) plus tolerations for ``virtual-kubelet.io/provider`` and
``azure.com/aci``. The scheduler places them like on any node; ``kubectl get pods -o wide`` shows
``virtual-node-aci-linux`` in their NODE column. Each such pod "runs in ACI": when the kubelet
component is available a kubelet is started for the virtual node (the simulator's stand-in for the
ACI provider), otherwise such pods stay bound but not running.

The add-on needs Azure CNI (``--network-plugin azure``): kubenet clusters are refused.
Deliberate differences: the ``aci-connector-linux`` Deployment in kube-system and the delegated
ACI subnet are not modelled; pods on the virtual node take their IPs from the kubelet model, not
from the ACI subnet; per-second ACI billing is not modelled.
"""

from __future__ import annotations

from ..node import Machine

NAME = "virtual-node-aci-linux"
ADDON_KEY = "aciConnectorLinux"
VK_VERSION = "1.6.2"


class VirtualNode:
    def __init__(self, mc, subnet_name: str):
        self.mc, self.subnet_name = mc, subnet_name

    def node_json(self) -> dict:
        mc = self.mc
        now = mc.azure.sim.clock.rfc3339()
        capacity = {"cpu": "10k", "memory": "4Ti", "pods": "5k", "nvidia.com/gpu": "100"}
        ready = {"type": "Ready", "status": "True", "lastHeartbeatTime": now, "lastTransitionTime": now,
                 "reason": "KubeletReady", "message": "ok"}
        return {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": NAME, "labels": {
                "alpha.service-controller.kubernetes.io/exclude-balancer": "true",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.azure.com/managed": "false",
                "kubernetes.azure.com/role": "agent",
                "kubernetes.io/hostname": NAME,
                "kubernetes.io/os": "linux",
                "kubernetes.io/role": "agent",
                "node.kubernetes.io/exclude-from-external-load-balancers": "true",
                "type": "virtual-kubelet",
            }, "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
            "spec": {"podCIDR": "10.241.0.0/16", "podCIDRs": ["10.241.0.0/16"], "taints": [{"key": "virtual-kubelet.io/provider", "value": "azure", "effect": "NoSchedule"}]},
            "status": {
                "capacity": dict(capacity), "allocatable": dict(capacity),
                "conditions": [ready],
                "addresses": [{"type": "InternalIP", "address": "10.241.0.4"}],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {"architecture": "amd64", "bootID": "", "machineID": "", "systemUUID": "",
                             "containerRuntimeVersion": "", "kernelVersion": "",
                             "kubeProxyVersion": "",
                             "kubeletVersion": f"v{mc.version}-vk-azure-aci-{VK_VERSION}",
                             "operatingSystem": "linux", "osImage": ""},
            },
        }

    def register(self) -> None:
        api = self.mc.api
        if api.peek("nodes", NAME) is None:
            api.create(self.node_json(), user=f"system:node:{NAME}", trusted=True)
        engine = self.mc.cluster
        if NAME not in engine.kubelets:
            # virtual-kubelet: a kubelet without a VM, whose Node the ACI provider registered above
            engine.join(Machine(NAME, None, pool="virtual-node-aci-linux", ip="10.241.0.4",
                                kubelet_version=self.mc.version), registers=False, proxy=False)

    def remove(self) -> None:
        self.mc.remove_node(NAME)

    def profile(self) -> dict:
        return {"config": {"SubnetName": self.subnet_name}, "enabled": True,
                "identity": {"clientId": self.mc.kubelet_identity[0], "objectId": self.mc.kubelet_identity[1],
                             "resourceId": f"/subscriptions/{self.mc.azure.subscription.id}/resourcegroups/"
                                           f"{self.mc.node_resource_group}/providers/Microsoft.ManagedIdentity/"
                                           f"userAssignedIdentities/aciconnectorlinux-{self.mc.name}"}}
