"""A real JupyterHub classroom (tests/classroom/hub.py): 10 students on loopback, each with their own
single-user server, kernel and course copy, each opening the course home and running a chapter
notebook through the hub's API; one also works on an exercise. The outputs must be the course's own
(the committed notebook's outputs, byte for byte). Memory and timings: bench/classroom_hub.py."""

from __future__ import annotations

import json

import pytest
from hub import REPO, Hub, users_processes

STUDENTS = [f"student{i:02d}" for i in range(1, 11)]
NOTEBOOK = "notebooks/00-welcome.ipynb"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    h = Hub(tmp_path_factory.mktemp("hub"))
    try:
        h.start()
        h.add_users(STUDENTS)
        h.spawn(STUDENTS)
        yield h
    finally:
        h.stop()


def _text(outputs: list[dict]) -> str:
    parts = []
    for o in outputs:
        if o["type"] == "stream":
            parts.append(o["text"])
        elif o["type"] in ("execute_result", "display_data"):
            parts.append(o["data"].get("text/plain", ""))
        elif o["type"] == "error":
            parts.append(f"{o['ename']}: {o['evalue']}")
    return "".join(parts)


def _expected(path: str) -> list[str]:
    nb = json.loads((REPO / path).read_text())
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts = []
        for o in cell["outputs"]:
            if o["output_type"] == "stream":
                parts.append("".join(o["text"]))
            else:
                parts.append("".join(o.get("data", {}).get("text/plain", "")))
        out.append("".join(parts))
    return out


def test_every_student_has_a_server_of_their_own_with_their_own_course_copy(hub):
    homes = set()
    for name in STUDENTS:
        home = hub.open_notebook(name, "course.ipynb")
        assert "Chapters" in "".join(home["cells"][0]["source"])
        listing = hub.api("GET", f"/user/{name}/api/contents/exercises")["content"]
        names = {item["name"] for item in listing}
        assert "ex04-fix-service.ipynb" in names and not any("solution" in n for n in names)
        homes.add(tuple(sorted(users_processes(name, hub.work))))
    assert len(homes) == len(STUDENTS) and all(homes)


def test_every_student_runs_a_course_notebook_through_the_hub(hub):
    want = _expected(NOTEBOOK)
    for name in STUDENTS:
        cells = hub.run_notebook(name, NOTEBOOK)
        assert [c["status"] for c in cells] == ["ok"] * len(want), name
        assert [_text(c["outputs"]) for c in cells] == want, name
        assert len(users_processes(name, hub.work)) >= 2          # the server and its kernel


def test_a_student_works_on_an_exercise_in_their_kernel(hub):
    cells = hub.run_notebook(STUDENTS[0], "exercises/ex04-fix-service.ipynb")
    assert all(c["status"] == "ok" for c in cells)
    panel = _text(cells[-1]["outputs"])
    assert panel.splitlines()[:2] == ["Exercise: Fix the lecture's Service so it gets endpoints", "Score: 0 / 10"]
    assert "act on the cluster of ex04-fix-service" in panel
