"""The composition root: components by name, machines under nodes, the kubelet's own registration,
node IPAM, and the front ends reaching kubelets and metrics-server only through the API server."""

import pytest

from k8scourse import Cluster
from k8scourse.component import Component
from k8scourse.errors import SimulationError


def _node(c, i=0):
    return sorted(c.kubelets)[i]


def test_every_process_is_a_component_found_by_its_name_or_alias():
    c = Cluster(nodes=2, seed=0)
    names = c.components.names()
    assert names[:5] == ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
                         "cloud-controller-manager"]
    assert {"metrics-server", "coredns", f"kubelet/{_node(c)}", f"kube-proxy/{_node(c, 1)}"} <= set(names)
    assert all(isinstance(part, Component) for part in c.components)
    assert c.components["scheduler"] is c.components["kube-scheduler"]
    with pytest.raises(SimulationError, match="unknown component 'kubelet'"):
        c.faults.stop("kubelet")


def test_the_kubelet_registers_its_node_from_its_machine():
    c = Cluster(nodes=1, seed=0)
    name = _node(c)
    machine = c.machines[name]
    node = c.get("nodes", name, "")
    info = node["status"]["nodeInfo"]
    assert (info["bootID"], info["machineID"], info["systemUUID"]) == \
        (machine.boot_id, machine.machine_id, machine.system_uuid)
    assert node["status"]["addresses"][0] == {"type": "InternalIP", "address": machine.ip}
    assert node["status"]["capacity"]["cpu"] == str(machine.size.vcpus)


def test_a_power_cycle_is_a_new_boot_and_the_kubelet_reports_rebooted():
    c = Cluster(nodes=2, seed=0)
    name = _node(c)
    before = c.get("nodes", name, "")["status"]["nodeInfo"]["bootID"]
    c.faults.stop_node(name)
    assert not c.machines[name].powered and c.faults.stopped() == [f"node/{name}"]
    c.run(seconds=60)
    c.faults.start_node(name)
    c.run(seconds=1)
    after = c.get("nodes", name, "")["status"]["nodeInfo"]["bootID"]
    assert after != before and after == c.machines[name].boot_id
    events = c.kubectl(f"get events --field-selector involvedObject.name={name}", echo=False)
    assert "Starting kubelet." in events
    assert f"Node {name} has been rebooted, boot id: {after}" in events
    # a kubelet restart without a reboot is no "Rebooted"
    c.faults.stop_kubelet(name)
    c.faults.start_kubelet(name)
    events = c.kubectl(f"get events --field-selector involvedObject.name={name},reason=Rebooted", echo=False)
    assert events.count("has been rebooted") == 1


def test_node_ipam_gives_each_node_a_block_and_reports_when_the_range_is_full():
    c = Cluster(nodes=3, seed=0, pod_cidr="10.244.0.0/23")      # room for two /24 blocks
    c.run(seconds=30)
    cidrs = [c.get("nodes", n, "")["spec"].get("podCIDR") for n in sorted(c.kubelets)]
    assert cidrs == ["10.244.0.0/24", "10.244.1.0/24", None]
    out = c.kubectl("get nodes", echo=False).splitlines()
    assert [line.split()[1] for line in out[1:]] == ["Ready", "Ready", "NotReady"]
    third = sorted(c.kubelets)[2]
    events = c.kubectl("get events", echo=False)
    assert f"CIDRNotAvailable   node/{third}   Node {third} status is now: CIDRNotAvailable" in events
    # deleting a node frees its block; the next machine gets it
    c.remove_node(sorted(c.kubelets)[0])
    added = c.add_node()["metadata"]["name"]
    c.run(seconds=1)
    assert c.get("nodes", added, "")["spec"]["podCIDR"] == "10.244.0.0/24"


def test_logs_go_through_the_api_server_to_the_kubelet_and_fail_like_a_dial():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run web --image=nginx:1.7.9", echo=False)
    c.run(seconds=30)
    assert c.kubectl("logs web", echo=False).exit_code == 0
    ip = c.machines[_node(c)].ip
    c.faults.stop_kubelet(_node(c))
    out = c.kubectl("logs web", echo=False)
    assert out.exit_code == 1
    assert out.stderr == (f'Error from server: Get "https://{ip}:10250/containerLogs/default/web/web": '
                          f'dial tcp {ip}:10250: connect: connection refused\n')
    c.faults.start_kubelet(_node(c))
    c.faults.stop_node(_node(c))
    out = c.kubectl("logs web --tail=1", echo=False)
    assert out.stderr.endswith(f"dial tcp {ip}:10250: i/o timeout\n")


def test_top_reads_the_aggregated_metrics_api_and_a_bare_cluster_has_none():
    c = Cluster(nodes=1, seed=0)
    c.run(seconds=60)
    assert c.api.list("nodes.metrics.k8s.io")["items"][0]["metadata"]["name"] == _node(c)
    assert c.kubectl("top nodes", echo=False).exit_code == 0
    c.faults.stop("metrics-server")
    assert c.kubectl("top pods -A", echo=False).stderr == (
        "Error from server (ServiceUnavailable): the server is currently unable to handle the request "
        "(get pods.metrics.k8s.io)\n")
    bare = Cluster(nodes=1, seed=0, metrics_server=False)
    assert bare.kubectl("top nodes", echo=False).stderr == "error: Metrics API not available\n"
    assert "metrics-server" not in bare.components


def test_a_deleted_aks_cluster_answers_nothing():
    from k8scourse.engine import ClusterEngine
    e = ClusterEngine(nodes=1, seed=0)
    e.shutdown()
    assert not e.reachable() and not any(k.running for k in e.kubelets.values())


@pytest.mark.parametrize("bad", [-1, "3", 2.5, True, None])
def test_bad_node_counts_are_refused_with_a_clear_error(bad):
    with pytest.raises(SimulationError, match="nodes must be a whole number"):
        Cluster(nodes=bad)


@pytest.mark.parametrize("bad", [-5, "30", float("nan"), 10 ** 12])
def test_bad_durations_are_refused_and_change_nothing(bad):
    c = Cluster(nodes=1, seed=0)
    before = c.sim.now_ms
    with pytest.raises(SimulationError):
        c.run(seconds=bad)
    assert c.sim.now_ms == before


def test_more_nodes_than_the_pod_range_has_blocks_is_a_not_ready_node_not_an_exception():
    c = Cluster(nodes=257, seed=0)         # 10.244.0.0/16 holds 256 blocks of /24
    c.run(seconds=15)
    rows = c.kubectl("get nodes --no-headers", echo=False).splitlines()
    assert len(rows) == 257 and sum(" NotReady " in r for r in rows) == 1
