"""The grader's own files, fingerprinted: the package, the exercise specs and their check files.

A submission runs with no write access to them (:mod:`.sandbox`); the grader still hashes them
before and after every submission and refuses to grade one during which anything changed — the
defence that holds even where no sandbox is available. The fingerprint is ``{relative path:
sha256}`` of every ``.py`` file of the package and every ``*.check.yaml``/``*.py`` of the exercises
folder (the reference solutions are not among what grading uses).

>>> a = fingerprint(); a == fingerprint()
True
>>> changed(a, {**a, "k8scourse/x.py": "0"})
['k8scourse/x.py']
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def _files():
    from .spec import exercises_dir
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield f"k8scourse/{path.relative_to(package).as_posix()}", path
    ex = exercises_dir()
    if ex.is_dir():
        for path in sorted([*ex.glob("*.check.yaml"), *ex.glob("*.py")]):
            yield f"exercises/{path.name}", path


def fingerprint() -> dict[str, str]:
    out = {}
    for name, path in _files():
        try:
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            out[name] = "unreadable"
    return out


def changed(before: dict, after: dict) -> list[str]:
    """Files added, removed or changed between two fingerprints, sorted."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
