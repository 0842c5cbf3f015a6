"""Import cost: `import k8scourse` plus an empty 3-node cluster, against a bare interpreter.

Measures, in fresh interpreters (median of N runs):
* baseline  — `python -c pass`
* import    — `python -c "import k8scourse"`
* cluster   — `python -c "from k8scourse import Cluster; Cluster(nodes=3)"`
and the resident memory (max RSS) of the last two.

Run: `.venv/bin/python bench/import_cost.py [--runs N]`
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

CASES = {
    "baseline": "pass",
    "import": "import k8scourse",
    "cluster": "from k8scourse import Cluster; Cluster(nodes=3)",
}


def measure(code: str, runs: int) -> tuple[float, float]:
    times, rss = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code])
        _, status, usage = __import__("os").wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        rss.append(usage.ru_maxrss / 1024)      # KiB -> MiB on Linux
        assert status == 0, code
    return statistics.median(times), statistics.median(rss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    results = {name: measure(code, runs) for name, code in CASES.items()}
    base_t, base_m = results["baseline"]
    print(f"{'case':<10} {'wall (ms)':>10} {'x baseline':>11} {'max RSS (MiB)':>14}")
    for name, (t, m) in results.items():
        print(f"{name:<10} {t * 1000:>10.1f} {t / base_t:>11.2f} {m:>14.1f}")


if __name__ == "__main__":
    main()
