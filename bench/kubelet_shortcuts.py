"""Container-level periodic work, with and without the kubelet's shortcuts (issue 18).

Runs ``bench/lecture_hour.py``'s scenario and each of its workloads on its own for one simulated
hour, alternating the reference (every probe its own event, every shell loop interpreted:
``prober.SHORTCUTS = False``, ``shell.COMPILED_LOOPS = False``) with the shortcuts (coasting
probes, compiled print loops, no status re-check during crash back-off), in the same process and
time window. Reports the CPU time (``time.process_time``, median of ``--repeat`` runs) and the
simulation events processed; the store revision must be the same in both modes (same writes).
An empty 3-node cluster (its add-on pods have probes too) is the floor the workloads add to.

Run: ``.venv/bin/python bench/kubelet_shortcuts.py [--repeat 3]``
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from k8scourse import Cluster
from k8scourse.kubelet import prober
from k8scourse.runtime import shell

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import lecture_hour as L  # noqa: E402

PARTS = {
    "whole lecture hour (30 pods)": ((L.WEB, 12), (L.REDIS, 6), (L.LOOP, 6), (L.CRASH, 3), (L.STRESS, 3)),
    "probes: 12 nginx httpGet x2 + 6 redis tcpSocket": ((L.WEB, 12), (L.REDIS, 6)),
    "6 busybox print loops + exec probe": ((L.LOOP, 6),),
    "3 crash loops": ((L.CRASH, 3),),
    "empty cluster (add-ons only)": (),
}


def one_hour(kinds, shortcuts: bool) -> tuple[float, int, int]:
    prober.SHORTCUTS = shell.COMPILED_LOOPS = shortcuts
    c = Cluster(nodes=3, seed=0)
    docs = [t.format(i=i) for t, n in kinds for i in range(n)]
    if docs:
        c.apply("---\n".join(docs), echo=False)
    c.run(seconds=120)
    steps = c.engine.sim.steps
    t0 = time.process_time()
    c.run(seconds=3600)
    return time.process_time() - t0, c.engine.sim.steps - steps, c.store.revision


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    print(f"{'workload':50s} {'reference':>22s} {'shortcuts':>22s}  writes")
    for name, kinds in PARTS.items():
        runs = {False: [], True: []}
        for _ in range(repeat):
            for mode in (False, True):
                runs[mode].append(one_hour(kinds, mode))
        cpu = {m: statistics.median(r[0] for r in runs[m]) for m in runs}
        events = {m: runs[m][0][1] for m in runs}
        revs = {runs[m][0][2] for m in runs}
        assert len(revs) == 1, f"{name}: the two modes wrote differently ({revs})"
        print(f"{name:50s} {cpu[False]:7.3f} s {events[False]:7d} ev {cpu[True]:7.3f} s {events[True]:7d} ev  "
              f"{revs.pop()}")
        benchlib.emit(f"kubelet shortcuts: {name}, one simulated hour", cpu[True], "s CPU", baseline=cpu[False],
                      baseline_name="reference (every probe an event, loops interpreted)",
                      ratio=cpu[False] / cpu[True] if cpu[True] else 0.0, ratio_name="reference / shortcuts",
                      command=".venv/bin/python bench/kubelet_shortcuts.py")
    prober.SHORTCUTS = shell.COMPILED_LOOPS = True


if __name__ == "__main__":
    main()
