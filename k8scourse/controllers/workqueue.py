"""The controllers' work queue: keys to reconcile, de-duplicated, on the simulated clock.

Models client-go's rate-limited work queue as controllers use it: event handlers only *add keys*;
the reconcile function runs later (``delay_ms`` after now) and reads the current state. A key added
again before it ran runs once, at the earlier of the two times — which is what makes controllers
level-triggered rather than event-triggered.

>>> from k8scourse.sim import Simulation
>>> sim = Simulation(); seen = []
>>> q = WorkQueue(sim, seen.append, "demo")
>>> q.add("default/web"); q.add("default/web", delay_ms=500); q.add("dev/api", delay_ms=100)
>>> sim.run(seconds=1); seen
['default/web', 'dev/api']
"""

from __future__ import annotations

from typing import Callable


class WorkQueue:
    """Keys waiting to be reconciled, each at most once (a later add keeps the earlier time)."""

    def __init__(self, sim, handler: Callable[[str], None], name: str):
        self._sim, self._handler, self._name = sim, handler, name
        self._due: dict[str, tuple[int, object]] = {}

    def add(self, key: str, delay_ms: int = 0) -> None:
        delay_ms = max(0, int(delay_ms))
        due = self._sim.now_ms + delay_ms
        current = self._due.get(key)
        if current is not None:
            if current[0] <= due:
                return
            current[1].cancel()
        event = self._sim.schedule(delay_ms, lambda: self._run(key), name=f"{self._name} {key}")
        self._due[key] = (due, event)

    def _run(self, key: str) -> None:
        self._due.pop(key, None)
        self._handler(key)
