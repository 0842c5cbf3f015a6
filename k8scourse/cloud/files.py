"""The student's files as the simulated shell sees them: real files first, then ``az.files``.

``Azure.files`` is the simulated home directory (path → text, paths relative to ``~``; ``~/x`` and
``/home/student/x`` name the same file). Commands that read a file (``az container create -f
group.yaml``, ``docker build .``, ``az acr build .``) look for a real file relative to the
notebook's working directory first — so a student can write a Dockerfile with ``%%writefile`` —
and fall back to ``az.files``.

A build context from a real directory is only taken when it holds the Dockerfile, and is capped
(:data:`MAX_CONTEXT_FILES` text files, hidden entries skipped) so that ``docker build .`` in a big
notebook folder stays quick; hidden files (``.ssh``, ``.docker``) of the simulated home are never
part of a context (a deliberate difference: real Docker would send them unless ``.dockerignore``d).

>>> class A: files = {"app/Dockerfile": "FROM nginx", "app/index.html": "hi", ".ssh/id_rsa": "k"}
>>> read_text(A, "~/app/Dockerfile"), sorted(context_files(A, "app"))
('FROM nginx', ['Dockerfile', 'index.html'])
"""

from __future__ import annotations

import os
import posixpath

HOME = "/home/student"
MAX_CONTEXT_FILES = 200
MAX_FILE_BYTES = 1_000_000


def home_key(path: str) -> str:
    """The ``az.files`` key of a path (relative to the home directory, normalised)."""
    p = path.strip()
    if p.startswith("~/"):
        p = p[2:]
    elif p == "~":
        p = "."
    elif p.startswith(HOME + "/"):
        p = p[len(HOME) + 1:]
    p = posixpath.normpath(p)
    return "" if p == "." else p


def read_text(az, path: str) -> str | None:
    """A file's text: the real file (relative to the working directory) first, then ``az.files``."""
    real = os.path.expanduser(path) if not path.startswith("~") else None
    if real and os.path.isfile(real):
        try:
            with open(real, encoding="utf-8") as fh:
                return fh.read()
        except (OSError, UnicodeDecodeError):
            return None
    files = getattr(az, "files", {}) or {}
    key = home_key(path)
    for candidate in (key, "~/" + key, HOME + "/" + key):
        if candidate in files:
            return files[candidate]
    return None


def write_text(az, path: str, text: str) -> None:
    az.files[home_key(path)] = text


def context_files(az, directory: str, dockerfile: str = "Dockerfile") -> dict:
    """Files of a build context directory (relative path → text)."""
    real = directory if not directory.startswith("~") else None
    if real and os.path.isdir(real) and os.path.isfile(os.path.join(real, dockerfile)):
        found = {}
        for root, dirs, names in os.walk(real):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules"))
            for name in sorted(names):
                if name.startswith(".") or len(found) >= MAX_CONTEXT_FILES:
                    continue
                full = os.path.join(root, name)
                try:
                    if os.path.getsize(full) > MAX_FILE_BYTES:
                        continue
                    with open(full, encoding="utf-8") as fh:
                        found[os.path.relpath(full, real).replace(os.sep, "/")] = fh.read()
                except (OSError, UnicodeDecodeError):
                    continue
        return found
    prefix = home_key(directory)
    out = {}
    for key, text in sorted((getattr(az, "files", {}) or {}).items()):
        rel = home_key(key)
        if prefix:
            if not rel.startswith(prefix + "/"):
                continue
            rel = rel[len(prefix) + 1:]
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        out[rel] = text
    return out
