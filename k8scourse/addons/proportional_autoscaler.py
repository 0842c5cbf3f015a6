"""The cluster-proportional-autoscaler AKS runs next to CoreDNS (``coredns-autoscaler``).

It watches the cluster's size and sets its target Deployment's replica count from a linear rule. AKS's
``coredns-autoscaler``: one replica, label ``k8s-app: coredns-autoscaler``, container ``autoscaler``
requesting ``20m``/``10Mi`` (the ``kubectl describe node`` of an AKS node in
kubernetes-sigs/azuredisk-csi-driver#129) with limits ``200m``/``500Mi`` (remembered from current AKS
nodes; #129's 2019 listing had none — to be checked against a real cluster), ``priorityClassName:
system-cluster-critical``, image
``mcr.microsoft.com/oss/v2/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.9.0-7``
(AKSUbuntu-2204 202601.27.0 VHD notes), the shape of Azure/aks-engine
``parts/k8s/addons/dns-autoscaler.yaml``.

Deliberate difference: the autoscaler does not scale its target — CoreDNS keeps its 2 replicas,
which is what AKS's rule (at least 2) gives a cluster of up to 16 nodes.

>>> d = autoscaler("coredns-autoscaler", "deployment/coredns", "{}")
>>> d["spec"]["template"]["spec"]["containers"][0]["name"], d["metadata"]["labels"]["k8s-app"]
('autoscaler', 'coredns-autoscaler')
"""

from __future__ import annotations

from .objects import AKS_ADDON_TOLERATIONS, AKS_AFFINITY, AKS_MANAGED, create_all, deployment, resources, \
    service_account

IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.9.0-7"
COREDNS_PARAMS = '{"linear":{"coresPerReplica":512,"nodesPerReplica":8,"min":2,"preventSinglePointFailure":true}}'


def autoscaler(name: str, target: str, params: str) -> dict:
    labels = {"k8s-app": name}
    spec = {"priorityClassName": "system-cluster-critical", "serviceAccountName": name,
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_ADDON_TOLERATIONS,
            "containers": [{"name": "autoscaler", "image": IMAGE, "imagePullPolicy": "IfNotPresent",
                            "command": ["/cluster-proportional-autoscaler", "--namespace=kube-system",
                                        f"--configmap={name}", f"--target={target}",
                                        f"--default-params={params}", "--logtostderr=true", "--v=2"],
                            "resources": resources("20m", "10Mi", cpu_limit="200m", memory_limit="500Mi")}]}
    return deployment(name, {**AKS_MANAGED, **labels}, labels, 1, spec)


def install(api) -> None:
    create_all(api, [service_account("coredns-autoscaler"),
                     autoscaler("coredns-autoscaler", "deployment/coredns", COREDNS_PARAMS)])
