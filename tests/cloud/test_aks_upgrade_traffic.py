"""`az aks upgrade` under load: a Deployment of 3 with a PodDisruptionBudget keeps answering.

Requests go from outside through an Azure load balancer (a LoadBalancer Service) every 2 simulated
seconds while the upgrade adds a surge node, drains and reimages each node in turn; every one of
them must be answered, and the nodes must end on the new version.
"""

from __future__ import annotations

from k8scourse import traffic
from k8scourse.cloud import Azure

APP = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
"""


def test_upgrade_keeps_serving_traffic():
    az = Azure(seed=3)
    run = lambda cmd: az(cmd, echo=False)          # noqa: E731
    run("group create -n rg -l eastus")
    assert run("aks create -g rg -n aks1 --node-count 3 -k 1.32.4 --generate-ssh-keys").exit_code == 0
    run("aks get-credentials -g rg -n aks1")
    az.kubectl(["apply", "-f", "-"], stdin=APP, echo=False)
    az.run(seconds=120)
    cluster = az.subscription.get("Microsoft.ContainerService/managedClusters", "rg", "aks1").model.cluster
    svc = cluster.get("services", "web")
    ip = svc["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert traffic.request(cluster, "outside", f"http://{ip}/").ok
    assert run("aks upgrade -g rg -n aks1 -k 1.33.1 --yes --no-wait").exit_code == 0
    answered, failed = 0, []
    for _ in range(2000):                          # at most ~67 simulated minutes
        response = traffic.request(cluster, "outside", f"http://{ip}/")
        if response.ok:
            answered += 1
        else:
            failed.append((cluster.now, response.kind, response.error))
        az.run(seconds=2)
        versions = {n["status"]["nodeInfo"]["kubeletVersion"] for n in cluster.list("nodes")}
        if versions == {"v1.33.1"} and len(cluster.list("nodes")) == 3:
            break
    assert versions == {"v1.33.1"}
    assert answered > 100 and failed == []
