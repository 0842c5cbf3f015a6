"""``ExercisePanel``: the result of ``exercise(…).check()`` — checks, points, feedback, hints.

``ex.check()`` returns an :class:`~k8scourse.grading.result.ExerciseResult`; displayed in a
notebook it becomes this panel: the score, one row per check (passed or not, points, the feedback
in the current language), any integrity flags, and a *Show a hint* button that reveals the
exercise's hints one at a time (hints about checks that already pass are skipped). When the
notebook's magics act on the exercise's world, the panel says so (``%kubectl``, ``%%kubectl``, the
terminal and the handle ``ex.start()`` returned all reach the cluster the grader replays). Its
``repr`` is the result's plain text, that line and the hints shown so far — stable, for strict nbval
and screen readers. Importing this module registers the panel as the display of every
:class:`~k8scourse.grading.result.ExerciseResult` (``%load_ext k8scourse`` does).

>>> from k8scourse.grading.result import ExerciseResult
>>> from k8scourse.grading.checks import CheckResult
>>> r = ExerciseResult("demo", "grading.panel.passed",
...                    [CheckResult("a", "grading.panel.failed", 0.0, 2.0, "grading.health.ok", {})],
...                    hints=[("grading.panel.no_hints", "a")])
>>> p = ExercisePanel(r)
>>> p.show_hint(); p.hints_shown
1
>>> print(repr(p).splitlines()[1])
Score: 0 / 2
"""

from __future__ import annotations

import ipywidgets as W

from ..grading import handle as _handle
from ..grading.result import register_display
from ..grading.result import tr as _tr
from ..i18n import t
from ._core import esc


class ExercisePanel(W.VBox):
    def __init__(self, result):
        self.result = result
        self.hints = result.hint_keys()
        self.hints_shown = 0
        self.target_line = self._target_line()
        self.header = W.HTML(self._header_html())
        self.header.add_class("k8s-exercise-header")
        self.rows = W.HTML(self._rows_html())
        self.rows.add_class("k8s-exercise-checks")
        self.hint_button = W.Button(description=self._hint_label(), icon="lightbulb-o",
                                    layout=W.Layout(width="auto"), disabled=not self.hints)
        self.hint_button.add_class("k8s-exercise-hint")
        self.hint_area = W.HTML("")
        self.hint_area.add_class("k8s-exercise-hints")
        self.hint_button.on_click(lambda _b: self.show_hint())
        super().__init__([self.header, self.rows, self.hint_button, self.hint_area])
        self.add_class("k8s-exercise-panel")

    # ------------------------------------------------------------------ hints
    def _hint_label(self) -> str:
        return t("grading.panel.hint", shown=self.hints_shown, total=len(self.hints))

    def show_hint(self) -> None:
        """Reveal the next hint (the button does this)."""
        if self.hints_shown < len(self.hints):
            self.hints_shown += 1
        self.hint_button.description = self._hint_label()
        self.hint_button.disabled = self.hints_shown >= len(self.hints)
        self.hint_area.value = "".join(f"<div class='k8s-hint'>{esc(line)}</div>" for line in self._hint_lines())

    def _hint_lines(self) -> list[str]:
        return [_tr("grading.panel.hint_n", n=i + 1, text=_tr(k)) for i, k in enumerate(self.hints[:self.hints_shown])]

    # ------------------------------------------------------------------ rendering
    def _target_line(self) -> str:
        """Which world the notebook's front ends act on, when that is the exercise's."""
        from .magics import STATE
        ex = _handle.active()
        if ex is None or ex.spec.id != self.result.exercise or not STATE.on_exercise(ex):
            return ""
        return t("grading.panel.target_cluster" if ex.cluster is not None else "grading.panel.target_azure",
                 exercise=ex.spec.id)

    def _header_html(self) -> str:
        r = self.result
        score = t("grading.panel.score", points=f"{r.points:g}", max=f"{r.max_points:g}")
        colour = "#2e7d32" if r.points >= r.max_points else ("#ef6c00" if r.points else "#c62828")
        notes = "".join(f"<div style='color:#c62828'>{esc(_tr(k, **p))}</div>" for k, p in r.flags)
        if r.reason:
            notes += f"<div style='color:#c62828'>{esc(_tr(r.reason[0], **r.reason[1]))}</div>"
        return (f"<div><b>{esc(_tr('grading.panel.title', title=_tr(r.title_key)))}</b> — "
                f"<span style='color:{colour};font-weight:bold'>{esc(score)}</span></div>{notes}"
                f"<div style='color:#616161;font-size:90%'>{esc(t('grading.panel.preview'))}</div>"
                + (f"<div class='k8s-exercise-target'>{esc(self.target_line)}</div>" if self.target_line else ""))

    def _rows_html(self) -> str:
        r = self.result
        rows = []
        for c in r.checks:
            mark, colour = ("✔", "#2e7d32") if c.passed else ("✘", "#c62828")
            rows.append(f"<tr><td style='color:{colour}'>{mark}</td><td>{esc(_tr(c.title_key))}</td>"
                        f"<td>{c.points:g}/{c.max_points:g}</td><td>{esc(r.feedback(c))}</td></tr>")
        return "<table class='k8s-exercise-table'>" + "".join(rows) + "</table>"

    def __repr__(self) -> str:
        lines = self.result.text().rstrip("\n").splitlines()
        lines += [self.target_line] if self.target_line else []
        return "\n".join(lines + self._hint_lines())


register_display(ExercisePanel)
