"""The import rules of DESIGN.md, machine-checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is part of the dev dependencies"
    proc = subprocess.run([lint], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 5 kept, 0 broken" in proc.stdout


def import_cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return cycles


def test_no_module_imports_itself_through_others():
    """No import cycles between modules (imports only for type checking do not count: they never run)."""
    import grimp
    graph = grimp.build_graph("k8scourse", exclude_type_checking_imports=True)
    assert import_cycles(graph) == []
    # the detector finds a cycle when there is one
    graph.add_import(importer="k8scourse.api.objects", imported="k8scourse.sim")
    graph.add_import(importer="k8scourse.sim", imported="k8scourse.api.objects")
    assert ["k8scourse.api.objects", "k8scourse.sim"] in import_cycles(graph)


def test_import_k8scourse_stays_light():
    """``import k8scourse`` + an empty cluster loads no widget, notebook, pandas, schema or numpy library
    (numpy comes with the scheduler's numpy path, from 100 nodes on)."""
    code = ("import sys, k8scourse; c = k8scourse.Cluster(nodes=1); "
            "heavy = [m for m in ('ipywidgets', 'IPython', 'matplotlib', 'pandas', 'kubernetes_validate', "
            "'jsonschema', 'jsonpatch', 'numpy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
