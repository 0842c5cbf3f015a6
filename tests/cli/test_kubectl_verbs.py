"""The simulator's kubectl against what the real kubectl 1.32 printed for the same cluster (byte for byte)."""

from __future__ import annotations

import os
import shlex
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from verb_cases import CASES, RECORDED, comparable  # noqa: E402


def recorded(case):
    folder = RECORDED / case.verb
    return (comparable((folder / f"{case.name}.out").read_text()), comparable((folder / f"{case.name}.err").read_text()),
            int((folder / f"{case.name}.code").read_text()))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.verb}-{c.name}")
def test_same_as_real_kubectl(case, tmp_path, monkeypatch):
    if case.level:
        epoch, advance_ms, *into_second = (RECORDED / case.verb / f"{case.name}.clock").read_text().split()
        cluster = case.cluster(epoch)
        cluster.run(seconds=int(advance_ms) / 1000)
        if into_second:
            # kubectl's own clock was that far into the second: ages are computed then, while the
            # cluster stays as it was at the second's start (no event runs in between)
            cluster.sim.clock.advance_to(cluster.sim.now_ms + int(into_second[0]))
    else:
        cluster = case.cluster()
    case.write_files(str(tmp_path))
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("TMPDIR", str(tmp_path))       # kubectl edit's temporary files
    cluster._kubectl.cwd = str(tmp_path)       # relative file names resolve in the case folder
    result = cluster.kubectl(shlex.split(case.command), stdin=case.stdin, echo=False)
    got = (comparable(result.stdout.replace(str(tmp_path), "$TMP")), comparable(result.stderr.replace(str(tmp_path), "$TMP")),
           result.exit_code)
    expected = recorded(case)
    if case.unordered:
        got = (sorted(got[0].splitlines()), sorted(got[1].splitlines()), got[2])
        expected = (sorted(expected[0].splitlines()), sorted(expected[1].splitlines()), expected[2])
    assert got == expected


def test_every_case_recorded():
    for case in CASES:
        assert (RECORDED / case.verb / f"{case.name}.code").exists(), case
