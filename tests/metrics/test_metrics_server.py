"""metrics-server on fake kubelets: scrape cadence, windows, rates, reachability, the Metrics API."""

from __future__ import annotations

import pytest
from fakes import MiB, FakeKubelet, const, make_api, make_pod

from k8scourse.errors import APIError
from k8scourse.kubelet.cadvisor import CAdvisor
from k8scourse.kubelet.server import NodeDialer
from k8scourse.metrics.server import MetricsServer


def _setup():
    api = make_api()
    k = FakeKubelet(api, "node-1")
    k.cadvisor = CAdvisor(k).start()
    server = MetricsServer(api, NodeDialer({"node-1": k}, lambda node: True)).start()
    return api, k, server


def test_nothing_before_the_first_scrape_then_windows_of_10_and_20_seconds():
    api, k, server = _setup()
    make_pod(api, "web", labels={"app": "web"})
    k.start("default", "web", "web", const(250, 64 * MiB))
    api.sim.run(seconds=14)
    assert server.list_node_metrics() == [] and server.list_pod_metrics("default") == []
    api.sim.run(seconds=1)                                    # scrape at 15 s sees the 10-s sample
    (node,) = server.list_node_metrics()
    assert (node["timestamp"], node["window"]) == ("2026-03-02T09:00:10Z", "10s")
    assert node["usage"] == {"cpu": "350m", "memory": "1344Mi"}
    assert node["metadata"]["labels"] == {"pool": "a"}
    api.sim.run(seconds=15)                                   # 30 s: the sample of 30 s, 20 s after 10 s
    (node,) = server.list_node_metrics()
    assert (node["timestamp"], node["window"]) == ("2026-03-02T09:00:30Z", "20s")
    (pod,) = server.list_pod_metrics("default", "app=web")
    assert pod["containers"] == [{"name": "web", "usage": {"cpu": "250m", "memory": "64Mi"}}]
    assert pod["apiVersion"] == "metrics.k8s.io/v1beta1" and pod["kind"] == "PodMetrics"
    assert server.list_pod_metrics("default", "app=other") == []


def test_cpu_is_the_average_over_the_window_and_restarts_count_from_zero():
    api, k, server = _setup()
    make_pod(api, "job")
    api.sim.run(seconds=5)
    k.start("default", "job", "job", const(600, MiB))      # started at 5 s: first window from its start
    api.sim.run(seconds=10)
    assert server.get_pod_metrics("default", "job")["containers"][0]["usage"]["cpu"] == "600m"
    assert server.get_pod_metrics("default", "job")["window"] == "5s"
    k.stop_container("default", "job", "job")
    api.sim.run(seconds=15)                                   # 30 s: window 10..30 s, ran 10..15 s
    assert server.get_pod_metrics("default", "job")["containers"][0]["usage"] == {"cpu": "150m", "memory": "0"}


def test_unreachable_kubelet_has_no_metrics():
    api, k, server = _setup()
    make_pod(api, "web")
    k.start("default", "web", "web", const(1, MiB))
    api.sim.run(seconds=15)
    assert server.top_nodes()[0]["name"] == "node-1"
    k.running = False
    api.sim.run(seconds=15)
    assert server.list_node_metrics() == [] and server.list_pod_metrics(None) == []
    with pytest.raises(APIError) as err:
        server.get_node_metrics("node-1")
    assert str(err.value) == 'nodemetrics.metrics.k8s.io "node-1" not found'


def test_top_data_as_numbers():
    api, k, server = _setup()
    make_pod(api, "web")
    k.start("default", "web", "web", const(1.5, 3 * MiB + 5))
    api.sim.run(seconds=15)
    (row,) = server.top_nodes()
    assert row["cpu_m"] == 102 and row["memory_bytes"] == 1283 * MiB + 5     # 101.5m rounds up
    assert row["cpu_pct"] == 102 * 100 / 1900
    assert server.top_pods("default") == [{"namespace": "default", "name": "web", "cpu_m": 2,
                                           "memory_bytes": 3 * MiB + 5}]
    assert server.top_pods(containers=True)[0]["container"] == "web"


def test_deleted_or_recreated_pods_lose_their_metrics_at_once():
    api, k, server = _setup()
    make_pod(api, "web")
    k.start("default", "web", "web", const(1, MiB))
    api.sim.run(seconds=15)
    k.stop_container("default", "web", "web")
    api.delete("pods", "web", grace_period=0)        # no real kubelet here: removed at once (--force)
    make_pod(api, "web")                                      # same name, new uid
    assert server.list_pod_metrics("default") == []
