"""The in-browser site (``make lite``), built once per session and reused while its inputs stand.

Building takes ~40 s with the download cache (``build/lite-cache/``) warm (Node compiles the bytecode), ~1-2 min cold (the npm
``pyodide`` package, the wheel bundle, the pinned PyPI wheels). The site is rebuilt only when one of
its inputs changed: the package's sources, the notebooks, ``lite/`` or the build script (a digest
of them is kept beside the site).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import importlib.util
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "build" / "lite"
STAMP = REPO / "build" / "lite.inputs.sha256"
INPUTS = ("k8scourse", "notebooks", "exercises", "course.ipynb", "lite", "scripts/lite_build.py",
          "pyproject.toml")


def _load_script():
    spec = importlib.util.spec_from_file_location("lite_build", REPO / "scripts" / "lite_build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lite_build"] = module
    spec.loader.exec_module(module)
    return module


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = REPO / name
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and not any(part.startswith(".") for part in p.relative_to(REPO).parts))   # build caches
        for f in files:
            digest.update(str(f.relative_to(REPO)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def lite_build():
    """scripts/lite_build.py as a module."""
    return _load_script()


@pytest.fixture(scope="session")
def lite_site(lite_build) -> Path:
    digest = _inputs_digest()
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    # one build at a time: pytest-xdist runs a session per worker, each with this fixture
    with open(STAMP.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (SITE / "jupyter-lite.json").exists() or not STAMP.exists() or STAMP.read_text() != digest:
            lite_build.build(SITE)
            STAMP.write_text(digest)
    return SITE


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def log_message(self, *args):       # no request log on the test's output
        pass


@pytest.fixture(scope="session")
def lite_url(lite_site):
    """The site served on loopback (a static file server: all a deployment needs, e.g. GitHub Pages)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(lite_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
