"""Node registration: the kubelet creates its own Node object (``registerWithAPIServer``).

When a kubelet starts on a machine it reads the machine (VM size → capacity, the NIC's address,
``/etc/machine-id``, the boot ID) and creates the Node: labels (the well-known ones plus the
``--node-labels`` AKS passes, such as ``agentpool``), ``status.capacity``/``allocatable`` (with
AKS's reservations), addresses, ``daemonEndpoints`` and ``nodeInfo``. If the Node already exists
(the kubelet restarted, the VM rebooted) it keeps it and refreshes ``nodeInfo``; a different
``bootID`` than the one the Node reports means the machine rebooted, and the kubelet records the
``Rebooted`` warning event (``Node <name> has been rebooted, boot id: <id>``).

``spec.podCIDR`` is not the kubelet's to set: the node IPAM controller gives it
(:mod:`k8scourse.controllers.nodeipam`).
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import copy_json, dig
from ..errors import K8sCourseError
from ..node import Machine, node_resources


def _condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastHeartbeatTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def node_info(machine: Machine) -> dict:
    version = f"v{machine.kubelet_version}"
    return {"architecture": "amd64", "bootID": machine.boot_id, "machineID": machine.machine_id,
            "systemUUID": machine.system_uuid, "containerRuntimeVersion": defaults.NODE_CONTAINER_RUNTIME,
            "kernelVersion": defaults.NODE_KERNEL_VERSION, "kubeProxyVersion": version, "kubeletVersion": version,
            "operatingSystem": "linux", "osImage": defaults.NODE_OS_IMAGE}


def node_manifest(machine: Machine, now: str) -> dict:
    """The Node a kubelet on ``machine`` registers, healthy and ready."""
    name = machine.name
    labels = {"agentpool": machine.pool, "kubernetes.azure.com/agentpool": machine.pool,
              "kubernetes.azure.com/role": "agent", "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name,
              "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": machine.size.name,
              "topology.kubernetes.io/region": defaults.REGION, "topology.kubernetes.io/zone": machine.zone,
              **(machine.labels or {})}
    resources = node_resources(machine.size.vcpus, machine.size.memory_ki, machine.max_pods, machine.kubelet_version)
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels, "annotations": {
            "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": {**({"providerID": machine.provider_id} if machine.provider_id else {}),
                 **({"taints": [dict(t) for t in machine.taints]} if machine.taints else {})},
        "status": {
            **resources,
            "conditions": [
                _condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                           "kubelet has sufficient memory available", now),
                _condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                _condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                           now),
                _condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
            ],
            "addresses": [{"type": "InternalIP", "address": machine.ip}, {"type": "Hostname", "address": name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": defaults.KUBELET_PORT}},
            "nodeInfo": node_info(machine),
        },
    }


def register(kubelet) -> bool:
    """Create the Node, or refresh an existing one's ``nodeInfo``; True when the machine rebooted."""
    machine, api = kubelet.machine, kubelet.api
    user = f"system:node:{machine.name}"
    current = api.peek("nodes", machine.name)
    if current is None:
        api.create(node_manifest(machine, api.sim.clock.rfc3339()), user=user, trusted=True)
        return False
    reported = dig(current, "status", "nodeInfo", default={}) or {}
    wanted = node_info(machine)
    if reported == wanted:
        return False
    node = copy_json(current)
    node["status"]["nodeInfo"] = wanted
    try:
        api.update_status(node, user=user)
    except K8sCourseError:
        return False
    return bool(reported.get("bootID")) and reported.get("bootID") != machine.boot_id
