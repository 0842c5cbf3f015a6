"""Record what the real kubectl 1.32 prints for tests/apiserver/fidelity_scenarios.py.

    .venv/bin/python scripts/record_api_fidelity.py [scenario ...]

Each scenario runs on a fresh ``Cluster(nodes=2, seed=1)`` served over HTTPS (manual clock) with the
real kubectl (tests/serve/realkubectl.py finds it); stdout then stderr of each command, then
``[exit N]``, go to tests/data/kubectl-recorded/api-fidelity/<scenario>.txt.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "serve"), str(ROOT / "tests" / "apiserver"), str(ROOT)]

from fidelity_scenarios import RECORDED, SCENARIOS, split, transcript  # noqa: E402
from realkubectl import RealKubectl  # noqa: E402

from k8scourse.cluster import Cluster  # noqa: E402


def record(name: str) -> str:
    cluster = Cluster(nodes=2, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        served = cluster.serve(clock="manual", kubeconfig=Path(tmp) / "kubeconfig")
        real = RealKubectl(served, cwd=tmp)
        try:
            steps = []
            for command, stdin in SCENARIOS[name]:
                out, err, rc = real(split(command), stdin=stdin)
                steps.append((command, out + err, rc))
        finally:
            served.stop()
            real.cleanup()
    return transcript(steps)


def main(names: list[str]) -> None:
    RECORDED.mkdir(parents=True, exist_ok=True)
    for name in names or sorted(SCENARIOS):
        (RECORDED / f"{name}.txt").write_text(record(name), encoding="utf-8")
        print("recorded", name)


if __name__ == "__main__":
    main(sys.argv[1:])
