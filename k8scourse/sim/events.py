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
from dataclasses import dataclass, field
from typing import Callable


@dataclass(order=True)
class ScheduledEvent:
    time_ms: int
    priority: int
    sequence: int
    callback: Callable[[], None] = field(compare=False)
    name: str = field(compare=False, default="")
    cancelled: bool = field(compare=False, default=False)

    def cancel(self) -> None:
        """Cancelled events stay in the heap but are skipped when popped (lazy deletion)."""
        self.cancelled = True


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
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].time_ms if self._heap else None

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
