"""AKS's CSI node plugins: ``csi-azuredisk-node`` and ``csi-azurefile-node``, one pod per node each.

Each is a DaemonSet of three containers — ``liveness-probe``, ``node-driver-registrar`` and the
driver (``azuredisk`` / ``azurefile``) — with ``hostNetwork: true``, ``dnsPolicy: Default``,
``priorityClassName: system-node-critical``, toleration ``operator: Exists``, label ``app:
csi-azuredisk-node`` / ``app: csi-azurefile-node`` and the ``csi-azuredisk-node-sa`` /
``csi-azurefile-node-sa`` ServiceAccount (shape: kubernetes-sigs/azuredisk-csi-driver chart as in
Azure/aks-engine ``parts/k8s/addons/azuredisk-csi-driver-deployment.yaml``). Every container requests
``cpu: 10m``, ``memory: 20Mi`` (a pod: ``30m``/``60Mi``, as ``kubectl describe node`` on AKS shows) with
no CPU limit (Azure/AKS CHANGELOG: "The cpu limits for cloud-node-manager, csi drivers, and kube-proxy
have been removed"); memory limits ``100Mi`` for the sidecars, ``400Mi`` for ``azurefile`` (a pod:
``600Mi``, kubernetes-sigs/azurefile-csi-driver#751 and AKS ``describe node`` listings) and ``5600Mi``
for ``azuredisk`` (the figure of ``azuredisk-csi:v1.32.11`` on AKS in Azure/AKS#5251).

Images: the AKS Ubuntu 22.04 node image of January 2026 (Azure/AKS ``vhd-notes/aks-ubuntu/AKSUbuntu-2204/
202601.27.0.txt``) caches ``mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.32.11``,
``…/azurefile-csi:v1.32.9``, ``…/livenessprobe:v2.17.0`` and ``…/csi-node-driver-registrar:v2.15.0`` for
Kubernetes 1.32.

Deliberate differences: the drivers' controller Deployments run in AKS's control plane (as on AKS:
``csi-azuredisk-controller`` is not in the customer's ``kube-system``); no liveness probes (the
simulator's images serve no ``/healthz``); volumes are provisioned and attached by the simulator's
volume controller, not by these pods.

>>> ds = daemonset("disk")
>>> [c["name"] for c in ds["spec"]["template"]["spec"]["containers"]]
['liveness-probe', 'node-driver-registrar', 'azuredisk']
>>> ds["spec"]["template"]["metadata"]["labels"]
{'app': 'csi-azuredisk-node'}
"""

from __future__ import annotations

from .objects import AKS_AFFINITY, NAMESPACE, create_all, daemonset as _ds, node_name_env, resources, \
    service_account

REGISTRY = "mcr.microsoft.com/oss/v2/kubernetes-csi"
# driver -> (driver container, image tag, memory limit of the driver container, health port, provisioner)
DRIVERS = {"disk": ("azuredisk", "v1.32.11", "5600Mi", 29603, "disk.csi.azure.com"),
           "file": ("azurefile", "v1.32.9", "400Mi", 29613, "file.csi.azure.com")}
LIVENESS_PROBE_IMAGE = f"{REGISTRY}/livenessprobe:v2.17.0"
REGISTRAR_IMAGE = f"{REGISTRY}/csi-node-driver-registrar:v2.15.0"


def daemonset(kind: str) -> dict:
    driver, tag, memory_limit, port, provisioner = DRIVERS[kind]
    name = f"csi-{driver}-node"
    socket = {"name": "socket-dir", "mountPath": "/csi"}
    containers = [
        {"name": "liveness-probe", "image": LIVENESS_PROBE_IMAGE, "imagePullPolicy": "IfNotPresent",
         "args": ["--csi-address=/csi/csi.sock", "--probe-timeout=3s", f"--health-port={port}", "--v=2"],
         "resources": resources("10m", "20Mi", memory_limit="100Mi"), "volumeMounts": [dict(socket)]},
        {"name": "node-driver-registrar", "image": REGISTRAR_IMAGE, "imagePullPolicy": "IfNotPresent",
         "args": ["--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--v=2"],
         "env": [{"name": "ADDRESS", "value": "/csi/csi.sock"},
                 {"name": "DRIVER_REG_SOCK_PATH", "value": f"/var/lib/kubelet/plugins/{provisioner}/csi.sock"}],
         "resources": resources("10m", "20Mi", memory_limit="100Mi"),
         "volumeMounts": [dict(socket), {"name": "registration-dir", "mountPath": "/registration"}]},
        {"name": driver, "image": f"{REGISTRY}/{driver}-csi:{tag}", "imagePullPolicy": "IfNotPresent",
         "args": ["--v=5", "--endpoint=$(CSI_ENDPOINT)", "--nodeid=$(KUBE_NODE_NAME)",
                  f"--metrics-address=0.0.0.0:{port + 2}"],
         "ports": [{"containerPort": port, "name": "healthz", "protocol": "TCP"}],
         "env": [{"name": "CSI_ENDPOINT", "value": "unix:///csi/csi.sock"},
                 {**node_name_env(), "name": "KUBE_NODE_NAME"}],
         "securityContext": {"privileged": True},
         "resources": resources("10m", "20Mi", memory_limit=memory_limit),
         "volumeMounts": [dict(socket), {"name": "mountpoint-dir", "mountPath": "/var/lib/kubelet/",
                                         "mountPropagation": "Bidirectional"}]},
    ]
    spec = {"hostNetwork": True, "dnsPolicy": "Default", "serviceAccountName": f"{name}-sa",
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "priorityClassName": "system-node-critical", "tolerations": [{"operator": "Exists"}],
            "containers": containers,
            "volumes": [
                {"name": "socket-dir", "hostPath": {"path": f"/var/lib/kubelet/plugins/{provisioner}",
                                                    "type": "DirectoryOrCreate"}},
                {"name": "mountpoint-dir", "hostPath": {"path": "/var/lib/kubelet/", "type": "DirectoryOrCreate"}},
                {"name": "registration-dir", "hostPath": {"path": "/var/lib/kubelet/plugins_registry/",
                                                          "type": "DirectoryOrCreate"}}]}
    return _ds(name, {"addonmanager.kubernetes.io/mode": "Reconcile"}, {"app": name}, spec, max_unavailable="50%")


def install(api) -> None:
    create_all(api, [service_account("csi-azuredisk-node-sa"), service_account("csi-azurefile-node-sa"),
                     daemonset("disk"), daemonset("file")])


__all__ = ["DRIVERS", "NAMESPACE", "daemonset", "install"]
