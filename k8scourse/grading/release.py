"""``k8scourse release --out DIR``: the course as students get it — without the reference solutions.

The instructor's repository holds everything: chapter notebooks, exercise notebooks, the exercise
specs and checks, and the reference solutions (``exercises/solutions/``, full and half-done) that the
tests grade. A student's copy must not hold the solutions. ``release`` copies only:

* ``course.ipynb`` — the course home (every chapter and exercise, linked);
* ``notebooks/*.ipynb`` and ``notebooks/ko/*.ipynb`` — the chapter notebooks in English and Korean,
  with their outputs;
* ``exercises/<id>.ipynb`` and ``exercises/ko/<id>.ipynb`` — each exercise's starting notebook (no
  outputs);
* ``exercises/<id>.check.yaml`` and the ``python`` check files the specs name — what ``ex.start()``
  and the in-notebook ``ex.check()`` preview need (setup steps, checks, hints); nothing else of the
  instructor's;
* a short ``README.md`` saying how to open it.

The batch grader never uses a student's copy: it grades with the instructor's specs and package, so a
student who edits their ``check.yaml`` changes only their own preview. Files are copied byte for
byte and listed in sorted order: the same repository gives the same bundle.

>>> import tempfile
>>> files = release(tempfile.mkdtemp())
>>> "course.ipynb" in files and "exercises/ex04-fix-service.check.yaml" in files
True
>>> any("solutions" in f for f in files)
False
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

README = """# Cloud Platform Operations — Azure Container, K8s (student copy)

Open `course.ipynb` in JupyterLab: it links every chapter notebook (`notebooks/`) and every exercise
(`exercises/`). Needs the `k8scourse` package (`pip install "k8scourse[course]"`).

`course.ipynb` 를 JupyterLab 에서 여세요: 모든 장(`notebooks/`)과 실습(`exercises/`)으로 연결됩니다.
"""


def source_root() -> Path:
    """The instructor's repository (the folder holding ``exercises/`` and ``notebooks/``)."""
    from .spec import exercises_dir
    return exercises_dir().resolve().parent


def bundle_files(root: Path) -> list[str]:
    """Relative paths of everything a student gets, sorted."""
    import yaml
    files = ["course.ipynb"] if (root / "course.ipynb").is_file() else []
    files += [p.relative_to(root).as_posix() for p in sorted((root / "notebooks").glob("*.ipynb"))]
    files += [p.relative_to(root).as_posix() for p in sorted((root / "notebooks").glob("ko/*.ipynb"))]
    for spec_path in sorted((root / "exercises").glob("*.check.yaml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
        files.append(f"exercises/{spec_path.name}")
        notebook = spec.get("notebook", f"{spec.get('id')}.ipynb")
        for folder in ("", "ko/"):
            if (root / "exercises" / f"{folder}{notebook}").is_file():
                files.append(f"exercises/{folder}{notebook}")
        for check in spec.get("checks") or []:
            function = ((check or {}).get("args") or {}).get("function", "")
            if check.get("type") == "python" and ":" in function:
                files.append(f"exercises/{function.split(':', 1)[0]}")
    return sorted(set(files))


def release(out, root: Path | None = None) -> list[str]:
    """Write the student bundle into ``out`` (created; must be empty or absent); the files written."""
    root = Path(root) if root is not None else source_root()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    files = bundle_files(root)
    for rel in files:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, target)
    (out / "README.md").write_text(README, encoding="utf-8")
    return files + ["README.md"]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="k8scourse release",
                                description="Build the student copy of the course (no reference solutions).")
    p.add_argument("--out", required=True, metavar="DIR", help="an empty or new folder")
    p.add_argument("--source", metavar="DIR", help="the course repository (default: the one of this package)")
    args = p.parse_args(argv)
    root = Path(args.source) if args.source else source_root()
    if not (root / "exercises").is_dir():
        print(f"k8scourse release: no exercises/ folder in {root}", file=sys.stderr)
        return 2
    try:
        files = release(args.out, root)
    except FileExistsError as exc:
        print(f"k8scourse release: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(files)} files to {args.out} (no solutions)")
    return 0
