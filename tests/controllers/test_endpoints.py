"""Endpoints/EndpointSlices follow the pods a Service selects; namespaces get their defaults."""

from __future__ import annotations

from k8scourse import Cluster

POD = """apiVersion: v1
kind: Pod
metadata: {name: %(name)s, labels: {app: %(app)s}}
spec:
  nodeName: %(node)s
  containers: [{name: web, image: "nginx:1.25", ports: [{name: http, containerPort: 8080}]}]
"""


def make_ready(cluster, name, ip):
    pod = cluster.get("pods", name)
    pod["status"].update({"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                          "conditions": [{"type": "Ready", "status": "True"}]})
    cluster.api.update_status(pod)


def test_lecture_service_has_no_endpoints_until_labels_and_port_match():
    c = Cluster(nodes=1, seed=0)
    node = c.list("nodes")[0]["metadata"]["name"]
    for kubelet in c.kubelets.values():      # pod statuses are written by hand here: no kubelet
        kubelet.stop()
    c.apply("""apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  selector: {app: myapp}
  ports: [{protocol: TCP, port: 80, targetPort: 9376}]
""", echo=False)
    c.apply(POD % {"name": "nginx", "app": "nginx", "node": node}, echo=False)
    c.run(seconds=2)
    assert c.get("endpoints", "my-service").get("subsets") is None
    assert c.kubectl("get ep my-service", echo=False).splitlines()[1].split()[:2] == ["my-service", "<none>"]
    c.kubectl("label pod nginx app=myapp --overwrite", echo=False)
    c.run(seconds=2)
    eps = c.get("endpoints", "my-service")
    assert eps.get("subsets") is None or "addresses" not in eps["subsets"][0]   # no IP yet: not an endpoint
    make_ready(c, "nginx", "10.244.0.5")
    c.run(seconds=2)
    subset = c.get("endpoints", "my-service")["subsets"][0]
    assert subset["addresses"][0]["ip"] == "10.244.0.5"
    assert subset["ports"] == [{"port": 9376, "protocol": "TCP"}]
    slices = c.list("endpointslices", "default", "kubernetes.io/service-name=my-service")
    assert slices[0]["endpoints"][0]["conditions"] == {"ready": True, "serving": True, "terminating": False}


def test_named_target_port_and_not_ready_pods():
    c = Cluster(nodes=1, seed=0)
    node = c.list("nodes")[0]["metadata"]["name"]
    for kubelet in c.kubelets.values():      # pod statuses are written by hand here: no kubelet
        kubelet.stop()
    c.apply("""apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
""", echo=False)
    for i, name in enumerate(("a", "b")):
        c.apply(POD % {"name": name, "app": "web", "node": node}, echo=False)
        pod = c.get("pods", name)
        pod["status"].update({"podIP": f"10.244.0.{10 + i}", "phase": "Running"})
        c.api.update_status(pod)
    make_ready(c, "a", "10.244.0.10")
    c.run(seconds=2)
    subset = c.get("endpoints", "web")["subsets"][0]
    assert [a["ip"] for a in subset["addresses"]] == ["10.244.0.10"]
    assert [a["ip"] for a in subset["notReadyAddresses"]] == ["10.244.0.11"]
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]
    c.kubectl("delete svc web", echo=False)
    c.run(seconds=2)
    assert c.api.peek("endpoints", "web", "default") is None
    assert c.list("endpointslices", "default", "kubernetes.io/service-name=web") == []


def test_every_namespace_gets_default_service_account_and_root_ca():
    c = Cluster(nodes=0)
    c.kubectl("create namespace dev", echo=False)
    c.run(seconds=1)
    assert [sa["metadata"]["name"] for sa in c.list("serviceaccounts", "dev")] == ["default"]
    assert [cm["metadata"]["name"] for cm in c.list("configmaps", "dev")] == ["kube-root-ca.crt"]
    c.kubectl("delete sa default -n dev", echo=False)
    c.run(seconds=1)
    assert c.api.peek("serviceaccounts", "default", "dev") is not None
