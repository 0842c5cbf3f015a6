"""Grade one submission in a grading process of its own: sandboxed run, checks, replay with budgets.

The batch grader (:mod:`.batch`) starts one ``python -m k8scourse.grading.job`` per submission and
gives it the job as JSON on standard input. The job:

1. fingerprints the package and the exercise specs (:mod:`.integrity`);
2. copies *only that notebook* into a fresh private folder and runs :mod:`.worker` there in the
   sandbox (:mod:`.sandbox`) with the scrubbed environment and the limits, as the student's
   identity (``K8SCOURSE_STUDENT``) and the submission's sha256 (``K8SCOURSE_SUBMISSION``);
3. fingerprints again — any difference makes the row an ``error`` (nothing is graded with files a
   submission may have touched);
4. parses the worker's output — data only, at most ``output_bytes`` of it;
5. replays the log in a fresh engine *in this process*, under its own budgets: the spec's simulated
   time, ``RLIMIT_AS`` (``replay_memory_mb``) and a wall-clock alarm (``replay_seconds``), then
   runs the grade steps and the checks;
6. prints the :class:`~.result.ExerciseResult` as JSON between markers.

A job that dies (out of memory, a signal) costs only its own row: the batch grader turns it into an
``error`` row with the reason, and the other submissions are graded as usual.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from .result import ExerciseResult, zero

BEGIN = "----- k8scourse job begin -----"
END = "----- k8scourse job end -----"
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024       # a submitted notebook larger than this is not graded
STARTUP_SECONDS = 75                        # kernel start and nbclient set-up, on top of --timeout


class ReplayTimeout(Exception):
    """The replay and the checks took longer than the grader allows."""


def _spec(exercise: str | None):
    from .spec import SpecError, load_spec
    if not exercise:
        return None
    try:
        return load_spec(exercise)
    except SpecError:
        return None


def grade(job: dict) -> ExerciseResult:
    """Grade the job ``{path, student, exercise, timeout, memory_mb, replay_seconds, replay_memory_mb}``."""
    from . import integrity, sandbox, worker
    spec = _spec(job.get("exercise"))
    if spec is None:
        return zero(None, "grading.reason.unknown_exercise", detail=str(job.get("exercise") or "no exercise"))
    path = Path(job["path"])
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_NOTEBOOK_BYTES else b""
    except OSError as exc:
        return zero(spec, "grading.reason.not_notebook", detail=type(exc).__name__)
    if size > MAX_NOTEBOOK_BYTES:
        return zero(spec, "grading.reason.not_notebook", detail=f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
    submission = hashlib.sha256(data).hexdigest()
    timeout = float(job.get("timeout", 120))
    before = integrity.fingerprint()
    work = tempfile.mkdtemp(prefix="k8scourse-sub-")
    try:
        (Path(work) / "submission.ipynb").write_bytes(data)
        limits = sandbox.Limits(wall_seconds=timeout + STARTUP_SECONDS, memory_mb=int(job.get("memory_mb", 2048)),
                                output_bytes=int(job.get("output_bytes", 32 * 2**20)))
        run = sandbox.run([sys.executable, "-m", "k8scourse.grading.worker", "submission.ipynb",
                           "--timeout", f"{timeout:g}", "--memory-mb", str(int(job.get("memory_mb", 2048)))],
                          work, limits, {"K8SCOURSE_STUDENT": str(job.get("student", "")),
                                         "K8SCOURSE_SUBMISSION": submission})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    touched = integrity.changed(before, integrity.fingerprint())
    if touched:
        return zero(spec, "grading.reason.tampered", detail=", ".join(touched[:3]))
    if run.status == "timeout":
        return zero(spec, "grading.reason.timeout", seconds=f"{timeout:g}")
    if run.status == "output":
        return zero(spec, "grading.reason.output", mb=str(limits.output_bytes // 2**20))
    report = worker.parse(run.stdout)
    if report is None:
        last = [line for line in run.stderr_tail.splitlines() if line.strip() and run.detail not in line][-1:]
        detail = "out of memory" if "MemoryError" in run.stderr_tail else (
            run.detail + (f": {last[0][:120]}" if last else ""))
        return zero(spec, "grading.reason.crashed" if run.status != "ok" else "grading.reason.error", detail=detail)
    status, detail = report["status"], str(report.get("detail", ""))[:200]
    if status != "ok":
        key, param = REASONS.get(status, REASONS["error"])
        return zero(spec, key, **{param: detail if param == "detail" else f"{timeout:g}"})
    return replay_with_budgets(spec, report.get("report"), job, submission)


def grade_report(spec, report: dict, student: str | None = None, submission: str | None = None) -> ExerciseResult:
    """Grade what a kernel reported (:func:`k8scourse.grading.kernel.report`).

    ``student``/``submission`` are what the grader gave the run; a report recorded under another
    identity, or whose log digest does not match its log, is flagged (the marks still come from the
    replay of the log it carries).
    """
    from .grade import grade_log
    from .kernel import log_digest
    if not report.get("started"):
        return zero(spec, "grading.reason.not_started", exercise=spec.id)
    log = report.get("log")
    if not isinstance(log, list):
        return zero(spec, "grading.reason.no_log", detail="malformed log")
    digest = report.get("digest") if isinstance(report.get("digest"), str) else None
    logged = report.get("exercise") if isinstance(report.get("exercise"), str) else None
    dropped = report.get("dropped") if isinstance(report.get("dropped"), int) else 0
    result = grade_log(spec, log, kernel_digest=digest, logged_exercise=logged, dropped=dropped)
    result.log_digest = log_digest(log) if log else None
    ident = report.get("identity") if isinstance(report.get("identity"), dict) else {}
    if student is not None and submission is not None and (
            ident.get("student") != student or ident.get("submission") != submission
            or report.get("log_digest") != log_digest(log)):
        result.flags.append(("grading.flag.identity", {"student": str(ident.get("student"))[:60]}))
    return result


# executor status -> (message key, its parameter)
REASONS = {"timeout": ("grading.reason.timeout", "seconds"), "crashed": ("grading.reason.crashed", "detail"),
           "no_log": ("grading.reason.no_log", "detail"), "not_notebook": ("grading.reason.not_notebook", "detail"),
           "error": ("grading.reason.error", "detail")}


def replay_with_budgets(spec, report, job: dict, submission: str) -> ExerciseResult:
    """Replay and check under this process's own memory cap and wall-clock alarm."""
    cap = int(job.get("replay_memory_mb", 4096))
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap * 2**20, cap * 2**20))
    seconds = int(job.get("replay_seconds", 600))

    def expire(_sig, _frame):
        raise ReplayTimeout()
    signal.signal(signal.SIGALRM, expire)
    signal.alarm(max(1, seconds))
    try:
        return grade_report(spec, report if isinstance(report, dict) else {},
                            student=str(job.get("student", "")), submission=submission)
    except ReplayTimeout:
        return zero(spec, "grading.reason.replay_limit", detail=f"more than {seconds} s")
    except MemoryError:
        return zero(spec, "grading.reason.replay_limit", detail=f"more than {cap} MB")
    finally:
        signal.alarm(0)


def main() -> int:
    job = json.loads(sys.stdin.read())
    try:
        result = grade(job)
    except Exception as exc:  # noqa: BLE001 - reported as this submission's error row, never a traceback
        result = zero(_spec(job.get("exercise")), "grading.reason.error", detail=type(exc).__name__)
    sys.stdout.write(f"{BEGIN}\n{json.dumps(result.to_json())}\n{END}\n")
    sys.stdout.flush()
    os._exit(0)             # no interpreter teardown of a replayed engine: the result is out


def parse(text: str) -> dict | None:
    if BEGIN not in text or END not in text:
        return None
    try:
        value = json.loads(text.rsplit(BEGIN, 1)[1].split(END, 1)[0])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


if __name__ == "__main__":
    main()
