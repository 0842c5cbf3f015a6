"""Text representations are stable (no ids, no wall-clock times) and a widget notebook passes strict nbval."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat

SCENARIO = r"""
from k8scourse import Cluster
from k8scourse.widgets import (Console, Dashboard, EventTimeline, ManifestEditor, SchedulingExplainer,
                               Terminal, TimeControls, Topology)
c = Cluster(nodes=3, seed=0, dns=False)
con = Console(c)
con.editor.apply()
con.terminal.run("kubectl create deployment web --image=nginx --replicas=3")
con.terminal.run("kubectl expose deployment web --port=80")
con.time.run_for(30)
views = [con, con.dashboard, con.terminal, con.editor, con.time, con.timeline,
         Topology(c, selected="Pod/default/nginx"), SchedulingExplainer(c, "nginx")]
for v in views:
    print(repr(v))
print(con.dashboard.text())
print(con.terminal.text())
print(views[6].text())
print(con.timeline.text())
"""


def _run_scenario(hashseed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    proc = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_reprs_and_texts_are_identical_across_runs_and_free_of_ids():
    first, second = _run_scenario("1"), _run_scenario("2")
    assert first == second
    head = first.splitlines()[:8]
    assert all(not re.search(r"0x[0-9a-f]{6,}|model_id|\d{2}:\d{2}:\d{2}\.\d", line) for line in head), head
    assert head[1].startswith("Dashboard(cluster 'k8scourse': 3 nodes, ")
    assert all(len(line) <= 110 for line in head)   # ipywidgets cuts text/plain at 110 characters


NOTEBOOK_CELLS = [
    "%load_ext k8scourse",
    "from k8scourse import Cluster\nfrom k8scourse.widgets import Console, Topology, use_cluster, plots\n"
    "c = Cluster(nodes=3, seed=0)\nuse_cluster(c)",
    "%kubectl get nodes",
    "%%kubectl apply\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
    "  containers: [{name: web, image: nginx}]\n",
    "%kubectl get pod nope",
    "con = Console(c)\ncon",
    "c.run(30)\ncon.dashboard",
    "Topology(c)",
    "plots.density_and_cost(plots.density_table(range(1, 21)))",
]


def test_widget_notebook_passes_strict_nbval(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK_CELLS]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    path = tmp_path / "widgets_nbval.ipynb"
    nbformat.write(nb, str(path))
    saved = json.loads(path.read_text())
    texts = ["".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
             for cell in saved["cells"] for o in cell.get("outputs", [])]
    joined = "\n".join(texts)
    assert "pod/web created" in joined and 'pods "nope" not found' in joined
    # paced: kube-system is up too (two CoreDNS, a kube-proxy per node, metrics-server)
    assert "Console(Dashboard(cluster 'k8scourse': 3 nodes, 7 pods" in joined
    assert not any(o.get("output_type") == "error" or o.get("name") == "stderr"
                   for cell in saved["cells"] for o in cell.get("outputs", []))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider",
                           "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert f"{len(NOTEBOOK_CELLS)} passed" in proc.stdout
    assert Path(path).exists()
