"""Fixtures for the controller tests: a small cluster with a stand-in kubelet, kubectl runner."""

from __future__ import annotations

import pytest

from k8scourse import Cluster

from workload_helpers import StandInKubelet


@pytest.fixture
def c():
    cluster = Cluster(nodes=2, seed=0)
    cluster.standin = StandInKubelet(cluster)
    return cluster


@pytest.fixture
def k(c):
    """kubectl on ``c``, returning the CommandResult (nothing printed)."""
    def run(command, stdin=None):
        return c.kubectl(command, stdin=stdin, echo=False)
    return run
