"""Interrupts that leave the cluster consistent: Ctrl-C (or a Jupyter kernel's interrupt) during a
command or a long ``run`` takes effect *between* two simulation events, never inside one.

Python delivers SIGINT as a ``KeyboardInterrupt`` wherever the main thread happens to be — possibly
halfway through an API write, with some watchers told and others not. While a handle's call is in
progress, :func:`deferred` replaces the handler with one that only asks the simulation to stop
(:meth:`~k8scourse.sim.Simulation.request_stop`); the simulation raises ``KeyboardInterrupt`` at
its next safe point (between events), or the handle raises it when the call is over. The next
command then finds a cluster in which every event was applied whole.

>>> from k8scourse.sim import Simulation
>>> sim = Simulation()
>>> with deferred(sim):
...     sim.request_stop()           # what the SIGINT handler does
>>> try:
...     sim.run(seconds=1)
... except KeyboardInterrupt:
...     print("stopped between events")
stopped between events
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


@contextmanager
def deferred(sim):
    """Defer SIGINT to the simulation's next safe point for the duration of the block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, lambda signum, frame: sim.request_stop())
    except (ValueError, OSError):        # no signals here (an embedded interpreter)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
