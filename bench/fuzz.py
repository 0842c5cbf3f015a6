"""The fuzz suites at a larger scale, and the huge-replica-count measurement.

``tests/property/test_fuzz_*.py`` run in the test suite with small, derandomized example counts;
this runs the same strategies with ``FUZZ_SCALE`` times as many examples (default 20) and reports
how long each suite took and whether anything failed. It then measures what issue 17 measured:
a Deployment scaled to 10⁶ replicas, then ``c.run(30)`` (wall time, pods created).

Run: ``.venv/bin/python bench/fuzz.py [--scale 20] [--replicas 1000000] [--skip-fuzz]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = ["tests/property/test_fuzz_manifests.py", "tests/property/test_fuzz_commands.py",
          "tests/property/test_fuzz_python_api.py"]


def fuzz(scale: float) -> bool:
    ok = True
    for suite in SUITES:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", suite],
                              cwd=ROOT, env={**os.environ, "FUZZ_SCALE": str(scale)}, capture_output=True, text=True)
        last = (proc.stdout.strip().splitlines() or [""])[-1]
        print(f"BENCH fuzz {suite} scale={scale}: {last} ({time.perf_counter() - started:.1f} s)")
        ok &= proc.returncode == 0
        if proc.returncode:
            print(proc.stdout[-4000:])
    return ok


def huge_scale(replicas: int) -> None:
    sys.path.insert(0, str(ROOT))
    from k8scourse import Cluster
    c = Cluster(nodes=3, seed=1)
    c.kubectl("create deployment web --image=nginx --replicas=2", echo=False)
    c.run(30)
    c.kubectl(f"scale deployment web --replicas={replicas}", echo=False)
    for attempt in range(3):
        started = time.perf_counter()
        c.run(30)
        pending = sum(1 for p in c.list("pods", "default") if p["status"].get("phase") == "Pending")
        print(f"BENCH scale to {replicas} then run(30) #{attempt + 1}: {time.perf_counter() - started:.2f} s wall, "
              f"{c.store.count('pods')} pods ({pending} Pending)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=20)
    parser.add_argument("--replicas", type=int, default=1_000_000)
    parser.add_argument("--skip-fuzz", action="store_true")
    options = parser.parse_args()
    ok = True if options.skip_fuzz else fuzz(options.scale)
    huge_scale(options.replicas)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
