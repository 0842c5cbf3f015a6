"""Grade an operation log: replay it, compare digests, run the grade steps, run the checks.

This is the one path every grade takes — the in-notebook ``exercise(…).check()`` and the batch
grader alike — so a learner's preview and the gradebook agree.
"""

from __future__ import annotations

from .checks import CheckResult, run_check
from .replay import digest, replay, run_grade_steps
from .result import ExerciseResult
from .spec import ExerciseSpec
from .view import View


def grade_log(spec: ExerciseSpec, log: list, *, kernel_digest: str | None = None,
              logged_exercise: str | None = None, dropped: int = 0) -> ExerciseResult:
    world = replay(spec, log)
    flags = []
    if logged_exercise is not None and logged_exercise != spec.id:
        flags.append(("grading.flag.exercise", {"logged": logged_exercise, "exercise": spec.id}))
    if kernel_digest is not None and kernel_digest != digest(world.targets, world.answers):
        flags.append(("grading.flag.digest", {}))
    if world.over_budget:
        flags.append(("grading.flag.budget", {"seconds": spec.max_sim_seconds}))
    if world.withheld:
        flags.append(("grading.flag.faults", {"ops": ", ".join(world.withheld)}))
    if dropped:
        flags.append(("grading.flag.dropped", {"n": dropped}))
    skipped = [s for s in world.skipped if not _expected_failure(s[1])]
    if skipped:
        flags.append(("grading.flag.skipped", {"n": len(skipped), "detail": f"#{skipped[0][0]} {skipped[0][1]}"}))
    run_grade_steps(world)
    view = View(world)
    checks = gate([run_check(view, c) for c in spec.checks], spec)
    return ExerciseResult(spec.id, spec.title_key, checks, None, flags, [(h.key, h.check) for h in spec.hints])


class _LiveView:
    """A :class:`View` over a cluster that is graded as it is (no replay): no answers, no marks."""

    def __init__(self, cluster_view):
        self.cluster, self.azure = cluster_view, None
        self.answers, self.marks, self.start_ms = {}, {}, 0

    def mark(self, name, default=None):
        return default

    def cluster_for(self, args: dict):
        return self.cluster


def grade_cluster(spec: ExerciseSpec, cluster) -> ExerciseResult:
    """Grade a cluster as it is now — a class working on a real cluster (``Cluster.connect(…)``): the
    checks read it through ``cluster.view()``. Checks that need the simulator's records (history,
    accounting over time, the traffic model) score 0 with the reason in their feedback."""
    from ..remote import RemoteCluster
    from .view import ClusterView
    view = _LiveView(cluster.view() if isinstance(cluster, RemoteCluster) else ClusterView(cluster))
    checks = gate([run_check(view, c) for c in spec.checks], spec)
    return ExerciseResult(spec.id, spec.title_key, checks, None, [], [(h.key, h.check) for h in spec.hints])


def gate(results: list, spec: ExerciseSpec) -> list:
    """A check with ``requires`` scores only when those checks passed (so an untouched world, where
    e.g. "no pod was OOMKilled" holds vacuously, earns nothing)."""
    passed = {r.id for r in results if r.passed}
    out = []
    for r, c in zip(results, spec.checks):
        missing = [n for n in c.requires if n not in passed]
        if missing:
            r = CheckResult(r.id, r.title_key, 0.0, r.max_points, "grading.check.requires",
                            {"checks": ", ".join(missing)})
        out.append(r)
    return out


def _expected_failure(reason: str) -> bool:
    """A command that failed in the student's kernel fails in the replay too: not suspicious.
    (Facades print errors rather than raise; what raises is bad Python-level arguments.)"""
    return reason.startswith(("SimulationError", "APIError", "AzError"))
