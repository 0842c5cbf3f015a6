"""kubectl cordon, uncordon and taint."""

from __future__ import annotations


def first_node(cluster):
    return cluster.list("nodes")[0]["metadata"]["name"]


def test_cordon_and_uncordon(kubectl, cluster):
    node = first_node(cluster)
    assert kubectl(f"cordon {node}") == f"node/{node} cordoned\n"
    assert kubectl(f"cordon {node}") == f"node/{node} already cordoned\n"
    assert cluster.get("nodes", node, "")["spec"]["unschedulable"] is True
    row = [line for line in kubectl("get nodes").splitlines() if line.startswith(node)][0]
    assert row.split()[1] == "Ready,SchedulingDisabled"
    assert kubectl(f"uncordon {node}") == f"node/{node} uncordoned\n"
    assert "unschedulable" not in cluster.get("nodes", node, "")["spec"]
    r = kubectl("cordon nope")
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): nodes "nope" not found\n', 1)


def test_taint_add_overwrite_remove(kubectl, cluster):
    node = first_node(cluster)
    assert kubectl(f"taint nodes {node} dedicated=gpu:NoSchedule") == f"node/{node} tainted\n"
    assert cluster.get("nodes", node, "")["spec"]["taints"] == [
        {"key": "dedicated", "effect": "NoSchedule", "value": "gpu"}]
    r = kubectl(f"taint nodes {node} dedicated=ml:NoSchedule")
    assert r.stderr == (f"error: node {node} already has dedicated taint(s) with same effect(s) and "
                        f"--overwrite is false\n")
    assert kubectl(f"taint nodes {node} dedicated=ml:NoSchedule --overwrite") == f"node/{node} tainted\n"
    assert kubectl(f"taint nodes {node} dedicated:NoSchedule-") == f"node/{node} untainted\n"
    assert "taints" not in cluster.get("nodes", node, "")["spec"]
    r = kubectl(f"taint nodes {node} dedicated=ml:Sometimes")
    assert r.stderr == "error: invalid taint effect: Sometimes, unsupported taint effect\n"
    assert "Taints:             <none>" in kubectl(f"describe node {node}")
