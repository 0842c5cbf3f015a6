"""Write the exercise notebooks: ``exercises/<id>.ipynb`` (what students get, no outputs), the
reference solutions ``exercises/solutions/<id>.ipynb`` and the deliberately half-done ones
``exercises/solutions/partial/<id>.ipynb`` the tests grade (full marks, zero, partial credit).

Each exercise below gives its task (English and Korean), the cell that starts it, the starter code
of the answer cell, and the solution / partial cells. Cell ids are stable, so re-running this
script rewrites identical files. Run: ``.venv/bin/python scripts/new_exercises.py``.
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


def main() -> None:
    for ex in EXERCISES:
        name = f"{ex['id']}.ipynb"
        write(ROOT / "exercises" / name, ex, cells_for(ex, [ex["starter"]]))
        write(ROOT / "exercises" / "solutions" / name, ex, cells_for(ex, ex["solution"]))
        write(ROOT / "exercises" / "solutions" / "partial" / name, ex, cells_for(ex, ex["partial"]))


if __name__ == "__main__":
    main()
