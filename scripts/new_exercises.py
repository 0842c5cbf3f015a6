"""Write the exercise notebooks: ``exercises/<id>.ipynb`` and ``exercises/ko/<id>.ipynb`` (what
students get, in English and in Korean, no outputs), the reference solutions
``exercises/solutions/<id>.ipynb`` and the deliberately half-done ones
``exercises/solutions/partial/<id>.ipynb`` the tests grade (full marks, zero, partial credit).

Each exercise (``scripts/exercise_cells.py``) gives its task in English and Korean, the cell that
starts it, the starter code of the answer cell, and the solution / partial cells. The code cells are
the same in both languages; the Korean notebook has one more code cell after the task,
:data:`KO_SETUP`, so the result panel, feedback and hints come in Korean (the grader grades the
replayed commands either way). The Korean title is the one in the exercise's ``check.yaml``; Korean
words follow ``docs/glossary.md``. Cell ids are stable, so re-running this script rewrites identical
files. Run: ``.venv/bin/python scripts/new_exercises.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_cells import EXERCISES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
METADATA = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


KO_SETUP = ('from k8scourse.i18n import set_language\n'
            'set_language("ko")     # 채점 결과, 피드백, 힌트를 한국어로 (kubectl·az 출력은 실제 도구처럼 영어)')
TEXTS = {
    "en": {"work": "## Your work\n\nEverything you do through `kubectl`, `az`, `docker`, `curl` and `{var}.run(…)` is "
                   "recorded and counts; changes made any other way do not.",
           "check": "## Check\n\n`ex.check()` grades a replay of your commands; `ex.hint()` gives the next hint.",
           "start": "a fresh {world}; run this cell again to start over"},
    "ko": {"work": "## 풀이\n\n`kubectl`, `az`, `docker`, `curl`, `{var}.run(…)` 로 한 작업만 기록되고 채점됩니다. 다른 "
                   "방법으로 바꾼 것은 점수에 들어가지 않습니다.",
           "check": "## 채점\n\n`ex.check()` 는 여러분의 명령을 다시 실행해 채점하고, `ex.hint()` 는 다음 힌트를 보여 "
                    "줍니다.",
           "start": "a fresh {world}; run this cell again to start over"},
}


def korean_title(ex: dict) -> str:
    spec = yaml.safe_load((ROOT / "exercises" / f"{ex['id']}.check.yaml").read_text(encoding="utf-8"))
    return f"실습 {int(ex['id'][2:4])} — {spec['title']['ko']}"


def cells_for(ex: dict, answer: list[str], lang: str = "en") -> list:
    var, text = ex["var"], TEXTS[lang]
    title = ex["title"] if lang == "en" else korean_title(ex)
    cells = [
        new_markdown_cell(f"# {title}\n\n{ex['task_' + lang].strip()}"),
        new_code_cell(f'from k8scourse.grading import exercise\n\nex = exercise("{ex["id"]}")\n'
                      f"{var} = ex.start()      # " + text["start"].format(world=ex["world"])),
        new_markdown_cell(text["work"].format(var=var)),
    ]
    if lang == "ko":
        cells.insert(1, new_code_cell(KO_SETUP))
    cells += [new_code_cell(src.strip("\n")) for src in answer]
    cells += [new_markdown_cell(text["check"]), new_code_cell("ex.check()")]
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
        write(ROOT / "exercises" / "ko" / name, ex, cells_for(ex, [ex["starter"]], "ko"))
        write(ROOT / "exercises" / "solutions" / name, ex, cells_for(ex, ex["solution"]))
        write(ROOT / "exercises" / "solutions" / "partial" / name, ex, cells_for(ex, ex["partial"]))


if __name__ == "__main__":
    main()
