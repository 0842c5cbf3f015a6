"""``go_sort`` leaves equal elements where Go's ``sort.Sort`` leaves them: kubectl's own recorded
orders of ``describe``'s events (see tests/data/kubectl-recorded/describe-events/README.md)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from k8scourse import Cluster
from k8scourse.cli.gosort import go_sort

RECORDED = json.loads((Path(__file__).resolve().parents[1] / "data" / "kubectl-recorded" / "describe-events"
                       / "ties.json").read_text())


@pytest.mark.parametrize("case", RECORDED["cases"], ids=lambda c: f"{len(c['listed'])}-events")
def test_ties_are_ordered_as_kubectl_orders_them(case):
    ordered = go_sort(case["listed"], lambda a, b: a[1] < b[1])
    assert [reason for reason, _ in ordered] == case["kubectl_order"]


@pytest.mark.parametrize("n", [0, 1, 2, 12, 13, 49, 50, 51, 300])
def test_it_sorts(n):
    rng = random.Random(n)
    items = [rng.randint(0, 5) for _ in range(n)]
    assert go_sort(items, lambda a, b: a < b) == sorted(items)
    assert go_sort(list(range(n, 0, -1)), lambda a, b: a < b) == list(range(1, n + 1))   # a decreasing run


def cluster_with(case) -> Cluster:
    """A cluster holding the recorded events, named so that the API lists them in the recorded order."""
    c = Cluster(nodes=1, seed=1)
    c.kubectl("create configmap cfg --from-literal=a=b", echo=False)
    cm = c.get("configmaps", "cfg")
    for position, (reason, second) in enumerate(case["listed"]):
        t = f"2026-03-02T09:00:{second:02d}Z"
        c.api.create({"apiVersion": "v1", "kind": "Event",
                      "metadata": {"name": f"cfg.{position:016x}", "namespace": "default"},   # names in listed order
                      "involvedObject": {"kind": "ConfigMap", "name": "cfg", "namespace": "default",
                                         "uid": cm["metadata"]["uid"], "apiVersion": "v1"},
                      "reason": reason, "message": "m", "type": "Normal", "count": 1,
                      "firstTimestamp": t, "lastTimestamp": t, "source": {"component": "x"}})
    return c


def test_describe_prints_equal_times_in_kubectls_order():
    case = RECORDED["cases"][0]
    out = cluster_with(case).kubectl("describe configmap cfg", echo=False).stdout
    assert [line.split()[1] for line in out.splitlines() if line.startswith("  Normal")] == case["kubectl_order"]


@pytest.mark.parametrize("number", [1, 3])
def test_get_sort_by_leaves_ties_where_kubectl_does(number):
    case = RECORDED["cases"][number]
    out = cluster_with(case).kubectl("get events --sort-by=.lastTimestamp -o custom-columns=R:.reason --no-headers",
                                     echo=False).stdout
    assert out.split() == case["get_sort_by_order"]


def test_kubectl_events_orders_ties_as_describe_does():
    # kubectl events sorts the same list with the same SortableEvents (checked against the real kubectl)
    case = RECORDED["cases"][2]
    out = cluster_with(case).kubectl("events", echo=False).stdout
    assert [line.split()[2] for line in out.splitlines()[1:]] == case["kubectl_order"]
