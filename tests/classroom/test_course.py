"""Students reach the exercises: ``make course`` (as root too, with JupyterLab options) opens the course
home with ``notebooks/`` and ``exercises/`` beside it; every chapter ends with links to its exercises;
``k8scourse release`` builds a student copy without the reference solutions."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)]+\.ipynb)\)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_course_opens_the_course_home_as_root_with_lab_options(tmp_path):
    port = _free_port()
    lab_args = (f"--no-browser --port={port} --ip=127.0.0.1 --ServerApp.token=tok "
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    venv = f"VENV={sys.prefix}"
    dry = subprocess.run(["make", "-C", str(REPO), "-n", "course", venv, f"LAB_ARGS={lab_args}"],
                         capture_output=True, text=True, check=True).stdout
    assert "course.ipynb" in dry and f"--port={port}" in dry
    assert ("--allow-root" in dry) == (os.geteuid() == 0)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"))
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen(["make", "-C", str(REPO), "course", venv, f"LAB_ARGS={lab_args}"], stdout=log,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline, listing = time.monotonic() + 90, None
        while time.monotonic() < deadline and listing is None:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token=tok", timeout=2) as r:
                    listing = json.load(r)
            except OSError:
                time.sleep(0.5)
        assert listing is not None, (tmp_path / "lab.log").read_text()[-2000:]
        names = {item["name"] for item in listing["content"]}
        assert {"course.ipynb", "notebooks", "exercises"} <= names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/exercises?token=tok", timeout=5) as r:
            exercises = {item["name"] for item in json.load(r)["content"]}
        assert "ex04-fix-service.ipynb" in exercises
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    assert "Running as root is not recommended" not in (tmp_path / "lab.log").read_text()


def _chapter_of_each_exercise() -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for spec in (REPO / "exercises").glob("*.check.yaml"):
        data = yaml.safe_load(spec.read_text())
        out.setdefault(int(data["chapter"]), set()).add(data["notebook"])
    return out


CHAPTERS = sorted([*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "notebooks").glob("ko/*.ipynb")])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.relative_to(REPO / "notebooks").as_posix())
def test_each_chapter_notebook_ends_with_links_to_its_exercises(path):
    last = nbformat.read(str(path), as_version=4).cells[-1]
    korean = path.parent.name == "ko"
    assert last.cell_type == "markdown" and last.source.startswith("## 실습" if korean else "## Exercises")
    links = LINK.findall(last.source)
    up, folder = ("../..", "exercises/ko") if korean else ("..", "exercises")
    want = {f"{up}/{folder}/{nb}" for nb in _chapter_of_each_exercise().get(int(path.name[:2]), set())}
    assert set(links) == want | {f"{up}/course.ipynb"}
    for link in links:
        assert (path.parent / link).resolve().is_file(), link


def test_the_course_home_links_every_chapter_and_every_exercise():
    home = nbformat.read(str(REPO / "course.ipynb"), as_version=4)
    links = {link for cell in home.cells for link in LINK.findall(cell.source)}
    chapters = {p.relative_to(REPO).as_posix() for p in CHAPTERS}
    exercises = {f"exercises/{d}{nb}" for nbs in _chapter_of_each_exercise().values() for nb in nbs for d in ("", "ko/")}
    assert links == chapters | exercises
    assert all((REPO / link).is_file() for link in links)


def test_release_builds_the_student_copy_without_solutions(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "k8scourse", "release", "--out", str(tmp_path / "course")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.relative_to(tmp_path / "course").as_posix() for p in (tmp_path / "course").rglob("*")
                   if p.is_file())
    assert not [f for f in files if "solution" in f]
    assert "course.ipynb" in files and "exercises/ex01_checks.py" in files
    specs = sorted(p.name for p in (REPO / "exercises").glob("*.check.yaml"))
    assert [f for f in files if f.endswith(".check.yaml")] == [f"exercises/{s}" for s in specs]
    for spec in specs:
        for nb in (spec.replace(".check.yaml", ".ipynb"), "ko/" + spec.replace(".check.yaml", ".ipynb")):
            assert (tmp_path / "course" / "exercises" / nb).read_bytes() == (REPO / "exercises" / nb).read_bytes()
    assert "notebooks/ko/05-objects.ipynb" in files
    # the reference solution's distinctive work is nowhere in the copy
    solution = nbformat.read(str(REPO / "exercises" / "solutions" / "ex06-rollout-rollback.ipynb"), as_version=4)
    undo = next(c.source for c in solution.cells if "rollout undo" in c.source)
    assert not any(undo in (tmp_path / "course" / f).read_text(errors="replace") for f in files)
    again = subprocess.run([sys.executable, "-m", "k8scourse", "release", "--out", str(tmp_path / "course")],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "is not empty" in again.stderr


def test_an_exercise_starts_from_the_student_copy_with_its_own_specs(tmp_path):
    subprocess.run([sys.executable, "-m", "k8scourse", "release", "--out", str(tmp_path / "c")], check=True,
                   capture_output=True)
    code = ("from k8scourse.grading import exercise; ex = exercise('ex04-fix-service'); c = ex.start(); "
            "print(ex.spec.directory)")
    env = dict(os.environ, K8SCOURSE_EXERCISES=str(tmp_path / "c" / "exercises"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=tmp_path / "c" / "exercises", check=True).stdout
    assert out.strip() == str(tmp_path / "c" / "exercises")
