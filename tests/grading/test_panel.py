"""The result panel of ``ex.check()``: checks, points, feedback, a hint button, a text fallback."""

from __future__ import annotations

from helpers import grade_cells, notebook

from k8scourse.i18n import set_language


def test_panel_shows_checks_and_reveals_hints_one_at_a_time():
    from k8scourse.widgets import ExercisePanel
    result = grade_cells(notebook("untouched", "ex04-fix-service"))
    panel = ExercisePanel(result)
    assert "0/5" in panel.rows.value and "Service web has 0 ready endpoints" in panel.rows.value
    assert panel.hint_button.description == "Show a hint (0/3)"
    panel.hint_button.click()
    assert panel.hints_shown == 1 and panel.hint_area.value.count("k8s-hint") == 1
    assert "Hint 1: kubectl get endpoints web" in repr(panel)
    panel.hint_button.click()
    panel.hint_button.click()
    assert panel.hint_button.disabled and panel.hint_area.value.count("k8s-hint") == 3
    panel.show_hint()                                      # nothing more to show
    assert panel.hints_shown == 3


def test_result_displays_as_the_panel_with_its_text_as_fallback():
    import k8scourse.widgets.exercise_panel  # noqa: F401  (the widgets extension registers the panel)
    result = grade_cells(notebook("partial", "ex04-fix-service"))
    bundle = result._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].splitlines()[1] == "Score: 5 / 10"
    assert repr(result) == result.text()


def test_panel_in_korean():
    from k8scourse.widgets import ExercisePanel
    result = grade_cells(notebook("partial", "ex04-fix-service"))
    set_language("ko")
    try:
        panel = ExercisePanel(result)
        assert "점수: 5 / 10" in panel.header.value and panel.hint_button.description.startswith("힌트 보기")
    finally:
        set_language("en")


def test_hint_in_the_notebook_skips_hints_about_passed_checks():
    from k8scourse.grading import exercise
    from k8scourse.grading.handle import stop_recording
    ex = exercise("ex04-fix-service")
    c = ex.start()
    try:
        assert ex.hint().startswith("Hint 1: kubectl get endpoints web")      # before any check: in order
        c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                "spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8090}]}\n", echo=False)
        c.run(seconds=10)
        ex.check()
        ex._shown_hints = 0
        assert "targetPort must be the port" in ex.hint()                      # endpoints pass now
        assert ex.hint() == "No more hints."
    finally:
        stop_recording()
