"""Node-pressure eviction on a fake kubelet: order, message, condition, taint, transition period."""

from __future__ import annotations

from fakes import MiB, FakeKubelet, const, make_api, make_pod

from k8scourse.api.quantity import Quantity
from k8scourse.kubelet.cadvisor import CAdvisor
from k8scourse.kubelet.eviction import EvictionManager, eviction_message, hard_threshold


def _setup(**kw):
    api = make_api(**kw)
    k = FakeKubelet(api, "node-1")
    k.cadvisor = CAdvisor(k).start()
    k.eviction = EvictionManager(k).start()
    return api, k


def _taints(api):
    return api.get("nodes", "node-1", "")["spec"].get("taints", [])


def test_evicts_besteffort_then_burstable_then_guaranteed_one_per_pass():
    api, k = _setup()
    make_pod(api, "gu", containers=[("gu", {"cpu": "100m", "memory": "5600Mi"}, {"cpu": "100m", "memory": "5600Mi"})])
    make_pod(api, "be")
    make_pod(api, "bu", containers=[("bu", {"memory": "100Mi"}, {})])
    k.start("default", "gu", "gu", const(10, 5560 * MiB))
    k.start("default", "be", "be", const(10, 300 * MiB))
    k.start("default", "bu", "bu", const(10, 350 * MiB))
    api.sim.run(seconds=35)
    assert [(t, name) for t, _ns, name, _msg in k.evictions] == [(10_000, "be"), (20_000, "bu"), (30_000, "gu")]
    first = k.evictions[0][3]
    assert first == ("The node was low on resource: memory. Threshold quantity: 100Mi, available: -572076Ki. "
                     "Container be was using 300Mi, request is 0, has larger consumption of memory. ")
    assert "Container bu was using 350Mi, request is 100Mi, has larger consumption of memory. " in k.evictions[1][3]
    assert k.evictions[2][3].endswith("available: 93524Ki. ")        # gu is under its request: no container part
    events = [e for e in api.list("events", "default")["items"] if e["reason"] == "Evicted"]
    assert [(e["involvedObject"]["name"], e["type"], e["message"]) for e in events][0] == ("be", "Warning", first)
    assert api.get("pods", "be")["status"]["reason"] == "Evicted"


def test_memory_pressure_condition_and_taint_last_the_transition_period():
    api, k = _setup()
    make_pod(api, "be")
    k.start("default", "be", "be", const(10, 5600 * MiB))
    api.sim.run(seconds=10)
    assert k.conditions["MemoryPressure"] == ("True", "KubeletHasInsufficientMemory",
                                              "kubelet has insufficient memory available")
    assert _taints(api) == [{"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"}]
    assert k.evictions and k.eviction.pressure
    api.sim.run(seconds=299)                 # last met at 10 s: still within 5 minutes at 309 s
    assert k.conditions["MemoryPressure"][0] == "True" and _taints(api)
    api.sim.run(seconds=1)                   # the pass at 310 s: 300 s since the threshold was met
    assert k.conditions["MemoryPressure"] == ("False", "KubeletHasSufficientMemory",
                                              "kubelet has sufficient memory available")
    assert _taints(api) == []


def test_no_pressure_no_eviction():
    api, k = _setup()
    make_pod(api, "be")
    k.start("default", "be", "be", const(10, 4000 * MiB))
    api.sim.run(seconds=60)
    assert k.evictions == [] and "MemoryPressure" not in k.conditions
    assert k.eviction.available_bytes == 7097684 * 1024 - 1280 * MiB - 4000 * MiB


def test_priority_orders_pods_that_exceed_their_requests():
    api, k = _setup()
    make_pod(api, "low", priority=0)
    make_pod(api, "high", priority=1000)
    k.start("default", "low", "low", const(1, 100 * MiB))
    k.start("default", "high", "high", const(1, 3000 * MiB))
    api.sim.run(seconds=10)
    assert [p["metadata"]["name"] for p, _ in k.eviction.rank(k.cadvisor)] == ["low", "high"]


def test_threshold_follows_the_aks_version_rule():
    assert str(hard_threshold("v1.32.4")) == "100Mi"
    assert str(hard_threshold("v1.28.9")) == "750Mi"
    assert eviction_message(Quantity("750Mi"), 225800 * 1024, [("nginx", 4395616 * 1024, Quantity("0"))]) == (
        "The node was low on resource: memory. Threshold quantity: 750Mi, available: 225800Ki. "
        "Container nginx was using 4395616Ki, request is 0, has larger consumption of memory. ")
