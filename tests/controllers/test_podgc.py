"""The pod garbage collector: orphaned, unscheduled-terminating and out-of-service pods force-deleted,
and a pass skipped only when it could find nothing (the same pods and the same node names as a pass
that found nothing)."""

from __future__ import annotations

from k8scourse.apiserver import APIServer
from k8scourse.controllers.podgc import GC_PERIOD_MS, QUARANTINE_MS, PodGCController
from k8scourse.sim import Simulation


def _world(nodes=("n1", "n2")):
    api = APIServer(Simulation())
    gc = PodGCController(api).start()
    for n in nodes:
        api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n}})
    return api, gc


def _pod(api, name: str, node: str | None = None, finalizer: bool = False) -> None:
    md = {"name": name, **({"finalizers": ["example.com/hold"]} if finalizer else {})}
    spec = {"containers": [{"name": "c", "image": "busybox"}], **({"nodeName": node} if node else {})}
    api.create({"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec})


def _names(api) -> list[str]:
    return [p["metadata"]["name"] for p in api.list("pods", "default")["items"]]


def test_pods_of_a_node_that_is_gone_go_after_the_quarantine_and_the_pass_notices_the_node_leaving():
    api, gc = _world()
    _pod(api, "a", "n1")
    _pod(api, "b", "n2")
    api.sim.run(seconds=3 * GC_PERIOD_MS // 1000)      # quiet passes: nothing to do
    assert _names(api) == ["a", "b"] and gc._quiet is not None
    api.delete("nodes", "n2", "")                     # no pod written: only the node names changed
    api.sim.run(seconds=GC_PERIOD_MS // 1000)
    assert _names(api) == ["a", "b"] and gc._suspects  # suspected, quarantined
    api.sim.run(seconds=(QUARANTINE_MS + GC_PERIOD_MS) // 1000)
    assert _names(api) == ["a"]
    events = [r for r in api.sim.trace if r.component == "pod-garbage-collector"]
    assert [(r.action, r.target, r.detail) for r in events] == [
        ("force-delete", "pods/default/b", "PodGC: node no longer exists")]


def test_a_node_replaced_under_the_same_count_is_noticed():
    api, gc = _world()
    _pod(api, "a", "n2")
    api.sim.run(seconds=2 * GC_PERIOD_MS // 1000)
    assert gc._quiet is not None
    api.delete("nodes", "n2", "")
    api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n3"}})      # still two nodes
    api.sim.run(seconds=(QUARANTINE_MS + 2 * GC_PERIOD_MS) // 1000)
    assert _names(api) == []


def test_an_unscheduled_pod_being_deleted_goes_at_the_next_pass():
    api, gc = _world()
    _pod(api, "waiting", finalizer=True)
    api.sim.run(seconds=2 * GC_PERIOD_MS // 1000)
    assert gc._quiet is not None
    api.delete("pods", "waiting")                     # held by its finalizer, never bound
    assert _names(api) == ["waiting"]
    api.sim.run(seconds=GC_PERIOD_MS // 1000)
    assert _names(api) == []
