"""Run a submitted notebook headless in a fresh kernel and collect its operation-log report.

The notebook is executed by nbclient in an empty scratch directory with:

* a first cell the grader adds, capping the kernel's address space (``RLIMIT_AS``, soft and hard
  — the student's code cannot raise it again) and marking the run as graded;
* the student's cells, with errors allowed (a failing cell does not stop the rest, as when a
  student runs all cells);
* a last cell printing the report (:mod:`.kernel`) between markers.

One deadline holds for the whole notebook (each cell gets what is left of it). A notebook that
runs past it, a kernel that dies, or output without the report ends as an :class:`Execution` with
the reason; nothing from such a run is graded. Messages carry no times or paths, so the gradebook
stays byte-for-byte reproducible.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass

from .kernel import parse

SETUP_CELL = """\
import os as _os, resource as _resource
_cap = {cap}
if _cap > 0:
    _resource.setrlimit(_resource.RLIMIT_AS, (_cap, _cap))
_os.environ["K8SCOURSE_GRADING"] = "1"
del _os, _resource, _cap
"""
EMIT_CELL = "import k8scourse.grading.kernel as _k8scourse_kernel\n_k8scourse_kernel.emit()"


@dataclass
class Execution:
    status: str            # ok | timeout | crashed | no_log | not_notebook | error
    detail: str = ""
    report: dict | None = None


def read_notebook(path):
    import nbformat
    return nbformat.read(str(path), as_version=4)


def prepare(nb, memory_mb: int):
    """The notebook as the grader runs it: setup cell + the student's cells + the report cell."""
    import nbformat
    from nbformat.v4 import new_code_cell
    run = nbformat.v4.new_notebook(metadata=nb.metadata)
    cells = [c for c in nb.cells if c.get("cell_type") in ("code", "markdown", "raw")]
    for c in cells:
        if c.get("cell_type") == "code":
            c["outputs"] = []
    setup = new_code_cell(SETUP_CELL.format(cap=int(memory_mb) * 1024 * 1024 if memory_mb else 0))
    emit = new_code_cell(EMIT_CELL)
    run.cells = [setup] + cells + [emit]
    for i, c in enumerate(run.cells):
        c["id"] = f"grader-{i:04d}"
    return run


def execute(path, timeout: float = 120, memory_mb: int = 2048, kernel_name: str = "python3") -> Execution:
    """Execute the notebook at ``path``; the report of its last cell, or why there is none."""
    try:
        nb = read_notebook(path)
    except Exception as exc:  # noqa: BLE001 - anything unreadable is "not a notebook"
        return Execution("not_notebook", type(exc).__name__)
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    run = prepare(nb, memory_mb)
    work = tempfile.mkdtemp(prefix="k8scourse-grade-")
    deadline = time.monotonic() + timeout
    client = NotebookClient(run, timeout=int(timeout), allow_errors=True, kernel_name=kernel_name,
                            resources={"metadata": {"path": work}}, startup_timeout=60,
                            timeout_func=lambda cell: max(1, int(deadline - time.monotonic() + 0.999)),
                            record_timing=False, extra_arguments=["--IPKernelApp.log_level=ERROR"])
    try:
        client.execute()
    except CellTimeoutError:
        return Execution("timeout", f"{timeout:g}")
    except DeadKernelError:
        return Execution("crashed", "the kernel stopped")
    except Exception as exc:  # noqa: BLE001 - nbclient/jupyter_client errors of any kind
        return Execution("error", type(exc).__name__)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if time.monotonic() > deadline:
        return Execution("timeout", f"{timeout:g}")
    last = run.cells[-1]
    text = "".join(o.get("text", "") for o in last.get("outputs", []) if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")
    error = next((o for o in last.get("outputs", []) if o.get("output_type") == "error"), None)
    report = parse(text)
    if report is None:
        detail = error.get("ename", "error") if error is not None else "no report printed"
        return Execution("no_log", detail)
    return Execution("ok", "", report)
