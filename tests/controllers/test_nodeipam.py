"""The node IPAM controller through the public surface: pod ranges cut from the cluster CIDR
(``Cluster(pod_cidr=…, node_cidr_mask_size=…)``, kube-controller-manager's ``--cluster-cidr`` and
``--node-cidr-mask-size``, default 10.244.0.0/16 and /24), and beyond the range the node left without
one as upstream leaves it: an event, a NotReady node, no exception."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.errors import K8sCourseError


def ready_message(c, node):
    conds = {x["type"]: x for x in c.get("nodes", node)["status"]["conditions"]}
    return conds["Ready"]["status"], conds["Ready"].get("message")


def test_nodes_get_slices_of_the_cluster_cidr_and_the_one_too_many_gets_an_event():
    c = Cluster(nodes=5, seed=0, pod_cidr="10.244.0.0/22", addons="none", metrics_server=False)
    c.run(seconds=30)
    names = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    cidrs = [c.get("nodes", n)["spec"].get("podCIDR") for n in names]
    assert cidrs == ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24", None]
    # kube-controller-manager's range allocator: a Normal event named after the status, from cidrAllocator
    events = [e for e in c.list("events") if e["reason"] == "CIDRNotAvailable"]
    assert [(e["type"], e["involvedObject"]["name"], e["message"], e["source"]["component"]) for e in events] == [
        ("Normal", names[4], f"Node {names[4]} status is now: CIDRNotAvailable", "cidrAllocator")]
    # the kubelet's CNI has no configuration: the node is not Ready, and says why
    assert ready_message(c, names[4]) == ("False", "container runtime network not ready: NetworkReady=false "
                                          "reason:NetworkPluginNotReady message:Network plugin returns error: cni "
                                          "plugin not initialized")
    assert ready_message(c, names[0])[0] == "True"
    row = next(line for line in c.kubectl("get nodes", echo=False).splitlines() if line.startswith(names[4]))
    assert row.split()[1] == "NotReady"


def test_node_cidr_mask_size_sets_the_slice():
    c = Cluster(nodes=3, seed=0, pod_cidr="10.244.0.0/24", node_cidr_mask_size=26, addons="none",
                metrics_server=False)
    c.run(seconds=30)
    assert sorted(n["spec"]["podCIDR"] for n in c.list("nodes")) == ["10.244.0.0/26", "10.244.0.128/26",
                                                                       "10.244.0.64/26"]


@pytest.mark.parametrize("mask", [15, 33, "24"])
def test_a_mask_outside_the_cluster_cidr_is_refused(mask):
    # upstream's CIDR set: the node mask at least the cluster prefix, at most 16 bits longer
    with pytest.raises(K8sCourseError, match="node_cidr_mask_size"):
        Cluster(nodes=1, pod_cidr="10.244.0.0/16", node_cidr_mask_size=mask)


def test_257_nodes_on_the_default_range_behave_as_real_ones():
    c = Cluster(nodes=257, seed=0, addons="none", metrics_server=False)     # 256 blocks of /24 in 10.244.0.0/16
    c.run(seconds=20)
    last = sorted(n["metadata"]["name"] for n in c.list("nodes"))[-1]
    assert c.get("nodes", last)["spec"].get("podCIDR") is None
    assert ready_message(c, last)[0] == "False"
    assert f"Node {last} status is now: CIDRNotAvailable" in c.kubectl("get events", echo=False)
