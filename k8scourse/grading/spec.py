"""Exercise specifications: ``exercises/<id>.check.yaml`` read into :class:`ExerciseSpec`.

A spec names the exercise, how its world starts, what the grader does after replaying the
student's work, and the checks with their points, feedback and hints::

    id: ex04-fix-service
    title: {en: Fix the lecture's Service, ko: 강의의 Service 고치기}
    chapter: 8
    notebook: ex04-fix-service.ipynb
    start:
      cluster: {nodes: 3, seed: 0}          # or  azure: {seed: 0}
      setup:                                # run before the student's first command
        - apply: |
            apiVersion: v1 ...
        - run: 60
    grade:                                  # run on the replay, after the student's work
        - run: 30
    checks:
      - id: endpoints
        type: service_endpoints             # see k8scourse.grading.checks
        points: 4
        args: {name: web, count: 3}
        title: {en: The Service has 3 endpoints, ko: ...}
        requires: [other]                   # counts only once check 'other' passes
        feedback: {fail: {en: ..., ko: ...}}    # optional; else the check type's own texts
    hints:
      - {check: endpoints, en: Compare the selector with the pods' labels, ko: ...}

Every text a learner reads has an English and a Korean version; the loader registers them in the
message catalogue (:mod:`k8scourse.i18n`) under ``ex.<id>.…`` keys, so the panel, the gradebook
and the feedback files all go through ``t()``. A check type may instead be ``python`` with
``args: {function: file.py:name}`` (a file next to the spec) for what the library cannot say.

Steps (``setup``/``grade``) are one-key mappings: ``kubectl`` (+ ``stdin``), ``apply`` (a manifest),
``run``/``settle`` (seconds), ``az``, ``mark`` (name a moment for later checks), ``fault``
(``{stop_node: busiest|<name>, selector: app=web}``, grade only), each with an optional ``target``.
``student_faults: true`` lets the student's own ``cluster.faults.*`` calls be replayed (by default
they are withheld: faults and loads are the exercise's setup, not the student's work).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import K8sCourseError

STEP_KINDS = ("kubectl", "apply", "run", "settle", "az", "mark", "fault", "answer")
DEFAULT_MAX_SIM_SECONDS = 6 * 3600


class SpecError(K8sCourseError):
    """A check specification that cannot be used (named file, field and why)."""


@dataclass(frozen=True)
class CheckSpec:
    id: str
    type: str
    points: float
    args: dict
    title_key: str
    pass_key: str | None = None
    fail_key: str | None = None
    requires: tuple = ()          # ids of checks that must pass for this one to count


@dataclass(frozen=True)
class Hint:
    key: str
    check: str | None = None


@dataclass
class ExerciseSpec:
    id: str
    title_key: str
    chapter: int
    notebook: str
    start: dict
    setup: list
    grade: list
    checks: list
    hints: list
    directory: Path
    max_sim_seconds: int = DEFAULT_MAX_SIM_SECONDS
    depends_on: list = field(default_factory=list)
    student_faults: bool = False     # replay the student's cluster.faults.* calls (an exercise about faults)

    @property
    def max_points(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def default_target(self) -> str:
        return "cluster" if "cluster" in self.start else "azure"

    @property
    def notebook_path(self) -> Path:
        return self.directory / self.notebook


def exercises_dir() -> Path:
    """``$K8SCOURSE_EXERCISES``, else the repository's ``exercises/`` folder (a source checkout), else
    the course copy the notebook runs in (an installed package with a student bundle from ``k8scourse
    release``: the working directory or a parent holding ``*.check.yaml`` or ``exercises/``)."""
    env = os.environ.get("K8SCOURSE_EXERCISES")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "exercises"
    if repo.is_dir():
        return repo
    here = Path.cwd()
    for folder in (here, *list(here.parents)[:3]):
        if any(folder.glob("*.check.yaml")):
            return folder
        if (folder / "exercises").is_dir():
            return folder / "exercises"
    return repo


def available() -> list[str]:
    """The ids of every exercise with a spec, sorted."""
    folder = exercises_dir()
    return sorted(p.name[: -len(".check.yaml")] for p in folder.glob("*.check.yaml")) if folder.is_dir() else []


_CACHE: dict[str, ExerciseSpec] = {}


def load_spec(name: str | os.PathLike) -> ExerciseSpec:
    """The spec of exercise ``name`` (an id in ``exercises/`` or a path to a ``.check.yaml``)."""
    path = Path(name)
    if not str(name).endswith(".check.yaml"):
        path = exercises_dir() / f"{name}.check.yaml"
    key = str(path.resolve()) if path.exists() else str(path)
    if key in _CACHE:
        return _CACHE[key]
    if not path.is_file():
        known = ", ".join(available()) or "none"
        raise SpecError(f"no exercise {str(name)!r} (no {path}); known exercises: {known}")
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from None
    spec = parse_spec(data, path)
    _CACHE[key] = spec
    return spec


def _need(data: dict, key: str, where: str, kind=None):
    if key not in data:
        raise SpecError(f"{where}: missing field {key!r}")
    value = data[key]
    if kind is not None and not isinstance(value, kind):
        raise SpecError(f"{where}: field {key!r} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def register_text(key: str, value, where: str) -> str:
    """Put an inline ``{en: …, ko: …}`` text into the catalogue as ``key``; a string names a key."""
    if isinstance(value, str):
        if value not in i18n.MESSAGES:
            raise SpecError(f"{where}: unknown message key {value!r}")
        return value
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value.get(lang)
                                          for lang in i18n.LANGUAGES):
        raise SpecError(f"{where}: a text needs every language of the catalogue ({', '.join(i18n.LANGUAGES)})")
    i18n.MESSAGES[key] = {lang: value[lang] for lang in i18n.LANGUAGES}
    return key


def parse_spec(data, path: Path) -> ExerciseSpec:
    where = str(path)
    if not isinstance(data, dict):
        raise SpecError(f"{where}: a spec is a mapping")
    ex_id = _need(data, "id", where, str)
    prefix = f"ex.{ex_id}"
    title = register_text(f"{prefix}.title", _need(data, "title", where), f"{where}: title")
    start = _need(data, "start", where, dict)
    if not any(k in start for k in ("cluster", "azure")):
        raise SpecError(f"{where}: start needs 'cluster' or 'azure'")
    default = "cluster" if "cluster" in start else "azure"
    setup = [step_entry(s, default, f"{where}: start.setup[{i}]") for i, s in enumerate(start.get("setup") or [])]
    grade = [step_entry(s, default, f"{where}: grade[{i}]") for i, s in enumerate(data.get("grade") or [])]
    checks, seen = [], set()
    from .checks import CHECKS
    for i, c in enumerate(_need(data, "checks", where, list)):
        cw = f"{where}: checks[{i}]"
        cid = _need(c, "id", cw, str)
        if cid in seen:
            raise SpecError(f"{cw}: duplicate check id {cid!r}")
        seen.add(cid)
        ctype = _need(c, "type", cw, str)
        if ctype not in CHECKS:
            raise SpecError(f"{cw}: unknown check type {ctype!r}; known: {', '.join(sorted(CHECKS))}")
        points = c.get("points", 1)
        if not isinstance(points, (int, float)) or points < 0:
            raise SpecError(f"{cw}: points must be a number ≥ 0")
        args = dict(c.get("args") or {})
        if ctype == "python":
            args["_directory"] = str(path.parent)
        fb = c.get("feedback") or {}
        checks.append(CheckSpec(
            cid, ctype, points, args,
            register_text(f"{prefix}.{cid}.title", _need(c, "title", cw), f"{cw}: title"),
            register_text(f"{prefix}.{cid}.pass", fb["pass"], f"{cw}: feedback.pass") if "pass" in fb else None,
            register_text(f"{prefix}.{cid}.fail", fb["fail"], f"{cw}: feedback.fail") if "fail" in fb else None,
            tuple(c.get("requires") or ())))
        for need in checks[-1].requires:
            if need not in seen or need == cid:
                raise SpecError(f"{cw}: requires an earlier check, not {need!r}")
    hints = []
    for i, h in enumerate(data.get("hints") or []):
        hw = f"{where}: hints[{i}]"
        if h.get("check") is not None and h["check"] not in seen:
            raise SpecError(f"{hw}: no check {h['check']!r}")
        text = {lang: h.get(lang) for lang in i18n.LANGUAGES}
        hints.append(Hint(register_text(f"{prefix}.hint{i + 1}", text, hw), h.get("check")))
    return ExerciseSpec(ex_id, title, int(data.get("chapter", 0)), data.get("notebook", f"{ex_id}.ipynb"),
                        {k: dict(v or {}) for k, v in start.items() if k in ("cluster", "azure")},
                        setup, grade, checks, hints, path.parent,
                        int(data.get("max_sim_seconds", DEFAULT_MAX_SIM_SECONDS)), list(data.get("depends_on") or []),
                        bool(data.get("student_faults", False)))


def step_entry(step, default_target: str, where: str) -> dict:
    """A ``setup``/``grade`` step as an operation-log entry (the replay's own format)."""
    if not isinstance(step, dict):
        raise SpecError(f"{where}: a step is a one-key mapping, e.g. {{run: 60}}")
    kinds = [k for k in step if k in STEP_KINDS]
    if len(kinds) != 1:
        raise SpecError(f"{where}: a step needs exactly one of {', '.join(STEP_KINDS)}")
    kind = kinds[0]
    value = step[kind]
    target = step.get("target", "azure" if kind == "az" else default_target)
    if kind == "apply":
        return {"target": target, "op": "kubectl", "args": [["apply", "-f", "-"]], "kwargs": {"stdin": value}}
    if kind == "kubectl":
        kw = {"stdin": step["stdin"]} if "stdin" in step else {}
        return {"target": target, "op": "kubectl", "args": [value], "kwargs": kw}
    if kind in ("run", "settle"):
        if not isinstance(value, (int, float)) or value < 0:
            raise SpecError(f"{where}: {kind} takes seconds ≥ 0")
        return {"target": target, "op": kind, "args": [value], "kwargs": {}}
    if kind == "answer":
        return {"target": "exercise", "op": "answer", "args": [], "kwargs": dict(value)}
    return {"target": target, "op": kind, "args": [value], "kwargs": {}}
