"""Record what the real kubectl 1.32 prints for the verb cases of ``tests/cli/verb_cases.py``.

Run from the worktree root (needs the real kubectl, see tests/serve/realkubectl.py)::

    .venv/bin/python tests/cli/record_verbs.py [VERB ...]

Each case builds its cluster with its setup function, serves it (``Cluster.serve``, plain HTTP,
manual clock), runs the real kubectl with the case's command line in a scratch folder holding the
case's files and writes ``tests/data/kubectl-recorded/<verb>/<case>.out|.err|.code``.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "serve")]

from realkubectl import RealKubectl  # noqa: E402
from serve_fixtures import level_with_wall_clock, wall_epoch  # noqa: E402
from verb_cases import CASES, RECORDED, normalise  # noqa: E402


def _levelled(case, cluster, lock, real, epoch: str):
    """Run the case with simulated time level with the wall clock, so that the ages kubectl computes
    from the wall clock are the simulator's; retried until kubectl starts and ends in the second the
    simulation was levelled to."""
    real(["get", "namespaces"])          # discovery cached first: the timed run is short
    before = cluster.sim.clock.unix_ms()
    for _ in range(10):
        while time.time() % 1 > 0.05:
            time.sleep(0.01)
        second = level_with_wall_clock(cluster, lock)
        result = real(shlex.split(case.command), stdin=case.stdin)
        if int(time.time()) == second:
            (RECORDED / case.verb).mkdir(parents=True, exist_ok=True)
            (RECORDED / case.verb / f"{case.name}.clock").write_text(
                f"{epoch}\n{cluster.sim.clock.unix_ms() - before}\n")
            return result
    raise RuntimeError(f"{case.verb}/{case.name}: kubectl never ran within one wall-clock second")


def record(verbs: list[str]) -> None:
    for case in CASES:
        if verbs and case.verb not in verbs:
            continue
        epoch = wall_epoch(3600)
        cluster = case.cluster(epoch) if case.level else case.cluster()
        with tempfile.TemporaryDirectory() as tmp:
            case.write_files(tmp)
            lock = threading.Lock()
            served = cluster.serve(clock="live" if case.live else "manual", tls=False,
                                   kubeconfig=os.path.join(tmp, ".kubeconfig"), lock=lock)
            real = RealKubectl(served, cwd=tmp)
            real.env.update(case.env)
            try:
                if case.level:
                    out, err, code = _levelled(case, cluster, lock, real, epoch)
                else:
                    out, err, code = real(shlex.split(case.command), stdin=case.stdin, timeout=180)
            finally:
                served.stop()
                real.cleanup()
        folder = RECORDED / case.verb
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case.name}.out").write_text(normalise(out, tmp))
        (folder / f"{case.name}.err").write_text(normalise(err, tmp))
        (folder / f"{case.name}.code").write_text(f"{code}\n")
        print(f"{case.verb}/{case.name}: exit {code}")


if __name__ == "__main__":
    record(sys.argv[1:])
