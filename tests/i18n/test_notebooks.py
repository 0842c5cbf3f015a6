"""The course in two languages: every chapter notebook and exercise exists in English and Korean,
built from one generator, with the same code cells; the Korean ones speak Korean; the committed
notebooks are what the generators write."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
EXERCISES = REPO / "exercises"
GENERATORS = REPO / "scripts" / "notebooks"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
EXERCISE_NOTEBOOKS = sorted(p.name for p in EXERCISES.glob("ex*.ipynb"))


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


def load_generator(name: str):
    """A generator module (``ch05``) or the helpers (``_nb``), imported from scripts/notebooks/."""
    if name in sys.modules and getattr(sys.modules[name], "__file__", "").startswith(str(GENERATORS)):
        return sys.modules[name]
    sys.path.insert(0, str(GENERATORS))
    try:
        spec = importlib.util.spec_from_file_location(name, GENERATORS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(GENERATORS))


def quoted(text: str) -> set[str]:
    """The `code` spans of a markdown text, whitespace-normalised (a span may wrap across lines)."""
    return {" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)}


def test_every_chapter_is_in_both_languages():
    assert len(CHAPTERS) >= 9
    assert sorted(p.name for p in (NOTEBOOKS / "ko").glob("*.ipynb")) == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_korean_chapter_has_the_same_code_and_korean_prose(name):
    en, ko = read(NOTEBOOKS / name), read(NOTEBOOKS / "ko" / name)
    setup = [c for c in ko.cells if c.id.endswith("-ko")]
    assert len(setup) == 1 and 'set_language("ko")' in setup[0].source and ko.cells[1] is setup[0]
    rest = [c for c in ko.cells if not c.id.endswith("-ko")]
    assert [c.id for c in rest] == [c.id for c in en.cells]
    for e, k in zip(en.cells, rest):
        assert e.cell_type == k.cell_type, e.id
        if e.cell_type == "code":
            assert e.source == k.source, e.id                       # one source of truth for code
        else:
            assert HANGUL.search(k.source), f"{name} {k.id}: no Korean text"
            assert k.source != e.source
            # every command and identifier quoted in the English text is quoted in the Korean one too
            assert quoted(e.source) <= quoted(k.source), (k.id, quoted(e.source) - quoted(k.source))


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(json.dumps({k: v for k, v in out["data"].items() if not k.startswith("image/")},
                                    sort_keys=True, ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.parametrize("name", CHAPTERS)
def test_korean_outputs_equal_the_english_ones_except_the_course_texts(name):
    """kubectl/az/docker output is the real tools' English in both notebooks: a code cell's output is
    byte-identical in the Korean notebook unless it shows the course's own (now Korean) text."""
    en, ko = read(NOTEBOOKS / name), read(NOTEBOOKS / "ko" / name)
    ko_cells = {c.id: c for c in ko.cells}
    differing = []
    for cell in en.cells:
        if cell.cell_type != "code":
            continue
        a, b = outputs_text(cell), outputs_text(ko_cells[cell.id])
        if a != b:
            assert HANGUL.search(b), f"{name} {cell.id}: output differs without Korean text"
            differing.append(cell.id)
    assert len(differing) <= len([c for c in en.cells if c.cell_type == "code"]) // 2, differing


@pytest.mark.parametrize("name", [p.stem for p in sorted(GENERATORS.glob("ch*.py"))])
def test_committed_notebooks_are_what_the_generator_writes(name):
    gen = load_generator(name)
    nb_module = load_generator("_nb")
    stem = next(p.stem for p in NOTEBOOKS.glob(f"{name[2:]}-*.ipynb"))
    for lang in ("en", "ko"):
        want = nb_module.cells_for(stem, gen.CELLS, lang)
        have = read(nb_module.notebook_path(stem, lang)).cells
        assert [(c["id"], c["cell_type"], c["source"]) for c in want] == \
            [(c.id, c.cell_type, c.source) for c in have], f"{stem} ({lang}): rerun scripts/notebooks/{name}.py"


def test_a_markdown_cell_without_korean_is_refused():
    nb_module = load_generator("_nb")
    with pytest.raises(ValueError, match="markdown cell 0 has no ko text"):
        nb_module.cells_for("99-x", [nb_module.md("English only")], "ko")


# ------------------------------------------------------------------------------------ exercises
def test_every_exercise_is_in_both_languages():
    assert len(EXERCISE_NOTEBOOKS) >= 8
    assert sorted(p.name for p in (EXERCISES / "ko").glob("ex*.ipynb")) == EXERCISE_NOTEBOOKS


@pytest.mark.parametrize("name", EXERCISE_NOTEBOOKS)
def test_korean_exercise_has_the_same_code_and_korean_task(name):
    en, ko = read(EXERCISES / name), read(EXERCISES / "ko" / name)
    assert ko.metadata["k8scourse"] == en.metadata["k8scourse"]          # the grader finds the exercise
    ko_code = [c.source for c in ko.cells if c.cell_type == "code"]
    assert 'set_language("ko")' in ko_code[0]
    assert ko_code[1:] == [c.source for c in en.cells if c.cell_type == "code"]
    for cell in (c for c in ko.cells if c.cell_type == "markdown"):
        assert HANGUL.search(cell.source)
    assert ko.cells[0].source.startswith("# 실습 ")
    assert not HANGUL.search(en.cells[0].source)


def test_korean_exercise_grades_like_the_english_one_and_reports_in_korean():
    sys.path.insert(0, str(REPO / "tests" / "grading"))
    try:
        from helpers import grade_cells
    finally:
        sys.path.remove(str(REPO / "tests" / "grading"))
    from k8scourse.i18n import get_language, set_language
    name = "ex04-fix-service.ipynb"
    try:
        untouched = grade_cells(EXERCISES / "ko" / name)
        assert get_language() == "ko"                                 # the notebook's first cell switched it
        assert untouched.points == 0 and untouched.max_points == 10
        text = untouched.text()
        assert "점수: 0 / 10" in text and "Service web" in text, text
        # the Korean notebook with the reference solution's answer cells: full marks
        solution = read(EXERCISES / "solutions" / name)
        ko = read(EXERCISES / "ko" / name)
        answer = [c for c in solution.cells if c.cell_type == "code"][1:-1]
        cells = [c for c in ko.cells if c.cell_type == "code"][:2] + answer + [ko.cells[-1]]
        ko.cells = cells
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            nbformat.write(ko, str(path))
            solved = grade_cells(path)
        assert solved.points == solved.max_points == 10, solved.text()
        assert "점수: 10 / 10" in solved.text()
    finally:
        set_language("en")
