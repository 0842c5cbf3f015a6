"""The work queue and its rate limiters: client-go's numbers, on the simulated clock."""

from __future__ import annotations

from k8scourse.controllers.workqueue import (BucketRateLimiter, FixedIntervalRateLimiter,
                                             ItemExponentialFailureRateLimiter, WorkQueue,
                                             default_controller_rate_limiter)
from k8scourse.sim import Simulation


def test_exponential_back_off_doubles_from_5ms_and_caps_at_1000s():
    limiter = ItemExponentialFailureRateLimiter(5, 1_000_000)
    delays = [limiter.when("default/web", 0) for _ in range(22)]
    assert delays[:8] == [5, 10, 20, 40, 80, 160, 320, 640]
    assert delays[17] == 655_360                 # 5 ms × 2^17
    assert delays[18:] == [1_000_000] * 4        # capped at 1000 s
    assert limiter.num_requeues("default/web") == 22


def test_back_off_is_per_item_and_forget_starts_it_again():
    limiter = ItemExponentialFailureRateLimiter(5, 1_000_000)
    assert [limiter.when("a", 0) for _ in range(3)] == [5, 10, 20]
    assert limiter.when("b", 0) == 5             # another key has its own count
    assert limiter.when("a", 0) == 40
    limiter.forget("a")
    assert limiter.num_requeues("a") == 0 and limiter.num_requeues("b") == 1
    assert limiter.when("a", 0) == 5


def test_bucket_allows_a_burst_of_100_then_10_per_second():
    bucket = BucketRateLimiter(qps=10, burst=100)
    assert [bucket.when(str(i), 0) for i in range(100)] == [0] * 100
    assert [bucket.when(str(i), 0) for i in range(3)] == [100, 200, 300]
    # one second later ten tokens have come back, of which three were already promised
    assert [bucket.when("x", 1000) for _ in range(8)] == [0] * 7 + [100]


def test_default_controller_rate_limiter_is_the_larger_of_both():
    limiter = default_controller_rate_limiter()
    assert [limiter.when(f"k{i}", 0) for i in range(100)] == [5] * 100   # each key's first failure
    assert limiter.when("k0", 0) == 100                                   # bucket empty: 100 ms beats 10 ms
    assert limiter.num_requeues("k0") == 2
    limiter.forget("k0")
    assert limiter.num_requeues("k0") == 0


def test_fixed_interval_limiter():
    limiter = FixedIntervalRateLimiter(15_000)
    assert [limiter.when("hpa", 0) for _ in range(3)] == [15_000] * 3


def test_queue_deduplicates_and_keeps_the_earlier_time():
    sim = Simulation()
    seen = []
    q = WorkQueue(sim, lambda key: seen.append((key, sim.now_ms)), "test")
    q.add("a", 500)
    q.add("a", 900)                # later: ignored
    q.add("a", 200)                # earlier: moves it
    q.add("b")
    assert q.pending() == {"a": 200, "b": 0}
    sim.run(seconds=2)
    assert seen == [("b", 0), ("a", 200)]
    assert len(q) == 0


def test_rate_limited_adds_run_on_the_simulated_clock():
    sim = Simulation()
    seen = []
    q = WorkQueue(sim, lambda key: seen.append(sim.now_ms), "test")
    assert [q.add_rate_limited("a") for _ in range(3)] == [5, 10, 20]
    sim.run(seconds=1)
    assert seen == [5]             # one key, queued once, at the earliest of its times
    q.forget("a")
    assert q.add_rate_limited("a") == 5


def test_shut_down_drops_keys_and_back_off():
    sim = Simulation()
    seen = []
    q = WorkQueue(sim, seen.append, "test")
    q.add_rate_limited("a")
    q.add_rate_limited("a")
    q.add("b", 100)
    q.shut_down()
    sim.run(seconds=1)
    assert seen == [] and len(q) == 0
    assert q.num_requeues("a") == 0
