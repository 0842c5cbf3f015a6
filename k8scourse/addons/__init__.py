"""The add-ons in ``kube-system``: the workloads a cluster runs for itself, installed at creation.

They are ordinary DaemonSets and Deployments created through the API server: the DaemonSet
controller gives every node (also one added later: ``az aks scale``, a new machine) its node agents
and recreates a deleted one; the scheduler places the pods; kubelets start them; their requests count
in the node's accounting (``kubectl describe node`` *Non-terminated Pods* and *Allocated resources*,
what fits, ``kubectl top``). Which set a cluster gets is its **profile**:

* ``"kubeadm"`` — what ``Cluster(nodes=…)`` builds: a bare cluster as ``kubeadm init`` sets it up
  (its nodes are shaped like AKS's VMs, but nothing Azure runs in it): the ``kube-proxy`` DaemonSet
  (:mod:`.kube_proxy`, no resource requests) and CoreDNS (:mod:`k8scourse.dns.addon`), plus
  metrics-server as its upstream manifest installs it (:mod:`.metrics_server`, one replica) when the
  cluster serves the Metrics API (``metrics_server=True``, the default). kubeadm's static
  control-plane pods are out of scope: the control plane is not made of nodes here;
* ``"aks"`` — what ``az aks create`` builds (and ``Cluster(addons="aks")``): AKS's set for Kubernetes
  1.32 — ``kube-proxy``, ``azure-ip-masq-agent``, ``cloud-node-manager`` (:mod:`.cloud_node`),
  ``csi-azuredisk-node`` and ``csi-azurefile-node`` (:mod:`.csi`) on every node; the Deployments
  ``coredns`` (AKS's image and limits), ``coredns-autoscaler`` (:mod:`.proportional_autoscaler`),
  ``konnectivity-agent`` and its autoscaler (:mod:`.konnectivity`) and ``metrics-server`` (two
  replicas);
* ``"none"`` — no add-on workloads: CoreDNS if ``dns=True``, and the Metrics API served by the process
  alone (tests of bare machinery).

Each module's docstring names its sources (Azure/AKS release notes and node-image notes, the drivers'
charts, Azure/aks-engine's manifests, kubeadm's and kubernetes/kubernetes' add-on manifests).
Deliberate differences common to all: no probes on the new add-on pods (the simulator's images of
these components serve no health endpoints; coredns keeps its probes), no RBAC objects for them, and
the Azure-specific pods do nothing but exist, run and consume — the work they stand for (routes,
volumes, the API server tunnel) is done by the simulator's own components.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=2, seed=0)
>>> c.run(seconds=60)
>>> sorted(p["metadata"]["labels"]["k8s-app"] for p in c.list("pods", "kube-system"))
['kube-dns', 'kube-dns', 'kube-proxy', 'kube-proxy', 'metrics-server']
"""

from __future__ import annotations

from functools import lru_cache

from .. import defaults
from . import cloud_node, csi, konnectivity, kube_proxy, metrics_server, proportional_autoscaler
from .kube_proxy import KubeProxyPods

PROFILES = ("kubeadm", "aks", "none")


@lru_cache(maxsize=16)
def node_images(profile: str, version: str) -> tuple[str, ...]:
    """The add-on images a new node of the profile already has: AKS's node image caches every one of
    its add-ons' images (Azure/AKS ``vhd-notes``: kube-proxy, CoreDNS, the CSI drivers, …), a kubeadm
    node has kube-proxy's (pulled by ``kubeadm join`` before the node is handed over) and — a
    deliberate difference, so that add-ons installed at creation do not hold up the first pulls of
    a student's pods behind them — metrics-server's. Pods of these images start without a pull
    (``Container image … already present on machine``)."""
    if profile == "none":
        return ()
    if profile == "kubeadm":
        return (kube_proxy.daemonset(version)["spec"]["template"]["spec"]["containers"][0]["image"],
                metrics_server.UPSTREAM_IMAGE)
    objects = [kube_proxy.daemonset(version, aks=True), cloud_node.cloud_node_manager(), cloud_node.ip_masq_agent(),
               csi.daemonset("disk"), csi.daemonset("file"), konnectivity.agent(),
               proportional_autoscaler.autoscaler("x", "deployment/x", "{}"), metrics_server.deployment(aks=True)]
    refs = [defaults.AKS_COREDNS_IMAGE]
    for obj in objects:
        refs += [c["image"] for c in obj["spec"]["template"]["spec"]["containers"]]
    return tuple(dict.fromkeys(refs))


def install(api, profile: str, *, version: str, pod_cidr: str, metrics: bool) -> None:
    """Create the profile's add-ons (CoreDNS is :mod:`k8scourse.dns`'s; the engine installs it first)."""
    if profile == "none":
        return
    aks = profile == "aks"
    kube_proxy.install(api, version, pod_cidr, aks=aks)
    if aks:
        cloud_node.install(api, pod_cidr)
        csi.install(api)
        proportional_autoscaler.install(api)
        konnectivity.install(api)
    if metrics:
        metrics_server.install(api, aks=aks)


__all__ = ["KubeProxyPods", "PROFILES", "install", "node_images"]
