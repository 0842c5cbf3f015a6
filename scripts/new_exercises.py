"""Write the exercise notebooks: ``exercises/<id>.ipynb`` (what students get, no outputs), the
reference solutions ``exercises/solutions/<id>.ipynb`` and the deliberately half-done ones
``exercises/solutions/partial/<id>.ipynb`` the tests grade (full marks, zero, partial credit).

Each exercise below gives its task (English and Korean), the cell that starts it, the starter code
of the answer cell, and the solution / partial cells. Cell ids are stable, so re-running this
script rewrites identical files. Run: ``.venv/bin/python scripts/new_exercises.py``.

``--build`` also writes the copies the suite runs under strict nbval, ``tests/classroom/built/``:
each exercise notebook as a student opens it (``<id>.ipynb``) and its reference solution
(``<id>.solution.ipynb``), executed by ``scripts/build_notebook.py`` with their outputs. The exercise
notebooks themselves stay without outputs — they are the student's starting point — so strict nbval
compares the built copies instead; ``tests/classroom/test_built_exercises.py`` fails when a built
copy's cells differ from the exercise it was built from (an exercise changed without ``--build``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_cells import EXERCISES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
METADATA = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


def cells_for(ex: dict, answer: list[str]) -> list:
    var = ex["var"]
    cells = [
        new_markdown_cell(f"# {ex['title']}\n\n{ex['task_en'].strip()}\n\n---\n\n{ex['task_ko'].strip()}"),
        new_code_cell(f'%load_ext k8scourse\nfrom k8scourse.grading import exercise\n\nex = exercise("{ex["id"]}")\n'
                      f"{var} = ex.start()      # a fresh {ex['world']}; run this cell again to start over"),
        new_markdown_cell("## Your work · 풀이\n\nEverything you do through `kubectl`, `az`, `docker`, `curl` and "
                          f"`{var}.run(…)` is recorded and counts — in Python (`{var}.kubectl(…)`), with the "
                          "magics (`%kubectl …`, `%%kubectl apply`, `%az …`) or in a `Terminal("
                          f"{var})`: they all act on this exercise's {ex['world']}. Changes made any other way "
                          "do not count.\n\n"
                          f"`kubectl`, `az`, `docker`, `curl`, `{var}.run(…)` 로 한 작업만 기록되고 채점됩니다. "
                          f"Python(`{var}.kubectl(…)`), 매직(`%kubectl …`, `%%kubectl apply`, `%az …`), "
                          f"`Terminal({var})` 모두 이 실습의 {ex['world_ko']} 에서 동작합니다."),
    ]
    cells += [new_code_cell(src.strip("\n")) for src in answer]
    cells += [
        new_markdown_cell("## Check · 채점\n\n`ex.check()` grades a replay of your commands; `ex.hint()` gives the "
                          "next hint.\n\n`ex.check()` 는 여러분의 명령을 다시 실행해 채점하고, `ex.hint()` 는 다음 "
                          "힌트를 보여 줍니다."),
        new_code_cell("ex.check()"),
    ]
    return cells


def write(path: Path, ex: dict, cells: list) -> None:
    for i, cell in enumerate(cells):
        cell["id"] = f"{ex['id'][:4]}-{path.parent.name[:4]}-{i:02d}"
    nb = new_notebook(cells=cells, metadata={**METADATA, "k8scourse": {"exercise": ex["id"]}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def course_home() -> None:
    """``course.ipynb``: the page ``make course`` opens — every chapter notebook and every exercise."""
    sys.path.insert(0, str(ROOT / "scripts" / "notebooks"))
    from _exercise_links import exercises_by_chapter
    chapters = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        first = next((c.source for c in nb.cells if c.cell_type == "markdown"), path.stem)
        title = first.splitlines()[0].lstrip("# ").strip()
        chapters.append(f"| {int(path.name[:2])} | [{title}](notebooks/{path.name}) |")
    exercises = [f"| {ch} | [{ex['title']['en']} · {ex['title']['ko']}](exercises/{ex['notebook']}) |"
                 for ch, items in sorted(exercises_by_chapter().items()) for ex in items]
    cells = [
        new_markdown_cell(
            "# Cloud Platform Operations — Azure Container, K8s · 클라우드 플랫폼 운영\n\n"
            "A simulated Kubernetes and Azure answer every command in these notebooks exactly as the real ones "
            "would. Open a chapter, run its cells from the top (Shift+Enter), then try its exercises. · "
            "이 노트북들의 모든 명령에는 시뮬레이션된 Kubernetes 와 Azure 가 실제와 똑같이 답합니다. 장을 열어 위에서부터 "
            "셀을 실행하고(Shift+Enter), 그 장의 실습을 풀어 보세요.\n\n"
            "## Chapters · 장\n\n| # | Notebook |\n|---|---|\n" + "\n".join(chapters)),
        new_markdown_cell(
            "## Exercises · 실습\n\nEach exercise starts its own cluster or subscription with `ex.start()`; "
            "`ex.check()` grades a replay of your commands and `ex.hint()` gives hints. · 각 실습은 `ex.start()` "
            "로 자기 클러스터(또는 구독)를 시작하고, `ex.check()` 는 여러분의 명령을 다시 실행해 채점하며, "
            "`ex.hint()` 는 힌트를 줍니다.\n\n| Chapter | Exercise |\n|---|---|\n" + "\n".join(exercises)),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"home-{i:02d}"
    nbformat.write(new_notebook(cells=cells, metadata=METADATA), str(ROOT / "course.ipynb"))
    print("wrote course.ipynb")


BUILT = ROOT / "tests" / "classroom" / "built"


def main() -> None:
    course_home()
    built = []
    for ex in EXERCISES:
        name = f"{ex['id']}.ipynb"
        write(ROOT / "exercises" / name, ex, cells_for(ex, [ex["starter"]]))
        write(ROOT / "exercises" / "solutions" / name, ex, cells_for(ex, ex["solution"]))
        write(ROOT / "exercises" / "solutions" / "partial" / name, ex, cells_for(ex, ex["partial"]))
        if "--build" in sys.argv:
            BUILT.mkdir(parents=True, exist_ok=True)
            for source, target in ((ROOT / "exercises" / name, BUILT / name),
                                   (ROOT / "exercises" / "solutions" / name, BUILT / f"{ex['id']}.solution.ipynb")):
                target.write_bytes(source.read_bytes())
                built.append(target)
    if built:
        from build_notebook import build
        for path in built:
            build(path)


if __name__ == "__main__":
    main()
