"""Changing a Service's type on update, as the 1.32 Service strategy does: node ports are allocated
when it becomes NodePort/LoadBalancer and dropped (with ``externalTrafficPolicy``) when it stops
being one, if the update left them as they were."""

from __future__ import annotations

from k8scourse.cluster import Cluster


def run(c, command):
    out = c.kubectl(command, echo=False)
    assert out.exit_code == 0, out
    return out.stdout


def patch_type(c, name, stype):
    return run(c, ["patch", "svc", name, "-p", '{"spec":{"type":"%s"}}' % stype])


def test_cluster_ip_to_node_port_and_back():
    c = Cluster(nodes=1, seed=21)
    run(c, "create service clusterip web --tcp=80:80")
    assert patch_type(c, "web", "NodePort") == "service/web patched\n"
    spec = c.get("svc", "web")["spec"]
    port = spec["ports"][0]["nodePort"]
    assert 30000 <= port <= 32767 and spec["externalTrafficPolicy"] == "Cluster"
    assert run(c, "get svc web").splitlines()[1].split()[4] == f"80:{port}/TCP"
    assert port in c.api.allocator._ports
    assert patch_type(c, "web", "ClusterIP") == "service/web patched\n"
    spec = c.get("svc", "web")["spec"]
    assert "nodePort" not in spec["ports"][0] and "externalTrafficPolicy" not in spec
    assert port not in c.api.allocator._ports                 # the port is free again


def test_load_balancer_to_cluster_ip_releases_everything():
    c = Cluster(nodes=1, seed=22)
    run(c, "create service loadbalancer lb --tcp=80:80")
    c.run(10)
    patch_type(c, "lb", "ClusterIP")
    c.run(2)
    svc = c.get("svc", "lb")
    assert svc["spec"]["type"] == "ClusterIP" and "allocateLoadBalancerNodePorts" not in svc["spec"]
    assert svc["status"] == {"loadBalancer": {}} and "finalizers" not in svc["metadata"]


def test_a_dry_run_type_change_keeps_no_port():
    c = Cluster(nodes=1, seed=23)
    run(c, "create service clusterip web --tcp=80:80")
    before = set(c.api.allocator._ports)
    out = c.kubectl(["patch", "svc", "web", "--dry-run=server", "-p", '{"spec":{"type":"NodePort"}}'], echo=False)
    assert out.exit_code == 0
    assert set(c.api.allocator._ports) == before and c.get("svc", "web")["spec"]["type"] == "ClusterIP"


def test_a_changed_node_port_is_not_dropped_silently():
    c = Cluster(nodes=1, seed=24)
    run(c, "create service nodeport web --tcp=80:80 --node-port=30080")
    out = c.kubectl(["patch", "svc", "web", "-p", '{"spec":{"type":"ClusterIP","ports":[{"port":80,"nodePort":30081}]}}'],
                    echo=False)
    assert out.exit_code == 1
    assert "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" in out.stderr
