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
files. Run: ``.venv/bin/python scripts/new_exercises.py``. It also writes ``course.ipynb``, the course
home ``make course`` opens: every chapter notebook and exercise, in English and in Korean.

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
                   "recorded and counts — in Python (`{var}.kubectl(…)`), with the magics (`%kubectl …`, "
                   "`%%kubectl apply`, `%az …`) or in a `Terminal({var})`: they all act on this exercise's {world}. "
                   "Changes made any other way do not count.",
           "check": "## Check\n\n`ex.check()` grades a replay of your commands; `ex.hint()` gives the next hint.",
           "start": "a fresh {world}; run this cell again to start over"},
    "ko": {"work": "## 풀이\n\n`kubectl`, `az`, `docker`, `curl`, `{var}.run(…)` 로 한 작업만 기록되고 채점됩니다. "
                   "Python(`{var}.kubectl(…)`), 매직(`%kubectl …`, `%%kubectl apply`, `%az …`), `Terminal({var})` 모두 "
                   "이 실습의 {world_ko} 에서 동작합니다. 다른 방법으로 바꾼 것은 점수에 들어가지 않습니다.",
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
        new_code_cell(f'%load_ext k8scourse\nfrom k8scourse.grading import exercise\n\nex = exercise("{ex["id"]}")\n'
                      f"{var} = ex.start()      # " + text["start"].format(world=ex["world"])),
        new_markdown_cell(text["work"].format(var=var, world=ex["world"], world_ko=ex["world_ko"])),
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


def _title(path: Path) -> str:
    nb = nbformat.read(str(path), as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), path.stem)
    return first.splitlines()[0].lstrip("# ").strip()


def course_home() -> None:
    """``course.ipynb``: the page ``make course`` opens — every chapter notebook and every exercise."""
    sys.path.insert(0, str(ROOT / "scripts" / "notebooks"))
    from _exercise_links import exercises_by_chapter
    chapters = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        ko = ROOT / "notebooks" / "ko" / path.name
        chapters.append(f"| {int(path.name[:2])} | [{_title(path)}](notebooks/{path.name}) | "
                        + (f"[{_title(ko)}](notebooks/ko/{path.name})" if ko.is_file() else "") + " |")
    exercises = [f"| {ch} | [{ex['title']['en']}](exercises/{ex['notebook']}) | "
                 f"[{ex['title']['ko']}](exercises/ko/{ex['notebook']}) |"
                 for ch, items in sorted(exercises_by_chapter().items()) for ex in items]
    cells = [
        new_markdown_cell(
            "# Cloud Platform Operations — Azure Container, K8s · 클라우드 플랫폼 운영\n\n"
            "A simulated Kubernetes and Azure answer every command in these notebooks exactly as the real ones "
            "would. Open a chapter, run its cells from the top (Shift+Enter), then try its exercises.\n\n"
            "이 노트북들의 모든 명령에는 시뮬레이션된 Kubernetes 와 Azure 가 실제와 똑같이 답합니다. 장을 열어 위에서부터 "
            "셀을 실행하고(Shift+Enter), 그 장의 실습을 풀어 보세요.\n\n"
            "## Chapters · 장\n\n| # | English | 한국어 |\n|---|---|---|\n" + "\n".join(chapters)),
        new_markdown_cell(
            "## Exercises · 실습\n\nEach exercise starts its own cluster or subscription with `ex.start()`; "
            "`ex.check()` grades a replay of your commands and `ex.hint()` gives hints. · 각 실습은 `ex.start()` "
            "로 자기 클러스터(또는 구독)를 시작하고, `ex.check()` 는 여러분의 명령을 다시 실행해 채점하며, "
            "`ex.hint()` 는 힌트를 줍니다.\n\n| Chapter | English | 한국어 |\n|---|---|---|\n" + "\n".join(exercises)),
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
        write(ROOT / "exercises" / "ko" / name, ex, cells_for(ex, [ex["starter"]], "ko"))
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
