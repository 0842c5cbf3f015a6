"""The progress bar in a real Jupyter kernel: drawn for a long run, invisible to nbval's comparison."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _run_notebook() -> list:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%load_ext k8scourse"),
                nbformat.v4.new_code_cell("from k8scourse import Cluster\n"
                                          "c = Cluster(nodes=1, seed=0, clock='manual')\n"
                                          "c.run(seconds=1200)\nprint(c.now)"),
                nbformat.v4.new_code_cell("c.run(seconds=60)\nprint(c.now)")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return [cell.outputs for cell in nb.cells]


def _compared(outputs: list) -> list:
    """What nbval compares: every output's data without the widget view (and without metadata)."""
    kept = []
    for out in outputs:
        data = {k: v for k, v in out.get("data", {}).items() if k != WIDGET_VIEW}
        if data or out.get("text"):
            kept.append((out["output_type"], data, out.get("text")))
    return kept


def test_a_long_run_draws_a_widget_only_bar_and_nbval_sees_the_same_outputs():
    first = _run_notebook()
    bars = [out for out in first[1] if out["output_type"] == "display_data"]
    assert len(bars) == 1 and set(bars[0]["data"]) == {WIDGET_VIEW}     # the bar, as a widget view alone
    assert not [out for out in first[2] if out["output_type"] == "display_data"]   # a short run: none
    assert _compared(first[1]) == [("stream", {}, "2026-03-02T09:20:00Z\n")]
    assert [_compared(o) for o in _run_notebook()] == [_compared(o) for o in first]
