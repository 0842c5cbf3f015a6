"""The scheduling queue (kube-scheduler ``internal/queue.PriorityQueue``), on the simulated clock.

Three places a pending pod can wait, as upstream:

* **activeQ** — ready to be tried, ordered by the QueueSort plugin (PrioritySort: priority, then
  the time it was queued, then arrival sequence);
* **backoffQ** — failed recently; leaves for activeQ when its backoff expires. The backoff is
  1 s after the first failed attempt, doubling per attempt up to 10 s (podInitialBackoffSeconds,
  podMaxBackoffSeconds), counted from the time of the failure;
* **unschedulable pods** — rejected by some plugins; they stay until a cluster event one of those
  plugins registered for happens (node added, taint changed, a bound pod deleted, ...), then move
  to backoffQ (or straight to activeQ if the backoff has already passed) — and at the latest after
  5 minutes (DefaultPodMaxInUnschedulablePodsDuration).

Pods held back by a PreEnqueue plugin (scheduling gates) wait in a *gated* set until an update
lets them in. A failed pod goes straight to backoffQ instead if a move event arrived while it was
being scheduled, or if the failure was an error rather than a rejection.

Deliberate differences: backoffQ is flushed exactly at each expiry (upstream polls every second)
and unschedulable pods leave at exactly 5 minutes (upstream checks every 30 s); no QueueingHints
(any registered event moves the pod — the pre-1.28 behaviour).

Unschedulable pods are also filed by the events that may help them, so that a cluster event (one
per binding in a busy cluster) looks only at the pods it moves.

>>> backoff_ms(1), backoff_ms(2), backoff_ms(4), backoff_ms(5), backoff_ms(9)
(1000, 2000, 8000, 10000, 10000)
"""

from __future__ import annotations

import heapq

from .framework import WILDCARD

INITIAL_BACKOFF_MS = 1_000
MAX_BACKOFF_MS = 10_000
MAX_IN_UNSCHEDULABLE_MS = 5 * 60 * 1000


def backoff_ms(attempts: int) -> int:
    duration = INITIAL_BACKOFF_MS
    for _ in range(1, attempts):
        duration *= 2
        if duration >= MAX_BACKOFF_MS:
            return MAX_BACKOFF_MS
    return min(duration, MAX_BACKOFF_MS)


class QueuedPod:
    """``QueuedPodInfo``: the pod plus its queueing history."""

    __slots__ = ("info", "priority", "timestamp", "seq", "attempts", "rejected_by", "where", "timer",
                 "cycle", "parked", "waits_for")

    def __init__(self, info, now_ms: int, seq: int):
        self.info = info
        self.priority = info.priority
        self.timestamp = now_ms
        self.seq = seq
        self.attempts = 0
        self.rejected_by: set[str] = set()
        self.where = ""
        self.timer = None
        self.cycle = 0
        self.parked = 0                 # order of arrival among the unschedulable pods
        self.waits_for: tuple = ()      # the events filed under while unschedulable

    def backoff_expiry(self) -> int:
        return self.timestamp + backoff_ms(self.attempts)


class SchedulingQueue:
    def __init__(self, sim, framework, wake):
        self.sim, self.framework, self.wake = sim, framework, wake
        self.pods: dict[str, QueuedPod] = {}
        self._active: list = []
        self._backoff: list = []
        self._backoff_timer = None
        self._unschedulable: dict[str, QueuedPod] = {}
        self._waiting: dict[str, dict[str, QueuedPod]] = {}      # event -> unschedulable pods it may help
        self._events_of: dict[frozenset, tuple] = {}
        self._parked = 0
        self._seq = 0
        self.scheduling_cycle = 0
        self.move_request_cycle = -1

    # ------------------------------------------------------------------ adding
    def add(self, info) -> None:
        if info.key in self.pods:
            self.update(info)
            return
        self._seq += 1
        q = QueuedPod(info, self.sim.now_ms, self._seq)
        self.pods[info.key] = q
        self._admit(q)

    def _admit(self, q: QueuedPod) -> None:
        if not self.framework.run_pre_enqueue(q.info).is_success:
            q.where = "gated"
            return
        self._to_active(q)

    def _to_active(self, q: QueuedPod) -> None:
        self._cancel_timer(q)
        q.where = "active"
        self._seq += 1
        heapq.heappush(self._active, (self.framework.queue_sort.queue_sort_key(q), self._seq, q.info.key, q))
        self.wake()

    def _to_backoff(self, q: QueuedPod) -> None:
        self._cancel_timer(q)
        q.where = "backoff"
        self._seq += 1
        expiry = q.backoff_expiry()
        heapq.heappush(self._backoff, (expiry, self._seq, q.info.key, q))
        self._arm_backoff()

    def _to_unschedulable(self, q: QueuedPod) -> None:
        self._cancel_timer(q)
        self._unpark(q)
        q.where = "unschedulable"
        self._unschedulable[q.info.key] = q
        self._parked += 1
        q.parked = self._parked
        rejected = frozenset(q.rejected_by)
        events = self._events_of.get(rejected)
        if events is None:
            events = self._events_of[rejected] = tuple(sorted(self.framework.events_for(rejected))) \
                if rejected else (WILDCARD,)
        q.waits_for = events
        for event in events:
            self._waiting.setdefault(event, {})[q.info.key] = q
        q.timer = self.sim.schedule(MAX_IN_UNSCHEDULABLE_MS, lambda: self._leftover(q), name="scheduler flush")

    def _unpark(self, q: QueuedPod) -> None:
        if self._unschedulable.get(q.info.key) is q:
            del self._unschedulable[q.info.key]
        for event in q.waits_for:
            waiting = self._waiting.get(event)
            if waiting is not None and waiting.get(q.info.key) is q:
                del waiting[q.info.key]
                if not waiting:
                    del self._waiting[event]
        q.waits_for = ()

    def _cancel_timer(self, q: QueuedPod) -> None:
        if q.timer is not None:
            q.timer.cancel()
            q.timer = None

    def _leftover(self, q: QueuedPod) -> None:
        q.timer = None
        if self.pods.get(q.info.key) is q and q.where == "unschedulable":
            self._move(q)

    def _move(self, q: QueuedPod) -> None:
        self._unpark(q)
        if self.sim.now_ms < q.backoff_expiry():
            self._to_backoff(q)
        else:
            self._to_active(q)

    # ------------------------------------------------------------------ backoff
    def _arm_backoff(self) -> None:
        while self._backoff and (self.pods.get(self._backoff[0][2]) is not self._backoff[0][3]
                                 or self._backoff[0][3].where != "backoff"):
            heapq.heappop(self._backoff)
        if not self._backoff:
            return
        due = self._backoff[0][0]
        if self._backoff_timer is not None and not self._backoff_timer.cancelled \
                and self._backoff_timer.time_ms <= due:
            return
        if self._backoff_timer is not None:
            self._backoff_timer.cancel()
        self._backoff_timer = self.sim.schedule(max(0, due - self.sim.now_ms), self._flush_backoff,
                                                name="scheduler backoff")

    def _flush_backoff(self) -> None:
        self._backoff_timer = None
        now = self.sim.now_ms
        while self._backoff and self._backoff[0][0] <= now:
            _, _, key, q = heapq.heappop(self._backoff)
            if self.pods.get(key) is q and q.where == "backoff":
                self._to_active(q)
        self._arm_backoff()

    # ------------------------------------------------------------------ popping
    def pop(self) -> QueuedPod | None:
        while self._active:
            _, _, key, q = heapq.heappop(self._active)
            if self.pods.get(key) is q and q.where == "active":
                q.where = "in-flight"
                q.attempts += 1
                self.scheduling_cycle += 1
                q.cycle = self.scheduling_cycle
                return q
        return None

    def maybe_active(self) -> bool:
        """Something may be waiting in activeQ (entries are removed lazily)."""
        return bool(self._active)

    def close(self) -> None:
        """Cancel every timer (the scheduler stops)."""
        for q in self.pods.values():
            self._cancel_timer(q)
        if self._backoff_timer is not None:
            self._backoff_timer.cancel()
            self._backoff_timer = None

    def done(self, q: QueuedPod, rejected_by: set[str] | None, error: bool = False) -> None:
        """The attempt failed: back into the queue (``AddUnschedulableIfNotPresent``)."""
        if self.pods.get(q.info.key) is not q:
            return
        q.timestamp = self.sim.now_ms
        q.rejected_by = set(rejected_by or ())
        if error or self.move_request_cycle >= q.cycle:
            self._to_backoff(q)
        else:
            self._to_unschedulable(q)

    def forget(self, key: str) -> None:
        q = self.pods.pop(key, None)
        if q is not None:
            self._unpark(q)
            self._cancel_timer(q)
            q.where = "gone"

    # ------------------------------------------------------------------ updates & events
    def update(self, info) -> None:
        q = self.pods.get(info.key)
        if q is None:
            self.add(info)
            return
        changed = q.info.pod.get("spec") != info.pod.get("spec") or q.info.labels != info.labels
        q.info, q.priority = info, info.priority
        if q.where == "gated":
            self._admit(q)
        elif q.where == "unschedulable" and changed:
            self._move(q)

    def on_event(self, event: str) -> None:
        """A cluster event: move the unschedulable pods it may help (``MoveAllToActiveOrBackoffQueue``),
        in the order they became unschedulable."""
        self.move_request_cycle = self.scheduling_cycle
        helped = self._waiting.get(event)
        anything = self._waiting.get(WILDCARD) if event != WILDCARD else None
        if not helped and not anything:
            return
        moving = list(helped.values()) if helped else []
        if anything:
            moving += anything.values()
            moving.sort(key=lambda q: q.parked)
        for q in moving:
            if q.where == "unschedulable" and self.pods.get(q.info.key) is q:
                self._move(q)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for q in self.pods.values():
            out[q.where] = out.get(q.where, 0) + 1
        return out
