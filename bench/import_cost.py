"""Import cost: `import k8scourse` plus an empty 3-node cluster, against a bare interpreter.

Measures, in fresh interpreters (median of N runs):
* baseline   — `python -c pass`
* import     — `python -c "import k8scourse"`
* cluster    — `python -c "from k8scourse import Cluster; Cluster(nodes=3)"`
* everything — every module of the package imported (widgets, plots, cloud, grading, ...), a
  3-node cluster and a simulated Azure subscription
and the resident memory (max RSS) of each.

Run: `.venv/bin/python bench/import_cost.py [--runs N] [--json]`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

EVERYTHING = """
import importlib, pkgutil, k8scourse
for m in pkgutil.walk_packages(k8scourse.__path__, "k8scourse."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
from k8scourse import Cluster
from k8scourse.cloud import Azure
c = Cluster(nodes=3)
az = Azure(seed=0)
"""
CASES = {
    "baseline": "pass",
    "import": "import k8scourse",
    "cluster": "from k8scourse import Cluster; Cluster(nodes=3)",
    "everything": EVERYTHING,
}
LABELS = {"import": "import k8scourse", "cluster": "import k8scourse + Cluster(nodes=3)",
          "everything": "every module imported + Cluster(nodes=3) + Azure()"}


def measure(code: str, runs: int) -> tuple[float, float, float]:
    """Median CPU seconds (user + system of the child: other load on the machine hardly moves it),
    median wall seconds and median max RSS (MiB)."""
    cpu, walls, rss = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code])
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpu.append(usage.ru_utime + usage.ru_stime)
        rss.append(usage.ru_maxrss / 1024)      # KiB -> MiB on Linux
        assert status == 0, code
    return statistics.median(cpu), statistics.median(walls), statistics.median(rss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    runs = parser.parse_args().runs
    results = {name: measure(code, runs) for name, code in CASES.items()}
    base_t, base_w, base_m = results["baseline"]
    print(f"{'case':<10} {'CPU (ms)':>10} {'x baseline':>11} {'wall (ms)':>10} {'max RSS (MiB)':>14}")
    for name, (t, wall, m) in results.items():
        print(f"{name:<10} {t * 1000:>10.1f} {t / base_t:>11.2f} {wall * 1000:>10.1f} {m:>14.1f}")
        if name in LABELS:
            benchlib.emit(LABELS[name], t * 1000, "ms CPU", baseline=base_t * 1000,
                          baseline_name="python -c pass (ms CPU)", ratio=t / base_t, ratio_name="x bare interpreter",
                          wall_ms=round(wall * 1000, 1), max_rss_mib=round(m, 1), baseline_rss_mib=round(base_m, 1),
                          command=f".venv/bin/python bench/import_cost.py --runs {runs}")


if __name__ == "__main__":
    main()
