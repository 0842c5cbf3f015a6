"""Property: whatever the workload, bound pods never exceed a node's allocatable, and the same
seed gives the same placements."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from k8scourse import Cluster
from k8scourse.scheduler.nodeinfo import amount

SIZES = ["Standard_B2s", "Standard_DS2_v2", "Standard_D4s_v3"]

workloads = st.fixed_dictionaries({
    "seed": st.integers(0, 1000),
    "nodes": st.lists(st.sampled_from(SIZES), min_size=1, max_size=4),
    "pods": st.lists(st.tuples(st.integers(0, 2500), st.integers(0, 6000), st.integers(0, 100)),
                     min_size=1, max_size=25),
})


def play(w):
    c = Cluster(nodes=0, seed=w["seed"])
    for size in w["nodes"]:
        c.add_node(vm_size=size)
    for i, (cpu_m, mem_mi, prio) in enumerate(w["pods"]):
        resources = {}
        if cpu_m:
            resources["cpu"] = f"{cpu_m}m"
        if mem_mi:
            resources["memory"] = f"{mem_mi}Mi"
        c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
                      "spec": {"priority": prio, "containers": [{"name": "c", "image": "nginx",
                                                                 "resources": {"requests": resources}}]}},
                     user="test", trusted=True)
        c.run(seconds=0.5)
    c.run(seconds=30)
    return c


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workloads)
def test_requests_never_exceed_allocatable_and_runs_repeat(w):
    c = play(w)
    used: dict[str, list[int]] = {}
    for pod in c.list("pods"):
        node = pod["spec"].get("nodeName")
        if not node:
            continue
        req = pod["spec"]["containers"][0]["resources"].get("requests", {})
        u = used.setdefault(node, [0, 0, 0])
        u[0] += amount("cpu", req.get("cpu", "0"))
        u[1] += amount("memory", req.get("memory", "0"))
        u[2] += 1
    for node in c.list("nodes"):
        alloc = node["status"]["allocatable"]
        u = used.get(node["metadata"]["name"], [0, 0, 0])
        assert u[0] <= amount("cpu", alloc["cpu"])
        assert u[1] <= amount("memory", alloc["memory"])
        assert u[2] <= int(alloc["pods"])
    assert c.scheduler.verify_cache() == []
    again = play(w)
    placements = lambda cl: [(p["metadata"]["name"], p["spec"].get("nodeName")) for p in cl.list("pods")]  # noqa: E731
    assert placements(c) == placements(again)
