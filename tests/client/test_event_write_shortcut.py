"""The API server's shortcut for an event recorder's write (``APIServer._create_recorded_event``)
stores exactly what the full create path stores — the same Event, resourceVersion, history entry,
watch event, trace line, RNG draw and answer — and leaves every case it does not cover (a missing or
terminating namespace, a taken name) to the full path's answer.
"""

from __future__ import annotations

import json

from k8scourse.apiserver import APIServer
from k8scourse.apiserver.server import APIServer as Server
from k8scourse.client import EventBroadcaster
from k8scourse.sim import Simulation


def _pod(name: str, namespace: str = "default", rv: str = "7") -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "uid": f"uid-{name}", "resourceVersion": rv}}


FULL = Server._create_recorded_event


def scenario(shortcuts: bool, monkeypatch) -> dict:
    taken = []
    full = FULL

    def spy(self, *args):
        stored = full(self, *args)
        taken.append(stored is not None)
        return stored
    monkeypatch.setattr(Server, "_create_recorded_event", spy)
    sim = Simulation(seed=3)
    sim.shortcuts = shortcuts
    api = APIServer(sim)
    seen: list = []
    api.store.watch("events", lambda e: seen.append((e.type, e.revision, json.dumps(e.object, sort_keys=True))))
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "closing"}}, user="t", trusted=True)
    api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "keep", "namespace": "closing"},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]}}, user="t", trusted=True)
    api.delete("namespaces", "closing", user="t")
    assert api.peek("namespaces", "closing")["status"]["phase"] == "Terminating"
    scheduler = EventBroadcaster(api, "cp").new_recorder("default-scheduler")
    twin = EventBroadcaster(api, "cp").new_recorder("default-scheduler")     # same names: AlreadyExists
    answers = []
    for i in range(3):
        answers.append(scheduler.eventf(_pod(f"web-{i}"), None, "Normal", "Scheduled", "Binding",
                                        f"Successfully assigned default/web-{i} to n1"))
    for _ in range(3):                   # a series: count 2 written at once, 3 at the finish tick
        answers.append(scheduler.eventf(_pod("stuck"), None, "Warning", "FailedScheduling", "Scheduling",
                                        "0/1 nodes are available"))
    answers.append(twin.eventf(_pod("web-0"), None, "Normal", "Scheduled", "Binding", "again"))
    answers.append(scheduler.eventf(_pod("victim"), _pod("preemptor"), "Normal", "Preempted", "Preempting",
                                    "Preempted by pod preemptor on node n1"))
    answers.append(scheduler.eventf({}, None, "Normal", "Starting", "StartKubeProxy", "",
                                    regarding_ref={"kind": "Node", "name": "n1", "uid": "n1"}))
    answers.append(scheduler.eventf(_pod("gone", "nowhere"), None, "Normal", "Scheduled", "Binding", "x"))
    answers.append(scheduler.eventf(_pod("late", "closing"), None, "Normal", "Scheduled", "Binding", "x"))
    answers.append(scheduler.eventf(_pod("x" * 250), None, "Normal", "Scheduled", "Binding", "too long"))
    sim.run(seconds=13 * 60)
    store = api.store
    return {"answers": [json.dumps(a, sort_keys=True) for a in answers],
            "objects": {f"{r}|{ns}|{n}": json.dumps(o, sort_keys=True)
                        for r, bucket in store._data.items() for (ns, n), o in bucket.items()},
            "history": [(h.revision, h.time_ms, h.verb, h.key, h.actor, json.dumps(h.object, sort_keys=True))
                        for h in store.history()],
            "watch": seen, "trace": [str(e) for e in sim.trace], "rng": sim.rng.getstate(), "taken": taken}


def test_recorded_events_are_stored_alike_with_and_without_the_shortcut(monkeypatch):
    reference = scenario(False, monkeypatch)
    fast = scenario(True, monkeypatch)
    assert reference.pop("taken") == []
    # taken for the new Events and the re-created ones; not for the missing or terminating namespace
    taken = fast.pop("taken")
    assert taken.count(True) >= 6 and taken.count(False) == 2
    for key in reference:
        assert fast[key] == reference[key], f"{key} differs"
    answers = [json.loads(a) for a in fast["answers"]]
    assert "series" not in answers[3] and answers[4]["series"]["count"] == 2
    # a long (250-character) pod name makes a 267-character Event name: a core Event's name only has
    # to be a path segment (no length limit), so it is stored
    assert [a is None for a in answers] == [False, False, False, False, False, True, True, False, False,
                                            True, True, False]
    stored = [json.loads(o) for k, o in fast["objects"].items() if k.startswith("events|")]
    assert {e["reason"] for e in stored} == {"Scheduled", "FailedScheduling", "Preempted", "Starting"}
