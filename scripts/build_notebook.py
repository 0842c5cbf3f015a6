"""Execute notebooks in a fresh kernel and save them with their outputs (what strict nbval compares).

Authors run this after changing a notebook: `.venv/bin/python scripts/build_notebook.py notebooks/*.ipynb`.
The test suite then re-runs every notebook with `pytest --nbval` and fails on any difference, so a
notebook changed without re-running fails the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def build(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"built {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        build(Path(arg))
