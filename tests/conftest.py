"""Shared test fixtures: small clusters. Reference data lives in ``tests/data`` (see reftables.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
