"""Who moves the simulated clock: ``manual``, ``paced`` or ``live``.

The engine never reads the wall clock; how simulated time passes between two commands is the front
end's choice, made per cluster (or subscription) handle:

* ``manual`` — time moves only when asked (``run(seconds=…)``, ``settle()``, commands that wait).
  For tests and for lessons that control every second.
* ``paced`` — before each command a fixed *think time* passes (:data:`defaults.PACED_THINK_SECONDS`,
  about the time a person takes to type the next command), so ``kubectl apply`` then ``kubectl get
  pods`` shows ``ContainerCreating`` and, a command later, ``Running`` — as at a real terminal.
  Deterministic: the same commands print the same bytes. The default where a person types: once
  ``%load_ext k8scourse`` ran in a notebook.
* ``live`` — simulated time follows the wall clock (× ``speed``) in a background thread, for a
  served REST endpoint and real terminals. Never under nbval: it is not deterministic.

Every call into a cluster holds its engine's lock, so the live ticker and a command never run at
the same time.

**Long runs.** ``run(seconds=…)`` goes through :meth:`Pacer.advance`: a run of at least
:data:`defaults.PROGRESS_MIN_SECONDS` is cut into :data:`defaults.PROGRESS_SLICES` slices (the
simulation processes the same events in the same order: each slice runs every event due by its
end) and after each slice the *progress listeners* hear ``(done_seconds, total_seconds)`` — a
notebook shows a bar (:mod:`k8scourse.widgets.progress`); the engine only calls back. An interrupt
stops the run between two events as before (:mod:`k8scourse.interrupts`); the listeners then hear
nothing more, and the next command finds a consistent cluster.

>>> class Fake:
...     def __init__(self): self.t = 0
...     def run(self, seconds): self.t += seconds
>>> import threading
>>> f = Fake(); p = Pacer(f.run, threading.RLock(), "paced", think_seconds=4)
>>> p.before_command(); p.before_command(); f.t
8.0
>>> p.set_mode("manual"); p.before_command(); f.t
8.0
>>> seen = []
>>> def listener(done, total): seen.append(done)
>>> add_progress_listener(listener)
>>> p.advance(1200); f.t, seen[:2], seen[-1], len(seen)
(1208.0, [0.0, 24.0], 1200.0, 51)
>>> remove_progress_listener(listener)
>>> Pacer(f.run, threading.RLock(), "fast")
Traceback (most recent call last):
...
k8scourse.errors.SimulationError: unknown clock mode 'fast'; one of: manual, paced, live
"""

from __future__ import annotations

import threading
import time
from typing import Callable, ContextManager

from . import defaults
from .errors import SimulationError
from .i18n import t
from .sim.simulation import duration_ms

MODES = ("manual", "paced", "live")
_session_default: str | None = None
# Who hears how far a long run got: callables (done_seconds, total_seconds), called in order.
ProgressListener = Callable[[float, float], None]
_LISTENERS: list[ProgressListener] = []


def add_progress_listener(listener: ProgressListener) -> None:
    """Call ``listener(done, total)`` at the start, after each slice and at the end of every long run."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def remove_progress_listener(listener: ProgressListener) -> None:
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def set_default_mode(mode: str | None) -> None:
    """The mode new handles get when none is given (``None``: decide by the session, see :func:`default_mode`)."""
    global _session_default
    if mode is not None and mode not in MODES:
        raise SimulationError(t("sim.clock_mode", mode=mode, known=", ".join(MODES)))
    _session_default = mode


def default_mode() -> str:
    """The session's default: ``paced`` once a front end where a person types said so (``%load_ext
    k8scourse`` in a notebook), else ``manual`` (scripts, tests, the grader)."""
    return _session_default if _session_default is not None else "manual"


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0 or value == float("inf"):
        raise SimulationError(t("sim.not_negative", name=name, got=repr(value)))
    return float(value)


class Pacer:
    """The clock policy of one handle: ``run`` advances its simulation, ``lock`` guards its engine."""

    def __init__(self, run: Callable[[float], None], lock: ContextManager, mode: str | None = None,
                 think_seconds: float = defaults.PACED_THINK_SECONDS, speed: float = 1.0):
        self._run, self.lock = run, lock
        self.mode = "manual"
        self.think_seconds = _positive("think_seconds", think_seconds)
        self.speed = _positive("speed", speed)
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()
        self.set_mode(default_mode() if mode is None else mode)

    def set_mode(self, mode: str, think_seconds: float | None = None, speed: float | None = None) -> None:
        if mode not in MODES:
            raise SimulationError(t("sim.clock_mode", mode=mode, known=", ".join(MODES)))
        if think_seconds is not None:
            self.think_seconds = _positive("think_seconds", think_seconds)
        if speed is not None:
            self.speed = _positive("speed", speed)
        self._stop_ticker()
        self.mode = mode
        if mode == "live":
            self._stop = threading.Event()
            self._ticker = threading.Thread(target=self._tick, name="k8scourse-live-clock", daemon=True)
            self._ticker.start()

    def before_command(self) -> None:
        """Called by the handle (holding the lock) before a command: paced mode lets the think time pass."""
        if self.mode == "paced" and self.think_seconds:
            self._run(self.think_seconds)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass (the handle holds the lock), telling the progress
        listeners how far a long run got."""
        total_ms = duration_ms(seconds)
        if not _LISTENERS or seconds < defaults.PROGRESS_MIN_SECONDS:
            self._run(seconds)
            return
        slices = defaults.PROGRESS_SLICES
        done_ms = 0
        self._tell(0, total_ms)
        for i in range(1, slices + 1):
            end_ms = total_ms * i // slices
            self._run((end_ms - done_ms) / 1000)
            done_ms = end_ms
            self._tell(done_ms, total_ms)

    @staticmethod
    def _tell(done_ms: int, total_ms: int) -> None:
        for listener in list(_LISTENERS):
            listener(done_ms / 1000, total_ms / 1000)

    def _tick(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(defaults.LIVE_TICK_SECONDS):
            now = time.monotonic()
            with self.lock:
                self._run((now - last) * self.speed)
            last = now

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._stop.set()
            if self._ticker is not threading.current_thread():
                self._ticker.join(timeout=5)
            self._ticker = None

    def close(self) -> None:
        """Stop the live ticker (the handle is going away)."""
        self._stop_ticker()
        self.mode = "manual"

    def __repr__(self) -> str:
        extra = {"paced": f", think {self.think_seconds:g}s", "live": f", ×{self.speed:g}"}.get(self.mode, "")
        return f"<clock {self.mode}{extra}>"
