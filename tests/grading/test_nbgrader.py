"""The nbgrader export runs through nbgrader itself: ``generate_assignment`` makes the student version
(answers replaced by stubs), ``autograde`` grades two submissions with the k8scourse checks — the
reference work gets full marks, a half fix gets the partial credit of the checks it passes."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import nbformat

EX = "ex04-fix-service"


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc


def test_export_generate_and_autograde_with_nbgrader(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "k8s"\nc.CourseDirectory.root = {str(course)!r}\n')
    out = subprocess.run([sys.executable, "-m", "k8scourse", "export-nbgrader", "--out", str(course)],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("wrote 9 nbgrader assignments")
    source = nbformat.read(str(course / "source" / EX / f"{EX}.ipynb"), as_version=4)
    tests = [c.metadata["nbgrader"] for c in source.cells if c.metadata["nbgrader"]["grade"]]
    assert [(t["grade_id"], t["points"]) for t in tests] == [("check-endpoints", 5), ("check-answers", 5)]

    _nbgrader(course, "generate_assignment", EX, "--create")
    released = nbformat.read(str(course / "release" / EX / f"{EX}.ipynb"), as_version=4)
    answers = [c for c in released.cells if c.metadata["nbgrader"].get("solution")]
    assert answers and all("raise NotImplementedError()" in c.source for c in answers)
    assert not any("targetPort: 80\n" in c.source for c in released.cells)       # no solution shipped

    def submit(student: str, fill) -> None:
        nb = copy.deepcopy(released)
        for cell, src in zip(nb.cells, source.cells):
            if cell.metadata["nbgrader"].get("solution"):
                cell.source = fill(src.source)
        folder = course / "submitted" / student / EX
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{EX}.ipynb"))

    submit("alice", lambda s: s.replace("### BEGIN SOLUTION\n", "").replace("\n### END SOLUTION", ""))
    submit("bob", lambda s: s.replace("targetPort: 80", "targetPort: 8090") if s.startswith("%%") else "pass")
    _nbgrader(course, "autograde", EX, "--create", "--force")

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {}
        for student in ("alice", "bob"):
            sub = gb.find_submission(EX, student)
            scores[student] = {g.name: g.score for nb in sub.notebooks for g in nb.grades}
    assert scores == {"alice": {"check-endpoints": 5.0, "check-answers": 5.0},
                      "bob": {"check-endpoints": 5.0, "check-answers": 0.0}}
    graded = nbformat.read(str(course / "autograded" / "bob" / EX / f"{EX}.ipynb"), as_version=4)
    feedback = "".join(o.get("text", "") for c in graded.cells for o in c.get("outputs", [])
                       if c.metadata.get("nbgrader", {}).get("grade_id") == "check-answers")
    assert "nginx listens on 80" in feedback
