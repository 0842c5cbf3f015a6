"""Fixtures for the controller tests: a small cluster with a stand-in kubelet, kubectl runner."""

from __future__ import annotations

import pytest

from k8scourse import Cluster

from workload_helpers import StandInKubelet


@pytest.fixture(autouse=True)
def _workload_commands(monkeypatch):
    """Until ``kubectl scale/rollout/set`` are registered in cli/kubectl/__init__.py, add them here."""
    from k8scourse.cli import kubectl as front
    from k8scourse.cli.kubectl.command import Command
    from k8scourse.cli.kubectl.rollout import ROLLOUT_FLAGS, run_rollout
    from k8scourse.cli.kubectl.scale import SCALE_FLAGS, run_scale
    from k8scourse.cli.kubectl.setcmd import SET_FLAGS, run_set
    for command in (Command("scale", run_scale, SCALE_FLAGS, "Set a new size for a deployment, replica set, "
                                                             "or replication controller"),
                    Command("rollout", run_rollout, ROLLOUT_FLAGS, "Manage the rollout of a resource"),
                    Command("set", run_set, SET_FLAGS, "Set specific features on objects")):
        if command.name not in front.COMMANDS:
            monkeypatch.setitem(front.COMMANDS, command.name, command)


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
