"""The operation log: what a student *did* to a simulated cluster or subscription, in order.

A graded exercise must be judged on the work the student performed, not on the state their kernel
claims. So the facades a student drives (``Cluster.kubectl/run/settle/wait_until/add_node/
remove_node/curl``, ``Azure.__call__/kubectl/run/settle/curl``, ``docker …``, ``cluster.faults``) carry the
:func:`facade` decorator, which — only while a :class:`Recorder` is active (an exercise started
it) — appends one JSON-able entry per *student-initiated* call: the target, the operation, its
arguments (command lines, stdin, seconds) and the text of the files the command names (``kubectl
apply -f web.yaml`` reads ``web.yaml``; the replay needs the same bytes). Calls made from inside
another recorded call (``apply`` → ``kubectl``, an AKS create that adds
nodes) are not recorded again: a depth counter keeps only the outermost.

The grader replays the log into a clean engine built from the exercise's starting spec with the
same seed (:mod:`k8scourse.grading.replay`); the simulator is deterministic, so the replay reaches
the state the student's own commands reached. Writes that bypass the facades (changing a stored
dict in place, ``cluster.store.create``) are simply absent from the log — they earn nothing.

This module is engine-free (standard library only), so the lowest layers may import it.

>>> class Demo:
...     @facade("kubectl")
...     def kubectl(self, command, stdin=None, echo=True):
...         return self.inner()
...     @facade("inner")
...     def inner(self):
...         return "ok"
>>> d = Demo()
>>> rec = start({"cluster": d})
>>> d.kubectl("get pods", echo=False)
'ok'
>>> [(e["target"], e["op"], e["args"], e["kwargs"]) for e in rec.entries]
[('cluster', 'kubectl', ['get pods'], {})]
>>> stop() is rec
True
"""

from __future__ import annotations

import functools
import json
import os
import posixpath

MAX_FILE_BYTES = 1_000_000          # per file the log carries
MAX_DIR_FILES = 200                 # per directory named on a command line
FILE_FLAGS = ("-f", "--filename", "--file", "-k", "--kustomize")
SKIP_SUFFIXES = (".ipynb", ".pyc")

_RECORDER: "Recorder | None" = None


class Recorder:
    """Collects entries for the registered targets (name → live object)."""

    def __init__(self, targets: dict, resolver=None, cwd: str | None = None):
        self.targets = dict(targets)
        self._by_id = {id(obj): name for name, obj in self.targets.items()}
        self.resolver = resolver            # obj -> target name or None, for objects made later (AKS)
        self.cwd = cwd                      # None: the working directory at the time of each call
        self.entries: list[dict] = []
        self.depth = 0
        self.dropped = 0                    # calls whose arguments could not be written as JSON

    def target_of(self, obj) -> str | None:
        name = self._by_id.get(id(obj))
        if name is None and self.resolver is not None:
            name = self.resolver(obj)
        return name

    def add(self, target: str, op: str, args: list, kwargs: dict) -> dict | None:
        entry = {"seq": len(self.entries), "target": target, "op": op, "args": list(args),
                 "kwargs": {k: v for k, v in sorted(kwargs.items()) if k != "echo"}}
        try:
            json.dumps(entry)
        except (TypeError, ValueError):
            self.dropped += 1
            return None
        files = snapshot_files(op, args, self.cwd or os.getcwd())
        if files:
            entry["files"] = files
        self.entries.append(entry)
        return entry

    def log(self) -> list[dict]:
        return json.loads(json.dumps(self.entries))


def start(targets: dict, resolver=None) -> Recorder:
    """Begin recording calls on ``targets`` (replacing any earlier recorder)."""
    global _RECORDER
    _RECORDER = Recorder(targets, resolver)
    return _RECORDER


def stop() -> "Recorder | None":
    global _RECORDER
    rec, _RECORDER = _RECORDER, None
    return rec


def current() -> "Recorder | None":
    return _RECORDER


def record(obj, op: str, *args, **kwargs) -> dict | None:
    """Record one call by hand (e.g. an exercise's answer); outside any recorded call only."""
    rec = _RECORDER
    if rec is None or rec.depth:
        return None
    target = rec.target_of(obj)
    return rec.add(target, op, list(args), kwargs) if target is not None else None


def facade(op: str, finish=None):
    """Decorate a public method so that an outermost call is recorded as ``op``.

    ``finish(self, entry, state)`` may amend the entry after the call; ``state`` is what
    ``finish(self, None, None)`` returned before it (used to count the events ``wait_until``
    processed, since its predicate is code, not data).
    """
    def wrap(fn):
        @functools.wraps(fn)
        def method(self, *args, **kwargs):
            rec = _RECORDER
            if rec is None:
                return fn(self, *args, **kwargs)
            entry = state = None
            if rec.depth == 0:
                target = rec.target_of(self)
                if target is not None:
                    kept = [a for a in args if not callable(a)]
                    entry = rec.add(target, op, kept, {k: v for k, v in kwargs.items() if not callable(v)})
                    if entry is not None and finish is not None:
                        state = finish(self, None, None)
            rec.depth += 1
            try:
                return fn(self, *args, **kwargs)
            finally:
                rec.depth -= 1
                if entry is not None and finish is not None:
                    finish(self, entry, state)
        return method
    return wrap


# ---------------------------------------------------------------------- files named on a command line
def _words(args) -> list[str]:
    import shlex
    if not args:
        return []
    first = args[0]
    if isinstance(first, (list, tuple)):
        return [str(w) for w in first]
    if isinstance(first, str):
        try:
            return shlex.split(first)
        except ValueError:
            return first.split()
    return []


def safe_relpath(path: str) -> str | None:
    """A normalised relative path inside the working directory, or None (absolute, ``..``, URL)."""
    if not path or "://" in path or path.startswith(("/", "~", "-")) or "\x00" in path:
        return None
    norm = posixpath.normpath(path.replace(os.sep, "/"))
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        return None
    return norm


def snapshot_files(op: str, args, cwd: str) -> dict:
    """``{relative path: text or None}`` for the paths a command line names (None: it was absent)."""
    if op not in ("kubectl", "az", "docker"):
        return {}
    words = _words(args)
    found: dict = {}
    after_flag = False
    for word in words:
        value = word.split("=", 1)[1] if word.startswith("--") and "=" in word else word
        named_by_flag = after_flag or (word.startswith("--") and "=" in word
                                       and word.split("=", 1)[0] in FILE_FLAGS)
        after_flag = word in FILE_FLAGS
        rel = safe_relpath(value)
        if rel is None:
            continue
        full = os.path.join(cwd, rel)
        if os.path.isfile(full):
            _read_into(found, rel, full)
        elif os.path.isdir(full):
            _read_dir(found, rel, full)
        elif named_by_flag:
            found[rel] = None
    return found


def _read_into(found: dict, rel: str, full: str) -> None:
    if rel.endswith(SKIP_SUFFIXES) or os.path.getsize(full) > MAX_FILE_BYTES:
        return
    try:
        with open(full, encoding="utf-8") as fh:
            found[rel] = fh.read()
    except (OSError, UnicodeDecodeError):
        pass


def _read_dir(found: dict, rel: str, full: str) -> None:
    count = 0
    for root, dirs, files in os.walk(full):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if name.startswith(".") or count >= MAX_DIR_FILES:
                continue
            path = os.path.join(root, name)
            sub = posixpath.normpath(posixpath.join(rel, os.path.relpath(path, full).replace(os.sep, "/")))
            _read_into(found, sub, path)
            count += 1


def steps_taken(self, entry, before):
    """``finish`` for ``wait_until``: record how many events it processed (its predicate is code)."""
    if entry is None:
        return self.sim.steps
    entry["args"], entry["kwargs"] = [self.sim.steps - before], {}
    return None
