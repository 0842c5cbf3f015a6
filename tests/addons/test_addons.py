"""kube-system's add-ons are workloads: DaemonSet pods on every node (new ones too), healed when
deleted, counted in the node's requests, tied to the proxier and the Metrics API."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.cloud import Azure

AKS_DAEMONSETS = ["azure-ip-masq-agent", "cloud-node-manager", "csi-azuredisk-node", "csi-azurefile-node",
                  "kube-proxy"]
AKS_DEPLOYMENTS = {"coredns": 2, "coredns-autoscaler": 1, "konnectivity-agent": 2,
                   "konnectivity-agent-autoscaler": 1, "metrics-server": 2}


def daemon_pods(api, ds: str) -> dict[str, str]:
    """node -> name of the running pod of DaemonSet ``ds`` there."""
    out = {}
    for pod in api.list("pods", "kube-system")["items"]:
        owners = pod["metadata"].get("ownerReferences") or []
        if any(o["kind"] == "DaemonSet" and o["name"] == ds for o in owners) \
                and pod["status"].get("phase") == "Running" and not pod["metadata"].get("deletionTimestamp"):
            assert pod["spec"]["nodeName"] not in out, f"two {ds} pods on {pod['spec']['nodeName']}"
            out[pod["spec"]["nodeName"]] = pod["metadata"]["name"]
    return out


def node_names(api) -> set[str]:
    return {n["metadata"]["name"] for n in api.list("nodes")["items"]}


@pytest.fixture(scope="module")
def aks():
    a = Azure(seed=0)
    a("group create -n rg -l eastus -o none", echo=False)
    assert a("aks create -g rg -n c -c 2 --generate-ssh-keys -o none", echo=False).exit_code == 0
    a("aks get-credentials -g rg -n c", echo=False)
    return a


def engine_of(aks):
    return aks.subscription.get("Microsoft.ContainerService/managedClusters", "rg", "c").model.cluster


def test_an_aks_cluster_runs_aks_set_of_add_ons(aks):
    out = aks.kubectl("get ds,deploy -n kube-system -o name", echo=False).split()
    assert sorted(n.split("/")[1] for n in out if n.startswith("daemonset")) == AKS_DAEMONSETS
    deployments = {n.split("/")[1] for n in out if n.startswith("deployment")}
    assert deployments == set(AKS_DEPLOYMENTS)
    for name, replicas in AKS_DEPLOYMENTS.items():
        ready = aks.kubectl(f"get deploy {name} -n kube-system -o jsonpath={{.status.readyReplicas}}", echo=False)
        assert ready == str(replicas), name
    image = aks.kubectl("get ds kube-proxy -n kube-system -o jsonpath={.spec.template.spec.containers[0].image}",
                        echo=False)
    assert image == "mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.32.4"


def test_every_node_gets_every_daemon_pod_also_after_az_aks_scale(aks):
    engine = engine_of(aks)
    nodes = node_names(engine.api)
    assert len(nodes) == 2
    for ds in AKS_DAEMONSETS:
        assert set(daemon_pods(engine.api, ds)) == nodes, ds
    assert aks("aks scale -g rg -n c -c 3 -o none", echo=False).exit_code == 0
    engine.run(seconds=120)
    nodes = node_names(engine.api)
    assert len(nodes) == 3
    for ds in AKS_DAEMONSETS:
        assert set(daemon_pods(engine.api, ds)) == nodes, ds


def test_daemon_pods_count_in_the_nodes_requests(aks):
    engine = engine_of(aks)
    node = sorted(node_names(engine.api))[-1]
    text = aks.kubectl(f"describe node {node}", echo=False)
    rows = {line.split()[1].rsplit("-", 1)[0]: line.split()[2:4] for line in text.splitlines()
            if line.startswith("  kube-system ")}
    assert rows["kube-proxy"] == ["100m", "(5%)"]
    assert rows["azure-ip-masq-agent"] == ["100m", "(5%)"]
    assert rows["cloud-node-manager"] == ["50m", "(2%)"]
    assert rows["csi-azuredisk-node"] == ["30m", "(1%)"] and rows["csi-azurefile-node"] == ["30m", "(1%)"]
    # the five node agents: 310m of the node's 1900m are requested before any workload arrives
    allocated = next(line for line in text.splitlines() if line.strip().startswith("cpu ") and "%" in line)
    assert allocated.split()[1] == "310m", allocated


def test_a_bare_cluster_has_kubeadm_add_ons_and_a_new_node_gets_kube_proxy():
    c = Cluster(nodes=2, seed=0, clock="manual")
    c.run(seconds=60)
    api = c.api
    assert set(daemon_pods(api, "kube-proxy")) == node_names(api)
    ds = c.get("daemonsets", "kube-proxy", "kube-system")
    spec = ds["spec"]["template"]["spec"]
    assert spec["containers"][0]["image"] == "registry.k8s.io/kube-proxy:v1.32.4"
    assert not spec["containers"][0].get("resources") and spec["hostNetwork"] is True   # defaulted to {}
    assert spec["priorityClassName"] == "system-node-critical"
    assert c.api.peek("daemonsets", "cloud-node-manager", "kube-system") is None
    c.engine.add_node()
    c.run(seconds=60)
    assert len(node_names(api)) == 3
    assert set(daemon_pods(api, "kube-proxy")) == node_names(api)


def test_a_deleted_kube_proxy_pod_is_replaced_and_its_proxier_follows():
    c = Cluster(nodes=1, seed=0, clock="manual")
    c.run(seconds=60)
    node = next(iter(node_names(c.api)))
    before = daemon_pods(c.api, "kube-proxy")[node]
    proxy = c.proxies[node]
    assert proxy.running
    c.kubectl(f"delete pod {before} -n kube-system --wait=false", echo=False)
    assert not proxy.running                    # the process went with its pod; its rules stay
    c.run(seconds=60)
    after = daemon_pods(c.api, "kube-proxy")
    assert set(after) == {node} and after[node] != before
    assert proxy.running                        # the DaemonSet's replacement runs kube-proxy again
    # ... and reports its start on the Node through events.k8s.io, with no message
    [ev] = [e for e in c.list("events", "default") if e["reason"] == "Starting"]
    assert ev["involvedObject"] == {"kind": "Node", "name": node, "uid": node} and "message" not in ev
    assert (ev["action"], ev["reportingComponent"], ev["reportingInstance"]) == (
        "StartKubeProxy", "kube-proxy", f"kube-proxy-{node}")
    described = c.kubectl(f"describe node {node}", echo=False).stdout
    assert described.splitlines()[-1].split() == ["Normal", "Starting", "58s", "kube-proxy"]   # pod up in 2 s


def test_a_stopped_proxier_stays_stopped_when_its_pod_changes():
    c = Cluster(nodes=1, seed=0, clock="manual")
    c.run(seconds=30)
    node = next(iter(node_names(c.api)))
    c.faults.stop(f"kube-proxy/{node}")
    c.run(seconds=30)
    assert not c.proxies[node].running


def test_the_metrics_api_answers_while_a_metrics_server_pod_is_ready():
    c = Cluster(nodes=1, seed=0, clock="manual")
    assert "ServiceUnavailable" in c.kubectl("top nodes", echo=False).stderr     # the pod is not up yet
    c.run(seconds=60)
    assert c.kubectl("top nodes", echo=False).exit_code == 0
    c.kubectl("scale deploy metrics-server -n kube-system --replicas=0", echo=False)
    c.run(seconds=60)
    r = c.kubectl("top nodes", echo=False)
    assert r.exit_code == 1 and "ServiceUnavailable" in r.stderr
    c.kubectl("scale deploy metrics-server -n kube-system --replicas=1", echo=False)
    c.run(seconds=60)
    assert c.kubectl("top pods -n kube-system", echo=False).exit_code == 0


def test_aks_node_agents_keep_off_the_virtual_node():
    a = Azure(seed=0)
    a("group create -n rg -l eastus -o none", echo=False)
    r = a("aks create -g rg -n vn -c 1 --generate-ssh-keys --network-plugin azure --enable-addons virtual-node "
          "--aci-subnet-name aci --vnet-subnet-id /subscriptions/x/resourceGroups/rg/providers/"
          "Microsoft.Network/virtualNetworks/v/subnets/nodes -o none", echo=False)
    assert r.exit_code == 0, str(r)
    engine = a.subscription.get("Microsoft.ContainerService/managedClusters", "rg", "vn").model.cluster
    engine.run(seconds=60)
    nodes = node_names(engine.api)
    assert "virtual-node-aci-linux" in nodes and len(nodes) == 2
    for ds in AKS_DAEMONSETS:           # the VMs get every agent, the virtual kubelet none (its affinity)
        assert set(daemon_pods(engine.api, ds)) == nodes - {"virtual-node-aci-linux"}, ds
    status = engine.api.get("daemonsets", "kube-proxy", "kube-system")["status"]
    assert status["desiredNumberScheduled"] == 1 and status["numberMisscheduled"] == 0


def test_an_aks_upgrade_moves_kube_proxy_to_the_new_version():
    a = Azure(seed=0)
    a("group create -n rg -l eastus -o none", echo=False)
    assert a("aks create -g rg -n c -c 2 --generate-ssh-keys -o none", echo=False).exit_code == 0
    assert a("aks upgrade -g rg -n c -k 1.33.1 --yes -o none", echo=False).exit_code == 0
    engine = a.subscription.get("Microsoft.ContainerService/managedClusters", "rg", "c").model.cluster
    engine.run(seconds=120)
    ds = engine.api.get("daemonsets", "kube-proxy", "kube-system")
    image = "mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.33.1"
    assert ds["spec"]["template"]["spec"]["containers"][0]["image"] == image
    pods = daemon_pods(engine.api, "kube-proxy")
    assert set(pods) == node_names(engine.api)
    for name in pods.values():
        assert engine.api.get("pods", name, "kube-system")["spec"]["containers"][0]["image"] == image
