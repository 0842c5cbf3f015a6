"""The cluster DNS add-on as kubeadm and AKS install it: CoreDNS behind the ``kube-dns`` Service.

:func:`install` creates, through the API server (trusted writes, as the installer's manifests are
applied at cluster creation):

* the ``coredns`` ServiceAccount and ConfigMap (kubeadm's Corefile: ``kubernetes cluster.local
  in-addr.arpa ip6.arpa`` with ``pods insecure``, ``forward . /etc/resolv.conf``, ``cache 30``…);
* the ``coredns`` Deployment: 2 replicas of ``registry.k8s.io/coredns/coredns:v1.11.3``, requests
  ``cpu: 100m``/``memory: 70Mi``, limit ``memory: 170Mi``, readiness ``/ready`` on 8181 and liveness
  ``/health`` on 8080, ``priorityClassName: system-cluster-critical``, ``dnsPolicy: Default``,
  spread over nodes by a preferred pod anti-affinity;
* the ``kube-dns`` Service: cluster IP = the tenth address of the service range (``10.96.0.10``;
  ``10.0.0.10`` on AKS), ports ``dns`` 53/UDP, ``dns-tcp`` 53/TCP and ``metrics`` 9153/TCP, labels
  ``k8s-app: kube-dns``, ``kubernetes.io/cluster-service: "true"`` and ``kubernetes.io/name:
  CoreDNS`` — which is what makes ``kubectl cluster-info`` list *CoreDNS is running at …*.

Deliberate differences: no ClusterRole/Binding objects (the simulator has no RBAC for add-ons)
and no PodDisruptionBudget; AKS's Corefile (``import custom/*.override``) is not modelled. On AKS
clusters the ``coredns-autoscaler`` runs next to it (:mod:`k8scourse.addons.proportional_autoscaler`).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> svc = c.get("services", "kube-dns", "kube-system")
>>> svc["spec"]["clusterIP"], svc["metadata"]["labels"]["kubernetes.io/name"]
('10.96.0.10', 'CoreDNS')
"""

from __future__ import annotations

from .. import defaults

IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3"
# AKS's build of CoreDNS, with AKS's limits: `cpu: 3`, `memory: 500Mi` (Azure/AKS#5251's
# `kubectl describe node`: coredns 100m / 3 / 70Mi / 500Mi).
AKS_IMAGE = defaults.AKS_COREDNS_IMAGE
NAMESPACE = "kube-system"
USER = "system:admin"
LABELS = {"k8s-app": "kube-dns"}

COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
"""


def _deployment(aks: bool = False) -> dict:
    probe = {"failureThreshold": 5, "initialDelaySeconds": 60, "periodSeconds": 10, "successThreshold": 1,
             "timeoutSeconds": 5, "httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"}}
    ready = {"failureThreshold": 3, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1,
             "httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}}
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": NAMESPACE, "labels": dict(LABELS)},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": dict(LABELS)},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
            "template": {
                "metadata": {"labels": dict(LABELS)},
                "spec": {
                    "priorityClassName": "system-cluster-critical",
                    "serviceAccountName": "coredns",
                    "dnsPolicy": "Default",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                    {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                    "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{
                        "weight": 100, "podAffinityTerm": {
                            "labelSelector": {"matchExpressions": [
                                {"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
                            "topologyKey": "kubernetes.io/hostname"}}]}},
                    "containers": [{
                        "name": "coredns", "image": IMAGE, "imagePullPolicy": "IfNotPresent",
                        "args": ["-conf", "/etc/coredns/Corefile"],
                        "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                        "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                  {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                  {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                        "livenessProbe": probe, "readinessProbe": ready,
                        "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": True}],
                    }],
                    "volumes": [{"name": "config-volume", "configMap": {
                        "name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}]}}],
                },
            },
        },
    }
    if aks:
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        container["image"] = AKS_IMAGE
        container["resources"] = {"limits": {"cpu": "3", "memory": "500Mi"},
                                  "requests": {"cpu": "100m", "memory": "70Mi"}}
        deployment["metadata"]["labels"].update({"kubernetes.io/cluster-service": "true",
                                                 "addonmanager.kubernetes.io/mode": "Reconcile"})
    return deployment


def service(dns_ip: str) -> dict:
    return {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kube-dns", "namespace": NAMESPACE,
                     "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                "kubernetes.io/name": "CoreDNS"},
                     "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
        "spec": {"selector": dict(LABELS), "clusterIP": dns_ip, "type": "ClusterIP",
                 "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                           {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                           {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]},
    }


def install(api, aks: bool = False) -> None:
    """Create the DNS add-on's objects (idempotent: existing ones are left alone); ``aks``: AKS's
    build of CoreDNS (its image, ``cpu: 3``/``memory: 500Mi`` limits)."""
    objects = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "coredns", "namespace": NAMESPACE}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "coredns", "namespace": NAMESPACE},
         "data": {"Corefile": COREFILE}},
        service(api.allocator.dns_ip),
        _deployment(aks),
    ]
    for obj in objects:
        info = api.registry.for_kind(obj["apiVersion"], obj["kind"])
        if api.peek(info, obj["metadata"]["name"], NAMESPACE) is None:
            api.create(obj, NAMESPACE, user=USER, trusted=True)


class DNSAddon:
    """The cluster's DNS as something an operator can take down and bring back.

    ``stop()`` does what an outage does to a real cluster: no CoreDNS pod is serving (the
    ``coredns`` Deployment is scaled to 0, its pods terminate, lookups from pods time out);
    ``start()`` scales it back to what it was. Services keep working by IP throughout.
    """

    name = "coredns"

    def __init__(self, api):
        self.api = api
        self._replicas: int | None = None

    def _scale(self, replicas: int) -> None:
        self.api.patch("deployments", "coredns", "kube-system", {"spec": {"replicas": replicas}}, "merge",
                       user="system:admin")

    def stop(self) -> None:
        current = self.api.peek("deployments", "coredns", "kube-system")
        if current is None or self._replicas is not None:
            return
        replicas = (current.get("spec") or {}).get("replicas", 2)
        self._scale(0)                  # may be refused (API server or etcd down): then nothing changed
        self._replicas = replicas

    def start(self) -> None:
        if self._replicas is None:
            return
        self._scale(self._replicas)
        self._replicas = None

    @property
    def running(self) -> bool:
        return self._replicas is None
