"""cAdvisor's in-memory usage history: samples and their ring buffers (``pkg/kubelet/cadvisor``).

Upstream cAdvisor keeps a short history of each container's stats in memory; here a
:class:`Series` holds one container's, pod's or node's :class:`Sample` points, bounded, column-wise.
Split from :mod:`k8scourse.kubelet.cadvisor`, which takes the samples.

>>> s = Series(2)
>>> for t in (10, 20, 30):
...     s.append(Sample(t, 1.0, 5, 0, 0, 0, 0))
>>> [p.time_ms for p in s], s.last().time_ms
([20, 30], 30)
"""

from __future__ import annotations

from array import array
from typing import Iterator, NamedTuple

from .. import defaults


class Sample(NamedTuple):
    time_ms: int
    cpu_m: float                 # CPU rate over the interval ending here, millicores
    memory_bytes: int            # working set at time_ms
    cpu_ns: int                  # cumulative CPU time, core-nanoseconds
    periods: int                 # cumulative CFS periods (containers)
    throttled_periods: int       # cumulative throttled periods (containers)
    throttled_ns: int            # cumulative CPU time wanted beyond the limit (containers)


_new_sample = tuple.__new__      # Sample without NamedTuple's Python-level __new__ (the steady step's samples)


class Series:
    """A bounded ring buffer of :class:`Sample` held column-wise in arrays (56 bytes a point).

    The newest sample is also kept as a tuple: metrics-server, the eviction manager and the
    accounting read it every few seconds, and rebuilding it from seven arrays was a visible share
    of every housekeeping tick.
    """

    _CODES = "qdqqqqq"

    def __init__(self, capacity: int = defaults.USAGE_SERIES_POINTS):
        self.capacity = capacity
        self._cols = [array(code) for code in self._CODES]
        self._head = 0          # next slot to overwrite once full
        self._pending: list = []    # pushed, not yet in the arrays (push)
        self._last: Sample | None = None

    def append(self, sample: Sample) -> None:
        # the values as the arrays hold them ('d' a float, 'q' an int), so last() reads the same
        t, cpu, mem, ns, periods, throttled, throttled_ns = sample
        if type(cpu) is float and type(t) is int and type(mem) is int and type(ns) is int \
                and type(periods) is int and type(throttled) is int and type(throttled_ns) is int:
            value = sample
        else:
            value = Sample(int(t), float(cpu), int(mem), int(ns), int(periods), int(throttled), int(throttled_ns))
        self.push(value)

    def push(self, value: Sample) -> None:
        """:meth:`append` for a sample whose fields already have the arrays' types (the steady step
        builds them so). Kept in a short list and moved into the arrays column by column, a batch
        at a time (``_flush``), before anything but :meth:`last` reads the series."""
        pending = self._pending
        pending.append(value)
        self._last = value
        if len(pending) >= self._BATCH:
            self._flush()

    _BATCH = 64

    def extend(self, values: list) -> None:
        """:meth:`push` of several samples, oldest first."""
        if values:
            pending = self._pending
            pending.extend(values)
            self._last = values[-1]
            if len(pending) >= self._BATCH:
                self._flush()

    def _flush(self) -> None:
        pending = self._pending
        if not pending:
            return
        self._pending = []
        cols, capacity = self._cols, self.capacity
        room = capacity - len(cols[0])
        if room > 0:
            for col, values in zip(cols, zip(*pending[:room])):
                col.extend(values)
            pending = pending[room:]
        while pending:                      # full: overwrite the oldest, from the head on
            head = self._head
            chunk = pending[:capacity - head]
            pending = pending[len(chunk):]
            end = head + len(chunk)
            for col, code, values in zip(cols, self._CODES, zip(*chunk)):
                col[head:end] = array(code, values)
            self._head = end % capacity

    def __len__(self) -> int:
        self._flush()
        return len(self._cols[0])

    def __iter__(self) -> Iterator[Sample]:
        n = len(self)
        for i in range(n):
            j = (self._head + i) % n if n == self.capacity else i
            yield Sample(*(col[j] for col in self._cols))

    def last(self) -> Sample | None:
        return self._last
