"""The widgets in a real browser: headless JupyterLab driven by Playwright with Debian's Chromium.

Follows the project's browser-test recipe: Chromium comes from Debian (installed here with apt when
missing; Playwright's own browser download is never used), JupyterLab runs on 127.0.0.1 on a free
port with an empty token, the test notebook is generated into a temporary folder, its cells are run
with Shift+Enter, and the assertions read the rendered DOM (the widgets carry stable CSS classes).
Screenshots go to ``test-artifacts/`` (git-ignored).

It never skips: when Chromium is missing and cannot be installed with apt, the test fails with the
reason, in CI and on a laptop alike.

The Korean test opens a Korean course notebook (``notebooks/ko/00-welcome.ipynb``) and a Korean
widget, checks that their Korean text is in the page and that the browser draws Hangul with a real
font (Debian's ``fonts-nanum``, installed with Chromium when no Korean font is there), not as empty
boxes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

KOREAN_FONT_PACKAGE = "fonts-nanum"      # Debian's Nanum fonts (SIL OFL 1.1): Hangul for Chromium
CELLS = [
    "from k8scourse import Cluster\n"
    "from k8scourse.widgets import Dashboard, ManifestEditor, Terminal\n"
    "c = Cluster(nodes=3, seed=0)\n"
    "_ = c.kubectl('run web --image=nginx', echo=False)\n"
    "c.run(5)\n"
    "dash = Dashboard(c)\n"
    "dash",
    "ed = ManifestEditor(c)\ned",
    "term = Terminal(c)\n_ = term.run('kubectl get pods')\nterm",
]


KO_CELLS = [
    "from k8scourse import Cluster\n"
    "from k8scourse.i18n import set_language\n"
    "from k8scourse.widgets import Dashboard, Terminal\n"
    "set_language('ko')\n"
    "c = Cluster(nodes=3, seed=0)\n"
    "_ = c.kubectl('run web --image=nginx', echo=False)\n"
    "c.run(5)\n"
    "dash = Dashboard(c)\n"
    "dash",
    "term = Terminal(c)\nterm",
]
# Draw "가" and an unassigned code point on a canvas: without a Hangul font both are the same empty box.
HANGUL_DRAWN = """() => {
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const g = c.getContext('2d');
  const draw = ch => { g.clearRect(0, 0, 48, 48); g.font = '32px sans-serif'; g.fillText(ch, 4, 38);
                       return Array.from(g.getImageData(0, 0, 48, 48).data).join(','); };
  const hangul = draw('\\uac00'), missing = draw('\\u0378'), blank = (g.clearRect(0, 0, 48, 48),
        Array.from(g.getImageData(0, 0, 48, 48).data).join(','));
  return hangul !== missing && hangul !== blank;
}"""


def _unavailable(reason: str):
    pytest.fail(f"the browser test cannot run: {reason}")


def _apt_install(package: str) -> None:
    """``apt-get install`` a Debian package: as root directly, otherwise through ``sudo -n`` (no
    password prompt, which would hang); any way it cannot be done fails the test with the reason."""
    if not shutil.which("apt-get"):
        _unavailable(f"{package} is missing and apt-get is not available to install it")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n", "--preserve-env=DEBIAN_FRONTEND"]
    if prefix and not shutil.which("sudo"):
        _unavailable(f"{package} is missing, and installing it with apt needs root or sudo")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        proc = subprocess.run(prefix + cmd, capture_output=True, text=True, env=env, timeout=900)
        if proc.returncode:
            _unavailable(f"installing {package} with apt failed: {proc.stderr.strip()[-300:]}")


def _ensure_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    _apt_install("chromium")
    if not os.path.exists(CHROMIUM):
        _unavailable("apt installed chromium but /usr/bin/chromium is not there")


def _ensure_korean_font() -> None:
    """A font with Hangul for Chromium (fontconfig's ``:lang=ko``), else Debian's Nanum fonts."""
    fc = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    if fc.returncode == 0 and fc.stdout.strip():
        return
    _apt_install(KOREAN_FONT_PACKAGE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path, cells: list[str] = CELLS) -> None:
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
                     "outputs": [], "source": src} for i, src in enumerate(cells)]}
    path.write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab for the module's tests (a start takes seconds of a shared, busy machine)."""
    tmp_path = tmp_path_factory.mktemp("lab")
    _ensure_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: `pip install -e .[dev]` (make test) installs it")
    _notebook(tmp_path / "widgets.ipynb")
    _notebook(tmp_path / "widgets-ko.ipynb", KO_CELLS)
    shutil.copy(REPO / "notebooks" / "ko" / "00-welcome.ipynb", tmp_path / "welcome-ko.ipynb")
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"))
    # No "get notified about Jupyter news?" toast: it can sit on top of the widgets being clicked.
    labconfig = tmp_path / "cfg" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={tmp_path}", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("jupyter lab exited:\n" + (tmp_path / "lab.log").read_text()[-2000:])
                time.sleep(0.2)
        else:
            pytest.fail("jupyter lab did not open its port within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _accept_dialogs(page, wait_ms: int = 3_000) -> None:
    """Accept a modal JupyterLab opened on its own — "Select Kernel" when the notebook opened
    before the kernel specs had loaded (the default, Python 3, is what the notebook asks for)."""
    deadline = time.time() + wait_ms / 1000
    while time.time() < deadline:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            button = page.locator(".jp-Dialog .jp-mod-accept")
            if button.count():
                button.first.click()
            else:
                page.keyboard.press("Escape")
            page.wait_for_timeout(300)
            continue
        page.wait_for_timeout(200)
        if not page.locator(".jp-Dialog").count():
            return


def _run_all_cells(page) -> None:
    """Wait for an idle kernel, then Run ▸ Run All Cells; retry once if nothing started executing
    (a run requested while the kernel connection is still being set up can be dropped)."""
    for attempt in range(3):
        _accept_dialogs(page)
        page.wait_for_selector(".jp-StatusBar-TextItem:has-text('Idle'), "
                               ".jp-Notebook-ExecutionIndicator[data-status='idle']")
        _accept_dialogs(page)
        page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click()
        page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click()
        try:
            # the first cell's prompt turns from "[ ]:" to "[*]:" or "[1]:"
            page.wait_for_function(
                "() => { const p = document.querySelector('.jp-Notebook .jp-Cell .jp-InputPrompt');"
                " return p && /\\[(\\*|\\d+)\\]/.test(p.textContent); }", timeout=10_000)
            return
        except Exception:  # noqa: BLE001 - retried below
            if attempt == 2:
                raise


def test_widgets_render_and_respond_in_jupyterlab(lab):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=60_000)
    started = time.time()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(f"{lab}/lab/tree/widgets.ipynb?reset")
            page.wait_for_selector(".jp-Notebook")
            page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor")
            _run_all_cells(page)

            # 1. the dashboard shows the three nodes and the pod
            cards = page.locator(".k8s-dashboard .k8s-node-card")
            expect(cards).to_have_count(3)
            expect(page.locator(".k8s-dashboard .k8s-pod[data-pod='default/web']")).to_have_count(1)
            expect(page.locator(".k8s-dashboard").first).to_contain_text("3 nodes")

            # 3. the terminal printed kubectl get pods (rendered by the kernel's Terminal.run)
            screen = page.locator(".k8s-terminal-output")
            expect(screen).to_contain_text("student@Azure:~$ kubectl get pods")
            expect(screen).to_contain_text("web")
            page.screenshot(path=str(ARTIFACTS / "browser-1-rendered.png"), full_page=True)

            # 2. clicking Apply in the editor creates the pod and the dashboard shows it
            page.locator("button.k8s-editor-apply").click()
            expect(page.locator(".k8s-editor-result")).to_contain_text("pod/nginx created")
            expect(page.locator(".k8s-dashboard .k8s-pod[data-pod='default/nginx']")).to_have_count(1)

            # typing into the terminal and pressing Enter runs the command in the kernel
            field = page.locator(".k8s-terminal-input input")
            field.fill("kubectl get pods -o name")
            field.press("Enter")
            expect(screen).to_contain_text("pod/nginx")
            page.screenshot(path=str(ARTIFACTS / "browser-2-after-apply.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "browser-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    print(f"browser round trip: {time.time() - started:.1f} s")


def test_korean_notebook_and_widget_show_korean_text(lab):
    from playwright.sync_api import expect, sync_playwright

    _ensure_korean_font()
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            assert page.evaluate(HANGUL_DRAWN), "Chromium draws Hangul as empty boxes: no Korean font"

            # 1. a Korean course notebook, as committed: its prose and its saved outputs
            page.goto(f"{lab}/lab/tree/welcome-ko.ipynb?reset")      # a fresh workspace: only this notebook
            page.wait_for_selector(".jp-Notebook")
            _accept_dialogs(page)
            title = page.locator(".jp-RenderedMarkdown h1")
            expect(title.first).to_contain_text("환영합니다 — 노트북 안의 쿠버네티스 클러스터")
            expect(title.first).to_be_visible()
            expect(page.locator(".jp-RenderedMarkdown").nth(1)).to_contain_text("워커 노드 세 개")
            expect(page.locator(".jp-OutputArea-output").filter(has_text="aks-nodepool1-").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "browser-ko-notebook.png"))

            # 2. a widget built in Korean: labels from the catalogue
            page.goto(f"{lab}/lab/tree/widgets-ko.ipynb?reset")      # a fresh workspace: only this notebook
            page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor")
            _run_all_cells(page)
            dashboard = page.locator(".k8s-dashboard").first
            expect(dashboard).to_contain_text("노드 3개")
            expect(dashboard).to_contain_text("파드 7개")     # web, two CoreDNS, three kube-proxy, metrics-server
            expect(dashboard).to_contain_text("할당 가능 1900m")
            expect(dashboard).to_be_visible()
            expect(page.locator(".k8s-terminal button").filter(has_text="실행").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "browser-ko-widget.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "browser-ko-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
