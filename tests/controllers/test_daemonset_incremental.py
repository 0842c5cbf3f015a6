"""The DaemonSet controller's incremental passes decide exactly what a full pass over every node does.

Two worlds (an API server and the DaemonSet controller alone, so every write is the controller's or
the test's) get the same random sequence of node adds, removals, relabels and taints, pod binds,
deletions, failures and readiness, template and ``minReadySeconds`` changes and orphans; one
controller looks only at what changed (the default), the other at every node on every pass
(``incremental = False``). Their write histories must be the same, write for write; and at every step
the incremental controller's kept state must equal one recomputed from scratch.
"""

from __future__ import annotations

import random

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.controllers.daemonset import DaemonSetController
from k8scourse.controllers.daemonset_util import target_node
from k8scourse.errors import APIError
from k8scourse.sim import Simulation

NS = "default"


def _daemonset(name: str, strategy: dict, pod_spec: dict | None = None) -> dict:
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "namespace": NS}, "spec": {
        "selector": {"matchLabels": {"app": name}}, "updateStrategy": strategy,
        "template": {"metadata": {"labels": {"app": name}},
                     "spec": {"containers": [{"name": "a", "image": "busybox:1"}], **(pod_spec or {})}}}}


def _world(incremental: bool) -> tuple[APIServer, DaemonSetController]:
    api = APIServer(Simulation())
    ctl = DaemonSetController(api)
    ctl.incremental = incremental
    ctl.start()
    for i in range(4):
        api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": f"n{i}", "labels": {"role": "worker"}}})
    api.create(_daemonset("agent", {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}))
    api.create(_daemonset("surge", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
                          {"nodeSelector": {"role": "worker"}}))
    api.create(_daemonset("ondelete", {"type": "OnDelete"}, {"tolerations": [{"operator": "Exists"}]}))
    api.sim.run(seconds=1)
    return api, ctl


def _pods(api: APIServer) -> list[dict]:
    return sorted(api.store.list("pods", NS, copy=False), key=lambda p: p["metadata"]["name"])


def _step(api: APIServer, rng: random.Random, counter: list[int]) -> None:
    """One random change (the same one in both worlds: the rng draws depend only on the world's state)."""
    nodes = [n["metadata"]["name"] for n in api.store.list("nodes", None, copy=False)]
    pods = _pods(api)
    op = rng.choice(["add_node", "delete_node", "label", "taint", "untaint", "bind", "bind", "delete_pod",
                     "finish_delete", "fail", "ready", "ready", "ready", "image", "selector", "min_ready",
                     "orphan", "run", "run"])
    try:
        if op == "add_node":
            counter[0] += 1
            api.create({"apiVersion": "v1", "kind": "Node", "metadata": {
                "name": f"m{counter[0]}", "labels": {"role": rng.choice(["worker", "infra"])}}})
        elif op == "delete_node" and nodes:
            api.delete("nodes", rng.choice(nodes), "")
        elif op == "label" and nodes:
            node = api.get("nodes", rng.choice(nodes), "")
            node["metadata"].setdefault("labels", {})["role"] = rng.choice(["worker", "infra"])
            api.update(node)
        elif op in ("taint", "untaint") and nodes:
            node = api.get("nodes", rng.choice(nodes), "")
            taints = [] if op == "untaint" else [{"key": "dedicated", "value": "x",
                                                  "effect": rng.choice(["NoSchedule", "NoExecute"])}]
            node.setdefault("spec", {})["taints"] = taints
            api.update(node)
        elif op == "bind":
            unbound = [p for p in pods if not p["spec"].get("nodeName") and target_node(p) in nodes
                       and not p["metadata"].get("deletionTimestamp")]
            if unbound:
                pod = rng.choice(unbound)
                api.bind(NS, pod["metadata"]["name"], target_node(pod))
        elif op == "delete_pod" and pods:
            api.delete("pods", rng.choice(pods)["metadata"]["name"], NS)
        elif op == "finish_delete":
            leaving = [p for p in pods if p["metadata"].get("deletionTimestamp")]
            if leaving:
                api.delete("pods", rng.choice(leaving)["metadata"]["name"], NS, grace_period=0)
        elif op in ("fail", "ready") and pods:
            pod = rng.choice(pods)
            status = {"phase": "Failed"} if op == "fail" else {"phase": "Running", "conditions": [
                {"type": "Ready", "status": "True", "lastTransitionTime": api.sim.clock.rfc3339()}]}
            api.update_status({"apiVersion": "v1", "kind": "Pod",
                               "metadata": {"name": pod["metadata"]["name"], "namespace": NS}, "status": status})
        elif op == "image":
            ds = api.get("daemonsets", rng.choice(["agent", "surge", "ondelete"]), NS)
            ds["spec"]["template"]["spec"]["containers"][0]["image"] = f"busybox:{rng.randint(1, 3)}"
            api.update(ds)
        elif op == "selector":
            ds = api.get("daemonsets", rng.choice(["agent", "surge"]), NS)
            spec = ds["spec"]["template"]["spec"]
            if spec.pop("nodeSelector", None) is None:
                spec["nodeSelector"] = {"role": rng.choice(["worker", "infra"])}
            api.update(ds)
        elif op == "min_ready":
            ds = api.get("daemonsets", rng.choice(["agent", "surge"]), NS)
            ds["spec"]["minReadySeconds"] = rng.choice([0, 3, 10])
            api.update(ds)
        elif op == "orphan" and nodes:
            counter[0] += 1
            api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {
                "name": f"orphan-{counter[0]}", "namespace": NS, "labels": {"app": rng.choice(["agent", "surge"])}},
                "spec": {"nodeName": rng.choice(nodes), "containers": [{"name": "a", "image": "busybox:1"}]}})
    except APIError:
        pass
    api.sim.run(seconds=rng.choice([0, 0.2, 1, 3]) if op == "run" else 0.1)


def _history(api: APIServer) -> list[tuple]:
    return [(h.revision, h.time_ms, h.verb, h.key, h.actor, h.object) for h in api.store.history()]


def _recomputed(ctl: DaemonSetController, key: str):
    """The kept state of DaemonSet ``key`` against one rebuilt from every node by a fresh pass's rules."""
    state = ctl._states[key]
    ds = ctl.server.peek("daemonsets", key.split("/")[1], NS)
    uid = ds["metadata"]["uid"]
    fresh = type(state)(state.fingerprint)
    spec_key = state.fingerprint[3]
    from k8scourse.controllers.daemonset_util import daemon_pod_spec, node_should_run
    spec = daemon_pod_spec(ds["spec"]["template"]["spec"])
    assert repr(spec) == spec_key
    for node in ctl.server.store.list("nodes", None, copy=False):
        name = node["metadata"]["name"]
        should_run, keep = node_should_run(spec, node)
        here = [p for p in ctl._live_on(uid, NS, name)] + [
            ctl._pods[k].pod for k in ctl._owned.get(uid, {}).get(name, ())
            if ctl._fact(ctl._pods[k].pod).phase == "Failed" and not ctl._fact(ctl._pods[k].pod).deleting]
        fresh.set_wanted(name, should_run or (keep and bool(here)))
    ctl._update_records(fresh, ds, set(ctl._owned.get(uid, {})), state.fingerprint[2])
    return (state.wanted, state.desired, state.records, sorted(state.sums), state.later), \
        (fresh.wanted, fresh.desired, fresh.records, sorted(fresh.sums), fresh.later)


@pytest.mark.parametrize("seed", range(6))
def test_incremental_passes_write_what_full_passes_write(seed):
    worlds = [_world(incremental) for incremental in (True, False)]
    rngs = [random.Random(seed) for _ in worlds]
    counters = [[0], [0]]
    checked = [0]
    for _ in range(120):
        for (api, _ctl), rng, counter in zip(worlds, rngs, counters):
            _step(api, rng, counter)
        (inc_api, inc), (full_api, _full) = worlds
        assert [(p["metadata"]["name"], p["metadata"].get("deletionTimestamp")) for p in _pods(inc_api)] == \
            [(p["metadata"]["name"], p["metadata"].get("deletionTimestamp")) for p in _pods(full_api)]
        now, pending = inc_api.sim.now_ms, inc.queue.pending()
        for key, state in inc._states.items():
            if pending.get(key, now + 1) > now and not state.dirty and not state.due(now):
                kept, fresh = _recomputed(inc, key)
                assert kept == fresh
                checked[0] += 1
    for api, _ctl in worlds:
        api.sim.run(seconds=30)
    inc_history, full_history = (_history(api) for api, _ctl in worlds)
    assert checked[0] > 100 and len(inc_history) > 300                     # the worlds did something to compare
    assert inc_history == full_history
    statuses = [[d["status"] for d in api.store.list("daemonsets", NS, copy=False)] for api, _ in worlds]
    assert statuses[0] == statuses[1]


def _big_world(nodes: int) -> APIServer:
    api = APIServer(Simulation())
    DaemonSetController(api).start()
    for i in range(nodes):
        api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": f"n{i:03d}"}})
    return api


def test_a_pass_creates_at_most_burst_replicas_pods_and_the_next_pass_the_rest():
    api = _big_world(300)
    api.create(_daemonset("agent", {"type": "RollingUpdate"}))
    api.sim.run(seconds=1)
    statuses = [h.object["status"] for h in api.store.history()
                if h.key[0] == "daemonsets.apps" and h.verb == "update"]
    assert (statuses[0]["desiredNumberScheduled"], statuses[0]["currentNumberScheduled"]) == (300, 250)
    assert statuses[-1]["currentNumberScheduled"] == 300
    assert len({target_node(p) for p in _pods(api)}) == 300


def test_creates_go_in_slow_start_batches_that_stop_after_a_failure():
    api = _big_world(20)
    create, tried = api.create, []

    def refusing(body, *args, **kwargs):
        if body.get("kind") == "Pod":
            tried.append(body)
            if len(tried) >= 3:
                raise APIError("Forbidden", 403, "refused by the test")
        return create(body, *args, **kwargs)

    api.create = refusing
    create(_daemonset("agent", {"type": "RollingUpdate"}))
    api.sim.run(seconds=0.001)
    # first pass: the batch of 1 succeeds, the batch of 2 has a refusal (its second create): stop. The
    # pass its own two pods' events bring tries one more batch of 1 (refused); then the rate-limited
    # retry waits. (Without slow start the first pass alone would try all 20 nodes.)
    assert len(tried) == 4 and len(_pods(api)) == 2
    failed = [e for e in api.store.list("events", NS, copy=False) if e["reason"] == "FailedCreate"]
    assert [e["count"] for e in failed] == [2]
