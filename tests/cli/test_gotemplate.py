"""``-o go-template`` against what the real kubectl printed (tests/data/kubectl-recorded/go-template)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "kubectl-recorded" / "go-template"
sys.path.insert(0, str(DATA))
from record_gotemplate import cluster  # noqa: E402

CASES = json.loads((DATA / "cases.json").read_text())


@pytest.fixture(scope="module")
def recorded_cluster():
    return cluster()


@pytest.mark.parametrize("case", CASES, ids=[c["command"][:60] for c in CASES])
def test_go_templates_print_what_kubectl_printed(recorded_cluster, case):
    result = recorded_cluster.kubectl(shlex.split(case["command"]), echo=False)
    assert (result.stdout, result.stderr, result.exit_code) == (case["stdout"], case["stderr"], case["exit"])
