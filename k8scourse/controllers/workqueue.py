"""The controllers' rate-limited work queue: keys to reconcile, de-duplicated, on the simulated clock.

Models client-go's ``util/workqueue`` as kube-controller-manager uses it. Event handlers only *add
keys*; the reconcile function runs later (``delay_ms`` after now, ``AddAfter``) and reads the
current state. A key added again before it ran runs once, at the earlier of the two times — which
is what makes controllers level-triggered rather than event-triggered.

A reconcile that failed puts its key back with :meth:`WorkQueue.add_rate_limited`: the queue's
rate limiter says how long it waits. :func:`default_controller_rate_limiter` is
``DefaultControllerRateLimiter``: the larger of a per-key exponential back-off (5 ms, 10 ms,
20 ms … at most 1000 s — :class:`ItemExponentialFailureRateLimiter`) and a token bucket shared by
every key of the queue (10 retries a second, bursts of 100 — :class:`BucketRateLimiter`).
:meth:`WorkQueue.forget` (after a successful reconcile) starts the key's back-off again from 5 ms.
All times are simulated milliseconds.

>>> from k8scourse.sim import Simulation
>>> sim = Simulation(); seen = []
>>> q = WorkQueue(sim, seen.append, "demo")
>>> q.add("default/web"); q.add("default/web", delay_ms=500); q.add("dev/api", delay_ms=100)
>>> sim.run(seconds=1); seen
['default/web', 'dev/api']
>>> limiter = ItemExponentialFailureRateLimiter(5, 1_000_000)
>>> [limiter.when("web", 0) for _ in range(5)], limiter.num_requeues("web")
([5, 10, 20, 40, 80], 5)
>>> limiter.forget("web"); limiter.when("web", 0)
5
"""

from __future__ import annotations

from typing import Callable, Protocol

from .. import defaults


class RateLimiter(Protocol):
    """How long a key waits before its next try (client-go ``workqueue.RateLimiter``)."""

    def when(self, key: str, now_ms: int) -> int: ...

    def forget(self, key: str) -> None: ...

    def num_requeues(self, key: str) -> int: ...

    def reset(self) -> None: ...


class ItemExponentialFailureRateLimiter:
    """``base_ms × 2^failures`` for each key, capped at ``max_ms``; :meth:`forget` resets a key."""

    def __init__(self, base_ms: int, max_ms: int):
        self.base_ms, self.max_ms = int(base_ms), int(max_ms)
        self._failures: dict[str, int] = {}

    def when(self, key: str, now_ms: int) -> int:
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        if failures >= 62 or self.base_ms << failures > self.max_ms:    # 62: no huge shifts
            return self.max_ms
        return self.base_ms << failures

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def num_requeues(self, key: str) -> int:
        return self._failures.get(key, 0)

    def reset(self) -> None:
        self._failures.clear()


class BucketRateLimiter:
    """A token bucket over every key (``rate.Limiter``): ``burst`` tokens, ``qps`` new ones a second.

    Each retry takes a token; without one it waits until the bucket has refilled enough. Kept in
    milli-tokens so the arithmetic is exact.

    >>> b = BucketRateLimiter(qps=10, burst=2)
    >>> [b.when("k", 0) for _ in range(4)]
    [0, 0, 100, 200]
    """

    def __init__(self, qps: int, burst: int):
        self.qps, self.burst = int(qps), int(burst)
        self._milli_tokens = self.burst * 1000
        self._last_ms: int | None = None

    def when(self, key: str, now_ms: int) -> int:
        if self._last_ms is not None:
            self._milli_tokens = min(self.burst * 1000,
                                     self._milli_tokens + max(0, now_ms - self._last_ms) * self.qps)
        self._last_ms = now_ms
        self._milli_tokens -= 1000
        if self._milli_tokens >= 0:
            return 0
        return -(self._milli_tokens // self.qps)          # ceil(deficit / qps) ms

    def take(self, now_ms: int) -> int:
        """Take a token if there is one (0), else take nothing and say how many ms until there is one.

        >>> b = BucketRateLimiter(qps=10, burst=1)
        >>> b.take(0), b.take(0), b.take(100)
        (0, 100, 0)
        """
        if self._last_ms is not None:
            self._milli_tokens = min(self.burst * 1000,
                                     self._milli_tokens + max(0, now_ms - self._last_ms) * self.qps)
        self._last_ms = now_ms
        if self._milli_tokens >= 1000:
            self._milli_tokens -= 1000
            return 0
        return -((self._milli_tokens - 1000) // self.qps)

    def forget(self, key: str) -> None:
        pass

    def num_requeues(self, key: str) -> int:
        return 0

    def reset(self) -> None:
        self._milli_tokens, self._last_ms = self.burst * 1000, None


class FixedIntervalRateLimiter:
    """Always the same wait (the HPA's ``FixedItemIntervalRateLimiter``: its resync period)."""

    def __init__(self, interval_ms: int):
        self.interval_ms = int(interval_ms)

    def when(self, key: str, now_ms: int) -> int:
        return self.interval_ms

    def forget(self, key: str) -> None:
        pass

    def num_requeues(self, key: str) -> int:
        return 0

    def reset(self) -> None:
        pass


class MaxOfRateLimiter:
    """The longest wait any of ``limiters`` asks for (each one is told about every retry)."""

    def __init__(self, *limiters):
        self.limiters = limiters

    def when(self, key: str, now_ms: int) -> int:
        return max(limiter.when(key, now_ms) for limiter in self.limiters)

    def forget(self, key: str) -> None:
        for limiter in self.limiters:
            limiter.forget(key)

    def num_requeues(self, key: str) -> int:
        return max(limiter.num_requeues(key) for limiter in self.limiters)

    def reset(self) -> None:
        for limiter in self.limiters:
            limiter.reset()


def default_controller_rate_limiter(max_ms: int = defaults.CONTROLLER_RETRY_MAX_MS) -> MaxOfRateLimiter:
    """``DefaultControllerRateLimiter`` (``max_ms``: a controller's own cap, e.g. the namespace one)."""
    return MaxOfRateLimiter(ItemExponentialFailureRateLimiter(defaults.CONTROLLER_RETRY_BASE_MS, max_ms),
                            BucketRateLimiter(defaults.CONTROLLER_RETRY_QPS, defaults.CONTROLLER_RETRY_BURST))


class WorkQueue:
    """Keys waiting to be reconciled, each at most once (a later add keeps the earlier time).

    ``handler(key)`` runs when a key is due; ``priority`` orders it among other events of the same
    simulated millisecond (lower first), as the simulation's heap does.
    """

    def __init__(self, sim, handler: Callable[[str], None], name: str, rate_limiter: RateLimiter | None = None,
                 priority: int = 0):
        self._sim, self._handler, self._name, self._priority = sim, handler, name, priority
        self.rate_limiter = rate_limiter if rate_limiter is not None else default_controller_rate_limiter()
        self._due: dict[str, tuple[int, object]] = {}

    def add(self, key: str, delay_ms: int = 0) -> None:
        """``Add`` (``delay_ms`` 0) or ``AddAfter``: run ``key`` then, or earlier if it is already due earlier."""
        delay_ms = max(0, int(delay_ms))
        due = self._sim.now_ms + delay_ms
        current = self._due.get(key)
        if current is not None:
            if current[0] <= due:
                return
            current[1].cancel()
        event = self._sim.schedule(delay_ms, lambda: self._run(key), name=f"{self._name} {key}",
                                   priority=self._priority)
        self._due[key] = (due, event)

    def add_rate_limited(self, key: str) -> int:
        """Put a failed key back after the rate limiter's wait; returns that wait (ms)."""
        delay = self.rate_limiter.when(key, self._sim.now_ms)
        self.add(key, delay)
        return delay

    def forget(self, key: str) -> None:
        """The key succeeded: its back-off starts from the beginning next time."""
        self.rate_limiter.forget(key)

    def num_requeues(self, key: str) -> int:
        return self.rate_limiter.num_requeues(key)

    def pending(self) -> dict[str, int]:
        """Queued keys and the simulated ms each is due at."""
        return {key: due for key, (due, _) in self._due.items()}

    def __len__(self) -> int:
        return len(self._due)

    def shut_down(self) -> None:
        """Drop every queued key and all back-off state (the process holding the queue ended)."""
        for _, event in self._due.values():
            event.cancel()
        self._due.clear()
        self.rate_limiter.reset()

    def _run(self, key: str) -> None:
        self._due.pop(key, None)
        self._handler(key)
