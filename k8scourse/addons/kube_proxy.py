"""kube-proxy as the DaemonSet that runs it on every node, and the tie between its pods and the proxier.

Both kubeadm and AKS run kube-proxy as the ``kube-proxy`` DaemonSet in ``kube-system``: one pod per
node, ``hostNetwork: true``, ``priorityClassName: system-node-critical``, a privileged container named
``kube-proxy`` whose image follows the cluster's Kubernetes version. The two manifests differ:

* **kubeadm** (``cmd/kubeadm/app/phases/addons/proxy/manifests.go``): image
  ``registry.k8s.io/kube-proxy:v<version>``, label ``k8s-app: kube-proxy``, toleration
  ``operator: Exists`` (every taint), ``nodeSelector kubernetes.io/os: linux``, the ``kube-proxy``
  ServiceAccount and ConfigMap, and **no resource requests** (kube-proxy pods count in a node's pod
  total but add nothing to its CPU/memory requests);
* **AKS**: image ``mcr.microsoft.com/oss/kubernetes/kube-proxy:v<version>`` (the tag of AKS node images'
  cached kube-proxy, e.g. ``v1.32.4`` in the ``AKSUbuntu-2204/202505.14.0`` VHD notes of Azure/AKS),
  labels ``component: kube-proxy``, ``tier: node``, ``k8s-app: kube-proxy``, a request of
  ``cpu: 100m`` and no limit (Azure/AKS CHANGELOG: "The cpu limits for cloud-node-manager, csi drivers,
  and kube-proxy have been removed"; ``kubectl describe node`` of AKS nodes shows ``100m (5%)``), AKS's
  node-agent tolerations and the node affinity that keeps it off virtual nodes (shape as in
  Azure/aks-engine ``parts/k8s/addons/kube-proxy.yaml``).

:class:`KubeProxyPods` ties the pods to the process the simulator runs per node
(:class:`~k8scourse.proxy.KubeProxy`): deleting a node's ``kube-proxy`` pod stops that node's
proxier — the iptables rules it wrote stay in the kernel, unchanged — and once the DaemonSet's
replacement pod runs, the proxier starts again and re-syncs.

:func:`follow_version` is the add-on manager's part of an upgrade: once the control plane runs the new
version, the DaemonSet's image becomes that version's and its pods roll.

Deliberate differences: the proxier starts with its machine, before its pod is scheduled (a new
node's Services work from its first second; the real kube-proxy starts a few seconds later, once its
image is pulled); no liveness probe on the AKS pod (the simulator's kube-proxy image does not serve
``/healthz``).

>>> ds = daemonset("1.32.4", aks=True)
>>> c = ds["spec"]["template"]["spec"]["containers"][0]
>>> c["image"], c["resources"], ds["spec"]["template"]["spec"]["hostNetwork"]
('mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.32.4', {'requests': {'cpu': '100m'}}, True)
>>> daemonset("1.32.4")["spec"]["template"]["spec"]["containers"][0]["image"]
'registry.k8s.io/kube-proxy:v1.32.4'
"""

from __future__ import annotations

from ..api.objects import dig
from .objects import (AKS_AFFINITY, AKS_MANAGED, AKS_NODE_TOLERATIONS, NAMESPACE, create_all, daemonset as _ds,
                      node_name_env, resources, service_account)

NAME = "kube-proxy"
SELECTOR = "k8s-app=kube-proxy"

_KUBEADM_CONFIG = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: {cluster_cidr}
mode: ""
"""


def _volumes(config_map: str) -> tuple[list, list]:
    mounts = [{"name": "kube-proxy", "mountPath": "/var/lib/kube-proxy"},
              {"name": "xtables-lock", "mountPath": "/run/xtables.lock"},
              {"name": "lib-modules", "mountPath": "/lib/modules", "readOnly": True}]
    volumes = [{"name": "kube-proxy", "configMap": {"name": config_map}},
               {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
               {"name": "lib-modules", "hostPath": {"path": "/lib/modules", "type": ""}}]
    return mounts, volumes


def daemonset(version: str, *, aks: bool = False) -> dict:
    """The ``kube-proxy`` DaemonSet for a cluster of Kubernetes ``version``."""
    version = version.lstrip("v")
    if aks:
        labels = {"component": "kube-proxy", "tier": "node", "k8s-app": "kube-proxy"}
        mounts, volumes = _volumes("kube-proxy-config")
        spec = {
            "priorityClassName": "system-node-critical", "hostNetwork": True, "serviceAccountName": "kube-proxy",
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_NODE_TOLERATIONS,
            "containers": [{
                "name": "kube-proxy", "image": f"mcr.microsoft.com/oss/kubernetes/kube-proxy:v{version}",
                "imagePullPolicy": "IfNotPresent",
                "command": ["kube-proxy", "--conntrack-max-per-core=0", "--metrics-bind-address=0.0.0.0:10249",
                            "--config=/var/lib/kube-proxy/config.yaml"],
                "resources": resources("100m", None), "securityContext": {"privileged": True},
                "volumeMounts": mounts}],
            "volumes": volumes}
        return _ds(NAME, {**AKS_MANAGED, **labels}, labels, spec, max_unavailable="50%")
    mounts, volumes = _volumes("kube-proxy")
    spec = {
        "priorityClassName": "system-node-critical", "hostNetwork": True, "serviceAccountName": "kube-proxy",
        "nodeSelector": {"kubernetes.io/os": "linux"}, "tolerations": [{"operator": "Exists"}],
        "containers": [{
            "name": "kube-proxy", "image": f"registry.k8s.io/kube-proxy:v{version}",
            "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                        "--hostname-override=$(NODE_NAME)"],
            "env": [node_name_env()], "securityContext": {"privileged": True}, "volumeMounts": mounts}],
        "volumes": volumes}
    return _ds(NAME, {"k8s-app": "kube-proxy"}, {"k8s-app": "kube-proxy"}, spec)


def install(api, version: str, cluster_cidr: str, *, aks: bool = False) -> None:
    config = {"apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "kube-proxy-config" if aks else "kube-proxy", "namespace": NAMESPACE,
                           "labels": {"k8s-app": "kube-proxy"} if not aks else
                           {**AKS_MANAGED, "component": "kube-proxy", "tier": "node", "k8s-app": "kube-proxy"}},
              "data": {("config.yaml" if aks else "config.conf"): _KUBEADM_CONFIG.format(cluster_cidr=cluster_cidr)}}
    create_all(api, [service_account("kube-proxy"), config, daemonset(version, aks=aks)])


def follow_version(api, version: str, *, aks: bool = False) -> None:
    """The control plane was upgraded: the add-on manager moves the DaemonSet to the new version's
    image (a rolling update of the kube-proxy pods, ``maxUnavailable`` at a time)."""
    ds = api.peek("daemonsets", NAME, NAMESPACE)
    if ds is None:
        return
    image = daemonset(version, aks=aks)["spec"]["template"]["spec"]["containers"][0]["image"]
    if ds["spec"]["template"]["spec"]["containers"][0].get("image") != image:
        api.patch("daemonsets", NAME, NAMESPACE, {"spec": {"template": {"spec": {"containers": [
            {"name": "kube-proxy", "image": image}]}}}}, "strategic", user="system:addon-manager")


class KubeProxyPods:
    """Keeps each node's proxier in step with its ``kube-proxy`` pod: gone → stopped, running → started.

    ``proxies`` is the engine's node name → :class:`~k8scourse.proxy.KubeProxy` map (read at each
    event, so nodes added later are covered). A node whose pod is deleted keeps its last rules.
    """

    name = "kube-proxy-pods"

    def __init__(self, api, proxies: dict):
        self.api = api
        self.proxies = proxies
        self._down: dict[str, str] = {}         # node -> uid of the deleted pod whose loss stopped its proxier
        self._watch = api.watch("pods", self._changed, NAMESPACE)

    def _changed(self, event) -> None:
        pod = event.object
        md = pod.get("metadata") or {}
        if (md.get("labels") or {}).get("k8s-app") != "kube-proxy":
            return
        node = dig(pod, "spec", "nodeName") or ""
        proxy = self.proxies.get(node)
        if proxy is None:
            return
        if event.type == "DELETED" or md.get("deletionTimestamp"):
            if proxy.running:
                proxy.stop()
                self._down[node] = md.get("uid", "")
        elif node in self._down and md.get("uid") != self._down[node] \
                and dig(pod, "status", "phase") == "Running":
            del self._down[node]                # the DaemonSet's replacement runs: the process is back
            proxy.start()

    def stop(self) -> None:
        self._watch.stop()
