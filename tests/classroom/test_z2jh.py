"""The Zero-to-JupyterHub deployment of docs/classroom.md: the single-user image's requirements install
into a fresh virtualenv and give a working course (jupyterhub-singleuser, the package, an exercise from
the released copy), and the chart values point at what the image holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
Z2JH = REPO / "docs" / "z2jh"


def test_the_chart_values_fit_the_image(tmp_path):
    values = yaml.safe_load((Z2JH / "config.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab/tree/course.ipynb"
    opt = tmp_path / "opt" / "course"
    subprocess.run([sys.executable, "-m", "k8scourse", "release", "--out", str(opt)], check=True, capture_output=True)
    home = tmp_path / "home" / "jovyan"
    home.mkdir(parents=True)
    hook = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"][2:])
    subprocess.run(["sh", "-c", hook.replace("/opt/course", str(opt)).replace("/home/jovyan", str(home))],
                   check=True)
    assert (home / single["defaultUrl"].removeprefix("/lab/tree/")).is_file()
    exercises = Path(single["extraEnv"]["K8SCOURSE_EXERCISES"].replace("/home/jovyan", str(home)))
    assert sorted(p.name for p in exercises.glob("*.check.yaml")) == sorted(
        p.name for p in (REPO / "exercises").glob("*.check.yaml"))
    (home / "course.ipynb").write_text("my notes")                # a restart never overwrites the work
    subprocess.run(["sh", "-c", hook.replace("/opt/course", str(opt)).replace("/home/jovyan", str(home))],
                   check=True)
    assert (home / "course.ipynb").read_text() == "my notes"
    dockerfile = (Z2JH / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r docs/z2jh/requirements.txt" in dockerfile
    assert "k8scourse release --source /opt/k8scourse-src --out /opt/course" in dockerfile


def test_the_image_requirements_install_into_a_fresh_environment(tmp_path):
    src = tmp_path / "src"                      # a copy of the checkout: the build leaves nothing in the repository
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "k8scourse", src / "k8scourse", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(Z2JH, src / "docs" / "z2jh")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-r", "docs/z2jh/requirements.txt"], cwd=src,
                          capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    version = subprocess.run([str(venv / "bin" / "jupyterhub-singleuser"), "--version"], capture_output=True,
                             text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.strip()[:1].isdigit(), version.stderr[-1000:]
    course = tmp_path / "course"
    subprocess.run([str(venv / "bin" / "k8scourse"), "release", "--source", str(REPO), "--out", str(course)],
                   check=True, capture_output=True)
    code = ("from k8scourse.grading import exercise\nimport k8scourse.widgets, ipywidgets, nbclient\n"
            "ex = exercise('ex04-fix-service'); c = ex.start(); print(ex.check().text().splitlines()[1])")
    env = {k: v for k, v in os.environ.items() if not k.startswith("K8SCOURSE")}
    out = subprocess.run([str(py), "-c", code], cwd=course / "exercises", capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "Score: 0 / 10"
