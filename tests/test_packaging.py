"""The package declares what it imports, in compatible pinned ranges, and ships its type marker.

Every ``import`` of the package (read from the source with ``ast``, imports inside functions
included, plus the packages located with ``importlib.util.find_spec("…")``) that is neither the
standard library nor k8scourse must belong to a distribution declared in ``pyproject.toml``: in
the core ``dependencies``, or in the extra of the subpackage that imports it (``EXTRA_OF``, the
same split as the comment in ``pyproject.toml``), or be one of Pyodide's runtime modules, which
only ``k8scourse.browser`` imports. Conversely every core dependency is used.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from functools import lru_cache
from pathlib import Path

from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:                                   # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "k8scourse"

# Module prefix -> the extra that declares its third-party imports (everything else: core).
EXTRA_OF = {
    "k8scourse.widgets": "course",
    "k8scourse.grading.executor": "grading",
    "k8scourse.grading.nbgrader": "grading",
    "k8scourse.remote": "remote",
}
# The browser's runtime modules (Pyodide's own, no distribution of any index), imported only by
# k8scourse.browser, which runs only in the browser (``sys.platform == "emscripten"``).
PYODIDE_RUNTIME = {"js", "pyodide", "pyodide_js"}
BROWSER_MODULE = "k8scourse.browser"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=None)
def project() -> dict:
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]


def requirements(group: str) -> list[Requirement]:
    """``group``: "core" or an extra's name; self-references (``k8scourse[course]``) expanded."""
    raw = project()["dependencies"] if group == "core" else project()["optional-dependencies"][group]
    out = []
    for text in raw:
        req = Requirement(text)
        if canonical(req.name) == "k8scourse":
            for extra in sorted(req.extras):
                out += requirements(extra)
        else:
            out.append(req)
    return out


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=None)
def third_party_imports() -> dict[str, set[str]]:
    """Top-level module imported -> the k8scourse modules importing it."""
    found: dict[str, set[str]] = {}
    stdlib = set(sys.stdlib_module_names)
    for path in sorted(PACKAGE.rglob("*.py")):
        mod = module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "find_spec" \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and top != "k8scourse":
                    found.setdefault(top, set()).add(mod)
    return found


def group_of(module: str) -> str:
    for prefix, extra in EXTRA_OF.items():
        if module == prefix or module.startswith(prefix + "."):
            return extra
    return "core"


@lru_cache(maxsize=None)
def _packages_distributions() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def distributions_of(top: str) -> set[str]:
    return {canonical(d) for d in _packages_distributions().get(top, [])}


def test_every_third_party_import_is_declared_where_it_is_used():
    imports = third_party_imports()
    assert {"yaml", "numpy", "pandas", "nbclient", "ipywidgets", "kubernetes_validate"} <= set(imports)
    missing = []
    for top in PYODIDE_RUNTIME & set(imports):
        assert imports[top] == {BROWSER_MODULE}, f"{top}: Pyodide's, imported outside {BROWSER_MODULE}"
    for top, modules in sorted(imports.items()):
        if top in PYODIDE_RUNTIME:
            continue
        dists = distributions_of(top)
        assert dists, f"{top} (imported by {sorted(modules)}) is not installed"
        for module in sorted(modules):
            group = group_of(module)
            allowed = {canonical(r.name) for r in requirements("core")}
            if group != "core":
                allowed |= {canonical(r.name) for r in requirements(group)}
            if not dists & allowed:
                missing.append(f"{module} imports {top} ({'/'.join(sorted(dists))}), "
                               f"not declared in {'core' if group == 'core' else 'core or ' + group}")
    assert missing == []


def test_every_core_dependency_is_used_by_the_core():
    used = {canonical(d) for top, modules in third_party_imports().items()
            if any(group_of(m) == "core" for m in modules) for d in distributions_of(top)}
    declared = {canonical(r.name) for r in requirements("core")}
    assert declared - used == set()


def test_every_requirement_has_a_compatible_pinned_range_that_the_environment_meets():
    groups = ["core", *project()["optional-dependencies"]]
    for group in groups:
        for req in requirements(group):
            ops = {spec.operator for spec in req.specifier}
            assert ops & {">=", "~=", "=="} and ops & {"<", "~=", "=="}, f"{group}: {req} has no range"
            if req.marker is None or req.marker.evaluate():
                installed = importlib.metadata.version(req.name)
                assert req.specifier.contains(installed, prereleases=True), (group, str(req), installed)


def test_the_grader_and_the_widgets_need_their_extras_only():
    imports = third_party_imports()
    assert {group_of(m) for m in imports["nbclient"] | imports["nbformat"]} == {"grading"}
    assert {group_of(m) for m in imports["ipywidgets"]} == {"course"}


def test_py_typed_ships_as_package_data():
    assert (PACKAGE / "py.typed").is_file()
    with open(REPO / "pyproject.toml", "rb") as fh:
        setuptools = tomllib.load(fh)["tool"]["setuptools"]
    assert "py.typed" in setuptools["package-data"]["k8scourse"]
