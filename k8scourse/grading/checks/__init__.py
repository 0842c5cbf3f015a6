"""The library of checks: each reads a :class:`~k8scourse.grading.view.View` and says how well
one requirement holds.

A check is a function ``(view, args) -> Outcome``: a score between 0 and 1 (most checks are
all-or-nothing; a few give proportional credit) and a message key of the catalogue with its
values, so feedback is rendered later in the learner's language. ``run_check`` turns it into a
:class:`CheckResult` with points; a check that raises scores 0 with ``grading.check.error``.

=========================  =====================================================================
type                       passes when
=========================  =====================================================================
``object``                 an object exists and its fields match (paths: :mod:`.paths`)
``deployment_ready``       a Deployment has N ready pods running a given image
``service_endpoints``      a Service has N ready endpoints (and, with ``answers``, a real request
                           to its cluster IP, through kube-proxy, is answered by a pod's program)
``rollout_history``        a Deployment's revisions include the expected images, current one X
``pods_spread``            a workload's ready pods sit on at least N nodes
``service_available``      a Service kept ≥ 1 ready endpoint since a mark (e.g. a node fault)
``replicas_reached``       a Deployment's replicas reached N (and came back) since a mark
``nodes_ready``            a cluster (or an AKS cluster) has N Ready nodes
``no_oom_or_eviction``     no pod was OOMKilled or evicted (the whole store history)
``requests_fit_nodes``     Σ requests ≤ allocatable on every node, no pod left Pending
``quota_within``           a namespace's ResourceQuota usage ≤ hard for every resource
``usage_under``            CPU or memory usage stayed ≤ X over the graded period
``cost_under``             node-hours (+ ACI) cost ≤ a budget
``hosts_packing``          a submitted containers-vs-VMs plan needs ≤ K hosts / ≤ $ a month
``az_resource``            ``az … show`` of a resource has the given fields
``http_answers``           an ACI container group's public address answers with a page
``access``                 a user may (and may not) use given verbs on a resource (:mod:`.access`)
``pod_api``                a workload's pod reads the API with its own token (:mod:`.access`)
``python``                 a function in a file beside the spec decides
=========================  =====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHECKS: dict = {}


@dataclass(frozen=True)
class Outcome:
    score: float                 # 0..1
    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    id: str
    title_key: str
    points: float
    max_points: float
    key: str
    params: dict

    @property
    def passed(self) -> bool:
        return self.points >= self.max_points

    def to_json(self) -> dict:
        return {"id": self.id, "title_key": self.title_key, "points": self.points, "max": self.max_points,
                "key": self.key, "params": self.params}

    @classmethod
    def from_json(cls, d: dict) -> "CheckResult":
        return cls(d["id"], d["title_key"], d["points"], d["max"], d["key"], d["params"])


def check(name: str):
    def register(fn):
        CHECKS[name] = fn
        return fn
    return register


def ok(key: str, **params) -> Outcome:
    return Outcome(1.0, key, params)


def fail(key: str, score: float = 0.0, **params) -> Outcome:
    return Outcome(score, key, params)


def run_check(view, spec) -> CheckResult:
    """Run one :class:`~k8scourse.grading.spec.CheckSpec` against ``view``."""
    try:
        outcome = CHECKS[spec.type](view, spec.args)
        if isinstance(outcome, tuple):
            outcome = Outcome(*outcome)
        score = min(1.0, max(0.0, float(outcome.score)))
        key = outcome.key
        if score >= 1.0 and spec.pass_key:
            key = spec.pass_key
        elif score < 1.0 and spec.fail_key:
            key = spec.fail_key
        params = {k: _plain(v) for k, v in sorted(outcome.params.items())}
    except Exception as exc:  # noqa: BLE001 - a broken check must not break the gradebook
        score, key, params = 0.0, "grading.check.error", {"detail": f"{type(exc).__name__}: {exc}"[:200]}
    points = round(spec.points * score, 2)
    return CheckResult(spec.id, spec.title_key, points, float(spec.points), key, params)


def _plain(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_plain(v)) for v in value)
    return str(value)


from . import access, cloud, objects, resources  # noqa: E402,F401  (register the check types)

__all__ = ["CHECKS", "CheckResult", "Outcome", "check", "fail", "ok", "run_check"]
