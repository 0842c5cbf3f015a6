"""Execute notebooks in a fresh kernel and save them with their outputs (what strict nbval compares).

Authors run this after changing a notebook: `.venv/bin/python scripts/build_notebook.py notebooks/*.ipynb`.
The test suite then re-runs every notebook with `pytest --nbval` and fails on any difference, so a
notebook changed without re-running fails the suite.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream into one.

    How a cell's prints arrive in chunks depends on the kernel's flush timing, so the same text can be
    saved as one output or several; merging makes the saved file byte-identical from run to run (nbval
    compares the joined text either way).
    """
    merged: list = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def stable_widget_ids(nb, name: str) -> None:
    """Replace the random ids of saved widget models by ids derived from their place in the notebook.

    ipywidgets gives every model a random id, so a notebook that shows widgets would differ after
    every rebuild. Models are numbered in a fixed order — from each widget output, in cell order,
    following the references between models — and renamed everywhere (saved state, references,
    outputs). Models no output reaches come last, ordered by their content.
    """
    state = nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state")
    if not state:
        return
    order: list[str] = []

    def refs(value):
        if isinstance(value, str):
            return _MODEL_REF.findall(value)
        if isinstance(value, list):
            return [r for item in value for r in refs(item)]
        if isinstance(value, dict):
            return [r for key in sorted(value) for r in refs(value[key])]
        return []

    def visit(model_id: str) -> None:
        stack = [model_id]
        while stack:
            current = stack.pop()
            if current in order or current not in state:
                continue
            order.append(current)
            stack.extend(reversed(refs(state[current].get("state", {}))))

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(_WIDGET_VIEW)
            if view and view.get("model_id"):
                visit(view["model_id"])

    def content_key(model_id: str) -> str:
        text = json.dumps(state[model_id], sort_keys=True)
        return _MODEL_REF.sub("IPY_MODEL_", text)

    for model_id in sorted((m for m in state if m not in order), key=content_key):
        visit(model_id)
    new_ids = {old: hashlib.sha256(f"{name}:{i}".encode()).hexdigest()[:32] for i, old in enumerate(order)}
    text = json.dumps(state)
    text = _MODEL_REF.sub(lambda m: "IPY_MODEL_" + new_ids.get(m.group(1), m.group(1)), text)
    renamed = json.loads(text)
    nb.metadata["widgets"][_WIDGET_STATE]["state"] = {new_ids[old]: renamed[old] for old in order}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(_WIDGET_VIEW)
            if view and view.get("model_id") in new_ids:
                view["model_id"] = new_ids[view["model_id"]]


def build(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
            cell.outputs = merge_streams(cell.outputs)
    stable_widget_ids(nb, path.stem)
    nbformat.write(nb, path)
    print(f"built {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        build(Path(arg))
