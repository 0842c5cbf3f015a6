"""One simulation: clock + event heap + seeded RNG + trace, run step by step.

**Steady-state shortcuts** (``Simulation.shortcuts``, on by default). Periodic node-level work —
lease renewals, cAdvisor housekeeping, metrics-server scrapes, the node lifecycle monitor — takes a
cheaper path when the state it depends on is the one it saw last time, with the contract that
nothing observable changes: every stored object and its resourceVersion, the store's history, the
trace, the number of events processed, the heap's sequence counter, the RNG's state, usage series,
metrics and every kubectl output. With ``shortcuts`` off (the *reference mode*, or
``simulation.SHORTCUTS = False`` before a cluster is built) every tick takes its full path;
``tests/metrics/test_steady_state.py`` runs scenarios with faults in both modes and compares all of
the above at several instants. Each shortcut is described in its module (``kubelet.node_status``,
``kubelet.cadvisor``, ``metrics.server``, ``controllers.nodelifecycle``).

**Periodic ticks** (``Simulation.tick``) — heartbeats, housekeeping, eviction passes, scrapes,
controller loops — wait in a side heap of the event queue whose pushes still take the next sequence
number, so the order of everything is the one a single heap gives (``sim.events``). The run loop
counts **disturbances**: every event that is not a periodic tick, and every entry into ``run``,
``run_until_idle`` or ``step`` (between two of those the user, a fault or a test may have changed
anything). A periodic component whose last pass found a steady state, and which sees neither a
disturbance nor a write of the objects it depends on since (``Store.last_write``), knows its inputs
are the ones of that pass — only periodic ticks ran in between, and a tick that changes anything
but through a store write says so (``disturb()``: an OOM kill, an eviction) — and can skip
re-checking them (``kubelet.cadvisor``'s quiet step, ``kubelet.node_status``, ``kubelet.eviction``).
While events run, the cyclic GC's young generation is collected every
:data:`~k8scourse.defaults.GC_YOUNG_THRESHOLD` allocations instead of 700 (a big cluster's ticks
otherwise promote their short-lived objects and the collector walks the whole heap again and again).

What remains of issue 18: the ticks still run one by one. cAdvisor's housekeeping steps are
deferred and replayed when observed (``kubelet.cadvisor``), but each lease renewal is still a store
write with its history entry, watch events and trace line (about half of an idle cluster's cost).
Advancing the side heap in closed form up to the key of the next real event (or the end of a run)
needs the store's history and the trace to hold such runs of periodic writes lazily, materialised
when observed, with a tick whose preconditions fail running its full callback at its own key.

>>> sim = Simulation(seed=1)
>>> ticks = []
>>> def tick():
...     ticks.append(sim.now_ms)
...     if len(ticks) < 3:
...         sim.schedule(1000, tick)
>>> _ = sim.schedule(0, tick)
>>> sim.run_until_idle()
>>> ticks
[0, 1000, 2000]
"""

from __future__ import annotations

import contextlib
import gc
import random
import threading
from typing import Callable, Iterator

from .. import defaults
from ..errors import ArgumentError, SimulationError
from .clock import Clock
from .events import EventQueue, ScheduledEvent
from .trace import TraceLog


# Whether new simulations take the steady-state shortcuts (``Simulation.shortcuts``); the
# trace-equivalence tests turn it off to build the reference run.
SHORTCUTS = True


@contextlib.contextmanager
def _young_collections_batched() -> Iterator[None]:
    """Raise the cyclic GC's young-generation threshold to :data:`~k8scourse.defaults.GC_YOUNG_THRESHOLD`
    while events run (never lowers it; nested runs leave it to the outer one); put it back after.
    Only how often the collector runs changes: no engine object depends on when garbage goes."""
    before = gc.get_threshold()
    raised = before[0] < defaults.GC_YOUNG_THRESHOLD
    if raised:
        gc.set_threshold(defaults.GC_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        if raised:
            gc.set_threshold(*before)


def duration_ms(seconds: object) -> int:
    """``seconds`` as whole milliseconds, or a :class:`SimulationError` naming what is wrong with it
    (not a number, negative, not finite, more than one run may cover)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds != seconds:
        raise ArgumentError("arg.duration.type", got=repr(seconds)[:60])
    if seconds < 0:
        raise ArgumentError("arg.duration.negative")
    if seconds > defaults.MAX_RUN_SECONDS:
        raise ArgumentError("arg.duration.too_long", seconds=seconds, limit=defaults.MAX_RUN_SECONDS)
    return int(round(seconds * 1000))


class Simulation:
    def __init__(self, seed: int = 0, epoch: str = defaults.EPOCH):
        self.seed = seed
        self.clock = Clock(epoch)
        self.queue = EventQueue()
        # One RNG per cluster, passed down explicitly: the only source of randomness in the engine.
        self.rng = random.Random(seed)
        self.trace = TraceLog()
        # The event being processed (None between events): who is acting now, for a component that
        # must order what it does against the event in progress (the prober's coasting probes).
        self.current: ScheduledEvent | None = None
        self.steps = 0                  # events processed so far (the operation log counts them)
        # One clock, one lock: every front end (a handle's command, the live clock, the REST
        # endpoint) holds it around its calls, since the simulation itself is single-threaded.
        self.lock = threading.RLock()
        # An interrupt (Ctrl-C, the kernel's stop button) that arrived while events were being
        # processed: honoured between two events, so no event is ever half applied.
        self._stop_requested = False
        # The steady-state shortcuts of periodic node-level work (lease renewals, cAdvisor
        # housekeeping, metrics scrapes, the node monitor): on by default; off is the reference mode
        # the trace-equivalence tests compare against (tests/metrics/test_steady_state.py).
        self.shortcuts = SHORTCUTS
        # Events that were not periodic ticks, plus entries into run/run_until_idle/step: a periodic
        # component that saw none since its last steady pass knows only ticks ran (module docstring).
        self.disturbances = 0
        self._looping: ScheduledEvent | None = None     # the event the run loop popped last
        self._continued = 0                              # follow-ups run at once (``continue_now``)

    def request_stop(self) -> None:
        """Ask a running ``run``/``run_until_idle``/``step`` loop to stop after the current event."""
        self._stop_requested = True

    def check_stop(self) -> None:
        """Raise KeyboardInterrupt if a stop was requested (call only between two events)."""
        if self._stop_requested:
            self._stop_requested = False
            raise KeyboardInterrupt

    @property
    def now_ms(self) -> int:
        return self.clock.now_ms

    def schedule(self, delay_ms: int, callback: Callable[[], None], name: str = "",
                 priority: int = 0) -> ScheduledEvent:
        """Run ``callback`` ``delay_ms`` after now (0 = later in this same instant)."""
        if delay_ms < 0:
            raise SimulationError(f"cannot schedule {name or 'an event'} in the past ({delay_ms} ms)")
        return self.queue.push(self.clock.now_ms + int(delay_ms), priority, callback, name)

    def tick(self, delay_ms: int, callback: Callable[[], None], name: str = "", priority: int = 0) -> ScheduledEvent:
        """:meth:`schedule` for a periodic tick (the side heap; the same sequence numbers and order)."""
        if delay_ms < 0:
            raise SimulationError(f"cannot schedule {name or 'an event'} in the past ({delay_ms} ms)")
        return self.queue.push_tick(self.clock._now_ms + int(delay_ms), priority, callback, name)

    def disturb(self) -> None:
        """A periodic tick changed something beyond a store write (it killed a container, evicted a
        pod): components must not take the inputs of their last pass for granted."""
        self.disturbances += 1

    def step(self) -> bool:
        """Process the next event; False when nothing is pending."""
        self.disturbances += 1
        return self._step()

    def _step(self) -> bool:
        if self.queue.peek_time() is None:
            return False
        self._looping = None            # one event only: ``continue_now`` answers False
        self._process(self.queue.pop())
        return True

    def _process(self, event: ScheduledEvent) -> None:
        self.steps += 1
        if not event.periodic:
            self.disturbances += 1
        clock = self.clock
        if event.time_ms != clock._now_ms:
            clock.advance_to(event.time_ms)
        outer, self.current = self.current, event
        try:
            event.callback()
        except KeyboardInterrupt:
            # An interrupt that was not deferred to a safe point (raised inside the event): the event
            # goes back to its place and runs again first when time moves on. Every callback is a
            # level-triggered pass (a reconcile, a sync), so running it again converges.
            self.queue.put_back(event)
            raise
        finally:
            self.current = outer

    def run(self, seconds: float = 0, ms: int | None = None) -> None:
        """Advance simulated time by ``seconds`` (or ``ms``), processing every event due by then."""
        span = duration_ms(seconds) if ms is None else duration_ms(ms / 1000)
        deadline = self.clock.now_ms + span
        self.disturbances += 1
        pop_due, process = self.queue.pop_due, self._process
        with _young_collections_batched():
            while True:
                if self._stop_requested:
                    self.check_stop()
                event = pop_due(deadline)
                if event is None:
                    break
                self._looping = event
                process(event)
        self.clock.advance_to(deadline)

    def run_until_idle(self, max_ms: int = 24 * 3600 * 1000, max_events: int = 10_000_000) -> None:
        """Process events until the heap is empty (or a limit is hit, for periodic components)."""
        deadline = self.clock.now_ms + max_ms
        count = 0
        self.disturbances += 1
        pop_due, process = self.queue.pop_due, self._process
        with _young_collections_batched():
            while count < max_events:
                if self._stop_requested:
                    self.check_stop()
                event = pop_due(deadline)
                if event is None:
                    return
                self._looping = event
                continued = self._continued
                process(event)
                count += 1 + self._continued - continued

    def record(self, component: str, action: str, target: str, detail: str = "") -> None:
        self.trace.record(self.clock.now_ms, component, action, target, detail)

    def continue_now(self) -> bool:
        """Instead of ``schedule(0, callback)`` for its own follow-up (the same callback), may the event
        being processed (of priority 0) run that follow-up at once? True when the new event would be
        the very next one this
        ``run``/``run_until_idle`` loop processes — nothing else is due at this instant before it
        (every pending event has a later time, or the same time and a higher priority number), no
        stop was requested, the event was popped by the loop itself (not ``step()`` or a nested
        call) — and then it is counted as that event would have been: a sequence number, a step, a
        disturbance. Nothing else can tell the two apart (the scheduler's back-to-back cycles).

        >>> sim = Simulation()
        >>> done = []
        >>> def work():
        ...     done.append(sim.now_ms)
        ...     if len(done) < 3 and sim.continue_now():
        ...         work()
        >>> _ = sim.schedule(5, work)
        >>> sim.run(ms=10)
        >>> done, sim.steps, sim.queue._sequence
        ([5, 5, 5], 3, 3)
        """
        event = self.current
        if event is None or event is not self._looping or self._stop_requested or event.periodic:
            return False
        queue = self.queue
        head = queue._head()
        if head is not None:
            first = head[0]
            if first.time_ms == event.time_ms and first.priority <= 0:
                return False
        if event.priority != 0:
            return False
        queue._sequence += 1
        self.steps += 1
        self.disturbances += 1
        self._continued += 1
        return True
