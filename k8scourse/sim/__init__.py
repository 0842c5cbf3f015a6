"""The simulation core: one clock, one event heap, one seeded RNG and a trace log per cluster.

Nothing in the engine reads the wall clock. Time is an integer count of milliseconds since the
cluster's epoch (:data:`k8scourse.defaults.EPOCH`), moved forward only by running the event heap.

>>> sim = Simulation(seed=0)
>>> fired = []
>>> _ = sim.schedule(1500, lambda: fired.append(sim.now_ms), name="demo")
>>> sim.run(seconds=2)
>>> fired, sim.now_ms
([1500], 2000)
"""

from .clock import Clock, format_rfc3339, format_rfc1123z, parse_rfc3339
from .events import EventQueue, ScheduledEvent
from .simulation import Simulation
from .trace import TraceEntry, TraceLog

__all__ = [
    "Clock", "EventQueue", "ScheduledEvent", "Simulation", "TraceEntry", "TraceLog",
    "format_rfc3339", "format_rfc1123z", "parse_rfc3339",
]
