"""Upstream's scheduler_perf shapes at their 500-node size (bench/scheduler_perf.py --size smoke).

No timing here (performance lives in bench/ as ratios): every measured pod must be bound, through
the API server, with the scheduler's cache, column arrays and pod index agreeing with a recount.
"""

from __future__ import annotations

import pytest

from perf_shapes import scheduler_perf  # noqa: E402  (tests/scheduler on sys.path)


@pytest.mark.parametrize("name", list(scheduler_perf.SHAPES))
def test_shape_at_500_nodes(name):
    result = scheduler_perf.run_shape(name, "smoke")
    w = result.workload
    assert result.nodes == scheduler_perf.SHAPES[name].sizes["smoke"]["initNodes"] + (
        1 if name == "SchedulingWithMixedChurn" and w.churn_objects else 0)
    assert result.bound == result.measured == scheduler_perf.SHAPES[name].sizes["smoke"]["measurePods"]
    assert result.cycles >= result.measured
    assert w.scheduler.verify_cache() == []
    scheduled = [o for o in result.outcomes if o[1] == "Scheduled"]
    assert len(scheduled) >= result.measured                       # one Scheduled event per binding
