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
