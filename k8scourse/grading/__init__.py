"""Graded exercises: specs, a library of checks, replay, the batch grader and its gradebook.

Design (the decisions, in one place)
====================================

**An exercise** is a notebook in ``exercises/`` plus ``<id>.check.yaml`` (:mod:`.spec`): the task,
the starting world (``Cluster(...)`` or ``Azure(...)`` arguments with a seed, and setup steps), steps
the grader runs after the student's work (``grade:`` — let time pass, inject a node fault), and the
checks with points, bilingual feedback and progressive hints. Every learner-facing text goes through
the message catalogue (:mod:`k8scourse.i18n`); spec texts are registered there as ``ex.<id>.…``.

**The operation log** (:mod:`k8scourse.oplog`) is the sequence of *student-initiated* calls on the
exercise's world: kubectl/az/docker/curl command lines with their stdin and the text of the files
they name, ``apply`` texts (through ``kubectl``), time advances (``run``, ``settle``, ``wait_until``
as a number of events, ``Simulation.run``), node add/remove, and answers that are data
(``ex.answer(plan=…)``). The facades carry a decorator that records the outermost call only, and
only while ``exercise(…).start()`` has a recorder running. Anything else a kernel does — changing a
stored dict in place, ``cluster.store.create``, monkeypatching a class — is not in the log.

**The grader never trusts the kernel.** It replays the log into a clean engine built from the spec
with the same seed, in its own process (:mod:`.replay`; the simulator is deterministic, so this is
the state the commands produced), runs the spec's grade steps there, and runs the checks against a
read-only :class:`.view.View` of that engine — an engine no student code ever held. A log is data
interpreted through a fixed table of operations with JSON arguments, bounded in entries, simulated
time and file paths, so a forged log can at most perform real work. The kernel also reports a
digest of its own state; if it differs from the replay's, the submission is *flagged* (state that
did not come from the logged commands) — the marks still come from the replay only. Faking the
result panel, patching the checks or the engine in the kernel: none of it reaches the grader.

**In a notebook**, ``exercise(…).check()`` runs the very same path inside the kernel (replay into a
fresh engine there) and shows the result panel (:mod:`k8scourse.widgets.exercise_panel`, loaded at
run time since grading sits below the widget layer; text when ipywidgets is missing) with a hint
button revealing hints one at a time. It is a preview: the batch grader decides.

**Batch grading** (:mod:`.batch`, CLI ``k8scourse grade SUB… --out DIR``): each notebook runs headless
in a fresh kernel through nbclient (:mod:`.executor`) with a time limit for the whole notebook and an
address-space cap; the grader appends a cell printing the log and digest (:mod:`.kernel`). A
notebook that hangs, crashes, never starts its exercise or prints no log gets zero with the reason.
Submissions run in a ``ProcessPoolExecutor`` (``--workers``), progress goes to stderr, and the
gradebook (:mod:`.gradebook`: ``gradebook.csv``, ``gradebook.json``, ``feedback/<student>.md``) is
sorted and free of times and paths, so the same submissions give the same bytes.

**nbval**: exercise notebooks are committed *without* outputs (the student's starting point) and are
not among pytest's ``testpaths``, so strict nbval never runs them; ``tests/grading`` runs them through
the grader instead (reference solution = full marks, untouched = zero, half-done = partial).

Public names: :func:`exercise`, :func:`load_spec`, :func:`grade_log`, :func:`grade_notebook`,
:func:`grade_many`, :data:`CHECKS`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHECKS", "Exercise", "ExerciseResult", "available", "exercise", "grade_log", "grade_many",
           "grade_notebook", "load_spec"]


def __getattr__(name: str) -> Any:
    if name in ("exercise", "Exercise"):
        from . import handle as module
        return getattr(module, name)
    if name in ("load_spec", "available"):
        from . import spec
        return getattr(spec, name)
    if name == "grade_log":
        from .grade import grade_log
        return grade_log
    if name == "ExerciseResult":
        from .result import ExerciseResult
        return ExerciseResult
    if name == "CHECKS":
        from .checks import CHECKS
        return CHECKS
    if name in ("grade_notebook", "grade_many"):
        from . import batch
        return getattr(batch, name)
    raise AttributeError(f"module 'k8scourse.grading' has no attribute {name!r}")
