"""The controller runtime: generated handlers, the reconcile loop's retries, informers' re-lists."""

from __future__ import annotations

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.controllers.runtime import Controller, Result
from k8scourse.errors import APIError
from k8scourse.sim import Simulation


class Recorder(Controller):
    """Records every reconcile (key, simulated ms, whether the primary exists) and answers with
    what ``answers`` holds for the key (an exception to raise, a Result, or None)."""
    resource, kind, component = "replicasets", "ReplicaSet", "recorder"
    owns = adopts = ("pods",)

    def __init__(self, server):
        super().__init__(server)
        self.calls: list[tuple[str, int, bool]] = []
        self.answers: dict[str, list] = {}

    def reconcile(self, key):
        ns, name = key.split("/")
        self.calls.append((key, self.sim.now_ms, self.server.peek("replicasets", name, ns) is not None))
        queued = self.answers.get(key) or [None]
        answer = queued.pop(0) if len(queued) > 1 else queued[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class JobLike(Recorder):
    """Owns pods but adopts no orphans (as the Job controller)."""
    resource, kind, component = "jobs", "Job", "joblike"
    adopts = ()

    def reconcile(self, key):
        self.calls.append((key, self.sim.now_ms, True))


def rs(name, app):
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": app}},
                     "template": {"metadata": {"labels": {"app": app}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


def pod(name, labels, owner=None):
    md = {"name": name, "labels": labels}
    if owner is not None:
        md["ownerReferences"] = [{"apiVersion": owner["apiVersion"], "kind": owner["kind"],
                                  "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"],
                                  "controller": True}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": md,
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


@pytest.fixture
def api():
    return APIServer(Simulation(seed=0))


def keys(controller):
    return [k for k, _, _ in controller.calls]


def settle(api, ms=10):
    api.sim.run(ms=ms)


# ---------------------------------------------------------------------------- generated handlers
def test_owned_object_maps_to_its_controller_owner(api):
    a, b = api.create(rs("a", "a")), api.create(rs("b", "b"))
    c = Recorder(api).start()
    settle(api)
    assert keys(c) == ["default/a", "default/b"]          # the initial list
    c.calls.clear()
    api.create(pod("p1", {"app": "b"}, owner=a))           # labelled like b, controlled by a
    settle(api)
    assert keys(c) == ["default/a"]
    c.calls.clear()
    api.delete("pods", "p1")                               # a dependent gone: its owner looks again
    settle(api)
    assert keys(c) == ["default/a"]
    assert b["metadata"]["name"] == "b"


def test_orphan_maps_to_every_owner_whose_selector_matches(api):
    api.create(rs("a", "a"))
    api.create(rs("b", "b"))
    api.create(rs("b2", "b"))
    c = Recorder(api).start()
    settle(api)
    c.calls.clear()
    api.create(pod("orphan", {"app": "b"}))
    api.create(pod("stray", {"app": "nobody"}))
    settle(api)
    assert sorted(keys(c)) == ["default/b", "default/b2"]
    c.calls.clear()
    api.delete("pods", "orphan")                           # a deleted orphan wants no owner
    settle(api)
    assert keys(c) == []


def test_objects_controlled_by_another_kind_are_not_ours(api):
    api.create(rs("a", "a"))
    c = Recorder(api).start()
    settle(api)
    c.calls.clear()
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "a", "uid": "job-uid"}}
    api.create(pod("p", {"app": "a"}, owner=job))           # a Job's pod, though our selector matches
    settle(api)
    assert keys(c) == []


def test_a_controller_that_does_not_adopt_ignores_orphans(api):
    c = JobLike(api).start()
    job = api.create({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {
        "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}})
    settle(api)
    c.calls.clear()
    api.create(pod("orphan", {"job-name": "j"}))
    settle(api)
    assert keys(c) == []
    api.create(pod("mine", {}, owner=job))
    settle(api)
    assert keys(c) == ["default/j"]


def test_primary_changes_and_deletes_are_reconciled(api):
    c = Recorder(api).start()
    api.create(rs("a", "a"))
    settle(api)
    api.delete("replicasets", "a")
    settle(api)
    assert c.calls == [("default/a", 0, True), ("default/a", 10, False)]


# ---------------------------------------------------------------------------- the reconcile loop
def test_errors_are_retried_with_exponential_back_off_and_forgotten_on_success(api):
    api.create(rs("a", "a"))
    c = Recorder(api)
    conflict = APIError.conflict("replicasets", "a", "the object has been modified")
    c.answers["default/a"] = [conflict, conflict, conflict, conflict, None]
    c.start()
    settle(api, 1000)
    times = [t for _, t, _ in c.calls]
    assert [b - a for a, b in zip(times, times[1:])] == [5, 10, 20, 40]
    assert c.queue.num_requeues("default/a") == 0          # success forgot the failures
    c.answers["default/a"] = [conflict, None]
    api.patch("replicasets", "a", "default", {"metadata": {"labels": {"x": "1"}}}, "merge")
    start = api.sim.now_ms
    settle(api, 1000)
    assert [t - start for _, t, _ in c.calls[5:]] == [0, 5]  # the back-off started again from 5 ms


def test_requeue_after_runs_again_then_and_requeue_is_rate_limited(api):
    api.create(rs("a", "a"))
    api.create(rs("b", "b"))
    c = Recorder(api)
    c.answers["default/a"] = [Result(requeue_after_ms=3000), None]
    c.answers["default/b"] = [Result(requeue=True), Result(requeue=True), None]
    c.start()
    settle(api, 5000)
    assert [(k, t) for k, t, _ in c.calls] == [("default/a", 0), ("default/b", 0), ("default/b", 5),
                                               ("default/b", 15), ("default/a", 3000)]


def test_deployment_style_max_retries_drops_the_key(api):
    class Dropping(Recorder):
        max_retries = 3
    api.create(rs("a", "a"))
    c = Dropping(api)
    c.answers["default/a"] = [APIError.conflict("replicasets", "a", "modified")]
    c.start()
    settle(api, 60_000)
    assert len(c.calls) == 4                                # the first try and three retries
    assert any(e.component == "recorder" and e.action == "drop" for e in api.sim.trace)
    api.patch("replicasets", "a", "default", {"metadata": {"labels": {"x": "1"}}}, "merge")
    settle(api)
    assert [t for _, t, _ in c.calls[4:]] == [60_000, 60_005]   # a new event brings it back


# ---------------------------------------------------------------------------- informers
def test_a_refused_reconcile_breaks_the_watch_and_the_informer_lists_again(api):
    api.create(rs("a", "a"))
    c = Recorder(api)
    c.answers["default/a"] = [None]
    c.start()
    settle(api)
    api.available = False
    api.store.create(("replicasets.apps", "default", "b"), {**rs("b", "b"), "metadata": {
        "name": "b", "namespace": "default", "uid": "uid-b"}}, actor="test")     # written behind the API's back
    settle(api)
    assert c.watch_broken and keys(c) == ["default/a"]      # the watch heard nothing while the API was down
    api.available = True
    settle(api, 5000)
    assert not c.watch_broken
    assert keys(c)[1:] == ["default/a", "default/b"]        # the re-list reconciles everything
    relist = c.calls[1][1]
    assert relist == 800 + 10                               # reflector back-off: 0.8 s after the break


def test_an_outage_seen_by_a_reconcile_lists_with_the_reflector_back_off(api):
    api.create(rs("a", "a"))
    c = Recorder(api)
    c.answers["default/a"] = [APIError.unavailable("the server is currently unable to handle the request"), None]
    api.available = False
    c.start()                                               # the first list is refused too
    assert c.watch_broken
    settle(api, 10_000)
    assert c.calls == []                                    # nothing listed, nothing to reconcile
    attempts = [e.time_ms for e in api.sim.queue._heap if "re-list" in e.name and not e.cancelled]
    assert attempts == [12_000]                             # lists tried at 0.8, 2.4, 5.6 and 12 s
    api.available = True
    settle(api, 20_000)
    # listed at 12 s; the refused reconcile is retried 5 ms later — and, being a refusal, broke the
    # watches again: the next list (12.8 s later) reconciles once more
    assert [(k, t) for k, t, _ in c.calls] == [("default/a", 12_000), ("default/a", 12_005), ("default/a", 24_800)]
    assert not c.watch_broken


def test_deletes_missed_while_stopped_or_broken_are_delivered_by_the_next_list(api):
    api.create(rs("a", "a"))
    api.create(rs("b", "b"))
    c = Recorder(api).start()
    settle(api)
    c.stop()
    api.delete("replicasets", "a")
    api.create(rs("c", "c"))
    settle(api)
    c.calls.clear()
    c.start()
    settle(api)
    assert sorted((k, exists) for k, _, exists in c.calls) == [("default/a", False), ("default/b", True),
                                                              ("default/c", True)]


def test_stopping_drops_queued_keys_and_timers(api):
    api.create(rs("a", "a"))
    c = Recorder(api)
    c.answers["default/a"] = [Result(requeue_after_ms=1000)]
    c.start()
    settle(api)
    c.stop()
    settle(api, 5000)
    assert len(c.calls) == 1 and len(c.queue) == 0
