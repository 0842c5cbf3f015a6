"""metrics-server as the Deployment that serves ``metrics.k8s.io``, and its pods' tie to the Metrics API.

The simulator's :class:`~k8scourse.metrics.MetricsServer` is the process; these are the pods it runs
in. Two manifests:

* **upstream** (``kubernetes-sigs/metrics-server`` ``components.yaml`` of v0.7.2, which a kubeadm
  cluster gets when someone installs metrics-server): one replica of
  ``registry.k8s.io/metrics-server/metrics-server:v0.7.2``, container ``metrics-server``, requests
  ``cpu: 100m``/``memory: 200Mi``, port ``https`` 10250, ``priorityClassName:
  system-cluster-critical``, label ``k8s-app: metrics-server``, the ``metrics-server`` Service
  (443 → ``https``);
* **AKS**: two replicas (Azure docs, "Configure Metrics Server VPA in AKS": "There are two Metrics
  server pods"), containers ``metrics-server-vpa`` (the addon-resizer
  ``mcr.microsoft.com/oss/v2/kubernetes/autoscaler/addon-resizer:v1.8.23-9``, the tag in the
  ``AKSUbuntu-2204/202601.27.0`` VHD notes; requests ``5m``/``50Mi``, limits ``100m``/``300Mi`` as in
  kubernetes/kubernetes ``cluster/addons/metrics-server``, the manifest AKS's is derived from) and
  ``metrics-server`` (``mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-7``, Azure/AKS
  CHANGELOG 2025-06-17 "Updated Metrics-server to v0.7.2-7 for AKS clusters on 1.32+"), whose requests
  equal its limits, the nanny's base figures ``150m``/``100Mi`` (CHANGELOG 2024-07-16: "Base CPU and
  memory for metrics-server container are updated ... to 150M and ... 100Mi ... >= 1.30.0").

:func:`ready` is what gates the Metrics API: ``kubectl top`` and every reader of it get ``ServiceUnavailable``
while no ``metrics-server`` pod is ready (a fresh cluster's first seconds; every pod deleted), as the
aggregated API does when its Service has no ready endpoints.

Deliberate differences: no readiness/liveness probes (the simulator's image serves no ``/readyz``;
a pod is ready once its containers run); the nanny never resizes (its ``--threshold=5`` leaves a
cluster under 15 nodes at the base figures anyway: 0.5m per node is under 5 % of 150m); the
APIService object is not stored (the API server routes ``metrics.k8s.io`` to the process itself).

>>> d = deployment(aks=True)
>>> d["spec"]["replicas"], [c["name"] for c in d["spec"]["template"]["spec"]["containers"]]
(2, ['metrics-server-vpa', 'metrics-server'])
>>> deployment()["spec"]["template"]["spec"]["containers"][0]["resources"]
{'requests': {'cpu': '100m', 'memory': '200Mi'}}
"""

from __future__ import annotations

from ..api.objects import dig
from .objects import AKS_ADDON_TOLERATIONS, AKS_AFFINITY, AKS_MANAGED, NAMESPACE, create_all, deployment as _deploy, \
    resources, service_account

NAME = "metrics-server"
LABELS = {"k8s-app": "metrics-server"}
UPSTREAM_IMAGE = "registry.k8s.io/metrics-server/metrics-server:v0.7.2"
AKS_IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-7"
AKS_NANNY_IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/autoscaler/addon-resizer:v1.8.23-9"

_ARGS = ["--cert-dir=/tmp", "--secure-port=10250", "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
         "--kubelet-use-node-status-port", "--metric-resolution=15s"]


def deployment(*, aks: bool = False) -> dict:
    server = {"name": "metrics-server", "imagePullPolicy": "IfNotPresent",
              "ports": [{"containerPort": 10250, "name": "https", "protocol": "TCP"}],
              "volumeMounts": [{"mountPath": "/tmp", "name": "tmp-dir"}]}
    if not aks:
        server.update(image=UPSTREAM_IMAGE, args=list(_ARGS), resources=resources("100m", "200Mi"),
                      securityContext={"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                       "runAsNonRoot": True, "runAsUser": 1000})
        spec = {"priorityClassName": "system-cluster-critical", "serviceAccountName": "metrics-server",
                "nodeSelector": {"kubernetes.io/os": "linux"}, "containers": [server],
                "volumes": [{"name": "tmp-dir", "emptyDir": {}}]}
        out = _deploy(NAME, LABELS, LABELS, 1, spec)
        out["spec"]["strategy"] = {"rollingUpdate": {"maxUnavailable": 0}}
        return out
    server.update(image=AKS_IMAGE, command=["/metrics-server", *_ARGS[:2], "--kubelet-insecure-tls",
                                            *_ARGS[2:]],
                  resources=resources("150m", "100Mi", cpu_limit="150m", memory_limit="100Mi"))
    nanny = {"name": "metrics-server-vpa", "image": AKS_NANNY_IMAGE, "imagePullPolicy": "IfNotPresent",
             "command": ["/pod_nanny", "--config-dir=/etc/config", "--cpu=150m", "--extra-cpu=0.5m",
                         "--memory=100Mi", "--extra-memory=4Mi", "--poll-period=180000", "--threshold=5",
                         "--deployment=metrics-server", "--container=metrics-server"],
             "env": [{"name": "MY_POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                     {"name": "MY_POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}}],
             "resources": resources("5m", "50Mi", cpu_limit="100m", memory_limit="300Mi"),
             "volumeMounts": [{"mountPath": "/etc/config", "name": "metrics-server-config-volume"}]}
    spec = {"priorityClassName": "system-cluster-critical", "serviceAccountName": "metrics-server",
            "nodeSelector": {"kubernetes.io/os": "linux"}, "affinity": AKS_AFFINITY,
            "tolerations": AKS_ADDON_TOLERATIONS, "containers": [nanny, server],
            "volumes": [{"name": "metrics-server-config-volume", "configMap": {"name": "metrics-server-config"}},
                        {"name": "tmp-dir", "emptyDir": {}}]}
    return _deploy(NAME, {**AKS_MANAGED, **LABELS}, LABELS, 2, spec)


def service(*, aks: bool = False) -> dict:
    labels = {**AKS_MANAGED, **LABELS, "kubernetes.io/name": "Metrics-server"} if aks else dict(LABELS)
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": NAME, "namespace": NAMESPACE, "labels": labels},
            "spec": {"selector": dict(LABELS), "type": "ClusterIP",
                     "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}]}}


def install(api, *, aks: bool = False) -> None:
    objects = [service_account(NAME, LABELS), service(aks=aks), deployment(aks=aks)]
    if aks:
        objects.insert(1, {"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": "metrics-server-config", "namespace": NAMESPACE,
                                        "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists",
                                                   "kubernetes.io/cluster-service": "true"}},
                           "data": {"NannyConfiguration": "apiVersion: nannyconfig/v1alpha1\n"
                                                          "kind: NannyConfiguration"}})
    create_all(api, objects)


def ready(api) -> bool:
    """Whether a ``metrics-server`` pod is ready (the Metrics API's backend answers)."""
    for pod in api.list("pods", NAMESPACE, "k8s-app=metrics-server")["items"]:
        if dig(pod, "metadata", "deletionTimestamp"):
            continue
        for cond in dig(pod, "status", "conditions", default=[]) or []:
            if cond.get("type") == "Ready" and cond.get("status") == "True":
                return True
    return False
