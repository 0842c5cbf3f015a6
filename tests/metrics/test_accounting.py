"""The accounting DataFrames: derived from the store and cAdvisor, sums that add up exactly."""

from __future__ import annotations

from fakes import MiB, FakeKubelet, FnProgram, add_node, const, make_api, make_pod

from k8scourse import defaults
from k8scourse.kubelet.cadvisor import CAdvisor
from k8scourse.metrics.accounting import (Accounting, namespace_accounting, node_accounting, pod_accounting,
                                          usage_history)


def _setup():
    api = make_api()
    add_node(api, "node-2")
    kubelets = {}
    for name in ("node-1", "node-2"):
        k = FakeKubelet(api, name)
        k.cadvisor = CAdvisor(k).start()
        kubelets[name] = k
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}})
    make_pod(api, "web", containers=[("web", {"cpu": "250m", "memory": "64Mi"}, {"cpu": "500m", "memory": "128Mi"})])
    make_pod(api, "db", node="node-2", namespace="team",
             containers=[("db", {"cpu": "1", "memory": "1Gi"}, {"cpu": "1", "memory": "1Gi"})])
    make_pod(api, "idle")
    kubelets["node-1"].start("default", "web", "web", const(800, 100 * MiB))
    kubelets["node-2"].start("team", "db", "db", FnProgram(lambda t: (300 + t / 1000, 512 * MiB)))
    kubelets["node-1"].start("default", "idle", "idle", const(0, 2 * MiB))
    api.sim.run(seconds=60)
    return api, kubelets


def test_nodes_frame_adds_up():
    api, kubelets = _setup()
    nodes = node_accounting(api, kubelets).set_index("node")
    n1 = nodes.loc["node-1"]
    assert n1.cpu_allocatable_m == 1900 and n1.cpu_requests_m == 250 and n1.cpu_limits_m == 500
    assert n1.memory_requests_bytes == 64 * MiB and n1.memory_limits_bytes == 128 * MiB
    assert n1.cpu_usage_m == defaults.SYSTEM_CPU_M + 500          # web throttled at its 500m limit
    assert n1.memory_usage_bytes == defaults.SYSTEM_MEMORY_BYTES + 102 * MiB
    assert n1.cpu_requests_pct == 250 * 100 / 1900 and n1.pods == 2
    assert n1.memory_available_bytes == n1.memory_capacity_bytes - n1.memory_usage_bytes
    pods = pod_accounting(api, kubelets)
    for node, row in nodes.iterrows():
        mine = pods[pods.node == node]
        assert row.cpu_usage_m == row.system_cpu_m + mine.cpu_usage_m.sum()
        assert row.memory_usage_bytes == row.system_memory_bytes + mine.memory_usage_bytes.sum()
        assert row.cpu_requests_m == mine.cpu_requests_m.sum()


def test_pods_and_namespaces_frames():
    api, kubelets = _setup()
    pods = pod_accounting(api, kubelets).set_index("name")
    assert pods.loc["web"].qos == "Burstable" and pods.loc["db"].qos == "Guaranteed" and pods.loc["idle"].qos == "BestEffort"
    assert pods.loc["db"].cpu_usage_m == 360.0 and pods.loc["db"].memory_usage_bytes == 512 * MiB
    ns = namespace_accounting(api, kubelets).set_index("namespace")
    assert ns.loc["default"].pods == 2 and ns.loc["team"].cpu_requests_m == 1000
    assert ns.loc["kube-system"].pods == 0 and ns.loc["default"].cpu_usage_m == 500.0


def test_usage_history_long_format():
    api, kubelets = _setup()
    h = usage_history(api, kubelets, "pod", "team/db")
    assert list(h.time) == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    assert list(h.cpu_m) == [310.0, 320.0, 330.0, 340.0, 350.0, 360.0]
    assert set(h.node) == {"node-2"} and h.memory_bytes.iloc[0] == 512 * MiB
    assert h.cpu_seconds.iloc[-1] == sum(h.cpu_m) * 10 / 1000
    nodes = usage_history(api, kubelets, "node", since=30)
    assert list(nodes.time.unique()) == [30.0, 40.0, 50.0, 60.0] and set(nodes.name) == {"node-1", "node-2"}
    c = usage_history(api, kubelets, "container", "web")
    assert c.cpu_throttled_periods.iloc[-1] == 225            # 600 periods × (800-500)/800
    assert str(c.timestamp.iloc[0]) == "2026-03-02 09:00:10+00:00"
    acc = Accounting(api, kubelets)
    assert len(acc.history("pod")) == 18 and len(acc.nodes()) == 2 and len(acc.pods("team")) == 1
