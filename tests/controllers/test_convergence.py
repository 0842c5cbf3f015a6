"""Convergence after control-plane outages (issue 17): every seeded campaign ends as desired.

Each seed runs :func:`convergence.campaign`: a Deployment and a StatefulSet mid-rollout, a
Service, a bare ReplicaSet, a DaemonSet and a Job; an API-server or etcd outage or a
controller-manager stop at a random moment of the rollout, for up to ten simulated minutes, with a
user action in flight or made while the controllers are down; then the heal. The cluster must
converge: desired replicas ready on the new template, no extra or orphan ReplicaSets or pods, the
Job complete, the Service's endpoints exactly its ready pods, nothing the user created lost.
``bench/convergence.py`` runs the same campaigns over ≥ 500 seeds. A seed that does not converge
is a bug to fix, never a seed to drop.
"""

from __future__ import annotations

import pytest

from convergence import ACTIONS, FAULTS, campaign, plan

SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_campaign_converges_after_the_heal(seed):
    outcome = campaign(seed)
    assert outcome.converged, (f"seed {seed}: {outcome.fault} at +{outcome.at_ms} ms for {outcome.outage_ms} ms, "
                               f"{outcome.action}: {outcome.problems}")


def test_the_seeds_cover_every_fault_and_action():
    drawn = [plan(seed)[1:3] for seed in SEEDS]
    assert {f for f, _ in drawn} == set(FAULTS) and {a for _, a in drawn} == set(ACTIONS)
    assert {(f, a) for f, a in drawn if f == "controller-manager"} == {("controller-manager", a) for a in ACTIONS}
