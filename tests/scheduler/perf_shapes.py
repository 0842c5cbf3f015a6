"""Loads ``bench/scheduler_perf.py`` (upstream's scheduler_perf shapes) for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "bench" / "scheduler_perf.py"
_spec = importlib.util.spec_from_file_location("scheduler_perf", _PATH)
scheduler_perf = sys.modules.get("scheduler_perf")
if scheduler_perf is None:
    scheduler_perf = sys.modules["scheduler_perf"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(scheduler_perf)

# Small workloads: 120 nodes, so that numFeasibleNodesToFind (100) is below the node count and the
# round-robin scan stops early; pod counts that fit (anti-affinity: one green pod per node).
SMALL = {"initNodes": 120, "initPods": 60, "measurePods": 80}
SMALL_BY_SHAPE = {
    "SchedulingPodAntiAffinity": {"initNodes": 120, "initPods": 40, "measurePods": 60},
    "MixedSchedulingBasePod": {"initNodes": 120, "initPods": 12, "measurePods": 60},
    "PreemptionBasic": {"initNodes": 120, "initPods": 480, "measurePods": 40},
}


def small(name: str) -> dict:
    return SMALL_BY_SHAPE.get(name, SMALL)
