"""Shared pieces of the fuzz suites (tests/property/test_fuzz_*.py and bench/fuzz.py).

The bar: whatever a hostile or careless user types or passes, the answer is the real tool's message
(or a k8scourse error for the Python API) — never a Python traceback, never ``internal simulator
error``. Every suite is deterministic (``derandomize=True``) with bounded example counts; the bench
runs the same strategies with many more examples (``FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from k8scourse import Cluster
from k8scourse.result import CommandResult

INTERNAL = "internal simulator error"
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))         # bench/fuzz.py raises it


def fuzz_settings(examples: int):
    """Bounded, derandomized settings: the suite stays fast and repeats exactly."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck), database=None)


def check_answer(result: CommandResult, what) -> None:
    """A command's answer: a real tool's text and exit code, never an internal error or a traceback."""
    text = str(result)
    assert INTERNAL not in text, (what, text[-600:])
    assert "Traceback (most recent call last)" not in text, (what, text[-600:])
    assert isinstance(result.exit_code, int) and 0 <= result.exit_code < 256, (what, result.exit_code)


_CLUSTERS: dict[str, Cluster] = {}


def running_cluster(key: str = "shared") -> Cluster:
    """One cluster per ``key``, shared by the examples of the read-mostly suites: a Deployment of two
    running nginx pods behind a Service (the random command lines may take them away: see a_pod)."""
    if key not in _CLUSTERS:
        c = Cluster(nodes=2, seed=5)
        c.kubectl("create deployment web --image=nginx:1.25 --replicas=2", echo=False)
        c.kubectl("expose deployment web --port=80", echo=False)
        c.run(60)
        _CLUSTERS[key] = c
    return _CLUSTERS[key]


def a_pod(c: Cluster) -> str:
    """A pod of the cluster's ``web`` Deployment, made again if a command took it away."""
    pods = sorted(p["metadata"]["name"] for p in c.list("pods", "default"))
    if not pods:
        c.kubectl("create deployment web --image=nginx:1.25 --replicas=2", echo=False)
        c.run(60)
        pods = sorted(p["metadata"]["name"] for p in c.list("pods", "default"))
    return pods[0]
