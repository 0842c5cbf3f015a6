"""Node lifecycle, taint eviction and pod GC: dead nodes are noticed, tainted, emptied, cleaned up."""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.api.objects import dig
from k8scourse.controllers.nodelifecycle import GRACE_PERIOD_MS, zone_state
from k8scourse.controllers.tainteviction import eviction_delay_ms


def _cluster(nodes=3):
    c = Cluster(nodes=nodes, seed=2)
    c.kubectl("create deployment web --image=nginx --replicas=3", echo=False)
    c.run(seconds=30)
    return c


def _ready(c, node):
    return next(x for x in c.get("nodes", node, "")["status"]["conditions"] if x["type"] == "Ready")


def test_grace_period_is_the_132_default():
    assert GRACE_PERIOD_MS == 50_000


def test_stopped_kubelet_makes_node_unknown_pods_not_ready_and_tainted():
    c = _cluster()
    node = sorted(c.kubelets)[0]
    c.kubelets[node].stop()
    c.run(seconds=60)
    ready = _ready(c, node)
    assert ready["status"] == "Unknown" and ready["reason"] == "NodeStatusUnknown"
    for ctype in ("MemoryPressure", "DiskPressure", "PIDPressure"):
        cond = next(x for x in c.get("nodes", node, "")["status"]["conditions"] if x["type"] == ctype)
        assert cond["status"] == "Unknown"
    on_node = [p for p in c.list("pods") if p["spec"].get("nodeName") == node]
    assert on_node
    for pod in on_node:
        assert next(x for x in pod["status"]["conditions"] if x["type"] == "Ready")["status"] == "False"
    messages = {(e["reason"], e["message"]) for e in c.list("events")}
    assert ("NodeNotReady", f"Node {node} status is now: NodeNotReady") in messages
    assert ("NodeNotReady", "Node is not ready") in messages
    line = next(l for l in c.kubectl("get nodes", echo=False).stdout.splitlines() if l.startswith(node))
    assert line.split()[1] == "NotReady"
    # the scheduler keeps new pods away from it
    c.kubectl("scale deployment web --replicas=6", echo=False)
    c.run(seconds=30)
    new = [p for p in c.list("pods") if not dig(p, "metadata", "deletionTimestamp")]
    assert all(p["spec"].get("nodeName") != node for p in new if p["status"].get("phase") == "Running"
               and p["metadata"]["name"] not in {q["metadata"]["name"] for q in on_node})


def test_taint_eviction_after_toleration_seconds_and_recovery():
    c = _cluster()
    node = sorted(c.kubelets)[0]
    c.kubelets[node].stop()
    c.run(seconds=60)
    taint = next(t for t in c.get("nodes", node, "")["spec"]["taints"] if t["effect"] == "NoExecute")
    added = c.sim.clock.sim_ms(taint["timeAdded"])
    c.run(seconds=330)
    evictions = [e for e in c.list("events") if e["reason"] == "TaintManagerEviction"]
    assert evictions
    assert all(c.sim.clock.sim_ms(e["firstTimestamp"]) == added + 300_000 for e in evictions)
    on_node = [p for p in c.list("pods") if p["spec"].get("nodeName") == node]
    daemon = [p for p in on_node if any(r["kind"] == "DaemonSet" for r in p["metadata"].get("ownerReferences", []))]
    doomed = [p for p in on_node if p not in daemon]
    assert doomed and all(dig(p, "metadata", "deletionTimestamp") for p in doomed)
    # daemon pods tolerate unreachable/not-ready without a time limit: the node's kube-proxy stays
    assert [p["metadata"]["labels"]["k8s-app"] for p in daemon] == ["kube-proxy"]
    assert not any(dig(p, "metadata", "deletionTimestamp") for p in daemon)
    cond = next(x for x in doomed[0]["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert cond["reason"] == "DeletionByTaintManager"
    c.kubelets[node].start()
    c.run(seconds=20)
    assert _ready(c, node)["status"] == "True"
    assert not c.get("nodes", node, "")["spec"].get("taints")
    assert [p["metadata"]["name"] for p in c.list("pods") if p["spec"].get("nodeName") == node] == \
        [p["metadata"]["name"] for p in daemon]


def test_pods_that_tolerate_forever_stay():
    assert eviction_delay_ms({"spec": {"tolerations": [{"operator": "Exists"}]}},
                             [{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]) is None
    assert eviction_delay_ms({"spec": {}}, [{"key": "x", "effect": "NoExecute"}]) == 0


def test_all_nodes_down_is_master_disruption_mode():
    c = _cluster(nodes=2)
    for kubelet in c.kubelets.values():
        kubelet.stop()
    c.run(seconds=400)
    for node in c.list("nodes"):
        assert _ready(c, node["metadata"]["name"])["status"] == "Unknown"
        assert all(t["effect"] != "NoExecute" for t in node["spec"].get("taints") or [])
    assert not [e for e in c.list("events") if e["reason"] == "TaintManagerEviction"]


def test_zone_states():
    assert zone_state(3, 0) == "Normal"
    assert zone_state(1, 2) == "Normal"          # more than 2 not-ready nodes are needed
    assert zone_state(2, 3) == "PartialDisruption"
    assert zone_state(0, 2) == "FullDisruption"


def test_controller_manager_restart_gives_nodes_a_fresh_grace_period():
    c = _cluster()
    c.controller_manager.stop()
    node = sorted(c.kubelets)[0]
    c.kubelets[node].stop()
    c.run(seconds=120)
    c.controller_manager.start()
    c.run(seconds=40)
    assert _ready(c, node)["status"] == "True"
    c.run(seconds=30)
    assert _ready(c, node)["status"] == "Unknown"


def test_pod_gc_removes_pods_of_deleted_nodes():
    c = Cluster(nodes=1, seed=0)
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ghost"},
                  "spec": {"nodeName": "gone-node", "containers": [{"name": "c", "image": "nginx"}]}})
    c.run(seconds=39)
    assert c.api.peek("pods", "ghost", "default") is not None
    c.run(seconds=60)
    assert c.api.peek("pods", "ghost", "default") is None
