"""Azure CNI (node-subnet mode): nodes and pods get addresses on the VNet subnet."""

from __future__ import annotations

from nethelpers import cluster, ip, pod

from k8scourse import Cluster
from k8scourse.network import node_command
from k8scourse.traffic import request


def nodes(c):
    return sorted(n["metadata"]["name"] for n in c.list("nodes"))


def node_ip(c, name):
    return next(a["address"] for a in c.get("nodes", name)["status"]["addresses"] if a["type"] == "InternalIP")


def azure_cluster():
    c = Cluster(nodes=3, seed=0, network_plugin="azure")
    names = nodes(c)
    for i, n in enumerate(names):
        c.apply(pod(f"p{i}", {"app": "web"}, node=n), echo=False)
    c.apply(pod("p0b", {"app": "web"}, node=names[0]), echo=False)
    c.run(seconds=90)
    return c


def test_nodes_and_pods_get_node_subnet_addresses_spaced_by_max_pods():
    c = azure_cluster()
    n0, n1, n2 = nodes(c)
    assert [node_ip(c, n) for n in (n0, n1, n2)] == ["10.224.0.4", "10.224.0.35", "10.224.0.66"]
    for n in (n0, n1, n2):
        spec = c.get("nodes", n)["spec"]
        assert "podCIDR" not in spec and "podCIDRs" not in spec
        assert c.get("nodes", n)["status"]["capacity"]["pods"] == "30"
    assert ip(c, "p0") == "10.224.0.5" and ip(c, "p0b") == "10.224.0.6"
    assert ip(c, "p1") == "10.224.0.36" and ip(c, "p2") == "10.224.0.67"
    wide = c.kubectl("get pods -o wide", echo=False).stdout
    assert "10.224.0.36" in wide and "10.244." not in wide


def test_pod_to_pod_across_nodes_and_to_a_service():
    c = azure_cluster()
    r = request(c, "pod/p0", f"http://{ip(c, 'p2')}", advance=False)
    assert r.ok, (r.kind, r.error, r.hops)
    assert any("10.224.0.67/32 via 10.224.0.66" in h["rule"] for h in r.hops)
    c.kubectl("expose pod p1 --port=8080 --target-port=80 --name=web", echo=False)
    c.run(seconds=5)
    r = request(c, "pod/p0", "http://web:8080", advance=False)
    assert r.ok, (r.kind, r.error, r.hops)
    cluster_ip = c.get("services", "web")["spec"]["clusterIP"]
    assert request(c, nodes(c)[2], f"http://{cluster_ip}:8080", advance=False).ok     # the node: no cluster DNS
    # no pod has this address of node 1's range: the VNet has nowhere to send it
    assert request(c, "pod/p0", "http://10.224.0.60", advance=False).kind == "unreachable"


def test_node_has_a_host_route_per_pod():
    c = azure_cluster()
    n0, n1, _ = nodes(c)
    routes = node_command(c, n0, "ip route").stdout
    assert "10.224.0.5 dev azv" in routes and "10.224.0.6 dev azv" in routes
    assert "10.224.0.36" not in routes and "cbr0" not in routes
    assert "10.224.0.36 dev azv" in node_command(c, n1, "ip route").stdout


def test_kubenet_keeps_a_pod_cidr_per_node():
    c = cluster(nodes=2)
    n0, n1 = nodes(c)
    assert c.get("nodes", n1)["spec"]["podCIDR"] == "10.244.1.0/24"
    assert [node_ip(c, n) for n in (n0, n1)] == ["10.224.0.4", "10.224.0.5"]
    c.apply(pod("a", node=n1), echo=False)
    c.run(seconds=60)
    assert ip(c, "a").startswith("10.244.1.")
