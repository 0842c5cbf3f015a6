"""Helpers for the chapter generator scripts: bilingual cells with stable ids, and writing both notebooks.

Each ``scripts/notebooks/chNN.py`` lists its cells with :func:`md` and :func:`code` and calls
:func:`write`, which writes the English notebook ``notebooks/<name>.ipynb`` and the Korean one
``notebooks/ko/<name>.ipynb`` from the same list:

* a **code cell** (``code(src)``) is one source of truth: the same source in both notebooks;
* a **markdown cell** (``md(en, ko)``) carries its English and its Korean text side by side —
  every markdown cell needs both (``write`` refuses a cell without its Korean text);
* the Korean notebook gets one extra code cell right after its title, :data:`KO_SETUP`, which
  switches the course's own texts (explainer, trace, widgets, plots, grading) to Korean. The real
  tools' outputs (kubectl, az, docker, curl) stay English, byte for byte, in both notebooks.

Adding a cell — e.g. a link to the chapter's exercise at the end of a chapter::

    md('''
    **Exercise:** [ex04 — fix the Service](../exercises/ex04-fix-service.ipynb)
    ''', '''
    **실습:** [ex04 — Service 고치기](../../exercises/ko/ex04-fix-service.ipynb)
    '''),

(relative links differ by one ``../`` because the Korean notebooks sit one folder deeper). Then
run the generator and rebuild both notebooks::

    .venv/bin/python scripts/notebooks/ch05.py
    .venv/bin/python scripts/build_notebook.py notebooks/05-objects.ipynb notebooks/ko/05-objects.ipynb

Korean prose follows the glossary, ``docs/glossary.md``. Cell ids are derived from the notebook's
name and the cell's position (the same id in both languages; the Korean setup cell is ``<NN>-ko``),
so running a generator twice writes the same files. Outputs come from ``scripts/build_notebook.py``,
which executes a notebook in a fresh kernel and saves it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from _exercise_links import links

ROOT = Path(__file__).resolve().parents[2]
METADATA = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}
LANGUAGES = ("en", "ko")
KO_SETUP = ('from k8scourse.i18n import set_language\n'
            'set_language("ko")     # 설명, 위젯, 그래프, 채점 메시지를 한국어로 (kubectl·az 출력은 실제 도구처럼 영어)')


@dataclass
class Markdown:
    """A markdown cell in both languages."""
    en: str
    ko: str | None


def md(en: str, ko: str | None = None) -> Markdown:
    return Markdown(en.strip("\n"), None if ko is None else ko.strip("\n"))


def code(src: str):
    return new_code_cell(src.strip("\n"))


def notebook_path(name: str, lang: str) -> Path:
    return ROOT / "notebooks" / (f"{name}.ipynb" if lang == "en" else f"{lang}/{name}.ipynb")


def cells_for(name: str, cells: list, lang: str) -> list:
    """The cells of ``name`` in ``lang``, with their stable ids; the last one links the chapter's exercises
    and the course home (:mod:`_exercise_links`)."""
    prefix = name.split("-", 1)[0]
    cells = [*cells, md(*links(int(prefix)))]
    out = []
    for i, cell in enumerate(cells):
        if isinstance(cell, Markdown):
            text = getattr(cell, lang)
            if not text:
                raise ValueError(f"{name}: markdown cell {i} has no {lang} text (md(en, ko) needs both)")
            new = new_markdown_cell(text)
        else:
            new = new_code_cell(cell["source"])
        new["id"] = f"c{prefix}-{i:03d}"
        out.append(new)
    if lang == "ko":
        setup = new_code_cell(KO_SETUP)
        setup["id"] = f"c{prefix}-ko"
        out.insert(1, setup)
    return out


def write(name: str, cells: list) -> list[Path]:
    """Write ``notebooks/<name>.ipynb`` and ``notebooks/ko/<name>.ipynb`` with ``cells``, without outputs."""
    paths = []
    for lang in LANGUAGES:
        nb = new_notebook(cells=cells_for(name, cells, lang), metadata=METADATA)
        path = notebook_path(name, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
        print(f"wrote {path.relative_to(ROOT)} ({len(nb.cells)} cells)", file=sys.stdout)
        paths.append(path)
    return paths
