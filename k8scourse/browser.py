"""In the browser (the JupyterLite site of ``make lite``): the site's packages load on first import.

The site's kernel starts with k8scourse and what its commands need (PyYAML, jsonschema, ...). The
packages only some features use — numpy and pandas (tables, large clusters), ipywidgets,
matplotlib, networkx and the Hangul fonts (the widgets and plots) — are in the site too, listed in
its ``pyodide-lock.json``, but are loaded when first imported: a cell's own ``import pandas`` is
loaded by the kernel before the cell runs; an import inside k8scourse (``%load_ext k8scourse``,
``cluster.top_pods()``, a plot) goes through :class:`SiteFinder`, last on ``sys.meta_path``, which
fetches the wheels of that package and of its missing dependencies from the site and unpacks them
into ``site-packages`` as Pyodide's ``loadPackage`` does — synchronously, which a kernel may do: it
runs in a Web Worker. Only the site is asked, never another host.

Under CPython nothing here runs: :func:`install` is called only when ``sys.platform`` is
``emscripten``. The dependency order is plain data work:

>>> lock = {"pandas": {"imports": ["pandas"], "depends": ["numpy", "pytz"]},
...         "numpy": {"imports": ["numpy"], "depends": []}, "pytz": {"imports": ["pytz"], "depends": []}}
>>> to_load(lock, "pandas", loaded={"pytz"})
['numpy', 'pandas']
>>> to_load(lock, "numpy", loaded={"numpy"})
[]
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import logging
import re
import sys
from typing import Any

# Where Pyodide's loadPackage records a package it installed from the site's lock file.
_CHANNEL = "default channel"


def canonical(name: str) -> str:
    """A package name as the lock keys it (PEP 503), e.g. ``python_dateutil`` -> ``python-dateutil``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def to_load(lock: dict[str, dict], package: str, loaded: set[str]) -> list[str]:
    """``package`` and its dependencies from ``lock`` not in ``loaded``, dependencies first."""
    order: list[str] = []
    seen = set(loaded)

    def visit(name: str) -> None:
        name = canonical(name)
        if name in seen:
            return
        seen.add(name)
        for dep in lock[name]["depends"]:
            visit(dep)
        order.append(name)
    visit(package)
    return order


class SiteFinder(importlib.abc.MetaPathFinder):
    """Last on ``sys.meta_path``: a top-level module no other finder found, but which a package of
    the site's lock provides, is installed from the site and then found as usual."""

    def __init__(self, lock: dict[str, dict], base_url: str, pyodide_js: Any) -> None:
        self.lock = lock
        self.base_url = base_url
        self.pyodide_js = pyodide_js
        self.by_import = {mod: name for name, entry in lock.items() for mod in entry.get("imports", ())}
        self.busy = False

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or self.busy or fullname not in self.by_import:
            return None
        loaded = {canonical(n) for n in self.pyodide_js.loadedPackages.object_keys()}
        names = to_load(self.lock, self.by_import[fullname], loaded)
        if not names or any(self.lock[n].get("package_type") == "shared_library" for n in names):
            return None                 # installed already, or needs Pyodide's own loader
        self.busy = True
        try:
            for name in names:
                self._install(name)
        finally:
            self.busy = False
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(fullname)

    def _install(self, name: str) -> None:
        import js
        from pyodide._package_loader import get_install_dir, unpack_buffer

        entry = self.lock[name]
        request = js.XMLHttpRequest.new()
        request.open("GET", self.base_url + entry["file_name"], False)    # synchronous: a worker's
        request.responseType = "arraybuffer"
        request.send(None)
        if request.status != 200:
            raise ImportError(f"{entry['file_name']}: HTTP {request.status} from the site")
        data = js.Uint8Array.new(request.response)
        if hashlib.sha256(data.to_bytes()).hexdigest() != entry["sha256"]:
            raise ImportError(f"{entry['file_name']}: sha256 differs from the site's lock file")
        unpack_buffer(data, filename=entry["file_name"],
                      extract_dir=get_install_dir(entry.get("install_dir", "site")),
                      installer="pyodide.loadPackage", source=_CHANNEL)
        setattr(self.pyodide_js.loadedPackages, name, _CHANNEL)
        js.console.log(f"k8scourse: loaded {name} from the site on first import")


def not_the_font_cache_notice(record: logging.LogRecord) -> bool:
    """A logging filter: matplotlib's notice that it builds its font cache does not pass.

    The browser's file system lives in memory, so each visit's first plot builds the cache anew
    (about a second) and matplotlib says so on standard error, which a CPython install did once, long
    before; with the notice dropped a plot's cell shows what it shows in CPython.

    >>> not_the_font_cache_notice(logging.makeLogRecord(
    ...     {"msg": "Matplotlib is building the font cache; this may take a moment."}))
    False
    >>> not_the_font_cache_notice(logging.makeLogRecord({"msg": "findfont: Font family 'x' not found."}))
    True
    """
    return not record.getMessage().startswith("Matplotlib is building the font cache")


def install() -> None:
    """Put a :class:`SiteFinder` for the running site's lock last on ``sys.meta_path`` (once)."""
    if any(isinstance(f, SiteFinder) for f in sys.meta_path):
        return
    logging.getLogger("matplotlib.font_manager").addFilter(not_the_font_cache_notice)
    try:
        import pyodide_js

        lock = pyodide_js._api.lockfile_packages.to_py()       # what micropip reads too
        base = pyodide_js._api.config.indexURL                 # where loadPackage fetches them
    except (ImportError, AttributeError):   # not Pyodide 0.27's API (the site pins 0.27.7): no finder,
        return                              # imports fail by name as they would without it
    sys.meta_path.append(SiteFinder({canonical(k): v for k, v in lock.items()}, base, pyodide_js))
