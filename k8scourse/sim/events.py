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

**Periodic ticks** (``push_tick``) live in a side heap of their own, with sequence numbers from the
same counter: the next event is the smaller of the two heaps' tops under the same key, so merging
the two heaps yields exactly the order one heap holding everything would (the keys are the same and
unique), while the main heap only holds the events that follow a change.

>>> q = EventQueue()
>>> _ = q.push_tick(10, 0, lambda: None, "tick")
>>> _ = q.push(10, 0, lambda: None, "event")
>>> _ = q.push_tick(5, 3, lambda: None, "early tick")
>>> [(e.name, e.sequence, e.periodic) for e in (q.pop(), q.pop(), q.pop())]
[('early tick', 3, True), ('tick', 1, True), ('event', 2, False)]
"""

from __future__ import annotations

import heapq
from typing import Callable


class ScheduledEvent(list):
    """One pending event. The list holds the sort key ``[time_ms, priority, sequence]`` so that
    ``heapq`` compares two events in C (list comparison) — a simulated week pushes millions of
    events, and a Python-level ``__lt__`` was a visible share of every tick."""

    __slots__ = ("time_ms", "priority", "sequence", "callback", "name", "cancelled", "periodic")

    def __init__(self, time_ms: int, priority: int, sequence: int, callback: Callable[[], None],
                 name: str = "", cancelled: bool = False, periodic: bool = False):
        super().__init__((time_ms, priority, sequence))
        self.time_ms, self.priority, self.sequence = time_ms, priority, sequence
        self.callback, self.name, self.cancelled = callback, name, cancelled
        self.periodic = periodic        # a periodic tick (the side heap), not an event that follows a change

    def cancel(self) -> None:
        """Cancelled events stay in the heap but are skipped when popped (lazy deletion)."""
        self.cancelled = True

    def __repr__(self) -> str:
        return (f"ScheduledEvent(time_ms={self.time_ms}, priority={self.priority}, sequence={self.sequence}, "
                f"name={self.name!r}, cancelled={self.cancelled})")



_new_event = list.__new__
_list_init = list.__init__
_heappush = heapq.heappush


class EventQueue:
    def __init__(self) -> None:
        self._heap: list[ScheduledEvent] = []
        self._ticks: list[ScheduledEvent] = []      # the side heap of periodic ticks
        self._sequence = 0

    def push(self, time_ms: int, priority: int, callback: Callable[[], None], name: str = "") -> ScheduledEvent:
        self._sequence += 1
        event = ScheduledEvent(int(time_ms), priority, self._sequence, callback, name)
        heapq.heappush(self._heap, event)
        return event

    def push_tick(self, time_ms: int, priority: int, callback: Callable[[], None], name: str = "") -> ScheduledEvent:
        """:meth:`push` for a periodic tick: the next sequence number, kept in the side heap."""
        sequence = self._sequence = self._sequence + 1
        time_ms = int(time_ms)
        # ScheduledEvent(time_ms, priority, sequence, callback, name, False, True) without the
        # Python-level __init__ (a simulated week pushes millions of ticks)
        event = _new_event(ScheduledEvent)
        _list_init(event, (time_ms, priority, sequence))
        event.time_ms, event.priority, event.sequence = time_ms, priority, sequence
        event.callback, event.name, event.cancelled, event.periodic = callback, name, False, True
        _heappush(self._ticks, event)
        return event

    def _head(self) -> list[ScheduledEvent] | None:
        """The heap whose top is the next live event (cancelled tops dropped), None when both are empty."""
        heap, ticks = self._heap, self._ticks
        while heap and heap[0].cancelled:
            heapq.heappop(heap)
        while ticks and ticks[0].cancelled:
            heapq.heappop(ticks)
        if not ticks:
            return heap if heap else None
        if not heap:
            return ticks
        return ticks if ticks[0] < heap[0] else heap

    def peek_time(self) -> int | None:
        """Time of the next live event, or None when nothing is pending."""
        head = self._head()
        return head[0].time_ms if head is not None else None

    def peek(self) -> ScheduledEvent | None:
        """The next live event (not removed), or None."""
        head = self._head()
        return head[0] if head is not None else None

    def pop_due(self, deadline_ms: int) -> ScheduledEvent | None:
        """Remove and return the next live event if it is due by ``deadline_ms``; else None."""
        head = self._head()
        if head is None or head[0].time_ms > deadline_ms:
            return None
        return heapq.heappop(head)

    def put_back(self, event: ScheduledEvent) -> None:
        """Return a popped event to its place (same time, priority and sequence: the same order)."""
        heapq.heappush(self._ticks if event.periodic else self._heap, event)

    def pop(self) -> ScheduledEvent:
        head = self._head()
        if head is None:
            raise IndexError("pop from an empty event queue")
        return heapq.heappop(head)

    def __len__(self) -> int:
        return sum(1 for e in self._heap if not e.cancelled) + sum(1 for e in self._ticks if not e.cancelled)
