"""Run every benchmark and write bench/RESULTS.md (what ``make bench`` does).

RESULTS.md is generated here and only here: it records the machine (CPU model, cores, Python,
load average), the commit and the date, a pure-Python yardstick measured before and after (how fast
this machine ran Python during the run), and every figure with the baseline it was measured against
in the same run, their ratio and the command that reproduces it. ``--against REF`` adds, for the
scheduler_perf shapes, the same benchmark run on commit REF (a worktree, as ``compare.py`` does), so
"before → after" figures come from one run on one machine; ``--before-records FILE`` takes those
"before" figures from a file of ``BENCH`` records instead (``scheduler_perf.py --json`` run earlier on
the old commit — each record names the engine commit and when it was measured).

``--merge`` keeps the rest of the file: only the sections of the benchmarks run (``## … (`bench/NAME.py`)``)
are replaced or appended, each saying when, on which commit and machine it was measured — for
re-measuring a few benchmarks without running them all. ``--before-records`` figures are shown next
to any benchmark's cases of the same name (``bench/NAME.py --json`` run on the old commit).

Run: ``.venv/bin/python bench/run.py [--only NAME ...] [--quick] [--against REF | --before-records FILE]
[--merge] [--out FILE]`` (``--quick``: the scheduler_perf shapes at 500 nodes, one run each).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import compare  # noqa: E402

BENCH = Path(__file__).resolve().parent
# (script, arguments, arguments with --quick)
BENCHES = [
    ("scheduler_perf", ["--size", "full", "--repeat", "3"], ["--size", "smoke"]),
    ("skippy_compare", ["--runs", "3"], ["--runs", "1"]),
    ("scheduler_throughput", [], ["--pods", "2000", "--nodes", "1000"]),
    ("api_throughput", [], []),
    ("import_cost", [], ["--runs", "3"]),
    ("lecture_hour", [], []),
    ("idle_week", ["--days", "7"], ["--days", "1"]),
    ("cluster_hour", [], ["--nodes", "30", "--pods", "300", "--seconds", "600"]),
    # the goal's size (5,000 nodes / 50,000 pods, the script's default) does not finish in a bench run
    # yet: the recorded run is 1,000 nodes / 10,000 pods and 10 simulated minutes
    ("huge_cluster", ["--nodes", "1000", "--pods", "10000", "--deployments", "10", "--seconds", "600"], ["--smoke"]),
    ("soak", ["--days", "7"], ["--days", "1"]),
    ("widgets", [], []),
    ("grading", [], []),
    ("lite", [], []),
]


def describe(script: str) -> tuple[str, str]:
    """A benchmark's title and description: its docstring up to the ``Run:`` line."""
    doc = ast.get_docstring(ast.parse((BENCH / f"{script}.py").read_text())) or ""
    text = doc.split("\nRun:")[0].strip()
    title, _, body = text.partition("\n\n")
    return title.replace("\n", " "), body


def run_bench(script: str, args: list[str]) -> list[dict]:
    print(f"== {script} {' '.join(args)}", flush=True)
    out = subprocess.run([sys.executable, str(BENCH / f"{script}.py"), "--json", *args], cwd=BENCH.parent,
                         capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if not line.startswith("BENCH "):
            print("   " + line, flush=True)
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{script} failed")
    return benchlib.read_records(out.stdout)


def fmt(value, unit: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


EXTRA_SKIP = {"case", "value", "unit", "baseline", "baseline_name", "ratio", "ratio_name", "command", "engine",
              "measured"}


def table(records: list[dict], before: dict | None = None, against: str = "") -> list[str]:
    extras = []
    for r in records:
        for k in r:
            if k not in EXTRA_SKIP and k not in extras and k not in ("runs", "skippy_runs", "size"):
                extras.append(k)
    head = ["case", "figure"] + ([f"before ({against})", "after ÷ before"] if before is not None else []) + \
        ["baseline (same run)", "ratio"] + extras
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for r in records:
        cells = [r["case"], f"{fmt(r['value'])} {r['unit']}"]
        if before is not None:
            b, digest = before.get(r["case"], (None, None))
            same = "" if digest is None or "digest" not in r else (" (same decisions)" if digest == r["digest"]
                                                                     else " (DIFFERENT decisions)")
            cells += [f"{fmt(b)} {r['unit']}" if b else "", (fmt(r["value"] / b) + "×" + same) if b else ""]
        cells += [f"{fmt(r['baseline'])} ({r['baseline_name']})" if r.get("baseline") is not None
                  else r.get("baseline_name", ""),
                  f"{fmt(r['ratio'])} ({r['ratio_name']})" if r.get("ratio") is not None else ""]
        cells += [str(r.get(k, "")) if not isinstance(r.get(k), float) else fmt(r[k]) for k in extras]
        lines.append("| " + " | ".join(cells) + " |")
    commands = list(dict.fromkeys(r["command"] for r in records if r.get("command")))
    lines.append("")
    lines += ["Command" + ("s" if len(commands) > 1 else "") + ":", ""] + [f"    {c}" for c in commands]
    return lines


def before_figures(against: str, size: str, runs: int) -> dict:
    """scheduler_perf on commit ``against`` (one run per repetition, the current bench script)."""
    parent = Path(tempfile.mkdtemp(prefix="k8scourse-run-"))
    tree = None
    try:
        tree = compare.Tree(against, parent)
        found: dict = {}
        for i in range(runs):
            print(f"== scheduler_perf on {tree.label}, run {i + 1}/{runs}", flush=True)
            for rec in tree.run("scheduler_perf", ["--size", size, "--repeat", "1"]):
                found.setdefault(rec["case"], []).append(rec)
        return {case: (statistics.median(r["value"] for r in recs), recs[0].get("digest"))
                for case, recs in found.items()}
    finally:
        if tree is not None:
            tree.remove()
        shutil.rmtree(parent, ignore_errors=True)


def merge(text: str, sections: dict[str, list[str]]) -> str:
    """``text`` (a RESULTS.md) with the ``## …(`bench/NAME.py`…`` section of each NAME in ``sections``
    replaced by the new one (appended when the file has none)."""
    out: list[str] = []
    done = set()
    skipping = False
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("## "):
            skipping = False
            for script, part in sections.items():
                if f"(`bench/{script}.py`" in line:
                    if script not in done:
                        out += part
                        done.add(script)
                    skipping = True
                    break
        if not skipping:
            out.append(line)
    for script, part in sections.items():
        if script not in done:
            out += ([""] if out and out[-1] else []) + part
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only these benchmarks (script names)")
    parser.add_argument("--quick", action="store_true", help="smaller runs (scheduler_perf at 500 nodes)")
    parser.add_argument("--against", help="also run scheduler_perf on this commit (before -> after)")
    parser.add_argument("--before-records", help="scheduler_perf BENCH records of the old commit (a file)")
    parser.add_argument("--merge", action="store_true",
                        help="replace only the sections of the benchmarks run, keep the rest of --out")
    parser.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    opts = parser.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    machine = benchlib.machine()
    yard_before = benchlib.yardstick()
    results: dict[str, list[dict]] = {}
    before, against = None, ""
    for script, args, quick in BENCHES:
        if opts.only and script not in opts.only:
            continue
        use = quick if opts.quick else args
        results[script] = run_bench(script, use)
        if script == "scheduler_perf" and opts.against:
            before = before_figures(opts.against, use[use.index("--size") + 1], 1 if opts.quick else 3)
            against = opts.against
        elif script == "scheduler_perf" and opts.before_records:
            records = benchlib.read_records(Path(opts.before_records).read_text())
            before = {r["case"]: (r["value"], r.get("digest")) for r in records}
            against = ", ".join(sorted({f"{r.get('engine', '?')} measured {r.get('measured', '?')}"
                                        for r in records[:1]}))
    if opts.before_records and before is None:      # read now: the file may be written while benches run
        records = benchlib.read_records(Path(opts.before_records).read_text())
        before = {r["case"]: (r["value"], r.get("digest")) for r in records}
        against = ", ".join(sorted({f"{r.get('engine', '?')} measured {r.get('measured', '?')}"
                                    for r in records[:1]}))
    yard_after = benchlib.yardstick()
    machine_after = benchlib.machine()
    invocation = " ".join(["bench/run.py"] + sys.argv[1:])
    lines = ["# Benchmark results", "",
             "Generated by `bench/run.py` — do not edit by hand; re-run it (`make bench`, or "
             f"`.venv/bin/python {invocation}` for this file).", "",
             "| | |", "|---|---|",
             f"| date (UTC) | {started:%Y-%m-%d %H:%M} |",
             f"| commit | {benchlib.commit()} |",
             f"| machine | {machine['cpu']}, {machine['cores']} cores, {machine['platform']} |",
             f"| Python | {machine['python']} |",
             f"| load average (1/5/15 min) | before {machine['load']}, after {machine_after['load']} |",
             f"| yardstick (fixed pure-Python workload, CPU s, best of 5) | before {yard_before:.3f}, "
             f"after {yard_after:.3f} |", "",
             "Figures are CPU time of the measuring process unless the unit says otherwise, so other load on a "
             "shared machine disturbs them less than wall time; each figure sits next to a baseline measured in "
             "the same run, and the ratio between them is what carries over between machines. The yardstick "
             "says how fast this machine ran plain Python during the run.", ""]
    sections = {}
    for script, records in results.items():
        title, body = describe(script)
        part = [f"## {title} (`bench/{script}.py`)", "", body, ""]
        if opts.merge:
            part += [f"Measured {started:%Y-%m-%d %H:%M} UTC on commit {benchlib.commit()}, {machine['cpu']} "
                     f"({machine['cores']} cores), Python {machine['python']}, load average {machine['load']} → "
                     f"{machine_after['load']}, yardstick {yard_before:.3f} → {yard_after:.3f} s "
                     f"(`.venv/bin/python {invocation}`).", ""]
        shown = before if script == "scheduler_perf" or (before and any(r["case"] in before for r in records)) \
            else None
        part += table(records, shown, against)
        part.append("")
        sections[script] = part
    if opts.merge and Path(opts.out).exists():
        text = merge(Path(opts.out).read_text(), sections)
    else:
        text = "\n".join(lines + [line for part in sections.values() for line in part])
    Path(opts.out).write_text(text.rstrip() + "\n")
    print(f"wrote {opts.out}")


if __name__ == "__main__":
    main()
