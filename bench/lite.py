"""The course in the browser (JupyterLite, `make lite`): site size, first-visit download, cold start.

Builds the site when ``build/lite/`` is missing, serves it on loopback with a static file server
that counts the bytes it sends, and opens ``notebooks/00-welcome.ipynb`` in a fresh headless
Chromium profile (nothing cached): Run All, then

* first-visit download — every byte the server sent until all cells had run (the page, JupyterLab,
  the Pyodide runtime, the wheels the kernel loads);
* kernel ready + first command — from opening the page to the first cell's output (the budget is
  20 s, cold), and all cells;
* the baseline: the same first cell in a fresh CPython interpreter (import + the cluster), so the
  ratio says how much the browser adds on this machine at this load.

Then, in another fresh profile, all cells of ``notebooks/01-containers-vs-vms.ipynb``: its tables
and plots import pandas, matplotlib and the Hangul font, which the kernel does not load at start
(the site loads them when first imported, ``k8scourse/browser.py``), so this is what that costs.

What the site does to start fast (``scripts/lite_build.py``): the kernel loads at start only
k8scourse, its core dependencies and the kernel's own packages, all in one batch (numpy, pandas,
ipywidgets, matplotlib, networkx and the fonts come on first import); every wheel and the standard
library's zip carry bytecode compiled by Pyodide's own Python, so no module is compiled from
source in the browser. ``--site DIR`` measures another build of the site (e.g. one of an earlier
commit, for a before/after pair: ``--json`` records of it are ``bench/run.py --before-records``).

Run: `.venv/bin/python bench/lite.py [--site DIR] [--json]`
"""

from __future__ import annotations

import argparse
import functools
import http.server
import importlib.util
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT
SITE = ROOT / "build" / "lite"
NOTEBOOK = "notebooks/00-welcome.ipynb"
PLOTS = "notebooks/01-containers-vs-vms.ipynb"      # tables and plots: packages loaded on first import
FIRST_CELL = 'from k8scourse import Cluster\ncluster = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="paced")'
BUDGET_S = 20


class _Counting(http.server.SimpleHTTPRequestHandler):
    sent = [0]
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent[0] += len(data)
        outputfile.write(data)

    def log_message(self, *args):
        pass


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _browser_run(url: str, notebook: str = NOTEBOOK, first_output: bool = True) -> tuple[float, float]:
    """Seconds from opening ``notebook`` to its first cell's output (with ``first_output``; else to
    the first cell's end: 01's first cell prints nothing) and to the end of all its cells."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(180_000)
            started = time.time()
            page.goto(f"{url}/lab/index.html?path={notebook}")
            page.wait_for_selector(".jp-Notebook .jp-CodeCell .jp-InputArea-editor")
            page.wait_for_timeout(300)
            page.locator(".lm-MenuBar-itemLabel:text-is('Edit')").click()
            page.locator(".lm-Menu-itemLabel:text-is('Clear Outputs of All Cells')").click()
            page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click()
            page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click()
            page.wait_for_function(
                "() => { const p = document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputPrompt');"
                " const c = p && p.closest('.jp-CodeCell');"
                " return c && /\\[1\\]/.test(p.textContent) && (!%s || !!c.querySelector('.jp-OutputArea-output')); }"
                % ("true" if first_output else "false"))
            first = time.time() - started
            page.wait_for_function(
                "() => { const ps = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];"
                " return ps.length && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }")
            return first, time.time() - started
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default build/lite, built when missing)")
    parser.add_argument("--json", action="store_true", help="BENCH records on standard output")
    site_dir = parser.parse_args().site.resolve()
    if site_dir == SITE and not (SITE / "jupyter-lite.json").exists():
        spec = importlib.util.spec_from_file_location("lite_build", ROOT / "scripts" / "lite_build.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        first_s, all_s = _browser_run(url)
        downloaded = _Counting.sent[0]
        _, plots_s = _browser_run(url, PLOTS, first_output=False)
    finally:
        server.shutdown()
    started = time.time()
    subprocess.run([sys.executable, "-c", FIRST_CELL], cwd=ROOT, check=True)
    cpython_s = time.time() - started
    site, pyodide = _size(site_dir), _size(site_dir / "static" / "pyodide")
    cmd = ".venv/bin/python bench/lite.py" + ("" if site_dir == SITE else f" --site {site_dir}")
    print(f"site {site / 1e6:.1f} MB (of which static/pyodide {pyodide / 1e6:.1f} MB)")
    print(f"first visit downloads {downloaded / 1e6:.1f} MB")
    print(f"kernel ready + first command {first_s:.1f} s (budget {BUDGET_S} s), all cells {all_s:.1f} s; "
          f"the first cell in CPython {cpython_s:.2f} s; load {benchlib.machine()['load']}")
    print(f"all cells of {PLOTS} (tables, plots) {plots_s:.1f} s")
    benchlib.emit("lite site size", round(site / 1e6, 1), "MB", command=cmd)
    benchlib.emit("lite first-visit download", round(downloaded / 1e6, 1), "MB", baseline=round(site / 1e6, 1),
                  baseline_name="site size", ratio=round(downloaded / site, 2), ratio_name="of the site", command=cmd)
    benchlib.emit("lite kernel ready + first command", round(first_s, 1), "s", baseline=round(cpython_s, 2),
                  baseline_name="the first cell in CPython", ratio=round(first_s / cpython_s, 1),
                  ratio_name="× CPython", command=cmd, budget_s=BUDGET_S)
    benchlib.emit("lite all cells of 00-welcome", round(all_s, 1), "s", command=cmd)
    benchlib.emit("lite all cells of 01-containers-vs-vms (tables, plots)", round(plots_s, 1), "s", command=cmd)


if __name__ == "__main__":
    main()
