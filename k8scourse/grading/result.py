"""Grading results: one :class:`ExerciseResult` per graded world, rendered in either language.

Results hold message *keys* and values, never rendered text, so the same result prints in English
or Korean (``result.text("ko")``). In a notebook a result displays through the formatter a front end
registered with :func:`register_display` — the widgets extension registers the exercise panel
(:mod:`k8scourse.widgets.exercise_panel`) when it loads; grading sits below the widget layer and
never imports it — and as its text otherwise.

A result's *status* is ``graded`` (the checks ran on the replay), ``zero`` (graded as nothing: the
exercise was never started, no log) or ``error`` (the submission could not be graded: its run hung,
crashed or ran out of memory, the grader's files changed, the grading process died). The batch
grader's command exits non-zero when any row is an error, so an instructor looks at those rows.

>>> r = zero(None, "grading.reason.crashed", detail="SIGKILL")
>>> r.status, r.points
('error', 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n
from .checks import CheckResult


TERM_PREFIX = "grading.term."      # a parameter naming such a key is itself a word to translate


def tr(key: str, lang: str | None = None, **params) -> str:
    """The catalogue text of ``key`` in ``lang`` (default: the current language).

    A parameter whose value is a ``grading.term.…`` key (``image="grading.term.its_image"``) is
    translated too, when the text is rendered: results keep keys, never text, so they survive the
    batch grader's JSON and render in either language.
    """
    params = {k: tr(v, lang) if isinstance(v, str) and v.startswith(TERM_PREFIX) else v for k, v in params.items()}
    entry = i18n.MESSAGES.get(key)
    if entry is None and key.startswith("ex."):
        entry = _exercise_text(key)
    if entry is None:
        return key
    text = entry.get(lang or i18n.get_language()) or entry["en"]
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return text


def _exercise_text(key: str):
    """``ex.<id>.…`` keys come from the exercise's spec: load it (once) to register them."""
    from .spec import SpecError, load_spec
    try:
        load_spec(key.split(".")[1])
    except (SpecError, IndexError):
        return None
    return i18n.MESSAGES.get(key)


# Reasons that mean "this submission could not be graded", as opposed to "graded: no marks".
ERROR_REASONS = frozenset({"grading.reason.timeout", "grading.reason.crashed", "grading.reason.error",
                           "grading.reason.tampered", "grading.reason.worker", "grading.reason.output",
                           "grading.reason.replay_limit"})

_DISPLAY: list = []


def register_display(factory) -> None:
    """Let a front end show results: ``factory(result)`` returns an object with ``_repr_mimebundle_``
    (the widgets extension registers the exercise panel). The latest registration wins."""
    _DISPLAY[:] = [factory]


def fmt_points(value: float) -> str:
    return f"{value:g}"


@dataclass
class ExerciseResult:
    exercise: str
    title_key: str
    checks: list = field(default_factory=list)            # CheckResult
    reason: tuple | None = None                           # (key, params) when the submission got a zero
    flags: list = field(default_factory=list)             # [(key, params)]
    hints: list = field(default_factory=list)             # [(key, check id or None)]
    log_digest: str | None = None                         # sha256 of the replayed operation log

    @property
    def status(self) -> str:
        if self.reason is None:
            return "graded"
        return "error" if self.reason[0] in ERROR_REASONS else "zero"

    @property
    def points(self) -> float:
        return round(sum(c.points for c in self.checks), 2)

    @property
    def max_points(self) -> float:
        return round(sum(c.max_points for c in self.checks), 2)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def failing(self) -> set:
        return {c.id for c in self.checks if not c.passed}

    def hint_keys(self) -> list[str]:
        """Hints in order, those about checks that already pass left out (progressive hints)."""
        bad = self.failing()
        return [key for key, check in self.hints if check is None or check in bad]

    # ------------------------------------------------------------------ rendering
    def feedback(self, c: CheckResult, lang: str | None = None) -> str:
        return tr(c.key, lang, **c.params)

    def lines(self, lang: str | None = None) -> list[str]:
        out = [tr("grading.panel.title", lang, title=tr(self.title_key, lang)),
               tr("grading.panel.score", lang, points=fmt_points(self.points), max=fmt_points(self.max_points))]
        if self.reason is not None:
            out.append(tr(self.reason[0], lang, **self.reason[1]))
        for key, params in self.flags:
            out.append(tr(key, lang, **params))
        for c in self.checks:
            mark = "✔" if c.passed else "✘"
            state = tr("grading.panel.passed" if c.passed else "grading.panel.failed", lang)
            out.append(f"{mark} {tr(c.title_key, lang)} — {fmt_points(c.points)}/{fmt_points(c.max_points)} ({state})")
            if self.reason is None:
                out.append(f"    {self.feedback(c, lang)}")
        return out

    def text(self, lang: str | None = None) -> str:
        return "\n".join(self.lines(lang)) + "\n"

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text())

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a notebook: the registered front end's view (with its text as the plain-text form)."""
        if not _DISPLAY:
            return {"text/plain": self.text()}
        panel = _DISPLAY[0](self)
        self._panel = panel                      # keep the widget alive while the result is
        bundle = panel._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = repr(panel)
        return bundle

    # ------------------------------------------------------------------ (de)serialising
    def to_json(self) -> dict:
        return {"exercise": self.exercise, "title_key": self.title_key,
                "checks": [c.to_json() for c in self.checks],
                "reason": list(self.reason) if self.reason else None,
                "flags": [list(f) for f in self.flags], "hints": [list(h) for h in self.hints],
                "log_digest": self.log_digest}

    @classmethod
    def from_json(cls, d: dict) -> "ExerciseResult":
        return cls(d["exercise"], d["title_key"], [CheckResult.from_json(c) for c in d["checks"]],
                   tuple(d["reason"]) if d.get("reason") else None, [tuple(f) for f in d.get("flags") or []],
                   [tuple(h) for h in d.get("hints") or []], d.get("log_digest"))


def zero(spec, reason_key: str, **params) -> ExerciseResult:
    """Every check of ``spec`` at 0 points, with the reason (a hanging notebook, a crash …)."""
    if spec is None:
        return ExerciseResult("?", "grading.reason.unknown_exercise", [], (reason_key, params))
    checks = [CheckResult(c.id, c.title_key, 0.0, float(c.points), reason_key, params) for c in spec.checks]
    return ExerciseResult(spec.id, spec.title_key, checks, (reason_key, params), [],
                          [(h.key, h.check) for h in spec.hints])
