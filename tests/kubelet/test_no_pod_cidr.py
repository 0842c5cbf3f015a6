"""A node the node IPAM controller could give no podCIDR (CIDRNotAvailable): its pods' sandboxes
fail with "network is not ready", and deleting such a pod tears it down without an exception (the
CNI has no address to release)."""

from k8scourse import Cluster


def test_a_pod_on_a_node_without_pod_cidr_fails_its_sandbox_and_deletes_cleanly():
    c = Cluster(nodes=257, seed=0)         # 10.244.0.0/16 holds 256 blocks of /24: the last node gets none
    last = sorted(n["metadata"]["name"] for n in c.list("nodes"))[-1]
    c.run(seconds=15)
    assert not c.api.peek("nodes", last)["spec"].get("podCIDR")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stuck", "namespace": "default"},
                  "spec": {"nodeName": last, "containers": [{"name": "app", "image": "nginx"}]}}, trusted=True)
    c.run(seconds=30)
    events = c.kubectl("get events --field-selector involvedObject.name=stuck", echo=False)
    assert "FailedCreatePodSandBox" in events and "network is not ready" in events
    assert "ContainerCreating" in c.kubectl("get pod stuck", echo=False)
    deleted = c.kubectl("delete pod stuck", echo=False)
    assert deleted.exit_code == 0
    c.run(seconds=60)
    assert c.api.peek("pods", "stuck", "default") is None
