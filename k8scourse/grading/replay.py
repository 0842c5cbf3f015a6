"""Replay: rebuild an exercise's world from its spec and re-run an operation log into it.

:func:`build` makes the starting world exactly as ``exercise(…).start()`` does in the student's
kernel (same constructor arguments, same seed, same setup steps); :func:`replay` then applies the
log's entries one by one through the same public facades (``kubectl``, ``az``, ``run`` …). The
simulator is deterministic, so the result equals the state the student's commands produced —
whatever else their kernel did. Only a fixed table of operations (:data:`OPS`) is accepted, with
JSON arguments: a log is data, never code, so a forged one can at most perform real work.

Fault controls (``cluster.faults.*``: stopping components, loads) in a student's log are *withheld*
— not replayed, and noted on the result — unless the spec says ``student_faults: true``: they are
the exercise's setup and the grader's own steps, never a student's way to a pass.

Bounds (a log may be forged): at most :data:`MAX_ENTRIES` entries, the spec's ``max_sim_seconds``
of simulated time in all, files only at relative paths inside a private scratch directory.

:func:`digest` is a hash of the whole state (every stored object of every cluster, the simulated
time, the subscription's resources, the exercise answers); the kernel reports its own, and a
difference flags a submission whose kernel state did not come from its logged commands.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field

from .. import oplog
from .spec import ExerciseSpec

MAX_ENTRIES = 5000
MAX_STEPS = 2_000_000
AKS_TYPE = "Microsoft.ContainerService/managedClusters"


@dataclass
class World:
    """The engine state a replay builds: targets by name, answers, marks, and what was skipped."""
    spec: ExerciseSpec
    targets: dict
    answers: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)      # (seq, reason) of entries not replayed
    withheld: list = field(default_factory=list)     # fault controls of the log, not replayed (sorted ops)
    over_budget: bool = False
    start_ms: int = 0

    @property
    def sim(self):
        first = self.targets.get("cluster") or self.targets.get("azure")
        return first.sim

    def resolve(self, name: str):
        if name in self.targets:
            return self.targets[name]
        if name.startswith("aks:") and "azure" in self.targets:
            group, _, cname = name[4:].partition("/")
            res = self.targets["azure"].subscription.get(AKS_TYPE, group, cname)
            return getattr(getattr(res, "model", None), "cluster", None)
        return None


def new_targets(spec: ExerciseSpec) -> dict:
    targets = {}
    if "cluster" in spec.start:
        from ..cluster import Cluster
        # an exercise's clock mode is part of its spec (default manual): never the session's default,
        # or a replay in the grader's process would pace differently from the student's kernel
        targets["cluster"] = Cluster(**{"clock": "manual", **spec.start["cluster"]})
    if "azure" in spec.start:
        from ..cloud import Azure
        targets["azure"] = Azure(**{"clock": "manual", **spec.start["azure"]})
    return targets


def build(spec: ExerciseSpec, workdir: str | None = None) -> World:
    """The exercise's starting world (setup steps applied, nothing recorded)."""
    with _quiet_recorder(), _in_dir(workdir):
        world = World(spec, new_targets(spec))
        for entry in spec.setup:
            apply_entry(world, entry, strict=True)
        world.start_ms = world.sim.now_ms
    return world


def replay(spec: ExerciseSpec, log: list) -> World:
    """A fresh world with every entry of ``log`` applied (see the module text for the bounds)."""
    scratch = tempfile.mkdtemp(prefix="k8scourse-replay-")
    try:
        world = build(spec, scratch)            # kubectl reads files relative to where it was made
        with _quiet_recorder(), _in_dir(scratch):
            for i, entry in enumerate(log if isinstance(log, list) else []):
                if i >= MAX_ENTRIES:
                    world.skipped.append((i, f"more than {MAX_ENTRIES} entries"))
                    break
                if world.over_budget:
                    break
                _materialize(scratch, entry.get("files") if isinstance(entry, dict) else None)
                apply_entry(world, entry)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return world


def run_grade_steps(world: World) -> None:
    """The spec's ``grade`` steps (time to pass, faults to inject) on the replayed world."""
    with _quiet_recorder():
        world.marks.setdefault("graded", world.sim.now_ms)
        for entry in world.spec.grade:
            apply_entry(world, entry, strict=True, budget=False)


@contextlib.contextmanager
def _quiet_recorder():
    """No recording while the grader drives an engine (an in-kernel check must not log itself)."""
    rec = oplog.stop()
    try:
        yield
    finally:
        if rec is not None:
            oplog._RECORDER = rec


@contextlib.contextmanager
def _in_dir(path: str | None):
    if path is None:
        yield
        return
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _materialize(root: str, files) -> None:
    if not isinstance(files, dict):
        return
    for rel, text in sorted(files.items()):
        safe = oplog.safe_relpath(rel) if isinstance(rel, str) else None
        if safe is None or safe == ".":
            continue
        full = os.path.join(root, safe)
        if text is None:
            if os.path.isfile(full):
                os.remove(full)
            continue
        if not isinstance(text, str) or len(text) > oplog.MAX_FILE_BYTES:
            continue
        os.makedirs(os.path.dirname(full) or root, exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            fh.write(text)


# ---------------------------------------------------------------------- the operations a log may hold
def _seconds(args, kwargs, name="seconds"):
    value = args[0] if args else kwargs.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number ≥ 0")
    return float(value)


def _op_kubectl(t, a, kw):
    command = a[0] if a else kw.get("command")
    if not isinstance(command, (str, list)):
        raise ValueError("kubectl needs a command line")
    stdin = a[1] if len(a) > 1 else kw.get("stdin")
    t.kubectl(command, stdin=stdin if isinstance(stdin, str) else None, echo=False)


def _op_text(method):
    def run(t, a, kw):
        command = a[0] if a else kw.get("command", kw.get("url"))
        if not isinstance(command, (str, list)):
            raise ValueError(f"{method} needs a command line")
        target = t.docker if method == "docker" else (t.curl if method == "curl" else t)
        target(command, echo=False)
    return run


def _op_steps(t, a, kw):
    n = int(a[0]) if a else 0
    if n < 0 or n > MAX_STEPS:
        raise ValueError("step count out of range")
    for _ in range(n):
        if not t.sim.step():
            break


_NODE_KW = {"vm_size", "pool", "max_pods", "zone", "index", "kubelet_version", "pool_id"}

OPS = {
    "kubectl": _op_kubectl,
    "az": _op_text("az"),
    "docker": _op_text("docker"),
    "curl": _op_text("curl"),
    "run": lambda t, a, kw: t.run(seconds=_seconds(a, kw)),
    "settle": lambda t, a, kw: t.settle(max_seconds=_seconds(a, kw, "max_seconds") if (a or kw) else 600),
    "sim.run": lambda t, a, kw: t.run(seconds=_seconds(a, kw)) if "ms" not in kw else t.sim.run(ms=int(kw["ms"])),
    "sim.run_until_idle": lambda t, a, kw: t.sim.run_until_idle(
        max_ms=int(a[0] if a else kw.get("max_ms", 24 * 3600 * 1000))),
    "wait_until": _op_steps,
    "add_node": lambda t, a, kw: t.add_node(*[x for x in a if isinstance(x, str)][:2],
                                            **{k: v for k, v in kw.items() if k in _NODE_KW}),
    "remove_node": lambda t, a, kw: t.remove_node(str(a[0] if a else kw["name"])),
}
def _fault_op(op):
    """``faults.<action>`` — a public method of ``cluster.faults`` (the node-lifecycle work), when
    the facade there is decorated ``@oplog.facade("faults.<action>")``; plain data arguments only."""
    if not isinstance(op, str) or not op.startswith("faults.") or op.count(".") != 1:
        return None
    action = op.split(".", 1)[1]
    if not action.isidentifier() or action.startswith("_"):
        return None

    def run(t, a, kw):
        getattr(t.faults, action)(*a, **kw)
    return run


TIME_OPS = {"run", "settle", "sim.run", "sim.run_until_idle", "wait_until"}


def apply_entry(world: World, entry, strict: bool = False, budget: bool = True) -> None:
    """Apply one log entry; a bad entry is skipped (and noted) unless ``strict`` (spec steps)."""
    seq = entry.get("seq", "?") if isinstance(entry, dict) else "?"
    try:
        if not isinstance(entry, dict):
            raise ValueError("not an entry")
        op, name = entry.get("op"), entry.get("target")
        args = entry.get("args") or []
        kwargs = entry.get("kwargs") or {}
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise ValueError("malformed arguments")
        if op == "answer" and name == "exercise":
            world.answers.update(json.loads(json.dumps(kwargs)))
            return
        if op == "mark":
            world.marks[str(args[0])] = world.sim.now_ms
            return
        if op == "fault":
            from .faults import inject
            inject(world, world.resolve(name), args[0] if args else kwargs)
            return
        target = world.resolve(name) if isinstance(name, str) else None
        fn = OPS.get(op) or _fault_op(op)
        if fn is not None and op not in OPS and not strict and not world.spec.student_faults:
            # Fault controls and load generators belong to the exercise's setup and grade steps: a
            # student who stopped the controller manager must not have it stay stopped while the
            # grader's own steps and checks run (the kernel's digest then differs: flagged).
            if op not in world.withheld:
                world.withheld = sorted({*world.withheld, op})
            return
        if target is None or fn is None:
            raise ValueError(f"unknown target or operation {name!r}/{op!r}")
        if budget and op in TIME_OPS and _over_budget(world, op, args, kwargs):
            return
        fn(target, args, kwargs)
    except Exception as exc:  # noqa: BLE001 - a student's failing command failed in their kernel too
        if strict:
            raise
        world.skipped.append((seq, f"{type(exc).__name__}: {exc}"[:200]))


def _over_budget(world: World, op: str, args, kwargs) -> bool:
    limit_ms = world.start_ms + world.spec.max_sim_seconds * 1000
    remaining = limit_ms - world.sim.now_ms
    asked = None
    if op in ("run", "sim.run"):
        asked = _seconds(args, kwargs) * 1000 if "ms" not in kwargs else int(kwargs["ms"])
    elif op in ("settle",):
        asked = (_seconds(args, kwargs, "max_seconds") if (args or kwargs) else 600) * 1000
    elif op == "sim.run_until_idle":
        asked = int(args[0] if args else kwargs.get("max_ms", 24 * 3600 * 1000))
    if (asked is not None and asked > remaining) or remaining < 0:
        world.over_budget = True
        return True
    return False


# ---------------------------------------------------------------------- the state digest
def digest(targets: dict, answers: dict | None = None) -> str:
    """sha256 of everything a check could look at, for comparing a kernel's state with a replay."""
    h = hashlib.sha256()
    for name in sorted(targets):
        obj = targets[name]
        h.update(f"\n#{name}\n".encode())
        if hasattr(obj, "subscription"):
            _azure_digest(h, obj)
        elif hasattr(obj, "store"):
            _cluster_digest(h, obj)
    h.update(json.dumps(answers or {}, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _cluster_digest(h, cluster) -> None:
    store = cluster.store
    h.update(f"t={cluster.sim.now_ms} rev={store.revision}\n".encode())
    for resource in sorted(store.resources()):
        for obj in sorted(store.list(resource, copy=False), key=lambda o: (
                o.get("metadata", {}).get("namespace", ""), o.get("metadata", {}).get("name", ""))):
            h.update(json.dumps(obj, sort_keys=True, default=_plain).encode())


def _azure_digest(h, az) -> None:
    sub = az.subscription
    h.update(f"t={az.sim.now_ms}\n".encode())
    h.update(json.dumps(sub.groups, sort_keys=True, default=_plain).encode())
    for key in sorted(sub.resources):
        res = sub.resources[key]
        h.update(repr(key).encode())
        model = res.model
        if model is not None and hasattr(model, "cluster") and hasattr(model.cluster, "store"):
            _cluster_digest(h, model.cluster)
        h.update(json.dumps(_model_json(model, az), sort_keys=True, default=_plain).encode())


def _model_json(model, az):
    if model is None:
        return None
    to_json = getattr(model, "to_json", None)
    for call in ((lambda: to_json()), (lambda: to_json(az.subscription))):
        try:
            return call()
        except Exception:  # noqa: BLE001 - some models need other arguments; fall back to a generic walk
            continue
    return _plain(model)


_SKIP = {"az", "azure", "sim", "cluster", "api", "kubeconfig", "store", "operation", "autoscaler"}


def _plain(value, depth: int = 0):
    """A deterministic JSON-able picture of an object (no ids, no addresses)."""
    if depth > 4:
        return type(value).__name__
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    attrs = getattr(value, "__dict__", None)
    if attrs is None:
        return type(value).__name__
    return {k: _plain(v, depth + 1) for k, v in sorted(attrs.items())
            if not k.startswith("_") and k not in _SKIP and not callable(v)}
