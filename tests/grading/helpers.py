"""Run an exercise notebook's code cells in this process (an IPython shell, no kernel) and grade the report.

The same recorder, report and grading path as the batch grader, minus nbclient and the sandbox: quick
enough to grade every exercise's reference, untouched and half-done notebooks in the unit tests. The
cells run in IPython, so the magics the notebooks use (``%load_ext k8scourse``, ``%%kubectl apply``) work.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"


def notebook(kind: str, ex_id: str) -> Path:
    return {"untouched": EXERCISES, "solution": EXERCISES / "solutions",
            "partial": EXERCISES / "solutions" / "partial"}[kind] / f"{ex_id}.ipynb"


@contextlib.contextmanager
def ipython_shell():
    """The process's IPython shell, left as it was found: IPython sets ``sys.ps1``, which makes the
    paced clock every later cluster's default (k8scourse.pacing), and an extension loaded here would
    make a later test's ``%load_ext k8scourse`` a no-op."""
    import sys

    from IPython.core.interactiveshell import InteractiveShell
    names = ("ps1", "ps2", "ps3")
    had = {n: getattr(sys, n) for n in names if hasattr(sys, n)}
    shell = InteractiveShell.instance()
    loaded = set(shell.extension_manager.loaded)
    try:
        yield shell
    finally:
        shell.extension_manager.loaded.intersection_update(loaded)   # a later %load_ext runs afresh
        for n in names:
            if n in had:
                setattr(sys, n, had[n])
            elif hasattr(sys, n):
                delattr(sys, n)


def run_cells(path: Path, extra: str | None = None) -> dict:
    """Execute the code cells (errors allowed, output swallowed); the kernel report afterwards."""
    from k8scourse.grading import handle, kernel
    nb = nbformat.read(str(path), as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    if extra:
        sources.append(extra)
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as work, ipython_shell() as shell:
        shell.reset(new_session=False)
        os.chdir(work)
        try:
            for src in sources:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    shell.run_cell(src)          # a failing cell does not stop the rest
            report = kernel.report()
        finally:
            os.chdir(old)
            handle.stop_recording()
            import sys
            magics = sys.modules.get("k8scourse.widgets.magics")
            if magics is not None:
                magics.STATE.__init__()          # the next test's magics start from nothing
    return report


def grade_cells(path: Path, extra: str | None = None):
    from k8scourse.grading import load_spec
    from k8scourse.grading.job import grade_report
    nb = nbformat.read(str(path), as_version=4)
    spec = load_spec(nb.metadata["k8scourse"]["exercise"])
    return grade_report(spec, run_cells(path, extra))


def ensure_bubblewrap() -> None:
    """The grader's sandbox: Debian's bubblewrap, installed with apt when missing (as the browser test
    installs chromium). A machine where it cannot be installed fails the test, never skips it."""
    import shutil
    import subprocess
    if shutil.which("bwrap") is None:
        if shutil.which("apt-get") is None:
            raise RuntimeError("bubblewrap (bwrap) is missing and apt-get is not available to install it")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "bubblewrap"]):
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            if proc.returncode:
                raise RuntimeError(f"installing bubblewrap with apt failed: {proc.stderr.strip()[-300:]}")
    from k8scourse.grading import sandbox
    sandbox.available.cache_clear()
    if not sandbox.available("bwrap"):
        raise RuntimeError("bwrap is installed but cannot create its namespaces here")
