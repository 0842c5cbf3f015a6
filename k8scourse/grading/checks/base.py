"""The check primitives every check module builds on: :class:`Outcome`, :class:`CheckResult`, the
registry :data:`CHECKS` with its :func:`check` decorator, :func:`ok`/:func:`fail` and :func:`run_check`.

They live below the check modules (``objects``, ``resources``, ``cloud``) so that the package
``__init__`` can import those modules to register their types without an import cycle.

>>> @check("demo_always")
... def always(view, args):
...     return ok("grading.health.ok")
>>> from types import SimpleNamespace as S
>>> r = run_check(None, S(type="demo_always", args={}, points=2, pass_key=None, fail_key=None,
...                       id="d", title_key="t"))
>>> (r.points, r.passed)
(2.0, True)
>>> del CHECKS["demo_always"]
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
        aks = spec.args.get("aks") if isinstance(spec.args, dict) else None
        if aks and view is not None and view.cluster_for(spec.args) is None:
            # a check about an AKS cluster that was never created: a plain "not there", not a crash
            outcome = fail("grading.object.missing", kind="grading.term.aks_cluster", name=aks, namespace="-")
        else:
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
