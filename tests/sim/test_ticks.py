"""Periodic ticks in the side heap: the same order, sequence numbers and counts as one heap.

The reference is a single heap holding everything (what the queue was before the side heap): random
mixes of events and self-rescheduling ticks, with cancellations and events scheduled from inside
callbacks, must run in the same (time, priority, sequence, name) order either way."""

import random

import pytest

from k8scourse.sim import Simulation
from k8scourse.sim.events import EventQueue


class _OneHeap(EventQueue):
    """The queue before the side heap: ticks go to the main heap like any event."""

    def push_tick(self, time_ms, priority, callback, name=""):
        event = self.push(time_ms, priority, callback, name)
        event.periodic = True
        return event


def _scenario(sim: Simulation, seed: int) -> list:
    rng = random.Random(seed)
    log: list = []

    def ticker(name, period, priority, reschedule_first):
        state = {"event": None, "n": 0}

        def fire():
            ev = sim.current
            log.append((sim.now_ms, ev.priority, ev.sequence, name, ev.periodic))
            state["n"] += 1
            if reschedule_first:
                state["event"] = sim.tick(period, fire, name, priority)
            if rng.random() < 0.2:          # a tick that starts real work: an event at the same instant
                sim.schedule(0, lambda: log.append((sim.now_ms, "work", name)), f"work {name}", rng.choice((0, 4)))
            if not reschedule_first:
                state["event"] = sim.tick(period, fire, name, priority)
        state["event"] = sim.tick(rng.choice((0, period)), fire, name, priority)
        return state

    tickers = [ticker(f"t{i}", rng.choice((5000, 10000, 15000)), rng.randrange(6), rng.random() < 0.5)
               for i in range(6)]
    for i in range(40):
        sim.schedule(rng.randrange(0, 120_000, 2500), lambda i=i: log.append((sim.now_ms, "event", i)),
                     f"e{i}", rng.randrange(6))
    sim.run(seconds=60)
    tickers[0]["event"].cancel()                    # a component stops
    sim.run(seconds=30.5)
    tickers[1]["event"].cancel()
    tickers[1]["event"] = sim.tick(0, lambda: log.append((sim.now_ms, "restart")), "restart", 3)
    sim.run_until_idle(max_ms=60_000)
    sim.step()
    return log + [("steps", sim.steps, "sequence", sim.queue._sequence, "now", sim.now_ms, len(sim.queue))]


@pytest.mark.parametrize("seed", range(8))
def test_side_heap_runs_everything_in_the_one_heap_order(seed):
    reference = Simulation(seed=1)
    reference.queue = _OneHeap()
    side = Simulation(seed=1)
    want, got = _scenario(reference, seed), _scenario(side, seed)
    assert got == want
    assert len(got) > 100 and any(entry[-1] is True for entry in got if len(entry) == 5)
    assert side.queue._ticks and not reference.queue._ticks


def test_disturbances_count_events_that_are_not_ticks_and_every_entry():
    sim = Simulation()

    def tick():
        sim.tick(1000, tick, "tick")
    sim.tick(1000, tick, "tick")
    sim.run(seconds=10)                               # ten ticks: only the entry counts
    assert sim.steps == 10 and sim.disturbances == 1
    sim.schedule(500, lambda: None, "event")
    sim.run(seconds=1)
    assert sim.disturbances == 3                      # the entry and the event
    sim.step()                                        # a step from outside is an entry
    assert sim.disturbances == 4 and sim.steps == 13


def test_an_interrupted_tick_goes_back_to_the_side_heap():
    sim = Simulation()
    fired = []

    def tick():
        fired.append(sim.now_ms)
        if len(fired) == 1:
            raise KeyboardInterrupt
        sim.tick(1000, tick, "tick")
    sim.tick(1000, tick, "tick")
    with pytest.raises(KeyboardInterrupt):
        sim.run(seconds=5)
    assert len(sim.queue._ticks) == 1 and not sim.queue._heap
    sim.run(seconds=2)
    assert fired == [1000, 1000, 2000, 3000]


def test_pop_due_and_peek_see_both_heaps():
    q = EventQueue()
    a = q.push_tick(10, 0, lambda: None, "a")
    b = q.push(10, 0, lambda: None, "b")
    assert q.peek() is a and q.pop_due(9) is None
    a.cancel()
    assert q.peek() is b and len(q) == 1 and q.pop_due(10) is b and q.pop_due(10**9) is None


def test_runs_batch_young_collections_and_put_the_threshold_back():
    import gc

    from k8scourse import defaults
    sim = Simulation()
    seen = []
    sim.schedule(10, lambda: seen.append(gc.get_threshold()[0]))
    sim.schedule(20, lambda: sim.run_until_idle(max_ms=5))       # nested: leaves it to the outer run
    sim.schedule(30, lambda: seen.append(gc.get_threshold()[0]))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, *before[1:])
        sim.run(seconds=1)
        assert seen == [defaults.GC_YOUNG_THRESHOLD] * 2 and gc.get_threshold()[0] == 700

        def interrupted():
            raise KeyboardInterrupt
        sim.schedule(0, interrupted)
        with pytest.raises(KeyboardInterrupt):
            sim.run_until_idle()
        assert gc.get_threshold()[0] == 700
    finally:
        gc.set_threshold(*before)
