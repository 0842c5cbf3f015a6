"""Helpers for the chapter generator scripts: cells with stable ids, and writing a notebook.

Each ``scripts/notebooks/chNN.py`` lists its cells with :func:`md` and :func:`code` and calls
:func:`write`. Cell ids are derived from the notebook's name and the cell's position, so running a
generator twice writes the same file (random ids would make every regeneration a diff). Outputs come
from ``scripts/build_notebook.py``, which executes the notebook in a fresh kernel and saves it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
METADATA = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(src: str):
    return new_code_cell(src.strip("\n"))


def write(name: str, cells: list) -> Path:
    """Write ``notebooks/<name>.ipynb`` with ``cells`` (ids ``<NN>-<index>``), without outputs; the last
    cell links the chapter's exercises (:mod:`_exercise_links`)."""
    prefix = name.split("-", 1)[0]
    from _exercise_links import links_cell
    cells = [*cells, links_cell(int(prefix))]
    for i, cell in enumerate(cells):
        cell["id"] = f"c{prefix}-{i:03d}"
    nb = new_notebook(cells=cells, metadata=METADATA)
    path = ROOT / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    print(f"wrote {path.relative_to(ROOT)} ({len(cells)} cells)", file=sys.stdout)
    return path
