"""Record what the real kubectl prints for each line of commands.txt against state.yaml, served.

Run from the repository root: ``.venv/bin/python tests/data/kubectl-recorded/go-template/record_gotemplate.py``
(needs the real kubectl 1.32 on PATH). Writes cases.json beside this file.
"""

import json
import shlex
import subprocess
import tempfile
from pathlib import Path

from k8scourse import Cluster

HERE = Path(__file__).resolve().parent


def cluster() -> Cluster:
    c = Cluster(nodes=2, seed=1, clock="manual")
    c.apply((HERE / "state.yaml").read_text(), echo=False)
    c.run(seconds=120)
    return c


def main() -> None:
    c = cluster()
    with tempfile.TemporaryDirectory() as tmp:
        served = c.serve(clock="manual", kubeconfig=f"{tmp}/config")
        cases = []
        for line in (HERE / "commands.txt").read_text().splitlines():
            if not line.strip():
                continue
            run = subprocess.run(["kubectl", "--kubeconfig", f"{tmp}/config", *shlex.split(line)],
                                 capture_output=True, text=True)
            cases.append({"command": line, "stdout": run.stdout, "stderr": run.stderr, "exit": run.returncode})
        served.stop()
    (HERE / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")


if __name__ == "__main__":
    main()
