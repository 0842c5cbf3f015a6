"""``k8scourse grade SUBMISSION… --out DIR``: the batch grader's command line.

    k8scourse grade submissions/ --out grades/ [--workers 2] [--timeout 120] [--exercise ID]
                                 [--memory-mb 2048] [--lang en|ko] [--quiet]

SUBMISSION is a notebook or a folder searched for notebooks (``alice.ipynb``, or
``alice/ex04-fix-service.ipynb``). Writes ``DIR/gradebook.csv``, ``DIR/gradebook.json``,
``DIR/lms.csv`` (one row per student, one column per exercise, for a learning-management system)
and ``DIR/feedback/<student>.md``; a progress bar goes to stderr, the summary to stdout (the
kernels' own output never reaches the terminal). Exit status 0 when every submission was graded
(zeros included), 1 when any row is an ``error`` (listed in the summary), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import sys


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="k8scourse grade", description="Grade submitted exercise notebooks.")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="notebooks or folders of notebooks")
    p.add_argument("--out", required=True, metavar="DIR", help="where the gradebook and feedback go")
    p.add_argument("--workers", type=int, default=2, help="notebooks graded in parallel (default 2)")
    p.add_argument("--timeout", type=float, default=120, help="seconds a notebook may run (default 120)")
    p.add_argument("--exercise", metavar="ID", help="grade every submission as this exercise")
    p.add_argument("--memory-mb", type=int, default=2048, help="address-space cap of each kernel (0: none)")
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="language of the feedback")
    p.add_argument("--replay-seconds", type=int, default=600, help="wall-clock seconds of each replay (default 600)")
    p.add_argument("--replay-memory-mb", type=int, default=4096, help="address-space cap of each replay (0: none)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from pathlib import Path
    from .batch import grade_many
    from .spec import SpecError, load_spec
    missing = [s for s in args.submissions if not Path(s).exists()]
    if missing:
        print(f"k8scourse grade: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.exercise:
        try:
            load_spec(args.exercise)
        except SpecError as exc:
            print(f"k8scourse grade: {exc}", file=sys.stderr)
            return 2
    if args.workers < 1 or args.timeout <= 0:
        print("k8scourse grade: --workers must be ≥ 1 and --timeout > 0", file=sys.stderr)
        return 2
    graded = grade_many(args.submissions, args.out, workers=args.workers, timeout=args.timeout,
                        exercise=args.exercise, memory_mb=args.memory_mb, lang=args.lang,
                        progress=not args.quiet, replay_seconds=args.replay_seconds,
                        replay_memory_mb=args.replay_memory_mb)
    print(summary(graded, args.out, args.lang), end="")
    return 1 if any(r.status == "error" for _, r in graded) else 0


def summary(graded, out, lang: str = "en") -> str:
    """The closing report: counts, then one line per error row and per flagged submission."""
    from .result import tr
    flagged = sum(1 for _, r in graded if r.flagged)
    count = {s: sum(1 for _, r in graded if r.status == s) for s in ("graded", "zero", "error")}
    lines = [f"graded {len(graded)} submissions ({count['zero']} zero, {count['error']} error, {flagged} flagged) "
             f"-> {out}"]
    for sub, r in graded:
        if r.status == "error":
            lines.append(f"  error    {sub.student} {r.exercise}: {tr(r.reason[0], lang, **r.reason[1])}")
    for sub, r in graded:
        if r.flagged:
            lines.append(f"  flagged  {sub.student} {r.exercise}: " + " ".join(tr(k, lang, **p) for k, p in r.flags))
    return "\n".join(lines) + "\n"
