"""What the benchmarks share: machine facts, a pure-Python yardstick, and result records.

Every benchmark prints its human-readable table; with ``--json`` it also prints one ``BENCH {...}``
line per figure, which ``bench/run.py`` (RESULTS.md) and ``bench/compare.py`` (two commits side by
side) read. A record names its case, the figure and unit, and the baseline it was measured against
in the same run with their ratio — figures from different machines or loads are only comparable
through such ratios.

The yardstick is a fixed pure-Python workload (integer arithmetic, dict and list churn, the
interpreter's own overheads); its CPU time says how fast this machine runs Python right now.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _workload() -> int:
    total = 0
    table: dict[int, list[int]] = {}
    for i in range(200_000):
        total = (total * 31 + i) % 1_000_003
        bucket = table.setdefault(i & 1023, [])
        bucket.append(total)
        if len(bucket) > 8:
            bucket.pop(0)
    return total


def yardstick(repeat: int = 5) -> float:
    """CPU seconds of the fixed pure-Python workload (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        _workload()
        best = min(best, time.process_time() - start)
    return best


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    return {"cpu": model or platform.machine(), "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(terse=True), "load": [round(x, 2) for x in load]}


def commit(path: Path = ROOT) -> str:
    """The checked-out commit (``+dirty`` when the work tree has uncommitted changes)."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=path, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=path,
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def engine_commit() -> str:
    """The commit of the ``k8scourse`` package this process imported (a worktree under compare.py)."""
    module = sys.modules.get("k8scourse")
    if module is None or not getattr(module, "__file__", None):
        return "unknown"
    return commit(Path(module.__file__).resolve().parents[1])


_ENGINE: list[str] = []


def wants_json(argv=None) -> bool:
    argv = sys.argv[1:] if argv is None else argv
    return "--json" in argv


def emit(case: str, value: float, unit: str, *, baseline: float | None = None, baseline_name: str = "",
         ratio: float | None = None, ratio_name: str = "", command: str = "", **extra) -> None:
    """One figure as a ``BENCH`` line (printed only under ``--json``)."""
    if not wants_json():
        return
    if not _ENGINE:
        _ENGINE.append(engine_commit())
    record = {"case": case, "value": value, "unit": unit, "baseline": baseline, "baseline_name": baseline_name,
              "ratio": ratio, "ratio_name": ratio_name, "command": command, "engine": _ENGINE[0],
              "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    record.update(extra)
    print("BENCH " + json.dumps(record), flush=True)


def read_records(text: str) -> list[dict]:
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("BENCH ")]
