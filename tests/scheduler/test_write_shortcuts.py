"""The scheduler's writes take the API server's shortcuts (the event recorder's Event create) only
where nothing observable changes: each scheduler_perf shape runs at a small size in the reference
mode (``Simulation.shortcuts`` off: every write takes the full path) and with the shortcuts, and the
whole store (every object and resourceVersion), its history, every watch event in order, the trace,
the RNG state and the placements must be the same.
"""

from __future__ import annotations

import json

import pytest

from k8scourse.apiserver.server import APIServer
from k8scourse.sim import simulation

from perf_shapes import scheduler_perf, small  # noqa: E402  (tests/scheduler on sys.path)

SHAPES = list(scheduler_perf.SHAPES)


FULL = APIServer._create_recorded_event


def observed(name: str, shortcuts: bool, monkeypatch) -> dict:
    monkeypatch.setattr(simulation, "SHORTCUTS", shortcuts)
    taken = []
    full = FULL

    def spy(self, *args):
        stored = full(self, *args)
        taken.append(stored is not None)
        return stored
    monkeypatch.setattr(APIServer, "_create_recorded_event", spy)
    shape = scheduler_perf.SHAPES[name]
    w = scheduler_perf.Workload(shape, small(name))
    assert w.sim.shortcuts is shortcuts
    seen: list = []
    for resource in ("events", "pods", "nodes"):
        w.api.store.watch(resource, lambda e: seen.append((e.type, e.resource, e.revision,
                                                           json.dumps(e.object, sort_keys=True))))
    result = w.run("small")
    store = w.api.store
    return {"objects": {f"{r}|{ns}|{n}": json.dumps(obj, sort_keys=True)
                        for r, bucket in store._data.items() for (ns, n), obj in bucket.items()},
            "revision": store.revision,
            "history": [(h.revision, h.time_ms, h.verb, h.key, h.actor, json.dumps(h.object, sort_keys=True))
                        for h in store.history()],
            "watch": seen, "trace": [str(e) for e in w.sim.trace], "rng": w.sim.rng.getstate(),
            "steps": w.sim.steps, "placements": result.placements, "outcomes": result.outcomes,
            "shortcuts taken": sum(taken)}


@pytest.mark.parametrize("name", SHAPES)
def test_shortcuts_change_nothing_observable(name, monkeypatch):
    reference = observed(name, False, monkeypatch)
    fast = observed(name, True, monkeypatch)
    assert any(k.startswith("events|") for k in fast["objects"])     # Events were written
    assert reference.pop("shortcuts taken") == 0 and fast.pop("shortcuts taken") > 0
    for key in reference:
        assert fast[key] == reference[key], f"{key} differs"
