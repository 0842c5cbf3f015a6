"""Every exercise: the reference solution scores full marks, the untouched notebook scores zero, the
half-done solution gets partial credit with the feedback naming what is missing.

The notebooks' cells run in this process with the real recorder, and the report is graded by the
same path the batch grader uses (replay into a fresh engine, grade steps, checks); the headless
kernel path is covered by test_cli.py and test_tamper.py.
"""

from __future__ import annotations

import pytest
from helpers import grade_cells, notebook

from k8scourse.grading import available

# exercise -> {failing check: expected feedback key} for the half-done notebook
PARTIAL = {
    "ex01-containers-vs-vms": {"hosts": "ex.ex01-containers-vs-vms.hosts.fail"},
    "ex02-aks-create-scale": {"scaled": "ex.ex02-aks-create-scale.scaled.fail",
                              "nodes": "ex.ex02-aks-create-scale.nodes.fail",
                              "app": "ex.ex02-aks-create-scale.app.fail"},
    "ex03-aci-public-ip": {"public": "ex.ex03-aci-public-ip.public.fail", "dns": "ex.ex03-aci-public-ip.dns.fail",
                           "answers": "grading.http.no_ip"},
    "ex04-fix-service": {"answers": "ex.ex04-fix-service.answers.fail"},
    "ex05-quota-fit": {"worker": "grading.deployment.ready", "no_oom": "grading.health.oom",
                       "fit": "grading.check.requires"},
    "ex06-rollout-rollback": {"history": "grading.rollout.bad", "rolled_back": "grading.object.field"},
    "ex07-node-failure": {"pdb": "grading.object.missing"},
    "ex08-autoscale-budget": {"budget": "grading.cost.bad"},
    "ex09-pod-reader": {"scoped": "ex.ex09-pod-reader.scoped.fail"},
}
def test_there_are_at_least_eight_exercises():
    assert len(available()) >= 8
    assert set(PARTIAL) <= set(available())


@pytest.mark.parametrize("ex_id", sorted(PARTIAL))
def test_reference_solution_scores_full_marks(ex_id):
    result = grade_cells(notebook("solution", ex_id))
    assert result.points == result.max_points > 0, result.text()
    assert not result.flags, result.flags


@pytest.mark.parametrize("ex_id", sorted(PARTIAL))
def test_untouched_notebook_scores_zero(ex_id):
    result = grade_cells(notebook("untouched", ex_id))
    assert result.points == 0, result.text()
    assert result.reason is None and not result.flags       # graded, just nothing earned


@pytest.mark.parametrize("ex_id", sorted(PARTIAL))
def test_half_done_solution_gets_partial_credit_with_the_right_feedback(ex_id):
    result = grade_cells(notebook("partial", ex_id))
    assert 0 < result.points < result.max_points, result.text()
    failing = {c.id: c.key for c in result.checks if not c.passed}
    assert failing == PARTIAL[ex_id], result.text()
    # the next hint is about something that still fails
    hints = result.hint_keys()
    assert hints, "a half-done solution gets a hint"
    spec_hints = {h.key: h.check for h in __import__("k8scourse.grading", fromlist=["load_spec"]).load_spec(
        ex_id).hints}
    assert spec_hints[hints[0]] in (None, *failing)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_feedback_renders_in_both_languages(lang):
    result = grade_cells(notebook("partial", "ex04-fix-service"))
    text = result.text(lang)
    assert "ex.ex04" not in text and "grading." not in text
    if lang == "ko":
        assert "점수" in text


@pytest.mark.parametrize("ex_id", sorted(PARTIAL))
def test_an_untouched_notebook_gets_feedback_specific_to_each_check(ex_id):
    """No two failing checks of an exercise answer with the same text: each says what it looked at."""
    result = grade_cells(notebook("untouched", ex_id))
    texts = [result.feedback(c) for c in result.checks if not c.passed and c.key != "grading.check.requires"]
    assert len(texts) == len(set(texts)), texts
    assert not [c.id for c in result.checks if c.key == "grading.check.error"]     # no check crashed
