"""``k8scourse grade`` end to end: three submissions, two workers, the gradebook twice — the same bytes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest
from helpers import notebook

SUBMISSIONS = {"alice": ("solution", "ex06-rollout-rollback"), "bob": ("partial", "ex04-fix-service"),
               "carol": ("untouched", "ex07-node-failure")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    subs = root / "submissions"
    for student, (kind, ex_id) in SUBMISSIONS.items():
        (subs / student).mkdir(parents=True)
        shutil.copy(notebook(kind, ex_id), subs / student / f"{ex_id}.ipynb")
    outs = []
    for n in (1, 2):
        out = root / f"grades{n}"
        proc = subprocess.run([sys.executable, "-m", "k8scourse", "grade", str(subs), "--out", str(out),
                               "--workers", "2", "--timeout", "120"], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        outs.append((out, proc))
    return outs


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_gradebook_lists_every_check_of_every_submission(runs):
    out, proc = runs[0]
    assert "graded 3 submissions (0 zero, 0 error, 0 flagged)" in proc.stdout
    assert "3/3" in proc.stderr                                   # the progress bar
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text())))
    assert list(rows[0]) == ["student", "exercise", "check", "points", "max", "feedback"]
    totals = {(r["student"], r["exercise"]): (r["points"], r["max"]) for r in rows if r["check"] == "TOTAL"}
    assert totals == {("alice", "ex06-rollout-rollback"): ("10", "10"), ("bob", "ex04-fix-service"): ("5", "10"),
                      ("carol", "ex07-node-failure"): ("0", "10")}
    bob = [r for r in rows if r["student"] == "bob" and r["check"] == "answers"][0]
    assert "nothing listens" in bob["feedback"] or "nginx listens on 80" in bob["feedback"]
    data = json.loads((out / "gradebook.json").read_text())
    assert [s["student"] for s in data["submissions"]] == ["alice", "bob", "carol"]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["alice.md", "bob.md", "carol.md"]
    assert "Hint 1:" in (out / "feedback" / "bob.md").read_text()
    assert {s["student"]: s["status"] for s in data["submissions"]} == {"alice": "graded", "bob": "graded",
                                                                       "carol": "graded"}


def test_the_lms_export_has_one_row_per_student_and_one_column_per_exercise(runs):
    out, _ = runs[0]
    rows = list(csv.reader(io.StringIO((out / "lms.csv").read_text())))
    assert rows[0] == ["student", "ex04-fix-service", "ex06-rollout-rollback", "ex07-node-failure", "total",
                       "feedback"]
    assert [r[:5] for r in rows[1:]] == [["alice", "", "10", "", "10"], ["bob", "5", "", "", "5"],
                                         ["carol", "", "", "0", "0"]]
    assert rows[2][5].startswith("ex04-fix-service: 5/10 — ") and "nginx listens on 80" in rows[2][5]
    assert rows[1][5] == "ex06-rollout-rollback: 10/10"


def test_grading_is_deterministic_byte_for_byte(runs):
    (first, _), (second, _) = runs
    assert _files(first) == _files(second)


def test_bad_arguments_exit_2(tmp_path):
    from k8scourse.__main__ import main
    assert main(["grade", str(tmp_path / "nope.ipynb"), "--out", str(tmp_path / "o")]) == 2
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--exercise", "ex99-nope"]) == 2
