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

Run: `.venv/bin/python bench/lite.py [--json]`
"""

from __future__ import annotations

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


def _browser_run(url: str) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(180_000)
            started = time.time()
            page.goto(f"{url}/lab/index.html?path={NOTEBOOK}")
            page.wait_for_selector(".jp-Notebook .jp-CodeCell .jp-InputArea-editor")
            page.wait_for_timeout(300)
            page.locator(".lm-MenuBar-itemLabel:text-is('Edit')").click()
            page.locator(".lm-Menu-itemLabel:text-is('Clear Outputs of All Cells')").click()
            page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click()
            page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click()
            page.wait_for_function(
                "() => { const p = document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputPrompt');"
                " const c = p && p.closest('.jp-CodeCell');"
                " return c && /\\[1\\]/.test(p.textContent) && !!c.querySelector('.jp-OutputArea-output'); }")
            first = time.time() - started
            page.wait_for_function(
                "() => { const ps = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];"
                " return ps.length && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }")
            return first, time.time() - started
        finally:
            browser.close()


def main() -> None:
    if not (SITE / "jupyter-lite.json").exists():
        spec = importlib.util.spec_from_file_location("lite_build", ROOT / "scripts" / "lite_build.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        first_s, all_s = _browser_run(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
    downloaded = _Counting.sent[0]
    started = time.time()
    subprocess.run([sys.executable, "-c", FIRST_CELL], cwd=ROOT, check=True)
    cpython_s = time.time() - started
    site, pyodide = _size(SITE), _size(SITE / "static" / "pyodide")
    cmd = ".venv/bin/python bench/lite.py"
    print(f"site {site / 1e6:.1f} MB (of which static/pyodide {pyodide / 1e6:.1f} MB)")
    print(f"first visit downloads {downloaded / 1e6:.1f} MB")
    print(f"kernel ready + first command {first_s:.1f} s (budget {BUDGET_S} s), all cells {all_s:.1f} s; "
          f"the first cell in CPython {cpython_s:.2f} s; load {benchlib.machine()['load']}")
    benchlib.emit("lite site size", round(site / 1e6, 1), "MB", command=cmd)
    benchlib.emit("lite first-visit download", round(downloaded / 1e6, 1), "MB", baseline=round(site / 1e6, 1),
                  baseline_name="site size", ratio=round(downloaded / site, 2), ratio_name="of the site", command=cmd)
    benchlib.emit("lite kernel ready + first command", round(first_s, 1), "s", baseline=round(cpython_s, 2),
                  baseline_name="the first cell in CPython", ratio=round(first_s / cpython_s, 1),
                  ratio_name="× CPython", command=cmd, budget_s=BUDGET_S)
    benchlib.emit("lite all cells of 00-welcome", round(all_s, 1), "s", command=cmd)


if __name__ == "__main__":
    main()
