"""AKS's Azure node agents: ``cloud-node-manager`` and ``azure-ip-masq-agent``, one pod per node each.

* ``cloud-node-manager`` (cloud-provider-azure's node half: initialises the Node's provider ID,
  addresses, zone and instance-type labels from Azure's instance metadata): DaemonSet with label
  ``k8s-app: cloud-node-manager``, ``hostNetwork: true``, ``priorityClassName: system-node-critical``,
  container ``cloud-node-manager`` requesting ``50m``/``50Mi`` with a ``512Mi`` memory limit and no CPU
  limit (Azure/aks-engine ``parts/k8s/addons/cloud-node-manager.yaml`` for the shape; the CPU limit was
  removed, Azure/AKS CHANGELOG; ``kubectl describe node`` of an AKS 1.3x node in Azure/AKS#5251:
  ``50m (2%)  0 (0%)  50Mi (0%)  512Mi``); image
  ``mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.32.11-1`` (AKSUbuntu-2204
  202601.27.0 VHD notes);
* ``azure-ip-masq-agent`` (masquerades traffic leaving the pod/VNet ranges): DaemonSet with labels
  ``k8s-app: azure-ip-masq-agent``, ``tier: node``, ``hostNetwork: true``, ``system-node-critical``,
  container ``azure-ip-masq-agent`` requesting ``100m``/``50Mi`` with limits ``500m``/``250Mi``
  (remembered from AKS nodes' ``describe node``, not re-read from a recorded source: to be checked
  against a real cluster; the shape is Azure/aks-engine ``parts/k8s/addons/ip-masq-agent.yaml``), image
  ``mcr.microsoft.com/oss/v2/azure/ip-masq-agent-v2:v0.1.15-7`` (Azure/AKS CHANGELOG 2026-01-04,
  cached in the 202601.27.0 VHD), its ConfigMap ``azure-ip-masq-agent-config-reconciled``.

Deliberate differences: neither process does anything here — the Node's provider ID and labels
come from the machine, and the simulator's data plane masquerades on its own.

>>> [c["resources"] for d in (cloud_node_manager(), ip_masq_agent())
...  for c in d["spec"]["template"]["spec"]["containers"]]   # doctest: +NORMALIZE_WHITESPACE
[{'requests': {'cpu': '50m', 'memory': '50Mi'}, 'limits': {'memory': '512Mi'}},
 {'requests': {'cpu': '100m', 'memory': '50Mi'}, 'limits': {'cpu': '500m', 'memory': '250Mi'}}]
"""

from __future__ import annotations

from .objects import AKS_AFFINITY, AKS_MANAGED, AKS_NODE_TOLERATIONS, NAMESPACE, create_all, daemonset as _ds, \
    node_name_env, resources, service_account

CLOUD_NODE_MANAGER_IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.32.11-1"
IP_MASQ_AGENT_IMAGE = "mcr.microsoft.com/oss/v2/azure/ip-masq-agent-v2:v0.1.15-7"
_IP_MASQ_CONFIG = """nonMasqueradeCIDRs:
  - {pod_cidr}
  - 10.224.0.0/16
masqLinkLocal: true
"""


def cloud_node_manager() -> dict:
    labels = {"k8s-app": "cloud-node-manager"}
    spec = {"priorityClassName": "system-node-critical", "serviceAccountName": "cloud-node-manager",
            "hostNetwork": True, "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_NODE_TOLERATIONS,
            "containers": [{"name": "cloud-node-manager", "image": CLOUD_NODE_MANAGER_IMAGE,
                            "imagePullPolicy": "IfNotPresent",
                            "command": ["cloud-node-manager", "--node-name=$(NODE_NAME)", "--wait-routes=true"],
                            "env": [node_name_env()],
                            "resources": resources("50m", "50Mi", memory_limit="512Mi")}]}
    return _ds("cloud-node-manager", {**AKS_MANAGED, "component": "cloud-node-manager"}, labels, spec)


def ip_masq_agent() -> dict:
    labels = {"k8s-app": "azure-ip-masq-agent", "tier": "node"}
    spec = {"priorityClassName": "system-node-critical", "hostNetwork": True,
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_NODE_TOLERATIONS,
            "containers": [{"name": "azure-ip-masq-agent", "image": IP_MASQ_AGENT_IMAGE,
                            "imagePullPolicy": "IfNotPresent", "args": ["--v=2", "--resync-interval=60"],
                            "securityContext": {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}},
                            "resources": resources("100m", "50Mi", cpu_limit="500m", memory_limit="250Mi"),
                            "volumeMounts": [{"name": "azure-ip-masq-agent-config-volume",
                                              "mountPath": "/etc/config"}]}],
            "volumes": [{"name": "azure-ip-masq-agent-config-volume",
                         "configMap": {"name": "azure-ip-masq-agent-config-reconciled", "optional": True}}]}
    return _ds("azure-ip-masq-agent", {**AKS_MANAGED, "component": "azure-ip-masq-agent", "tier": "node"},
               labels, spec)


def install(api, pod_cidr: str) -> None:
    config = {"apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "azure-ip-masq-agent-config-reconciled", "namespace": NAMESPACE,
                           "labels": {**AKS_MANAGED, "component": "ip-masq-agent"}},
              "data": {"ip-masq-agent-reconciled": _IP_MASQ_CONFIG.format(pod_cidr=pod_cidr)}}
    create_all(api, [service_account("cloud-node-manager", {"k8s-app": "cloud-node-manager"}), config,
                     cloud_node_manager(), ip_masq_agent()])
