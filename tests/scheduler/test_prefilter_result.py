"""NodeAffinity's PreFilterResult: a pod whose every required term names nodes (``matchFields``
``metadata.name In`` — DaemonSet pods) is filtered on those nodes only, as upstream's framework does.

The narrowing is a pure saving except for the texts upstream words differently: nodes left out are
counted as ``node(s) didn't satisfy plugin(s) [NodeAffinity]`` in the FitError histogram. The random
test runs both the narrowed and an un-narrowed engine over the same clusters and pods and compares
what they decide.
"""

from __future__ import annotations

import json
import random

import pytest

from k8scourse import Cluster
from k8scourse.scheduler import algorithm, helpers
from k8scourse.scheduler.framework import Status, fit_error_message
from k8scourse.scheduler.nodeinfo import PodInfo
from k8scourse.scheduler.plugins import node_affinity

from test_scheduling import events, names, node_of, pod_yaml  # noqa: E402  (tests/scheduler on sys.path)

ABSENT = "node(s) didn't satisfy plugin(s) [NodeAffinity]"


def pinned(*nodes: str, terms: int = 1) -> str:
    """The required node affinity a DaemonSet pod carries (``terms`` > 1: one term per node)."""
    def term(values):
        return {"matchFields": [{"key": "metadata.name", "operator": "In", "values": list(values)}]}
    chosen = [term(nodes)] if terms == 1 else [term([n]) for n in nodes]
    return "affinity: " + json.dumps({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": chosen}}})


def count_matches(monkeypatch) -> list:
    """Every call of the scheduler's required node affinity check (the Filter and the numpy path's
    mask) for this test's pods."""
    calls: list = []
    real = helpers.required_node_affinity_matches

    def counting(spec, labels, name):
        if (spec.get("containers") or [{}])[0].get("image") == "nginx:1.25":    # this test's pods only
            calls.append(name)
        return real(spec, labels, name)
    monkeypatch.setattr(helpers, "required_node_affinity_matches", counting)
    monkeypatch.setattr(node_affinity, "required_node_affinity_matches", counting)
    return calls


@pytest.mark.parametrize("vectorize", [False, True])
def test_a_daemon_pod_is_filtered_on_its_own_node_only(monkeypatch, vectorize):
    c = Cluster(nodes=6, seed=0)
    c.scheduler.vectorize = vectorize
    target = names(c)[3]
    calls = count_matches(monkeypatch)
    c.apply(pod_yaml("ds", extra_spec=pinned(target)), echo=False)
    c.run(seconds=1)
    assert node_of(c, "ds") == target
    assert calls == [target]                                  # 1 node looked at, not 6
    expl = c.scheduler.explain("default", "ds")
    assert expl["evaluatedNodes"] == 1 and expl["feasibleNodesToFind"] == 1
    left_out = [f for f in expl["filters"] if f["node"] != target]
    assert len(left_out) == 5 and all(f["result"] == "Rejected" for f in left_out)
    assert {p["reason"] for f in left_out for p in f["plugins"]} == {ABSENT}


@pytest.mark.parametrize("vectorize", [False, True])
def test_unschedulable_daemon_pod_messages_count_the_left_out_nodes(vectorize):
    c = Cluster(nodes=6, seed=0)
    c.scheduler.vectorize = vectorize
    target = names(c)[1]
    c.apply(pod_yaml("big", cpu="100", extra_spec=pinned(target)), echo=False)
    c.apply(pod_yaml("gone", extra_spec=pinned("no-such-node")), echo=False)
    c.apply(pod_yaml("clash", extra_spec="affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
                     "{nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [a]}, "
                     "{key: metadata.name, operator: In, values: [b]}]}]}}}"), echo=False)
    c.run(seconds=1)
    [big] = events(c, "big", "FailedScheduling")
    assert big["message"] == (f"0/6 nodes are available: 1 Insufficient cpu, 5 {ABSENT}. preemption: 0/6 nodes are "
                              "available: 1 No preemption victims found for incoming pod, "
                              "5 Preemption is not helpful for scheduling.")
    [gone] = events(c, "gone", "FailedScheduling")
    assert gone["message"] == (f"0/6 nodes are available: 6 {ABSENT}. preemption: 0/6 nodes are available: "
                               "6 Preemption is not helpful for scheduling.")
    [clash] = events(c, "clash", "FailedScheduling")
    assert clash["message"] == ("0/6 nodes are available: pod affinity terms conflict. preemption: 0/6 nodes are "
                                "available: 6 Preemption is not helpful for scheduling.")


def _random_pod(rng: random.Random, nodes: list[str]) -> dict:
    chosen = rng.sample(nodes, rng.randint(1, min(3, len(nodes))))
    if rng.random() < 0.2:
        chosen.append("no-such-node")
    values = list(chosen)
    term: dict = {"matchFields": [{"key": "metadata.name", "operator": "In", "values": values}]}
    if rng.random() < 0.3:
        term["matchExpressions"] = [{"key": "kubernetes.io/hostname", "operator": "In",
                                     "values": rng.sample(nodes, rng.randint(1, len(nodes)))}]
    terms = [term]
    if rng.random() < 0.3:                                   # a second term: the union of both
        terms.append({"matchFields": [{"key": "metadata.name", "operator": "In", "values": [rng.choice(nodes)]}]})
    spec = {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": terms}}},
        "containers": [{"name": "c", "image": "nginx:1.25", "resources": {"requests": {
            "cpu": f"{rng.choice([100, 500, 1500, 3000])}m", "memory": "64Mi"}}}]}
    if rng.random() < 0.2:
        spec["tolerations"] = [{"operator": "Exists"}]
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"p{rng.randrange(10**6)}", "namespace": "default", "uid": "u"}, "spec": spec}


def _decide(fw, pod, start, vector):
    att, nxt = algorithm.schedule_pod(fw, PodInfo(pod), start_index=start, vector=vector, dry=True, number=1)
    feasible = att.feasible
    return {"outcome": att.outcome, "node": att.node, "feasible": sorted(feasible),
            "totals": dict(zip(feasible, (int(t) for t in att.totals))) if len(att.totals) else {},
            "att": att}


@pytest.mark.parametrize("seed", range(4))
def test_narrowing_decides_like_the_unnarrowed_path_on_random_clusters(monkeypatch, seed):
    rng = random.Random(seed)
    c = Cluster(nodes=rng.randint(3, 9), seed=seed)
    nodes = names(c)
    for k in range(rng.randint(0, 12)):                      # some load, so some nodes do not fit
        c.apply(pod_yaml(f"load{k}", cpu=f"{rng.choice([200, 700, 1200])}m"), echo=False)
    c.run(seconds=2)
    fw = c.scheduler.framework
    for _ in range(25):
        pod = _random_pod(rng, nodes)
        start, vector = rng.randrange(len(nodes)), rng.random() < 0.5
        narrowed = _decide(fw, pod, start, vector)
        with monkeypatch.context() as m:
            m.setattr(node_affinity, "required_node_names", lambda required: None)
            plain = _decide(fw, pod, start, vector)
        assert narrowed["att"].narrowed is not None and plain["att"].narrowed is None
        assert narrowed["outcome"] == plain["outcome"]
        assert narrowed["feasible"] == plain["feasible"]
        assert narrowed["totals"] == plain["totals"]
        if len(narrowed["feasible"]) == 1:
            assert narrowed["node"] == plain["node"]
        named, plain_att = narrowed["att"].narrowed, plain["att"]
        expected = []                                       # the plain verdicts, left-out nodes renamed
        for n in nodes:
            verdict = plain_att.failed.get(n)
            if n in named:
                assert narrowed["att"].failed.get(n) == verdict
            else:                                           # left out: the plain path's NodeAffinity said no
                assert verdict is None or (verdict.code, verdict.reasons, verdict.plugin) == (
                    "UnschedulableAndUnresolvable", (node_affinity.REASON,), "NodeAffinity")
                verdict = Status.unresolvable(ABSENT)
            expected.append(verdict)
        if narrowed["outcome"] == "Unschedulable":
            assert plain["outcome"] == "Unschedulable"
            assert narrowed["att"].message == fit_error_message(len(nodes), expected)
