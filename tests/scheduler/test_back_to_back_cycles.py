"""Back-to-back scheduling cycles (``Simulation.continue_now``) change nothing observable: each
scheduler_perf shape runs at a small size with every cycle scheduled as its own event (the queue
round trip, ``continue_now`` answering False) and with the cycles run at once, and the whole store
(objects, resourceVersions, history), the trace, the RNG state, the processed-event count, the
event queue's sequence counter, the disturbance count and the placements must be the same.
"""

from __future__ import annotations

import json

import pytest

from k8scourse.sim import Simulation

from perf_shapes import scheduler_perf, small  # noqa: E402  (tests/scheduler on sys.path)

SHAPES = list(scheduler_perf.SHAPES)
CONTINUE_NOW = Simulation.continue_now


def observed(name: str, back_to_back: bool, monkeypatch) -> dict:
    taken = []

    def spy(self):
        answer = CONTINUE_NOW(self) if back_to_back else False
        taken.append(answer)
        return answer
    monkeypatch.setattr(Simulation, "continue_now", spy)
    w = scheduler_perf.Workload(scheduler_perf.SHAPES[name], small(name))
    result = w.run("small")
    store, sim = w.api.store, w.sim
    return {"objects": {f"{r}|{ns}|{n}": json.dumps(obj, sort_keys=True)
                        for r, bucket in store._data.items() for (ns, n), obj in bucket.items()},
            "history": [(h.revision, h.time_ms, h.verb, h.key, h.actor) for h in store.history()],
            "trace": [str(e) for e in sim.trace], "rng": sim.rng.getstate(), "steps": sim.steps,
            "sequence": sim.queue._sequence, "disturbances": sim.disturbances, "now": sim.now_ms,
            "pending": len(sim.queue), "placements": result.placements, "outcomes": result.outcomes,
            "taken": sum(taken)}


@pytest.mark.parametrize("name", SHAPES)
def test_back_to_back_cycles_change_nothing_observable(name, monkeypatch):
    one_by_one = observed(name, False, monkeypatch)
    at_once = observed(name, True, monkeypatch)
    assert one_by_one.pop("taken") == 0 and at_once.pop("taken") > 0     # the shortcut was taken
    for key in one_by_one:
        assert at_once[key] == one_by_one[key], f"{key} differs"


def test_continue_now_only_when_the_follow_up_would_be_next():
    sim = Simulation()
    answers = []

    def first():
        answers.append(sim.continue_now())          # "other" is due at this instant before a follow-up

    _ = sim.schedule(5, first)
    _ = sim.schedule(5, lambda: None, name="other")
    sim.run(ms=10)
    assert answers == [False] and sim.steps == 2

    def stepped():
        answers.append(sim.continue_now())          # step() processes one event only
    _ = sim.schedule(0, stepped)
    sim.step()
    assert answers == [False, False]

    def later():
        answers.append(sim.continue_now())          # the next event is later: run the follow-up now
    _ = sim.schedule(0, later)
    _ = sim.schedule(1, lambda: None)
    sequence, steps = sim.queue._sequence, sim.steps
    sim.run(ms=0)
    assert answers[-1] is True and sim.queue._sequence == sequence + 1 and sim.steps == steps + 2
