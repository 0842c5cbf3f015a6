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
fresh engine there) and shows the result panel with a hint button revealing hints one at a time —
the widgets extension (``%load_ext k8scourse``) registers the panel with :func:`.result.register_display`
and makes the magics follow the started exercise (:func:`.handle.on_start`); grading never imports
the widgets. It is a preview: the batch grader decides.

**Batch grading** (:mod:`.batch`, CLI ``k8scourse grade SUB… --out DIR``): one grading process per
submission (:mod:`.job`) runs the notebook in a sandbox (:mod:`.sandbox`: private folder, scrubbed
environment, CPU/memory/output/time limits, bubblewrap where available) through nbclient
(:mod:`.executor`, :mod:`.worker`), verifies the grader's files unchanged (:mod:`.integrity`), parses
the printed report (:mod:`.kernel`) with limits, and replays it under its own budgets. A notebook that
never starts its exercise or prints no log gets a zero with the reason; one that hangs, crashes or
breaks the grading is an ``error`` row and the command exits 1. Progress goes to stderr; the gradebook
(:mod:`.gradebook`: ``gradebook.csv``, ``gradebook.json``, ``lms.csv``, ``feedback/<student>.md``) is
sorted and free of times and paths, so the same submissions give the same bytes. Identical operation
logs of two students are flagged. ``k8scourse release`` (:mod:`.release`) builds the students' copy
without solutions; ``k8scourse export-nbgrader`` (:mod:`.nbgrader`) the nbgrader assignments.

**nbval**: exercise notebooks are committed *without* outputs (the student's starting point); strict
nbval runs executed copies in ``tests/classroom/built/`` (``scripts/new_exercises.py --build``), and
``tests/grading`` grades them (reference solution = full marks, untouched = zero, half-done = partial).

Public names: :func:`exercise`, :func:`load_spec`, :func:`grade_log`, :func:`grade_notebook`,
:func:`grade_many`, :data:`CHECKS`. See also docs/classroom.md.
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
