"""The exercise handle a notebook holds: ``ex = exercise("ex04-fix-service")``.

* ``ex.start()`` builds the exercise's starting cluster (or Azure subscription) exactly as the
  grader will, and starts the operation-log recorder (:mod:`k8scourse.oplog`) on it; it returns
  the :class:`~k8scourse.Cluster` or :class:`~k8scourse.cloud.Azure` to work with. Running the
  cell again starts over.
* ``ex.answer(plan={...})`` submits an answer that is data rather than cluster state (the
  containers-vs-VMs plan); it is logged like a command.
* ``ex.check()`` replays the log into a fresh engine *inside this kernel* and grades that — the
  same code path the batch grader runs in its own process — and shows the result panel.
* ``ex.hint()`` returns the next hint (hints about checks that already pass are skipped).

Front ends follow the exercise: :func:`on_start` registers a callback that every ``ex.start()``
calls with the exercise — the widgets extension registers one, so that ``%kubectl``, ``%%kubectl``,
``%az`` and new terminals act on the exercise's world (grading never imports the widgets).

>>> ex = exercise("ex04-fix-service")
>>> c = ex.start()
>>> r = ex.check()
>>> r.points < r.max_points
True
>>> stop_recording()
"""

from __future__ import annotations

from .. import oplog
from .grade import grade_log
from .replay import AKS_TYPE, build, digest
from .result import ExerciseResult, tr
from .spec import load_spec

_ACTIVE: "Exercise | None" = None
_LISTENERS: list = []


def on_start(callback) -> None:
    """Call ``callback(exercise)`` after every ``exercise(…).start()`` (registered once per callback)."""
    if callback not in _LISTENERS:
        _LISTENERS.append(callback)


def exercise(name: str) -> "Exercise":
    return Exercise(name)


def active() -> "Exercise | None":
    return _ACTIVE


def stop_recording() -> None:
    global _ACTIVE
    oplog.stop()
    _ACTIVE = None


def resolver(targets: dict):
    """Names for objects made after start: the Docker CLI and Simulation of a target, and AKS
    clusters created in the subscription (``aks:<group>/<name>``)."""
    def resolve(obj):
        for name, target in targets.items():
            if getattr(obj, "az", None) is target or getattr(target, "sim", None) is obj:
                return name
            owner = getattr(obj, "cluster", None)                 # cluster.faults and the like
            if owner is not None and owner in (target, getattr(target, "engine", None)):
                return name
        az = targets.get("azure")
        if az is not None and hasattr(obj, "store"):
            for res in az.subscription.list(AKS_TYPE):
                if getattr(res.model, "cluster", None) is obj:
                    return f"aks:{res.group}/{res.name}"
        return None
    return resolve


class Exercise:
    def __init__(self, name: str):
        self.spec = load_spec(name)
        self.targets: dict = {}
        self.answers: dict = {}
        self._recorder = None
        self._shown_hints = 0
        self.last_result: ExerciseResult | None = None

    def __repr__(self) -> str:
        return f"<Exercise {self.spec.id}: {tr(self.spec.title_key)}>"

    # ------------------------------------------------------------------ starting and working
    def start(self):
        """A fresh starting world; every facade call on it from now on is logged."""
        global _ACTIVE
        world = build(self.spec)
        self.targets = world.targets
        self.answers = {}
        self._shown_hints = 0
        self._recorder = oplog.start({**self.targets, "exercise": self}, resolver(self.targets))
        self._recorder.exercise = self.spec.id
        _ACTIVE = self
        for callback in list(_LISTENERS):
            callback(self)
        return self.world

    @property
    def world(self):
        """The Cluster (or Azure subscription) this exercise works on."""
        return self.targets.get("cluster") or self.targets.get("azure")

    @property
    def cluster(self):
        return self.targets.get("cluster")

    @property
    def azure(self):
        return self.targets.get("azure")

    def answer(self, **values) -> None:
        """Submit answers that are data (e.g. ``plan={"host": "Standard_D8s_v3", "mode": "container"}``)."""
        self._require_started()
        if oplog.current() is not self._recorder:
            raise RuntimeError(tr("grading.handle.not_recording"))
        entry = oplog.record(self, "answer", **values)
        if entry is None:
            raise ValueError(tr("grading.handle.plain_data"))
        self.answers.update(entry["kwargs"])

    def log(self) -> list:
        """The operations recorded so far (what the grader will replay)."""
        return self._recorder.log() if self._recorder is not None else []

    def state_digest(self) -> str:
        return digest(self.targets, self.answers)

    # ------------------------------------------------------------------ checking
    def check(self) -> ExerciseResult:
        """Replay the log into a fresh world here, grade it, and show the panel."""
        self._require_started()
        result = grade_log(self.spec, self.log(), kernel_digest=self.state_digest(),
                           dropped=self._recorder.dropped)
        self.last_result = result
        return result

    def hint(self) -> str:
        """The next hint (about a check that does not pass yet, when the exercise was checked)."""
        keys = self.last_result.hint_keys() if self.last_result is not None else [h.key for h in self.spec.hints]
        if self._shown_hints >= len(keys):
            return tr("grading.panel.no_hints")
        self._shown_hints += 1
        return tr("grading.panel.hint_n", n=self._shown_hints, text=tr(keys[self._shown_hints - 1]))

    def _require_started(self) -> None:
        if not self.targets:
            raise RuntimeError(tr("grading.handle.not_started", exercise=self.spec.id))
