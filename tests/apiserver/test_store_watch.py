"""The store's watches: a watch narrowed to one node's pods (a kubelet's ``spec.nodeName`` field
selector, served from an index) gets exactly that node's pod events, in the same order relative to
every other watcher as if all were notified in start order."""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.apiserver.store import Store


def _pod(name: str, node: str | None = None) -> dict:
    return {"metadata": {"name": name}, "spec": {"nodeName": node} if node else {}}


def test_node_watches_get_their_nodes_pods_in_start_order():
    s = Store(clock=lambda: 0)
    seen: list[tuple[str, str, str]] = []

    def recorder(tag):
        return lambda ev: seen.append((tag, ev.type, ev.object["metadata"]["name"]))

    s.watch("pods", recorder("plain-1"))
    s.watch("pods", recorder("node-a"), node_name="a")
    s.watch("pods", recorder("node-b"), node_name="b")
    late = s.watch("pods", recorder("plain-2"))
    s.watch("pods", recorder("node-a-2"), node_name="a")
    s.create(("pods", "default", "p1"), _pod("p1", "a"), actor="t")
    s.create(("pods", "default", "p2"), _pod("p2"), actor="t")
    late.stop()
    s.delete(("pods", "default", "p1"), actor="t")
    assert seen == [("plain-1", "ADDED", "p1"), ("node-a", "ADDED", "p1"), ("plain-2", "ADDED", "p1"),
                    ("node-a-2", "ADDED", "p1"),
                    ("plain-1", "ADDED", "p2"), ("plain-2", "ADDED", "p2"),
                    ("plain-1", "DELETED", "p1"), ("node-a", "DELETED", "p1"), ("node-a-2", "DELETED", "p1")]


def test_a_kubelet_hears_only_its_own_nodes_pods():
    c = Cluster(nodes=3, seed=0, clock="manual")
    calls = {name: 0 for name in c.kubelets}
    # each kubelet's own watch is narrowed to its node ...
    assert {name: k._watch._watcher.node_name for name, k in c.kubelets.items()} == {n: n for n in c.kubelets}
    # ... and such a watch hears of no other node's pod
    for name, kubelet in c.kubelets.items():
        original = kubelet._on_pod_event

        def counting(ev, name=name, original=original):
            calls[name] += ev.object["metadata"]["name"] == "web"
            original(ev)
        kubelet._watch.stop()
        kubelet._watch = c.api.watch("pods", counting, node_name=name)
    node = sorted(c.kubelets)[0]
    c.apply(f"""apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  nodeName: {node}
  containers: [{{name: web, image: nginx}}]
""", echo=False)
    c.run(seconds=30)
    assert c.get("pods", "web")["status"]["phase"] == "Running"
    assert calls[node] > 0 and all(n == 0 for name, n in calls.items() if name != node)
