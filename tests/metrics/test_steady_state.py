"""What the steady-state shortcuts must not change: the newest sample read back as the ring buffer
holds it, printed quantities and durations as computed afresh, MicroTime as ``strftime`` prints it,
and the event heap's order."""

import datetime as dt

from k8scourse.api.quantity import BINARY_SI, Quantity
from k8scourse.kubelet.cadvisor import Sample, Series
from k8scourse.metrics.server import _go_duration, cpu_quantity, go_duration, memory_quantity
from k8scourse.sim.clock import format_rfc3339_micro
from k8scourse.sim.events import EventQueue


def test_last_sample_is_what_the_ring_buffer_holds():
    s = Series(3)
    for t in range(5):
        s.append(Sample(t * 10, t, 5 + t, t * 100, 0, 0, 0))       # an int CPU rate: the array holds a float
        assert s.last() == list(s)[-1]
        assert type(s.last().cpu_m) is float and repr(s.last()) == repr(list(s)[-1])
    assert [p.time_ms for p in s] == [20, 30, 40]
    assert Series(2).last() is None


def test_printed_quantities_and_windows_match_a_fresh_print():
    for n in (0, 1, 999, 1000, 12345, 500_000_000, 183_000_000, 7, 10**12, 123456789):
        assert cpu_quantity(n) == cpu_quantity(n) == str(Quantity.from_nanos(n))
        assert memory_quantity(n) == memory_quantity(n) == str(Quantity.from_int(n, BINARY_SI))
    for ms in (0, 450, 10_000, 20_000, 125_300, 3_600_000, -1500):
        assert go_duration(ms) == go_duration(ms) == _go_duration(ms)
    assert go_duration(20_000.0) == _go_duration(20_000.0)          # not served from the int's entry


def test_microtime_matches_strftime():
    for unix_ms in (0, 999, 1000, 1_764_177_775_000, 1_764_177_775_007, 1_764_177_775_999, 1_764_177_776_001):
        want = dt.datetime.fromtimestamp(unix_ms / 1000, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert format_rfc3339_micro(unix_ms) == want


def test_event_heap_order_and_event_fields():
    q = EventQueue()
    late = q.push(10, 0, lambda: None, "late")
    b = q.push(5, 1, lambda: None, "b")
    a = q.push(5, 0, lambda: None, "a")
    a2 = q.push(5, 0, lambda: None, "a2")
    b.cancel()
    assert (a.time_ms, a.priority, a.sequence, a.name, a.cancelled) == (5, 0, 3, "a", False)
    assert len(q) == 3 and q.peek_time() == 5
    assert [q.pop().name for _ in range(3)] == ["a", "a2", "late"]
    assert late.time_ms == 10 and b.cancelled
