"""PrioritySort (QueueSort): higher ``spec.priority`` first, then the pod queued earlier.

Models ``plugins/queuesort``: ``Less`` compares priority, then the time the pod was added to the
queue. The simulator adds the queue's sequence number as a final key so that two pods queued in
the same simulated millisecond keep their arrival order (upstream's timestamps rarely tie).

>>> class Q: pass
>>> a, b = Q(), Q()
>>> a.priority, a.timestamp, a.seq = 0, 5, 1
>>> b.priority, b.timestamp, b.seq = 100, 9, 2
>>> sorted([a, b], key=PrioritySort(None).queue_sort_key)[0] is b
True
"""

from __future__ import annotations

from ..framework import Plugin


class PrioritySort(Plugin):
    name = "PrioritySort"

    def queue_sort_key(self, queued) -> tuple:
        return (-queued.priority, queued.timestamp, queued.seq)
