"""The simulated ``az`` against outputs recorded from the real Azure CLI 2.91, one test per golden file.

* ``tests/data/az-golden/NNN.txt`` (``scripts/record_az_golden.py``, a throwaway home, no login):
  where the real CLI stopped before needing an account — its argument parser, its own checks — the
  simulator prints the same bytes with the same exit code; where it asked for a login, the
  simulator (signed in) gets past its parser too and prints the same warnings first.
* ``tests/data/az-golden/json/*.json`` (``scripts/record_az_json.py``): the results of a course
  scenario as the real CLI prints them (the simulated answers passed through the real SDK models
  and the CLI's printing); the simulator prints the same JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8scourse.cloud import Azure

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "az-golden"
LOGIN = ("Please run 'az login'", 'Please run "az login"')
TEXT_FILES = sorted(GOLDEN.glob("[0-9][0-9][0-9].txt"))
JSON_FILES = sorted((GOLDEN / "json").glob("*.json"))


def read(path: Path) -> tuple[str, str, int]:
    first, _, rest = path.read_text(encoding="utf-8").partition("\n")
    body, _, exit_line = rest.rstrip("\n").rpartition("\n")
    return first[len("$ az "):], body + "\n" if body else "", int(exit_line[len("[exit "):-1])


def test_the_recorded_corpus_is_all_there():
    lines = (GOLDEN / "commands.txt").read_text(encoding="utf-8").splitlines()
    assert len(TEXT_FILES) == len(lines) >= 170
    assert [read(p)[0] for p in TEXT_FILES] == lines
    assert len(JSON_FILES) >= 20


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.stem)
def test_command_line_answers_as_the_real_cli(path):
    line, body, exit_code = read(path)
    result = Azure(seed=0)(line, echo=False)
    if any(phrase in body for phrase in LOGIN):
        # The real CLI was past its parser and checks; the warnings about the login are its own.
        assert result.exit_code != 2, str(result)
        warnings = [w for w in body.splitlines() if w.startswith("WARNING:") and "az login" not in w]
        assert [w for w in str(result).splitlines() if w in warnings] == warnings
    else:
        assert (str(result), result.exit_code) == (body, exit_code)
        assert result.stdout == "" or result.exit_code == 0


@pytest.fixture(scope="module")
def scenario():
    """The scenario the JSON golden files were recorded from, run once: step file name → output."""
    az = Azure(seed=0)
    outputs = {}
    for path in JSON_FILES:
        golden = json.loads(path.read_text(encoding="utf-8"))
        result = az(golden["command"], echo=False)
        outputs[path.name] = (result.exit_code, result.stdout)
    return outputs


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.stem)
def test_result_json_is_shaped_like_the_real_sdk_model(path, scenario):
    golden = json.loads(path.read_text(encoding="utf-8"))
    exit_code, stdout = scenario[path.name]
    assert exit_code == 0
    assert json.loads(stdout) == golden["output"]
    # the CLI prints sorted keys with a 2-space indent
    assert stdout == json.dumps(golden["output"], indent=2, sort_keys=True, ensure_ascii=False) + "\n"
