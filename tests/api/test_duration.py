"""k8scourse.api.duration against every row of the upstream HumanDuration tables."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reftables import cases  # noqa: E402

from k8scourse.api.duration import (  # noqa: E402
    human_duration, human_duration_ns, short_human_duration, short_human_duration_ns,
)

T = "human-duration"
HUMAN = cases(T, "TestHumanDuration") + cases(T, "TestHumanDurationBoundaries")
SHORT = cases(T, "TestShortHumanDurationBoundaries")


@pytest.mark.parametrize("row", HUMAN, ids=lambda r: r["d_go"])
def test_human_duration(row):
    assert human_duration_ns(row["d_ns"]) == row["want"]
    if row["d_ns"] % 1_000_000 == 0:                    # representable in milliseconds
        assert human_duration(row["d_ns"] // 1_000_000) == row["want"]


@pytest.mark.parametrize("row", SHORT, ids=lambda r: r["d_go"])
def test_short_human_duration(row):
    assert short_human_duration_ns(row["d_ns"]) == row["want"]
    if row["d_ns"] % 1_000_000 == 0:
        assert short_human_duration(row["d_ns"] // 1_000_000) == row["want"]


def test_millisecond_boundaries():
    assert human_duration(-1999) == "0s"
    assert human_duration(-2000) == "<invalid>"
    assert human_duration(119_999) == "119s"
    assert human_duration(120_000) == "2m"
    assert human_duration(3 * 3600_000 + 15 * 60_000) == "3h15m"
    assert short_human_duration(59_999) == "59s"
    assert short_human_duration(365 * 86400_000) == "1y"


def test_docker_human_duration_is_one_rule_for_the_laptop_and_the_nodes():
    """go-units HumanDuration rounds hours half away from zero; the laptop's `docker ps` and a
    node's `docker ps` print the same words for the same age."""
    from k8scourse.api.duration import docker_human_duration
    from k8scourse.cloud import docker as laptop
    from k8scourse.network import render as node
    assert laptop.human_duration is docker_human_duration and node.human_duration is docker_human_duration
    assert docker_human_duration(int(2.5 * 3_600_000)) == "3 hours"
    assert docker_human_duration(int(2.49 * 3_600_000)) == "2 hours"
    assert [docker_human_duration(h * 3_600_000) for h in (1, 47, 48, 24 * 14, 24 * 60, 24 * 365 * 2)] == \
        ["About an hour", "47 hours", "2 days", "2 weeks", "2 months", "2 years"]
