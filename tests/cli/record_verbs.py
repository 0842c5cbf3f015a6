"""Record what the real kubectl 1.32 prints for the verb cases of ``tests/cli/verb_cases.py``.

Run from the worktree root (needs the real kubectl, see tests/serve/realkubectl.py)::

    .venv/bin/python tests/cli/record_verbs.py [VERB | VERB/CASE ...]

Each case builds its cluster with its setup function, serves it (``Cluster.serve``, plain HTTP,
manual clock), runs the real kubectl with the case's command line in a scratch folder holding the
case's files and writes ``tests/data/kubectl-recorded/<verb>/<case>.out|.err|.code``.
"""

from __future__ import annotations

import json
import os
import re
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


def _fractions_ms(cluster) -> set[int]:
    """The sub-second parts (ms) of the MicroTimes the cluster holds (Events' eventTime, series)."""
    text = json.dumps(cluster.store.list("events", None, copy=False))
    return {int(m) // 1000 for m in _MICRO.findall(text)}


CLIENT_CLOCK_COMMANDS = {"describe", "events"}
_MICRO = re.compile(r'T\d\d:\d\d:\d\d\.(\d{6})Z')


def _unambiguous(case, cluster, lock, window: range) -> bool:
    """Whether the simulator prints the same at both ends of kubectl's run (read-only cases)."""
    if not any(f in window for f in _fractions_ms(cluster)):
        return True
    clock = cluster.sim.clock
    with lock:
        start = clock._now_ms
        outputs = set()
        for into in (window[0], window[-1]):
            clock._now_ms = start + into       # a look at the ages then; the cluster is not run
            outputs.add(cluster.kubectl(shlex.split(case.command), stdin=case.stdin, echo=False).stdout)
        clock._now_ms = start
    return len(outputs) == 1


def _levelled(case, cluster, lock, real, epoch: str):
    """Run the case with simulated time level with the wall clock, so that the ages kubectl computes
    from the wall clock are the simulator's; retried until kubectl starts and ends in the second the
    simulation was levelled to.

    kubectl computes ages from its own clock, some milliseconds into that second. Whole-second times
    do not care; a sub-second time (an Event's ``eventTime``) does when kubectl's run straddled its
    fraction — such a run is ambiguous and retried. The third line of the ``.clock`` file is how far
    into the second kubectl finished: the replay computes ages then. (``get`` prints the tables the
    server made on the simulated clock: no third line.)"""
    real(["get", "namespaces"])          # discovery cached first: the timed run is short
    before = cluster.sim.clock.unix_ms()
    # describe and events compute ages on kubectl's clock; get's tables come with the server's
    client_clock = shlex.split(case.command)[0] in CLIENT_CLOCK_COMMANDS
    for _ in range(20):
        while time.time() % 1 > 0.05:
            time.sleep(0.01)
        second = level_with_wall_clock(cluster, lock)
        if not client_clock:
            result = real(shlex.split(case.command), stdin=case.stdin)
            if int(time.time()) == second:
                (RECORDED / case.verb).mkdir(parents=True, exist_ok=True)
                (RECORDED / case.verb / f"{case.name}.clock").write_text(
                    f"{epoch}\n{cluster.sim.clock.unix_ms() - before}\n")
                return result
            continue
        # start kubectl in the widest gap between the sub-second times it will compute ages from
        cuts = sorted({0, 1000} | {f for f in _fractions_ms(cluster) if f > 0})
        gap_start = max(zip(cuts, cuts[1:]), key=lambda gap: gap[1] - gap[0])[0]
        while (time.time() - second) * 1000 < gap_start + 2:
            time.sleep(0.002)
        started = time.time()
        result = real(shlex.split(case.command), stdin=case.stdin)
        ended = time.time()
        window = range(int((started - second) * 1000), int((ended - second) * 1000) + 1)
        if os.environ.get("RECORD_DEBUG"):
            print("try", second, int(ended), window[0], window[-1], file=sys.stderr)
        if int(ended) == second and _unambiguous(case, cluster, lock, window):
            (RECORDED / case.verb).mkdir(parents=True, exist_ok=True)
            (RECORDED / case.verb / f"{case.name}.clock").write_text(
                f"{epoch}\n{cluster.sim.clock.unix_ms() - before}\n{window[-1]}\n")
            return result
    raise RuntimeError(f"{case.verb}/{case.name}: kubectl never ran within one wall-clock second")


def record(verbs: list[str]) -> None:
    for case in CASES:
        if verbs and case.verb not in verbs and f"{case.verb}/{case.name}" not in verbs:
            continue
        epoch = wall_epoch(3600)
        cluster = case.cluster(epoch) if case.level else case.cluster()
        with tempfile.TemporaryDirectory() as tmp:
            case.write_files(tmp)
            lock = threading.Lock()
            served = cluster.serve(clock="live" if case.live else "manual", tls=False,
                                   kubeconfig=os.path.join(tmp, ".kubeconfig"), lock=lock)
            real = RealKubectl(served, cwd=tmp)
            cluster._kubectl.cwd = tmp       # the simulator's kubectl (ambiguity checks) reads the same files
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
