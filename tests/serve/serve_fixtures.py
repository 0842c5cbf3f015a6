"""Helpers for the served REST endpoint tests: the serve_cluster fixture (imported by the test files that use it), wall-clock levelling and output comparison."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

import pytest

from realkubectl import RealKubectl, kubectl_binary  # noqa: F401 - re-exported for the tests


@pytest.fixture
def serve_cluster(tmp_path):
    """``serve_cluster(cluster, **options)`` serves a cluster for one test (stopped afterwards) and
    returns (served, real kubectl)."""
    started = []

    def start(cluster, **options):
        options.setdefault("kubeconfig", tmp_path / f"kubeconfig-{len(started)}")
        options.setdefault("clock", "manual")       # the test moves time itself
        served = cluster.serve(**options)
        real = RealKubectl(served, cwd=str(tmp_path))
        started.append((served, real))
        return served, real

    yield start
    for served, real in started:
        served.stop()
        real.cleanup()


def wall_epoch(before_seconds: int = 3600) -> str:
    """An epoch ``before_seconds`` before the current wall-clock second, so that simulated time can
    later be brought level with the wall clock (kubectl computes some ages client-side)."""
    now = int(time.time()) - before_seconds
    return datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def level_with_wall_clock(cluster, lock) -> int:
    """Advance simulated time to the wall-clock second that has just begun (waiting for the next one
    when the current is more than a third gone); returns that second (Unix time)."""
    fraction = time.time() % 1
    if fraction > 0.3:
        time.sleep(1.005 - fraction)
    second = int(time.time())
    with lock:
        delta_ms = second * 1000 - cluster.sim.clock.unix_ms()
        assert delta_ms >= 0, "simulated time ran ahead of the wall clock"
        if delta_ms:
            cluster.run(seconds=delta_ms / 1000)
    return second


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def shift_timestamps(node, seconds: int):
    """Every RFC 3339 time in a (decoded YAML) object moved by ``seconds``."""
    if isinstance(node, dict):
        return {k: shift_timestamps(v, seconds) for k, v in node.items()}
    if isinstance(node, list):
        return [shift_timestamps(v, seconds) for v in node]
    if isinstance(node, str) and _STAMP.match(node):
        whole, _, frac = node[:-1].partition(".")
        moved = datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp() + seconds
        text = datetime.fromtimestamp(moved, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        return text + (f".{frac}" if frac else "") + "Z"
    return node


def same_output(got: tuple[str, str, int], expected: tuple[str, str, int]) -> bool:
    """Whether the real kubectl's (stdout, stderr, exit code) equal the in-kernel ones; prints a diff
    if not (pytest shows it with the failure)."""
    if got == expected:
        return True
    import difflib
    print(f"exit codes: real {got[2]}, in-kernel {expected[2]}")
    for stream, mine, theirs in (("stdout", expected[0], got[0]), ("stderr", expected[1], got[1])):
        for line in difflib.unified_diff(mine.splitlines(), theirs.splitlines(), f"in-kernel {stream}",
                                         f"real kubectl {stream}", lineterm=""):
            print(line)
    return False
