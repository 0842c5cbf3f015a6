"""What the built site holds, checked without a browser: its own lock file, the official Pyodide
wheels byte for byte, one schema version, the browser's stand-ins working as the real packages do.

The stand-ins are run under CPython with the site's own wheels first on the path and the packages
the browser lacks blocked (``referencing``/``rpds``, ``cryptography``, libyaml's ``_yaml``), so the
engine takes the same code paths as in Pyodide.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _lock(site: Path) -> dict:
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())


def test_every_locked_file_is_in_the_site_with_its_hash(lite_site):
    pyodide = lite_site / "static" / "pyodide"
    lock = _lock(lite_site)
    assert lock["info"]["version"] == "0.27.7" and lock["info"]["python"].startswith("3.12")
    for name, entry in lock["packages"].items():
        path = pyodide / entry["file_name"]
        assert path.is_file(), f"{name}: {entry['file_name']} is not in the site"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name
        for dep in entry["depends"]:        # the release's lock spells some names unnormalised
            assert re.sub(r"[-_.]+", "-", dep).lower() in lock["packages"], f"{name} depends on {dep}, which the site does not ship"
    for runtime in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (pyodide / runtime).is_file()


def _added_bytecode_only(release_wheel: Path, ours: Path) -> bool:
    """``ours`` holds every file of ``release_wheel`` byte for byte (RECORD aside), and adds only
    ``__pycache__/*.cpython-312.pyc`` files."""
    with zipfile.ZipFile(release_wheel) as a, zipfile.ZipFile(ours) as b:
        old, new = set(a.namelist()), set(b.namelist())
        same = all(a.read(n) == b.read(n) for n in old if not n.endswith(".dist-info/RECORD"))
        added = new - old
        return old <= new and same and bool(added) and \
            all(f"/{n}".rpartition("/")[0].endswith("/__pycache__") and n.endswith(".cpython-312.pyc")
                for n in added)


def test_official_wheels_are_the_release_s(lite_site, lite_build):
    """Pyodide's packages are the release's (npm pyodide@0.27.7's lock): the release's files
    unchanged plus their bytecode, or byte-identical (those with no Python module)."""
    release_lock = json.loads((lite_build.CACHE / f"pyodide-{lite_build.PYODIDE_VERSION}" /
                               "pyodide-lock.json").read_text())
    release = release_lock["packages"]
    ours = _lock(lite_site)["packages"]
    # the ones the build takes from the release (others, e.g. networkx, are PyPI's own wheels,
    # which can share a file name with the release's repackaged one)
    official = lite_build.official_wheels(release_lock)
    assert {"numpy", "pandas", "ipython", "micropip", "ssl", "openssl"} <= set(official)
    with_bytecode = []
    for name, release_wheel in official.items():
        if ours[name]["sha256"] != release[name]["sha256"]:
            site_wheel = lite_site / "static" / "pyodide" / ours[name]["file_name"]
            assert _added_bytecode_only(release_wheel, site_wheel), name
            with_bytecode.append(name)
    assert {"ipython", "traitlets", "micropip", "numpy", "pandas", "matplotlib"} <= set(with_bytecode)


def test_one_schema_version_and_no_compiled_extension_of_ours(lite_site):
    from k8scourse.defaults import SCHEMA_VERSION
    pyodide = lite_site / "static" / "pyodide"
    [kv] = pyodide.glob("kubernetes_validate-*.whl")
    with zipfile.ZipFile(kv) as zf:
        versions = {n.split("/")[2] for n in zf.namelist() if "/kubernetes-json-schema/" in n}
    assert versions == {f"v{SCHEMA_VERSION}-local-strict"}
    assert kv.stat().st_size < 4_000_000                   # the full wheel is 22.6 MB
    for wheel in ("PyYAML-*.whl", "k8scourse-*.whl", "jsonschema-*.whl", "k8scourse_lite_p256-*.whl"):
        [path] = pyodide.glob(wheel)
        with zipfile.ZipFile(path) as zf:
            assert not [n for n in zf.namelist() if n.endswith((".so", ".pyd"))], path.name
    assert not list(pyodide.glob("rpds*")) and not list(pyodide.glob("referencing*"))


# The first bytes of a .pyc of Python 3.12 (Pyodide 0.27's): its magic number (3531).
PYC_MAGIC_312 = (3531).to_bytes(2, "little") + b"\r\n"


def test_the_standard_library_is_the_release_s_with_its_bytecode(lite_site, lite_build):
    """The runtime is the release's (npm pyodide@0.27.7) byte for byte, but for its standard library
    zip: the release's files unchanged, each module with its .pyc for Python 3.12 beside it (where
    zipimport looks), hash-based and unchecked."""
    npm = lite_build.CACHE / f"pyodide-{lite_build.PYODIDE_VERSION}"
    pyodide = lite_site / "static" / "pyodide"
    for name in ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm"):
        assert (pyodide / name).read_bytes() == (npm / name).read_bytes(), name
    with zipfile.ZipFile(npm / "python_stdlib.zip") as a, zipfile.ZipFile(pyodide / "python_stdlib.zip") as b:
        old, new = set(a.namelist()), set(b.namelist())
        assert old <= new and all(a.read(n) == b.read(n) for n in old)
        sources = [n for n in old if n.endswith(".py")]
        assert len(sources) > 400 and new - old == {n[:-3] + ".pyc" for n in sources}
        for source in sources:
            head = b.read(source[:-3] + ".pyc")[:8]
            assert head[:4] == PYC_MAGIC_312 and int.from_bytes(head[4:8], "little") == 0b01, source


@pytest.mark.parametrize("pattern", ["k8scourse-*.whl", "ipython-*.whl", "pyodide_kernel-*.whl", "PyYAML-*.whl",
                                     "pandas-*.whl", "matplotlib-3*.whl", "networkx-*.whl"])
def test_wheels_carry_their_bytecode_for_the_site_s_python(lite_site, pattern):
    """Every module of the site's wheels comes with its .pyc for Python 3.12, hash-based and
    unchecked (flags 0b01, PEP 552: the unpacked files' times are not the sources'), beside its source."""
    [wheel] = (lite_site / "static" / "pyodide").glob(pattern)
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        sources = [n for n in names if n.endswith(".py")]
        assert sources
        for source in sources:
            folder, _, module = f"/{source}".rpartition("/")
            pyc = f"{folder}/__pycache__/{module[:-3]}.cpython-312.pyc".lstrip("/")
            assert pyc in names, source
            head = zf.read(pyc)[:8]
            assert head[:4] == PYC_MAGIC_312 and int.from_bytes(head[4:8], "little") == 0b01, pyc


@pytest.fixture(scope="module")
def browser_path(lite_site, tmp_path_factory) -> Path:
    """The site's pure wheels unpacked in one folder: what the browser's site-packages holds."""
    root = tmp_path_factory.mktemp("site-packages")
    for pattern in ("jsonschema-*.whl", "pyrsistent-*.whl", "attrs-*.whl", "PyYAML-*.whl",
                    "k8scourse_lite_p256-*.whl"):
        [wheel] = (lite_site / "static" / "pyodide").glob(pattern)
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(root)
    (root / "sitecustomize.py").write_text(
        "import sys\n"
        "for m in ('referencing', 'rpds', 'yaml._yaml', '_yaml'):\n"
        "    sys.modules[m] = None      # not in the browser\n")
    return root


def _run(code: str, path: Path | None) -> str:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


BAD_MANIFESTS = r'''
import jsonschema, yaml, cryptography
from k8scourse import Cluster
print(jsonschema.__file__.split("/")[-3], yaml.__with_libyaml__, cryptography.__file__.split("/")[-3])
c = Cluster(nodes=2, seed=3)
for manifest in [
    "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: nginx, ports: [{contanerPort: 80}]}]}",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: nginx, ports: [{containerPort: '80'}]}]}",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec: {containers: [{name: c, image: nginx, resources: {limits: {cpu: abc}}}]}",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{image: nginx}]}}}",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: 'no!'}",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: c, image: nginx}]}",
]:
    r = c.kubectl("apply -f -", stdin=manifest, echo=False)
    print(r.exit_code, r.stdout, r.stderr)
c.run(20)
print(c.kubectl("get pods", echo=False).stdout)
print(c.kubectl("exec ok -- cat /var/run/secrets/kubernetes.io/serviceaccount/token", echo=False).stdout)
'''


def test_the_engine_answers_alike_with_the_browser_s_packages(browser_path):
    """jsonschema 4.17 without referencing, pure PyYAML, the P-256 stand-in: the same answers
    (strict-decoding errors, Required values, bad quantities, base64, signed tokens) as with the
    packages of the normal install."""
    normal = _run(BAD_MANIFESTS, None).splitlines()
    browser = _run(BAD_MANIFESTS, browser_path).splitlines()
    assert normal[0].split() == ["site-packages", "True", "site-packages"]     # the venv's, libyaml
    assert browser[0].split() == [browser_path.name, "False", browser_path.name]
    assert browser[1:] == normal[1:]
    assert any("strict decoding error" in line for line in normal)
    assert any(line.startswith("ey") for line in normal), "no token was read from the pod"
