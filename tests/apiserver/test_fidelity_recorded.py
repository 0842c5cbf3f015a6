"""The simulator's kubectl against what the real kubectl 1.32 printed for the same commands on the
served simulator (``fidelity_scenarios.py``; recorded by ``scripts/record_api_fidelity.py``)."""

from __future__ import annotations

import pytest
from fidelity_scenarios import RECORDED, SCENARIOS, split, transcript

from k8scourse.cluster import Cluster


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_simulated_kubectl_prints_what_the_real_one_did(name):
    cluster = Cluster(nodes=2, seed=1)
    steps = []
    for command, stdin in SCENARIOS[name]:
        result = cluster.kubectl(split(command), stdin=stdin, echo=False)
        steps.append((command, result.stdout + result.stderr, result.exit_code))
    assert transcript(steps) == (RECORDED / f"{name}.txt").read_text(encoding="utf-8")


def test_every_scenario_is_recorded():
    assert sorted(p.stem for p in RECORDED.glob("*.txt")) == sorted(SCENARIOS)
