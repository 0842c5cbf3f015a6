"""Shared test fixtures: the reference material beside the repository and small clusters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def cluster():
    from k8scourse import Cluster
    return Cluster(nodes=3, seed=0)


@pytest.fixture
def kubectl(cluster):
    """kubectl on a fresh 3-node cluster, returning the CommandResult (nothing printed)."""
    def run(command, stdin=None):
        return cluster.kubectl(command, stdin=stdin, echo=False)
    return run


def pytest_configure(config):
    """In CI the shared reference material must be there: without it the table, corpus and golden
    tests would silently collect nothing or skip."""
    import os
    if os.environ.get("CI") and not (SHARED / "reference").is_dir():
        raise pytest.UsageError(f"CI run without the shared reference material at {SHARED}")


@pytest.fixture(autouse=True)
def _session_clock_default():
    """``%load_ext k8scourse`` makes the paced clock the session default; tests must not leak it."""
    from k8scourse.pacing import set_default_mode
    yield
    set_default_mode(None)
