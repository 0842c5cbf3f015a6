"""The numpy path's parts: what it keeps between cycles must equal a fresh computation."""

from __future__ import annotations

import numpy as np

from k8scourse import Cluster
from k8scourse.scheduler import batch
from k8scourse.scheduler.framework import CycleState, Status
from k8scourse.scheduler.nodeinfo import PodInfo
from k8scourse.scheduler.queue import SchedulingQueue
from k8scourse.sim import Simulation


def pod(name, cpu="100m", memory="64Mi", labels=None, node=""):
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx",
                                     "resources": {"requests": {"cpu": cpu, "memory": memory}}}]}}
    if labels:
        body["metadata"]["labels"] = labels
    if node:
        body["spec"]["nodeName"] = node
    return body


def test_a_bound_pod_reuses_the_pending_pods_facts_only_when_nothing_else_changed():
    pending = PodInfo(pod("a", labels={"app": "web"}))
    bound = dict(pending.pod)
    bound["spec"] = dict(pending.pod["spec"], nodeName="n1")
    same = pending.rebound(bound, 7)
    assert (same.node_name, same.seq, same.req is pending.req, same.labels is pending.labels) == ("n1", 7, True, True)
    changed = dict(bound)
    changed["spec"] = dict(bound["spec"], containers=[{"name": "c", "resources": {"requests": {"cpu": "2"}}}])
    fresh = pending.rebound(changed, 8)
    assert fresh.req is not pending.req and fresh.req.cpu == 2000
    relabelled = dict(bound)
    relabelled["metadata"] = dict(bound["metadata"], labels={"app": "db"})
    assert pending.rebound(relabelled).labels == {"app": "db"}


def big_cluster():
    c = Cluster(nodes=0, seed=5)
    c.scheduler.vectorize = True
    for i in range(120):
        c.add_node(vm_size="Standard_DS2_v2" if i % 4 else "Standard_D4s_v3", zone=str(i % 3))
    return c


def test_kept_verdicts_and_scores_equal_a_fresh_computation_after_bindings_and_node_changes():
    c = big_cluster()
    for i in range(90):
        c.api.create(pod(f"p{i}", cpu=["100m", "500m", "1"][i % 3], memory="256Mi"), user="test", trusted=True)
    c.run(seconds=2)
    names = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    c.api.patch("nodes", names[3], "", {"spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}}, "merge")
    c.api.patch("nodes", names[5], "", {"spec": {"unschedulable": True}}, "merge")
    c.api.delete("pods", "p4", "default", grace_period=0)
    c.run(seconds=1)
    fw = c.scheduler.framework
    info = PodInfo(pod("probe", cpu="500m", memory="256Mi"))
    state = CycleState(fast=True)
    fw.run_pre_filter(state, info)
    plugins = [p for p in fw.active_filters(state) if p.filter_key is not None]
    keys = [p.filter_key(state, info) for p in plugins]
    kept = fw.kept().filter_verdicts(state, info, plugins, keys)            # made now: fresh
    scorers = [p for p in fw.score_plugins if p.score_key is not None and p.name != "NodeAffinity"]
    pairs = [(p, p.score_key(state, info), fw.weights[p.name]) for p in scorers]
    fw.kept().score_group(pairs, state, info)                               # made now: fresh
    for i in range(20):                                                     # more bindings afterwards
        c.api.create(pod(f"q{i}", cpu="1", memory="512Mi"), user="test", trusted=True)
    c.run(seconds=1)
    kept = fw.kept().filter_verdicts(state, info, plugins, keys)            # refreshed where nodes changed
    fresh = batch.verdicts(fw, state, info, plugins, len(fw.cache.node_list))
    assert np.array_equal(kept.combined != 0, fresh.combined != 0)
    assert [kept.statuses[k - 1] for k in kept.combined[kept.combined != 0]] == \
        [fresh.statuses[k - 1] for k in fresh.combined[fresh.combined != 0]]
    assert (kept.combined != 0).sum() >= 2                                 # the tainted and the cordoned node
    assert [p.name for p in scorers] == ["TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation",
                                         "ImageLocality"]
    for more in (0, 3):             # many nodes changed (refreshed in arrays), then a few (node by node)
        for i in range(more):
            c.api.create(pod(f"r{i}", cpu="500m", memory="1Gi"), user="test", trusted=True)
        c.run(seconds=1)
        group = fw.kept().score_group(pairs, state, info)                   # refreshed where nodes changed
        for j, p in enumerate(scorers):
            assert np.array_equal(group.values[j], p.score_all(state, info, fw.cache, slice(None))), p.name
        unnormalised = sum(group.values[j] * w for j, (p, _, w) in enumerate(pairs) if p.normalize_scores is None)
        assert np.array_equal(group.total, unnormalised)                   # Σ weight × raw, TaintToleration aside
    assert c.scheduler.verify_cache() == []


def test_a_status_write_keeps_the_pods_facts_and_a_spec_change_does_not():
    info = PodInfo(pod("a", labels={"app": "web"}))
    written = dict(info.pod, status={"conditions": [{"type": "PodScheduled", "status": "False"}]})
    written["metadata"] = dict(info.pod["metadata"])            # a deep copy in the store: equal, not the same
    written["spec"] = {**info.pod["spec"], "containers": [dict(c) for c in info.pod["spec"]["containers"]]}
    same = info.updated(written, 3)
    assert (same.req is info.req, same.pod is written, same.seq) == (True, True, 3)
    bigger = dict(written, spec={**written["spec"], "containers": [{"name": "c", "resources": {
        "requests": {"cpu": "2"}}}]})
    assert info.updated(bigger).req.cpu == 2000
    relabelled = dict(written, metadata={**written["metadata"], "labels": {"app": "db"}})
    assert info.updated(relabelled).labels == {"app": "db"}


def test_diagnosis_reads_the_scanned_window_only_even_when_it_wraps_around():
    names = np.array([f"n{i}" for i in range(10)], dtype=object)
    codes = np.array([1, 0, 2, 0, 0, 1, 0, 0, 2, 1], dtype=np.int16)
    statuses = [Status.unschedulable("a").with_plugin("P"), Status.unresolvable("b").with_plugin("Q")]
    d = batch.Diagnosis(names, codes, statuses, start=8, processed=5)      # n8 n9 n0 n1 n2
    assert dict(d) == {"n8": statuses[1], "n9": statuses[0], "n0": statuses[0], "n2": statuses[1]}
    assert sorted((s.reasons[0], n) for s, n in d.histogram()) == [("a", 2), ("b", 2)]
    assert d.rejecting_plugins() == {"P", "Q"}
    idx, processed = batch.scan(codes, 8, 3)
    assert idx.tolist() == [1, 3, 4] and processed == 7                    # n8 n9 n0 n1 n2 n3 n4
    idx, processed = batch.scan(codes, 3, 2)                               # the window n3 n4 passes whole
    assert idx.tolist() == [3, 4] and processed == 2
    clean = batch.Diagnosis(names, codes, statuses, start=3, processed=2, clean=True)
    assert dict(clean) == {} and clean.histogram() == [] and len(clean) == 0


class _Framework:
    class queue_sort:
        @staticmethod
        def queue_sort_key(q):
            return (-q.priority, q.timestamp, q.seq)

    def run_pre_enqueue(self, info):
        return Status.success()

    def events_for(self, plugins):
        table = {"NodeResourcesFit": {"AssignedPodDelete", "NodeAdd"}, "InterPodAffinity": {"AssignedPodAdd"}}
        out = set()
        for p in plugins:
            out |= table.get(p, {"*"})
        return out


def test_unschedulable_pods_move_only_on_the_events_that_may_help_them_in_arrival_order():
    q = SchedulingQueue(Simulation(seed=0), _Framework(), lambda: None)
    infos = [PodInfo(pod(f"p{i}")) for i in range(4)]
    for info in infos:
        q.add(info)
    popped = [q.pop() for _ in infos]
    q.done(popped[0], {"NodeResourcesFit"})
    q.done(popped[1], {"InterPodAffinity"})
    q.done(popped[2], set())                        # no plugin to blame: any event
    q.done(popped[3], {"NodeResourcesFit"})
    q.on_event("AssignedPodAdd")
    assert [p.where for p in popped] == ["unschedulable", "backoff", "backoff", "unschedulable"]
    q.on_event("AssignedPodDelete")
    assert [p.where for p in popped] == ["backoff"] * 4
    assert q._waiting == {}
