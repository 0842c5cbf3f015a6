"""Batch grading: find submissions, execute each in a fresh kernel, grade the replay, in parallel.

``grade_many(paths, out)`` is what ``k8scourse grade`` runs. Each submission is graded by a
process of its own (:mod:`.job`): the notebook runs sandboxed (:mod:`.sandbox`), and that process —
the grader's code, never the student's — replays the log and runs the checks. A grading process
that dies or overruns its deadline costs only its own row (an ``error`` with the reason). Results
are sorted by (student, exercise, source) before anything is written, so the worker count and the
finishing order never change the gradebook.

Who and what: a notebook's *student* is its file name without ``.ipynb`` — or, when the file is
named after the exercise (``alice/ex04-fix-service.ipynb``), its folder's name. Its *exercise* is
``--exercise``, else the ``k8scourse.exercise`` entry of the notebook's metadata (exercise
notebooks carry it), else an exercise id found in the file name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
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
        from .job import MAX_NOTEBOOK_BYTES
        if os.path.getsize(path) > MAX_NOTEBOOK_BYTES:
            raise ValueError("too large")
        meta = read_notebook(path).metadata.get("k8scourse") or {}
        if isinstance(meta, dict) and isinstance(meta.get("exercise"), str):
            return meta["exercise"]
    except Exception:  # noqa: BLE001 - an unreadable notebook is reported by the executor
        pass
    name = Path(path).name
    return next((i for i in available() if i in name), None)


@dataclass
class _Running:
    sub: Submission
    exercise: str | None
    proc: subprocess.Popen
    out: object
    err: object
    deadline: float


def _job(sub: Submission, exercise, timeout, memory_mb, replay_seconds, replay_memory_mb) -> dict:
    return {"path": str(Path(sub.path).resolve()), "student": sub.student, "exercise": exercise,
            "timeout": timeout, "memory_mb": memory_mb, "replay_seconds": replay_seconds,
            "replay_memory_mb": replay_memory_mb}


def _start(sub: Submission, forced, timeout, memory_mb, replay_seconds, replay_memory_mb) -> _Running:
    exercise = exercise_of(sub.path, forced)
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "k8scourse.grading.job"], stdin=subprocess.PIPE, stdout=out,
                            stderr=err, start_new_session=True)
    proc.stdin.write(json.dumps(_job(sub, exercise, timeout, memory_mb, replay_seconds, replay_memory_mb)).encode())
    proc.stdin.close()
    from .job import STARTUP_SECONDS
    deadline = time.monotonic() + timeout + STARTUP_SECONDS + replay_seconds + 60
    return _Running(sub, exercise, proc, out, err, deadline)


def _finish(run: _Running, killed: bool) -> dict:
    """The job's result, or an ``error`` row saying why the grading process gave none."""
    from .job import parse
    try:
        os.killpg(run.proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    run.proc.wait()
    run.out.seek(0)
    run.err.seek(0)
    text = run.out.read(1 << 20).decode("utf-8", "replace")
    errors = run.err.read()[-4000:].decode("utf-8", "replace")
    run.out.close()
    run.err.close()
    result = None if killed else parse(text)
    if result is not None:
        return result
    spec = None
    if run.exercise:
        try:
            spec = load_spec(run.exercise)
        except SpecError:
            spec = None
    code = run.proc.returncode
    if killed:
        detail = "the grading process ran past its deadline"
    elif code is not None and code < 0:
        detail = f"killed by {_signal_name(-code)}" + (" (out of memory?)" if -code == signal.SIGKILL else "")
    else:
        last = [line for line in errors.splitlines() if line.strip()][-1:]
        detail = f"exit status {code}" + (f": {last[0][:120]}" if last else "")
    return zero(spec, "grading.reason.worker", detail=detail).to_json()


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def grade_notebook(path, exercise: str | None = None, timeout: float = 120, memory_mb: int = 2048,
                   replay_seconds: int = 600, replay_memory_mb: int = 4096) -> ExerciseResult:
    """Grade one submitted notebook (sandboxed run, replay in a grading process of its own)."""
    return grade_many([path], None, workers=1, timeout=timeout, exercise=exercise, memory_mb=memory_mb,
                      replay_seconds=replay_seconds, replay_memory_mb=replay_memory_mb, progress=False)[0][1]


def grade_many(paths, out=None, *, workers: int = 2, timeout: float = 120, exercise: str | None = None,
               memory_mb: int = 2048, lang: str = "en", progress: bool = True, replay_seconds: int = 600,
               replay_memory_mb: int = 4096) -> list:
    """Grade every submission under ``paths``; write the gradebook to ``out`` when given.

    Each submission is graded by a process of its own (:mod:`.job`), at most ``workers`` at a time.
    Returns ``[(Submission, ExerciseResult)]`` sorted by student, exercise and source; two students
    whose (non-empty) operation logs are identical are both flagged.
    """
    subs = find_submissions(paths)
    pending, running, results = list(subs), [], []
    bar = Progress(len(subs), progress)
    while pending or running:
        while pending and len(running) < max(1, workers):
            running.append(_start(pending.pop(0), exercise, timeout, memory_mb, replay_seconds, replay_memory_mb))
        time.sleep(0.05)
        for run in list(running):
            killed = time.monotonic() > run.deadline
            if run.proc.poll() is None and not killed:
                continue
            running.remove(run)
            results.append((run.sub, _finish(run, killed)))
            bar.step(run.sub, ExerciseResult.from_json(results[-1][1]))
    graded = [(sub, ExerciseResult.from_json(r)) for sub, r in results]
    flag_identical_logs(graded)
    graded.sort(key=lambda sr: (sr[0].student, sr[1].exercise, sr[0].source, sr[0].path))
    if out is not None:
        from .gradebook import write_all
        write_all(graded, out, lang)
    return graded


def flag_identical_logs(graded) -> None:
    """Flag every submission whose operation log equals one of another student (same exercise)."""
    by_log: dict = {}
    for sub, result in graded:
        if result.log_digest:
            by_log.setdefault((result.exercise, result.log_digest), []).append((sub, result))
    for items in by_log.values():
        students = sorted({sub.student for sub, _ in items})
        if len(students) < 2:
            continue
        for sub, result in items:
            others = ", ".join(s for s in students if s != sub.student)
            result.flags.append(("grading.flag.same_log", {"students": others}))


class Progress:
    """A one-line progress bar on stderr (the kernels' own output never reaches it)."""

    def __init__(self, total: int, enabled: bool, stream=None):
        self.total, self.enabled, self.n = total, enabled, 0
        self.counts = {"graded": 0, "zero": 0, "error": 0}
        self.stream = stream or sys.stderr

    def step(self, sub: Submission, result: ExerciseResult) -> None:
        self.n += 1
        self.counts[result.status] += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.n / self.total) if self.total else width
        errors = f" {self.counts['error']} error" if self.counts["error"] else ""
        self.stream.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {self.n}/{self.total}{errors} "
                          f"{sub.student[:24]:<24}")
        if self.n == self.total:
            self.stream.write("\n")
        self.stream.flush()
