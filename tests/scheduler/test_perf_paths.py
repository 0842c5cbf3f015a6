"""The numpy path decides exactly as the node-by-node reference path, on every scheduler_perf shape.

Each of upstream's scheduler_perf workloads (bench/scheduler_perf.py) runs at a small size through
both paths of the same engine: every pod must land on the same node, every Event and PodScheduled
condition (FailedScheduling histograms, preemption messages, nominations) must be written alike, and
``explain`` must give the same per-node detail for every measured pod.
"""

from __future__ import annotations

import pytest

from k8scourse.scheduler import format_explanation

from perf_shapes import scheduler_perf, small  # noqa: E402  (tests/scheduler on sys.path)

SHAPES = list(scheduler_perf.SHAPES)


def explanations(result) -> list[dict]:
    w = result.workload
    return [w.scheduler.explain(ns, name) for ns, name in w.measured]


@pytest.mark.parametrize("name", SHAPES)
def test_numpy_path_places_and_explains_like_the_reference(name):
    ref = scheduler_perf.run_shape(name, params=small(name), vectorize=False)
    fast = scheduler_perf.run_shape(name, params=small(name), vectorize=True)
    assert ref.bound == ref.measured and fast.bound == fast.measured
    assert len(set(fast.placements.values()) - {""}) > 1           # pods spread over several nodes
    assert fast.placements == ref.placements
    assert fast.outcomes == ref.outcomes
    mine, theirs = explanations(fast), explanations(ref)
    assert mine == theirs
    assert format_explanation(mine[-1]) == format_explanation(theirs[-1])
    assert fast.workload.scheduler.verify_cache() == []


def test_explanations_keep_per_node_detail_on_the_numpy_path():
    """A pod that fits nowhere: every node's rejection, by plugin, and the preemption verdict."""
    fast = scheduler_perf.run_shape("Unschedulable", params=small("Unschedulable"), vectorize=True)
    w = fast.workload
    pending = [p for p in w.api.store.list("pods", copy=False) if not p["spec"].get("nodeName")]
    assert len(pending) == small("Unschedulable")["initPods"]
    expl = w.scheduler.explain(pending[0]["metadata"]["namespace"], pending[0]["metadata"]["name"])
    assert expl["outcome"] == "Unschedulable" and len(expl["filters"]) == 120
    assert all(f["result"] == "Rejected" for f in expl["filters"])
    assert {p["reason"] for f in expl["filters"] for p in f["plugins"] if p["reason"]} == {"Insufficient cpu"}
    assert expl["message"] == ("0/120 nodes are available: 120 Insufficient cpu. preemption: 0/120 nodes are "
                               "available: 120 No preemption victims found for incoming pod.")
    text = format_explanation(expl)
    assert "NodeResourcesFit: Insufficient cpu" in text and "... 100 more nodes" in text


def test_preemption_on_the_numpy_path_evicts_and_nominates_like_the_reference():
    params = small("PreemptionBasic")
    ref = scheduler_perf.run_shape("PreemptionBasic", params=params, vectorize=False)
    fast = scheduler_perf.run_shape("PreemptionBasic", params=params, vectorize=True)
    preempted = [o for o in fast.outcomes if o[1] == "Preempted"]
    assert len(preempted) >= params["measurePods"]                  # victims were evicted
    assert preempted == [o for o in ref.outcomes if o[1] == "Preempted"]
    assert fast.workload.api.store.count("pods") < params["initPods"] + params["measurePods"]
