"""Property: on random workloads the numpy path and the node-by-node path decide alike.

Workloads mix what the plugins look at — pod (anti-)affinity required and preferred, topology spread
hard and soft, node selectors, host ports, tolerations against tainted and cordoned nodes, priorities
that make preemption run (most nodes are cordoned, so pods compete), deletions — on 110 nodes (above
numFeasibleNodesToFind, so the round-robin scan stops early). Every placement, Event and
PodScheduled condition must be the same.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from k8scourse import Cluster

NODES = 110


def template(kind: int, i: int, prio: int) -> dict:
    color = ["red", "blue", "green"][i % 3]
    spec: dict = {"priority": prio, "containers": [{"name": "c", "image": "nginx", "resources": {"requests": {
        "cpu": ["100m", "600m", "1500m"][i % 3], "memory": ["64Mi", "1Gi"][i % 2]}}}]}
    term = {"labelSelector": {"matchLabels": {"color": color}}, "topologyKey": "kubernetes.io/hostname"}
    zone_term = dict(term, topologyKey="topology.kubernetes.io/zone")
    if kind == 1:
        spec["affinity"] = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    elif kind == 2:
        spec["affinity"] = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [zone_term]}}
    elif kind == 3:
        spec["affinity"] = {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 5, "podAffinityTerm": term}]}, "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 3, "podAffinityTerm": zone_term}]}}
    elif kind == 4:
        spec["topologySpreadConstraints"] = [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                              "whenUnsatisfiable": ["DoNotSchedule", "ScheduleAnyway"][i % 2],
                                              "labelSelector": {"matchLabels": {"color": color}}}]
    elif kind == 5:
        spec["nodeSelector"] = {"topology.kubernetes.io/zone": str(i % 3)}
        spec["tolerations"] = [{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}]
    elif kind == 6:
        spec["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}", "labels": {"color": color}},
            "spec": spec}


def play(w, vectorize: bool):
    c = Cluster(nodes=0, seed=w["seed"])
    c.scheduler.vectorize = vectorize
    for i in range(NODES):
        c.add_node(vm_size="Standard_DS2_v2" if i % 4 else "Standard_D4s_v3", zone=str(i % 3))
    names = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    for i in w["tainted"]:
        c.api.patch("nodes", names[i], "", {"spec": {"taints": [{"key": "dedicated", "effect": "NoSchedule"}]}},
                    "merge")
    for name in names[:w["cordoned"]]:         # few nodes left: pods compete, preemption runs
        c.api.patch("nodes", name, "", {"spec": {"unschedulable": True}}, "merge")
    for i, (kind, prio, delete) in enumerate(w["pods"]):
        c.api.create(template(kind, i, prio), user="test", trusted=True)
        if delete and i:
            c.api.delete("pods", f"p{i - 1}", "default", grace_period=0)
        if i % 7 == 6:
            c.run(seconds=1)
    c.run(seconds=20)
    assert c.scheduler.verify_cache() == []
    placements = [(p["metadata"]["name"], p["spec"].get("nodeName"),
                   [(x.get("reason"), x.get("message")) for x in (p.get("status") or {}).get("conditions") or []
                    if x.get("type") == "PodScheduled"], (p.get("status") or {}).get("nominatedNodeName"))
                  for p in c.list("pods")]
    events = [(e["involvedObject"].get("name"), e["reason"], e["message"], e.get("series"))
              for e in c.list("events") if e.get("reportingComponent") == "default-scheduler"]
    return placements, events


workloads = st.fixed_dictionaries({
    "seed": st.integers(0, 1000),
    "tainted": st.lists(st.integers(0, NODES - 1), max_size=6),
    "cordoned": st.integers(70, 100),
    "pods": st.lists(st.tuples(st.integers(0, 6), st.sampled_from([0, 0, 0, 100, 1000]), st.booleans()),
                     min_size=20, max_size=70),
})


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workloads)
def test_numpy_and_node_by_node_paths_decide_alike(w):
    fast = play(w, True)
    assert fast == play(w, False)
    assert any(node for _, node, _, _ in fast[0])


def test_a_crowded_workload_preempts_alike_on_both_paths():
    w = {"seed": 7, "tainted": [101, 103], "cordoned": 100,
         "pods": [(i % 7, [0, 0, 100, 1000][i % 4], i % 9 == 8) for i in range(60)]}
    fast = play(w, True)
    assert fast == play(w, False)
    assert sum(1 for e in fast[1] if e[1] == "Preempted") >= 3
    assert any(nominated for *_, nominated in fast[0])
