"""Batch grading: find submissions, execute each in a fresh kernel, grade the replay, in parallel.

``grade_many(paths, out)`` is what ``k8scourse grade`` runs. Each submission is graded by
:func:`grade_notebook` in a worker of a ``ProcessPoolExecutor`` — the kernel runs the notebook,
the worker (the grader's own process) replays the log and runs the checks. Results are sorted by
(student, exercise, source) before anything is written, so the worker count and the finishing
order never change the gradebook.

Who and what: a notebook's *student* is its file name without ``.ipynb`` — or, when the file is
named after the exercise (``alice/ex04-fix-service.ipynb``), its folder's name. Its *exercise* is
``--exercise``, else the ``k8scourse.exercise`` entry of the notebook's metadata (exercise
notebooks carry it), else an exercise id found in the file name.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .result import ExerciseResult, zero
from .spec import SpecError, available, load_spec


@dataclass(frozen=True)
class Submission:
    student: str
    path: str
    source: str            # the path as shown in the gradebook (relative to what was given)


def find_submissions(paths) -> list[Submission]:
    ids = set(available())
    found = []
    for given in map(Path, paths):
        if given.is_dir():
            for nb in sorted(given.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in nb.parts:
                    continue
                rel = nb.relative_to(given)
                found.append(Submission(_student(nb, ids, rel), str(nb), rel.as_posix()))
        else:
            found.append(Submission(_student(given, ids, None), str(given), given.name))
    return sorted(found, key=lambda s: (s.student, s.source, s.path))


def _student(path: Path, ids: set, rel) -> str:
    if path.stem in ids or any(path.stem == i[:4] for i in ids):
        if rel is not None and len(rel.parts) > 1:
            return rel.parts[0]
        return path.parent.name or path.stem
    return path.stem


def exercise_of(path: str, forced: str | None) -> str | None:
    if forced:
        return forced
    try:
        from .executor import read_notebook
        meta = read_notebook(path).metadata.get("k8scourse") or {}
        if isinstance(meta, dict) and isinstance(meta.get("exercise"), str):
            return meta["exercise"]
    except Exception:  # noqa: BLE001 - an unreadable notebook is reported by the executor
        pass
    name = Path(path).name
    return next((i for i in available() if i in name), None)


def grade_report(spec, report: dict) -> ExerciseResult:
    """Grade what a kernel reported (:func:`k8scourse.grading.kernel.report`)."""
    from .grade import grade_log
    if not report.get("started"):
        return zero(spec, "grading.reason.not_started", exercise=spec.id)
    log = report.get("log")
    if not isinstance(log, list):
        return zero(spec, "grading.reason.no_log", detail="malformed log")
    digest = report.get("digest") if isinstance(report.get("digest"), str) else None
    logged = report.get("exercise") if isinstance(report.get("exercise"), str) else None
    dropped = report.get("dropped") if isinstance(report.get("dropped"), int) else 0
    return grade_log(spec, log, kernel_digest=digest, logged_exercise=logged, dropped=dropped)


REASONS = {"timeout": ("grading.reason.timeout", "seconds"), "crashed": ("grading.reason.crashed", "detail"),
           "no_log": ("grading.reason.no_log", "detail"), "not_notebook": ("grading.reason.not_notebook", "detail"),
           "error": ("grading.reason.error", "detail")}


def grade_notebook(path, exercise: str | None = None, timeout: float = 120, memory_mb: int = 2048) -> ExerciseResult:
    """Execute one submitted notebook and grade its replayed work."""
    from .executor import execute
    name = exercise_of(str(path), exercise)
    try:
        spec = load_spec(name) if name else None
    except SpecError:
        spec = None
    if spec is None:
        return zero(None, "grading.reason.unknown_exercise", detail=str(name or "no exercise in the metadata"))
    run = execute(path, timeout=timeout, memory_mb=memory_mb)
    if run.status != "ok":
        key, param = REASONS[run.status]
        return zero(spec, key, **{param: run.detail})
    return grade_report(spec, run.report)


def _work(sub: Submission, exercise, timeout, memory_mb) -> tuple:
    try:
        result = grade_notebook(sub.path, exercise, timeout, memory_mb)
    except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the class
        result = zero(None, "grading.reason.error", detail=type(exc).__name__)
    return sub, result.to_json()


def grade_many(paths, out=None, *, workers: int = 2, timeout: float = 120, exercise: str | None = None,
               memory_mb: int = 2048, lang: str = "en", progress: bool = True) -> list:
    """Grade every submission under ``paths``; write the gradebook to ``out`` when given.

    Returns ``[(Submission, ExerciseResult)]`` sorted by student, exercise and source.
    """
    subs = find_submissions(paths)
    results = []
    total = len(subs)
    if workers <= 1:
        for n, sub in enumerate(subs, 1):
            results.append(_work(sub, exercise, timeout, memory_mb))
            _progress(progress, n, total, sub)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_work, sub, exercise, timeout, memory_mb): sub for sub in subs}
            for n, future in enumerate(as_completed(futures), 1):
                sub = futures[future]
                try:
                    results.append(future.result())
                except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory)
                    results.append((sub, zero(None, "grading.reason.error", detail=type(exc).__name__).to_json()))
                _progress(progress, n, total, sub)
    graded = [(sub, ExerciseResult.from_json(r)) for sub, r in results]
    graded.sort(key=lambda sr: (sr[0].student, sr[1].exercise, sr[0].source, sr[0].path))
    if out is not None:
        from .gradebook import write_all
        write_all(graded, out, lang)
    return graded


def _progress(enabled: bool, n: int, total: int, sub: Submission) -> None:
    if not enabled:
        return
    width = 30
    filled = int(width * n / total) if total else width
    sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {n}/{total} {sub.student[:24]:<24}")
    if n == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
