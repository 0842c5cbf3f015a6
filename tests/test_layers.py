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
    assert "Contracts: 4 kept, 0 broken" in proc.stdout


def test_import_k8scourse_stays_light():
    """``import k8scourse`` + an empty cluster loads no widget, notebook, pandas, schema or numpy library
    (numpy comes with the scheduler's numpy path, from 100 nodes on)."""
    code = ("import sys, k8scourse; c = k8scourse.Cluster(nodes=1); "
            "heavy = [m for m in ('ipywidgets', 'IPython', 'matplotlib', 'pandas', 'kubernetes_validate', "
            "'jsonschema', 'jsonpatch', 'numpy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
