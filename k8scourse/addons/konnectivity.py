"""AKS's konnectivity agent: the tunnel from the nodes to the managed control plane.

The API server of an AKS cluster runs outside the customer's network; it reaches kubelets (``logs``,
``exec``, ``port-forward``) and webhooks through connections the nodes open to it. The agents are the
``konnectivity-agent`` Deployment in ``kube-system``: two replicas (Azure/AKS CHANGELOG 2025-04-06:
"Konnectivity agent will now scale based on cluster node count", by the
``konnectivity-agent-autoscaler`` Deployment, a cluster-proportional-autoscaler; the pod listing of an
AKS 1.32.3 cluster shows two agents and one autoscaler), label ``app: konnectivity-agent``, container
``konnectivity-agent`` requesting ``20m``/``20Mi`` with limits ``1``/``1Gi`` (remembered from AKS
nodes' ``describe node``; not re-read from a recorded source),
``priorityClassName: system-cluster-critical``, image
``mcr.microsoft.com/oss/v2/kubernetes/apiserver-network-proxy/agent:v0.32.1-1`` (AKSUbuntu-2204 202601.27.0
VHD notes; CHANGELOG 2026-03-05: "Konnectivity has been updated to v0.32.1").

Deliberate differences: the tunnel is not modelled — ``kubectl logs``/``exec`` reach the kubelet
whether or not an agent runs; the agents' readiness/liveness probes are left out; the autoscaler's
labels and resources are those of ``coredns-autoscaler`` (the same program), not read from a cluster.

>>> d = agent()
>>> d["spec"]["replicas"], d["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]
(2, {'cpu': '1', 'memory': '1Gi'})
"""

from __future__ import annotations

from .objects import AKS_ADDON_TOLERATIONS, AKS_AFFINITY, AKS_MANAGED, create_all, deployment, resources, \
    service_account
from .proportional_autoscaler import autoscaler

AGENT_IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/apiserver-network-proxy/agent:v0.32.1-1"


def agent() -> dict:
    labels = {"app": "konnectivity-agent"}
    spec = {"priorityClassName": "system-cluster-critical", "serviceAccountName": "konnectivity-agent",
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_ADDON_TOLERATIONS,
            "containers": [{"name": "konnectivity-agent", "image": AGENT_IMAGE, "imagePullPolicy": "IfNotPresent",
                            "command": ["/proxy-agent"],
                            "args": ["--logtostderr=true", "--ca-cert=/certs/ca.crt", "--proxy-server-port=443",
                                     "--service-account-token-path=/var/run/secrets/tokens/konnectivity-agent-token",
                                     "--agent-identifiers=ipv4=$(HOST_IP)", "--health-server-port=8082",
                                     "--admin-server-port=8094", "--sync-forever=true"],
                            "env": [{"name": "HOST_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}}],
                            "resources": resources("20m", "20Mi", cpu_limit="1", memory_limit="1Gi")}]}
    return deployment("konnectivity-agent", {**AKS_MANAGED, **labels}, labels, 2, spec)


def install(api) -> None:
    create_all(api, [service_account("konnectivity-agent"), service_account("konnectivity-agent-autoscaler"), agent(),
                     autoscaler("konnectivity-agent-autoscaler", "deployment/konnectivity-agent",
                                '{"linear":{"nodesPerReplica":10,"min":2,"max":20}}')])
