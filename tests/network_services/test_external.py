"""Traffic from outside: NodePort on every node, LoadBalancer IPs, ``cluster.curl`` and ``az.curl``."""

from __future__ import annotations

from netsvc_helpers import echo_deployment, kubectl

from k8scourse import Cluster
from k8scourse.controllers.service_lb import PROVISION_MS
from k8scourse.traffic import request


def node_ips(c: Cluster) -> list[str]:
    return [a["address"] for n in c.list("nodes") for a in n["status"]["addresses"] if a["type"] == "InternalIP"]


def test_nodeport_answers_on_every_node_from_outside():
    c = Cluster(nodes=3, seed=0)
    c.apply(echo_deployment("web", "hi", replicas=1), echo=False)
    kubectl(c, "expose deployment web --type=NodePort --port=80 --target-port=9376")
    c.run(seconds=30)
    port = c.get("services", "web")["spec"]["ports"][0]["nodePort"]
    assert kubectl(c, "get svc web").splitlines()[1].split()[4] == f"80:{port}/TCP"
    for ip in node_ips(c):                 # one pod, three nodes: each node forwards
        r = request(c, "outside", f"http://{ip}:{port}/")
        assert r.body == "hi\n", (ip, r.kind)
    r = c.curl(f"http://{node_ips(c)[0]}:{port}", echo=False)
    assert r.stdout == "hi\n" and r.exit_code == 0
    # the cluster IP and pod IPs are private: unreachable from outside (curl waits for its timeout)
    cluster_ip = c.get("services", "web")["spec"]["clusterIP"]
    r = c.curl(f"-m 5 http://{cluster_ip}", echo=False)
    assert r.exit_code == 28 and "Connection timed out after 5001 milliseconds" in r.stderr
    # a node's own name resolves on the node (Azure DNS), not the service's name
    node = c.list("nodes")[0]["metadata"]["name"]
    assert request(c, node, f"http://{node}:{port}").body == "hi\n"
    assert request(c, node, "http://web").kind == "unresolved"


def test_external_traffic_policy_local_keeps_the_client_address_and_drops_without_local_endpoint():
    c = Cluster(nodes=3, seed=0)
    c.apply(echo_deployment("web", "hi", replicas=1), echo=False)
    kubectl(c, "expose deployment web --type=NodePort --port=80 --target-port=9376")
    c.run(seconds=30)
    svc = c.get("services", "web")
    svc["spec"]["externalTrafficPolicy"] = "Local"
    c.api.update(svc)
    c.run(seconds=2)
    port = svc["spec"]["ports"][0]["nodePort"]
    pod_node = c.list("pods", "default", "app=web")[0]["spec"]["nodeName"]
    by_name = {n["metadata"]["name"]: n["status"]["addresses"][0]["address"] for n in c.list("nodes")}
    assert request(c, "outside", f"http://{by_name[pod_node]}:{port}").body == "hi\n"
    other = next(ip for name, ip in by_name.items() if name != pod_node)
    assert request(c, "outside", f"http://{other}:{port}", advance=False).kind == "timeout"


def test_loadbalancer_is_pending_then_gets_a_public_ip_that_answers():
    c = Cluster(nodes=2, seed=0)
    c.apply(echo_deployment("web", "hello", replicas=2), echo=False)
    kubectl(c, "expose deployment web --type=LoadBalancer --port=80 --target-port=9376")
    row = kubectl(c, "get svc web").splitlines()[1].split()
    assert row[1] == "LoadBalancer" and row[3] == "<pending>"
    c.run(seconds=PROVISION_MS / 1000 + 20)
    ip = kubectl(c, "get svc web").splitlines()[1].split()[3]
    assert ip.split(".")[0] in ("20", "52", "40", "4") and ip.count(".") == 3
    assert c.get("services", "web")["status"]["loadBalancer"]["ingress"][0]["ip"] == ip
    reasons = [e["reason"] for e in c.list("events", "default") if e["involvedObject"]["name"] == "web"
               and e["involvedObject"]["kind"] == "Service"]
    assert reasons == ["EnsuringLoadBalancer", "EnsuredLoadBalancer"]
    assert c.curl(f"http://{ip}", echo=False).stdout == "hello\n"
    r = request(c, "outside", f"http://{ip}")
    assert r.hops[1]["rule"].startswith(f"Azure load balancer {ip}:80 → backend ")
    assert any("loadbalancer IP" in h["rule"] for h in r.hops)
    # same seed, same address
    c2 = Cluster(nodes=2, seed=0)
    c2.apply(echo_deployment("web", "hello", replicas=2), echo=False)
    kubectl(c2, "expose deployment web --type=LoadBalancer --port=80 --target-port=9376")
    c2.run(seconds=PROVISION_MS / 1000 + 20)
    assert kubectl(c2, "get svc web").splitlines()[1].split()[3] == ip


def test_az_curl_reaches_an_aks_load_balancer():
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    az("group create -n rg -l eastus", echo=False)
    az("aks create -g rg -n aks1 --node-count 2 --generate-ssh-keys", echo=False)
    az("aks get-credentials -g rg -n aks1", echo=False)
    az.kubectl("create deployment web --image=nginx:1.27", echo=False)
    az.kubectl("expose deployment web --type=LoadBalancer --port=80", echo=False)
    az.run(seconds=60)
    ip = az.kubectl("get svc web", echo=False).splitlines()[1].split()[3]
    assert "<title>Welcome to nginx!</title>" in az.curl(f"http://{ip}", echo=False)
