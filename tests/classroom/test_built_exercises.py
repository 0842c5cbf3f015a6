"""The exercises run under strict nbval through built copies (``tests/classroom/built/``).

Exercise notebooks are committed without outputs — they are what a student starts from — so strict
nbval has nothing to compare in them. ``scripts/new_exercises.py --build`` executes each exercise as
a student opens it and its reference solution in fresh kernels and saves them with their outputs here;
``pytest --nbval`` then re-runs them and compares every output (the panel of ``ex.check()`` included).
This test keeps the copies honest: their cells must be the exercise's cells, so an exercise changed
without rebuilding fails here, and a built copy without outputs fails too.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
BUILT = Path(__file__).resolve().parent / "built"
IDS = sorted(p.name[: -len(".check.yaml")] for p in (REPO / "exercises").glob("*.check.yaml"))


def _sources(path: Path) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nbformat.read(str(path), as_version=4).cells]


@pytest.mark.parametrize("ex_id", IDS)
@pytest.mark.parametrize("kind", ["exercise", "solution"])
def test_the_built_copy_is_the_exercise_with_outputs(ex_id, kind):
    source = REPO / "exercises" / ("solutions/" if kind == "solution" else "") / f"{ex_id}.ipynb"
    built = BUILT / (f"{ex_id}.solution.ipynb" if kind == "solution" else f"{ex_id}.ipynb")
    assert _sources(built) == _sources(source), "run: .venv/bin/python scripts/new_exercises.py --build"
    last = nbformat.read(str(built), as_version=4).cells[-1]
    assert last.source == "ex.check()" and last.outputs, "the built copy was never executed"
    # the panel's text (a progress bar of the replay's long runs may come first: a widget view only)
    text = next(o["data"]["text/plain"] for o in last.outputs if "text/plain" in o.get("data", {}))
    assert "Score: " in text and "act on the" in text
    if kind == "solution":
        points = text.splitlines()[1].split(": ")[1]
        got, total = points.split(" / ")
        assert got == total, text
