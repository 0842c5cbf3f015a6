"""The event heap: what happens next, in a total, reproducible order.

Events are ordered by ``(time_ms, priority, sequence)``: at equal times a lower priority number
runs first, and at equal priority the event scheduled earlier runs first. The sequence number makes
the order total, so two runs of the same scenario process events identically.

>>> q = EventQueue()
>>> _ = q.push(10, 0, lambda: None, "late")
>>> _ = q.push(5, 1, lambda: None, "b")
>>> _ = q.push(5, 0, lambda: None, "a")
>>> [q.pop().name for _ in range(3)]
['a', 'b', 'late']
"""

from __future__ import annotations

import heapq
from typing import Callable


class ScheduledEvent(list):
    """One pending event. The list holds the sort key ``[time_ms, priority, sequence]`` so that
    ``heapq`` compares two events in C (list comparison) — a simulated week pushes millions of
    events, and a Python-level ``__lt__`` was a visible share of every tick."""

    __slots__ = ("time_ms", "priority", "sequence", "callback", "name", "cancelled")

    def __init__(self, time_ms: int, priority: int, sequence: int, callback: Callable[[], None],
                 name: str = "", cancelled: bool = False):
        super().__init__((time_ms, priority, sequence))
        self.time_ms, self.priority, self.sequence = time_ms, priority, sequence
        self.callback, self.name, self.cancelled = callback, name, cancelled

    def cancel(self) -> None:
        """Cancelled events stay in the heap but are skipped when popped (lazy deletion)."""
        self.cancelled = True

    def __repr__(self) -> str:
        return (f"ScheduledEvent(time_ms={self.time_ms}, priority={self.priority}, sequence={self.sequence}, "
                f"name={self.name!r}, cancelled={self.cancelled})")



class EventQueue:
    def __init__(self) -> None:
        self._heap: list[ScheduledEvent] = []
        self._sequence = 0

    def push(self, time_ms: int, priority: int, callback: Callable[[], None], name: str = "") -> ScheduledEvent:
        self._sequence += 1
        event = ScheduledEvent(int(time_ms), priority, self._sequence, callback, name)
        heapq.heappush(self._heap, event)
        return event

    def peek_time(self) -> int | None:
        """Time of the next live event, or None when nothing is pending."""
        heap = self._heap
        while heap and heap[0].cancelled:
            heapq.heappop(heap)
        return heap[0].time_ms if heap else None

    def put_back(self, event: ScheduledEvent) -> None:
        """Return a popped event to its place (same time, priority and sequence: the same order)."""
        heapq.heappush(self._heap, event)

    def pop(self) -> ScheduledEvent:
        while True:
            event = heapq.heappop(self._heap)
            if not event.cancelled:
                return event

    def __len__(self) -> int:
        return sum(1 for e in self._heap if not e.cancelled)
