"""Two commits side by side: run benchmarks on both, interleaved, and print the ratios.

``bench/compare.py A B`` checks both commits out as git worktrees in a temporary directory and runs
the *current* benchmark scripts (this checkout's ``bench/``) against each commit's ``k8scourse``
package, alternating A, B, B, A, ... so that drift in the machine's load falls on both. For every
figure it prints both medians, B ÷ A, and whether B is worse beyond the run-to-run spread — a
regression is caught before it lands. ``B`` may be ``.`` (this working tree, uncommitted changes
included). Records that carry a ``digest`` (scheduler_perf's placements and events) also say
whether both commits made the same decisions.

Run: ``.venv/bin/python bench/compare.py A B [--bench scheduler_perf] [--args "--size smoke"] [--runs 3]``
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
HIGHER_IS_BETTER = ("/s", "/min")          # rates; everything else (ms, s, MiB) is better lower


class Tree:
    """A commit checked out for benchmarking (or this working tree itself, for ``.``)."""

    def __init__(self, ref: str, parent: Path):
        self.ref = ref
        if ref == ".":
            self.path, self.owned = ROOT, False
            self.label = "working tree (" + benchlib.commit(ROOT) + ")"
            return
        self.path = parent / ref.replace("/", "_")
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(self.path), ref], cwd=ROOT, check=True)
        self.owned = True
        self.label = ref + " (" + benchlib.commit(self.path) + ")"

    def run(self, bench: str, args: list[str]) -> list[dict]:
        """One run of ``bench/<bench>.py --json`` against this tree's package."""
        env = dict(os.environ, PYTHONPATH=str(self.path))
        out = subprocess.run([sys.executable, str(BENCH / f"{bench}.py"), "--json", *args], cwd=self.path, env=env,
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"{bench} failed on {self.ref}:\n{out.stderr[-2000:]}")
        return benchlib.read_records(out.stdout)

    def remove(self) -> None:
        if self.owned:
            subprocess.run(["git", "worktree", "remove", "--force", str(self.path)], cwd=ROOT, check=False)


def side_by_side(trees: list[Tree], bench: str, args: list[str], runs: int, log=print) -> dict:
    """{case: {tree ref: [records]}}, the trees' runs interleaved (ABBA...)."""
    found: dict = {}
    for r in range(runs):
        order = trees if r % 2 == 0 else list(reversed(trees))
        for tree in order:
            log(f"  run {r + 1}/{runs}: {bench} on {tree.label}", flush=True)
            for rec in tree.run(bench, args):
                found.setdefault(rec["case"], {}).setdefault(tree.ref, []).append(rec)
    return found


def verdict(unit: str, a: list[float], b: list[float]) -> str:
    ma, mb = statistics.median(a), statistics.median(b)
    better_high = unit.endswith(HIGHER_IS_BETTER)
    ratio = mb / ma if ma else float("inf")
    spread = max((max(x) - min(x)) / statistics.median(x) if len(x) > 1 and statistics.median(x) else 0.0
                 for x in (a, b))
    worse = ratio < 1 - max(0.05, spread) if better_high else ratio > 1 + max(0.05, spread)
    better = ratio > 1 + max(0.05, spread) if better_high else ratio < 1 - max(0.05, spread)
    return "REGRESSION" if worse else ("better" if better else "same")


def report(found: dict, a: Tree, b: Tree) -> list[str]:
    lines = [f"| case | unit | {a.ref} | {b.ref} | B / A | verdict | same decisions |", "|---|---|---:|---:|---:|---|---|"]
    for case, by_tree in found.items():
        ra, rb = by_tree.get(a.ref, []), by_tree.get(b.ref, [])
        if not ra or not rb:
            continue
        unit = ra[0]["unit"]
        va, vb = [r["value"] for r in ra], [r["value"] for r in rb]
        digests = {r.get("digest") for r in ra + rb}
        same = "" if None in digests else ("yes" if len(digests) == 1 else "NO")
        ma, mb = statistics.median(va), statistics.median(vb)
        lines.append(f"| {case} | {unit} | {ma:,.1f} | {mb:,.1f} | {mb / ma:.2f} | {verdict(unit, va, vb)} | {same} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="the commit to compare against (e.g. main)")
    parser.add_argument("b", nargs="?", default=".", help="the candidate (default: this working tree)")
    parser.add_argument("--bench", action="append", help="benchmark script names (default: scheduler_perf)")
    parser.add_argument("--args", default="--size smoke", help="arguments for the benchmark scripts")
    parser.add_argument("--runs", type=int, default=3, help="runs per commit (interleaved)")
    opts = parser.parse_args()
    benches = opts.bench or ["scheduler_perf"]
    parent = Path(tempfile.mkdtemp(prefix="k8scourse-compare-"))
    trees: list[Tree] = []
    try:
        trees = [Tree(opts.a, parent), Tree(opts.b, parent)]
        print(f"A = {trees[0].label}\nB = {trees[1].label}\nmachine: {benchlib.machine()}")
        for bench in benches:
            found = side_by_side(trees, bench, shlex.split(opts.args), opts.runs)
            print(f"\n{bench} {opts.args} — medians of {opts.runs} interleaved runs")
            print("\n".join(report(found, *trees)))
    finally:
        for tree in trees:
            tree.remove()
        shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    main()
