"""Paths through the cluster network, traced hop by hop — and the ways they fail."""

from __future__ import annotations

import json

from nethelpers import cluster, ip, ok, pod, policy

from k8scourse.network import azure_routes, docker_host, node_command, pod_command, trace
from k8scourse.traffic import request


def nodes(c):
    return sorted(n["metadata"]["name"] for n in c.list("nodes"))


def where(t):
    return [r["where"] for r in t.rows]


def two_container_pod(second_port: int) -> str:
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "duo", "labels": {"app": "duo"}},
                       "spec": {"containers": [
                           {"name": "web", "image": "nginx:1.27"},
                           {"name": "echo", "image": "hashicorp/http-echo:1.0",
                            "args": [f"-listen=:{second_port}", "-text=side"]}]}})


def test_container_to_container_over_localhost_needs_distinct_ports():
    c = cluster(pods=[two_container_pod(5678)])
    t = trace(c, "pod/duo", "localhost:5678")
    assert t.ok and t.response.body == "side\n" and "lo" in where(t)
    assert trace(c, "pod/duo", "localhost:80").ok
    # the same port twice: the second bind fails (EADDRINUSE) and that container crash-loops
    c2 = cluster(pods=[two_container_pod(80)])
    statuses = {s["name"]: s for s in c2.get("pods", "duo")["status"]["containerStatuses"]}
    assert statuses["echo"]["restartCount"] >= 1 or "waiting" in statuses["echo"]["state"]
    t = trace(c2, "pod/duo", "localhost:80")
    assert t.ok and "container web listens on 80" in t.text


def test_pod_to_pod_on_one_node_goes_through_the_bridge():
    c = cluster(nodes=1, pods=[pod("a"), pod("b")])
    t = trace(c, "pod/a", "pod/b")
    assert t.ok
    kinds = [w.split("@")[0] if w.startswith("veth") else w for w in where(t)]
    assert kinds.count("veth" + "") == 0 and sum(w.startswith("veth") for w in where(t)) == 2
    assert "cbr0" in where(t) and "eth0" not in where(t) and "Azure route table" not in where(t)


def test_pod_to_pod_across_nodes_uses_the_route_table():
    c = cluster(nodes=2)
    n0, n1 = nodes(c)
    c.apply(pod("a", node=n0), echo=False)
    c.apply(pod("b", node=n1), echo=False)
    c.run(seconds=60)
    t = trace(c, "pod/a", "pod/b")
    assert t.ok and where(t).count("eth0") == 2 and "Azure route table" in where(t)
    routes = {r["addressPrefix"]: r["nextHopIpAddress"] for r in azure_routes(c)}
    assert routes[c.get("nodes", n1)["spec"]["podCIDR"]] == c.get("nodes", n1)["status"]["addresses"][0]["address"]
    assert f"{c.get('nodes', n0)['spec']['podCIDR']} dev cbr0" in node_command(c, n0, "ip route").stdout


def test_pod_to_service_dns_and_dnat_and_no_endpoints():
    c = cluster(pods=[pod("client"), pod("web", {"app": "web"})])
    c.kubectl("expose pod web --port=8080 --target-port=80", echo=False)
    c.kubectl("create service clusterip empty --tcp=80:80", echo=False)
    c.run(seconds=5)
    t = trace(c, "pod/client", "svc/web")
    assert t.ok and "CoreDNS (kube-dns)" in where(t)
    assert any("-j DNAT --to-destination" in r["what"] and "KUBE-SEP-" in r["what"] for r in t.rows)
    t = trace(c, "pod/client", "svc/empty")
    assert t.response.kind == "refused" and any("REJECT" in r["what"] for r in t.rows)


def test_outside_to_nodeport_on_another_node_is_masqueraded_and_load_balancer_works():
    c = cluster(nodes=2)
    n0, n1 = nodes(c)
    c.apply(pod("web", {"app": "web"}, node=n1), echo=False)
    c.kubectl("expose pod web --port=80 --type=LoadBalancer", echo=False)
    c.run(seconds=120)
    port = c.get("services", "web")["spec"]["ports"][0]["nodePort"]
    n0_ip = c.get("nodes", n0)["status"]["addresses"][0]["address"]
    t = trace(c, "outside", f"http://{n0_ip}:{port}")
    assert t.ok and t.response.client == n0_ip and any("MASQUERADE" in r["what"] for r in t.rows)
    assert "Azure route table" in where(t)
    t = trace(c, "outside", "svc/web")
    assert t.ok and where(t)[1] == "Azure load balancer"


def test_pod_on_a_stopped_node_times_out():
    c = cluster(nodes=2)
    n0, n1 = nodes(c)
    c.apply(pod("client", node=n0), echo=False)
    c.apply(pod("web", node=n1), echo=False)
    c.run(seconds=60)
    target = ip(c, "web")
    c.faults.stop_node(n1)
    r = request(c, "pod/client", f"http://{target}", advance=False)
    assert r.kind == "timeout" and any("is down" in h["rule"] for h in r.hops)
    assert node_command(c, n1, "ip addr").exit_code == 255


def test_policy_denial_is_named_in_the_trace_and_namespaces_do_not_isolate():
    c = cluster(namespaces={"team-b": {}}, pods=[pod("web", {"app": "web"}), pod("other", {}, "team-b")])
    assert ok(c, "pod/other", f"http://{ip(c, 'web')}", "team-b")       # namespaces alone: allowed
    policy(c, """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace-only}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
""")
    t = trace(c, "pod/other", f"http://{ip(c, 'web')}", "team-b")
    assert t.response.kind == "timeout" and "NetworkPolicy" in where(t)
    assert "default/same-namespace-only" in t.text
    node = c.get("pods", "web")["spec"]["nodeName"]
    assert request(c, node, f"http://{ip(c, 'web')}", advance=False).ok      # its own node (probes): allowed
    c.network_policy = "none"                                                # stored but not enforced
    assert ok(c, "pod/other", f"http://{ip(c, 'web')}", "team-b")


def test_nslookup_times_out_without_dns_egress():
    from k8scourse.traffic import traffic_of
    from k8scourse.traffic.tools import nslookup
    c = cluster(pods=[pod("client", {"app": "client"})])
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: no-egress}, "
              "spec: {podSelector: {}, policyTypes: [Egress]}}")
    out = nslookup(traffic_of(c), "pod/client", "default", ["kubernetes"])
    assert out.out == ";; connection timed out; no servers could be reached\n\n" and out.code == 1


def test_node_commands_in_real_layouts():
    c = cluster(nodes=1, pods=[pod("web", {"app": "web"})])
    n0 = nodes(c)[0]
    addr = node_command(c, n0, "sudo ip addr").stdout.splitlines()
    assert addr[0] == "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000"
    assert "    inet 10.244.0.1/24 brd 10.244.0.255 scope global cbr0" in addr
    assert any(line.split(": ")[1].startswith("veth") and "@if3" in line and "master cbr0" in line for line in addr
               if line[:1].isdigit())
    uid = c.get("pods", "web")["metadata"]["uid"]
    ps = node_command(c, n0, "docker ps").stdout
    assert ps.startswith("CONTAINER ID   IMAGE") and f"k8s_POD_web_default_{uid}_0" in ps
    assert "registry.k8s.io/pause:3.10" in ps and '"/pause"' in ps
    assert "web" in node_command(c, n0, "crictl pods").stdout
    assert node_command(c, n0, "crictl ps").stdout.startswith("CONTAINER           IMAGE")
    assert "*nat" in node_command(c, n0, "iptables-save").stdout
    assert node_command(c, n0, "ifconfig").exit_code == 127
    inside = pod_command(c, "web", "ip route").stdout
    assert inside.startswith("default via 10.244.0.1 dev eth0")
    h = docker_host(["web", "db"])
    assert "    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0" in h("ip addr")
    assert h.address("db") == "172.17.0.3"


def test_azure_cni_has_no_bridge_and_traces_are_deterministic():
    from k8scourse import Cluster
    texts = []
    for _ in range(2):
        c = Cluster(nodes=1, seed=3, network_plugin="azure")
        c.apply(pod("a"), echo=False)
        c.apply(pod("b"), echo=False)
        c.run(seconds=60)
        out = node_command(c, nodes(c)[0], "ip addr").stdout
        assert "cbr0" not in out and ": azv" in out
        assert azure_routes(c) == []
        texts.append(trace(c, "pod/a", "pod/b").text)
    assert texts[0] == texts[1] and "ip route" in texts[0]
