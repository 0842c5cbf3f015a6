"""``k8scourse export-nbgrader --out DIR``: every exercise as an nbgrader assignment.

Classes already on nbgrader's release → collect → autograde → feedback flow can use the exercises
as they are. ``DIR/source/<exercise id>/<exercise id>.ipynb`` is an nbgrader *source* notebook
(metadata schema version 3):

* the task, the cell that starts the exercise and the check cell are **read-only** cells;
* each reference-solution cell is an **autograded answer** cell (``solution: true``) — code between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION``, which ``nbgrader generate_assignment`` replaces by
  its stub (a cell starting with a cell magic, ``%%kubectl apply``, is replaced whole);
* one **autograder tests** cell per check (``grade: true``, ``points`` = the check's points,
  ``grade_id`` = ``check-<check id>``) whose value is :func:`points` — nbgrader reads a test cell's
  numeric result as partial credit, and the cell prints that check's feedback.

:func:`points` grades the exercise's operation log with the k8scourse checks in a **fresh Python
process** (``python -m k8scourse.grading.nbgrader --grade``: replay in a clean engine, grade steps,
checks), once per log, so patching the engine or the checks in the kernel does not change the grade.
nbgrader itself still runs the student's code in the kernel that runs the tests; for grading that
nothing in the submission can reach, use ``k8scourse grade`` (sandboxed runs).

>>> import tempfile, json
>>> files = export(tempfile.mkdtemp())
>>> files[0]
'source/ex01-containers-vs-vms/ex01-containers-vs-vms.ipynb'
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

SCHEMA_VERSION = 3
_CACHE: dict = {}


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _answer_source(source: str) -> str:
    if source.lstrip().startswith("%%"):
        return source                       # a cell magic must stay on the first line: stubbed whole
    return f"### BEGIN SOLUTION\n{source}\n### END SOLUTION"


def assignment(ex_id: str, root: Path):
    """The nbgrader source notebook of exercise ``ex_id`` (from its reference solution and spec)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from .spec import load_spec
    spec = load_spec(ex_id)
    solution = nbformat.read(str(root / "exercises" / "solutions" / f"{ex_id}.ipynb"), as_version=4)
    cells = list(solution.cells)
    check_cell = max(i for i, c in enumerate(cells) if c.cell_type == "code")
    start_cell = min(i for i, c in enumerate(cells) if c.cell_type == "code")
    out = []
    for i, cell in enumerate(cells):
        cell = nbformat.from_dict(dict(cell))
        cell.pop("id", None)
        if cell.cell_type == "code" and start_cell < i < check_cell:
            cell.source = _answer_source(cell.source)
            cell.metadata = _meta(f"answer-{i:02d}", solution=True)
        else:
            cell.metadata = _meta(f"{'task' if cell.cell_type == 'markdown' else 'code'}-{i:02d}", locked=True)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        out.append(cell)
    for check in spec.checks:
        out.append(new_code_cell(
            f"from k8scourse.grading.nbgrader import points\npoints(ex, {check.id!r})   # this check's score",
            metadata=_meta(f"check-{check.id}", grade=True, locked=True, points=check.points)))
    for i, cell in enumerate(out):
        cell["id"] = f"{ex_id[:4]}-nbg-{i:02d}"
    return new_notebook(cells=out, metadata={**solution.metadata})


def export(out, root: Path | None = None) -> list[str]:
    """Write one nbgrader source assignment per exercise into ``out``; the files written."""
    import nbformat

    from .release import source_root
    from .spec import available
    root = Path(root) if root is not None else source_root()
    out = Path(out)
    written = []
    for ex_id in available():
        if not (root / "exercises" / "solutions" / f"{ex_id}.ipynb").is_file():
            continue
        rel = f"source/{ex_id}/{ex_id}.ipynb"
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(assignment(ex_id, root), str(out / rel))
        written.append(rel)
    return written


# ---------------------------------------------------------------------- in the autograded notebook
def points(ex, check_id: str) -> float:
    """Print check ``check_id``'s feedback and return its points, graded in a fresh process."""
    from .kernel import log_digest
    from .result import ExerciseResult, tr
    log = ex.log()
    key = (ex.spec.id, log_digest(log))
    if key not in _CACHE:
        payload = json.dumps({"exercise": ex.spec.id, "log": log})
        proc = subprocess.run([sys.executable, "-m", "k8scourse.grading.nbgrader", "--grade"], input=payload,
                              capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"the k8scourse grader failed: {proc.stderr.strip()[-300:]}")
        _CACHE[key] = ExerciseResult.from_json(json.loads(proc.stdout))
    result = _CACHE[key]
    check = next(c for c in result.checks if c.id == check_id)
    mark = "✔" if check.passed else "✘"
    print(f"{mark} {tr(check.title_key)} — {check.points:g}/{check.max_points:g}\n    {result.feedback(check)}")
    return float(check.points)


def _grade_stdin() -> int:
    from .grade import grade_log
    from .spec import load_spec
    data = json.loads(sys.stdin.read())
    result = grade_log(load_spec(data["exercise"]), data["log"])
    sys.stdout.write(json.dumps(result.to_json()))
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--grade"]:
        return _grade_stdin()
    p = argparse.ArgumentParser(prog="k8scourse export-nbgrader",
                                description="Write every exercise as an nbgrader source assignment.")
    p.add_argument("--out", required=True, metavar="DIR", help="the nbgrader course folder (source/ goes in it)")
    args = p.parse_args(argv)
    files = export(args.out)
    print(f"wrote {len(files)} nbgrader assignments to {args.out}/source")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
