"""Batch grading throughput: submissions graded per minute with 2 workers, and peak memory.

A class of 16 submissions — each of the 8 exercises' reference solution and its half-done
version — graded by ``grade_many(..., workers=2)`` exactly as ``k8scourse grade`` does: a grading
process per submission, which runs the notebook in a fresh kernel in the sandbox and then replays it
and runs the checks. A sampler thread reads the resident memory of the grader's processes (this one,
the grading processes, the sandboxes' nbclient workers) and, separately, of the kernels they start
(psutil, every 50 ms).

Run: ``.venv/bin/python bench/grading.py`` (part of ``make bench``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import benchlib  # noqa: E402

EXERCISES = ["ex01-containers-vs-vms", "ex02-aks-create-scale", "ex03-aci-public-ip", "ex04-fix-service",
             "ex05-quota-fit", "ex06-rollout-rollback", "ex07-node-failure", "ex08-autoscale-budget"]


class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        import psutil
        self.me = psutil.Process()
        self.peak_grader = self.peak_kernels = self.peak_worker = 0
        self.stop = False

    def run(self):
        import psutil
        while not self.stop:
            try:
                grader, kernels, worker = self.me.memory_info().rss, 0, 0
                for child in self.me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        if "ipykernel" in " ".join(child.cmdline()):
                            kernels += rss
                        else:
                            grader += rss
                            worker = max(worker, rss)
                    except psutil.Error:
                        continue
                self.peak_grader = max(self.peak_grader, grader)
                self.peak_kernels = max(self.peak_kernels, kernels)
                self.peak_worker = max(self.peak_worker, worker)
            except psutil.Error:
                pass
            time.sleep(0.05)


def main() -> None:
    from k8scourse.grading import grade_many
    folder = Path(tempfile.mkdtemp(prefix="k8scourse-bench-"))
    try:
        n = 0
        for ex in EXERCISES:
            for kind, src in (("ref", ROOT / "exercises" / "solutions"), ("half", ROOT / "exercises" / "solutions"
                                                                           / "partial")):
                n += 1
                student = folder / f"student{n:02d}"
                student.mkdir()
                shutil.copy(src / f"{ex}.ipynb", student / f"{ex}.ipynb")
        sampler = Sampler()
        sampler.start()
        t0 = time.perf_counter()
        graded = grade_many([folder], folder / "out", workers=2, timeout=120, progress=False)
        wall = time.perf_counter() - t0
        sampler.stop = True
        sampler.join()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    zero = sum(1 for _, r in graded if r.reason)
    mib = 1024 * 1024
    print("| submissions | workers | wall (s) | submissions/min | grader peak RSS (MiB) | largest worker (MiB) "
          "| kernels peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(graded)} | 2 | {wall:.1f} | {len(graded) / wall * 60:.1f} | {sampler.peak_grader / mib:.0f} "
          f"| {sampler.peak_worker / mib:.0f} | {sampler.peak_kernels / mib:.0f} |")
    if zero:
        print(f"warning: {zero} submissions got a zero (the benchmark expects none)")
    benchlib.emit(f"{len(graded)} submissions graded, 2 workers", len(graded) / wall * 60, "submissions/min",
                  command=".venv/bin/python bench/grading.py", wall_s=round(wall, 1),
                  grader_peak_mib=round(sampler.peak_grader / mib), kernels_peak_mib=round(sampler.peak_kernels / mib))


if __name__ == "__main__":
    main()
