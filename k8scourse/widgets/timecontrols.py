"""``TimeControls``: step, run N seconds, run until settled, and play/pause simulated time.

Simulated time only moves when asked (DESIGN: one clock, nothing reads the wall clock). These
controls ask: *Step* moves it by the step size, *Run* by the seconds in the box, *Run until
settled* until nothing is pending (at most 10 simulated minutes, as ``cluster.settle()``).

**Play without blocking the kernel.** Play is an ``ipywidgets.Play``: the *browser* counts ticks
(every ``interval`` ms of wall time) and sends each one to the kernel as an ordinary widget message;
the kernel moves simulated time by *speed* seconds per tick and redraws the open views once. The
kernel is never busy between ticks, so other cells still run while it plays, and a tick cannot
interleave with a running cell (widget messages are handled between executions). A test plays
deterministically by setting ``controls.play.value`` — or calling :meth:`TimeControls.tick` — itself.

>>> from k8scourse import Cluster
>>> tc = TimeControls(Cluster(nodes=1, seed=0), step_seconds=5)
>>> tc.step(); tc.run_for(30); tc.tick(); tc.tick()
>>> repr(tc)
'TimeControls(at 45s, speed 5s per tick, paused)'
"""

from __future__ import annotations

import ipywidgets as W

from ..i18n import t
from ._core import Target, esc, fmt_seconds, flush, register


class TimeControls(W.VBox):
    """Buttons that move the simulated clock of a Cluster (or of an Azure subscription)."""

    def __init__(self, cluster_or_azure, step_seconds: float = 5, speed: float = 5,
                 interval_ms: int = 1000, max_ticks: int = 100_000):
        self.target = Target(cluster_or_azure)
        self.step_seconds = step_seconds
        self.step_button = W.Button(description=t("time.step", s=f"{step_seconds:g}"))
        self.step_button.add_class("k8s-time-step")
        self.seconds = W.BoundedFloatText(value=30, min=0, max=86400, step=5, description=t("time.seconds"),
                                          layout=W.Layout(width="170px"))
        self.run_button = W.Button(description=t("time.run"))
        self.run_button.add_class("k8s-time-run")
        self.settle_button = W.Button(description=t("time.settle"), layout=W.Layout(width="170px"))
        self.settle_button.add_class("k8s-time-settle")
        self.play = W.Play(value=0, min=0, max=max_ticks, step=1, interval=interval_ms,
                           description=t("time.play"), show_repeat=False)
        self.play.add_class("k8s-time-play")
        self.speed = W.FloatSlider(value=speed, min=1, max=60, step=1, description=t("time.speed"),
                                   style={"description_width": "initial"}, layout=W.Layout(width="320px"))
        self.clock = W.HTML()
        self.clock.add_class("k8s-time-clock")
        self.step_button.on_click(lambda _b: self.step())
        self.run_button.on_click(lambda _b: self.run_for(self.seconds.value))
        self.settle_button.on_click(lambda _b: self.settle())
        self.play.observe(self._on_play, names="value")
        super().__init__([W.HBox([self.step_button, self.seconds, self.run_button, self.settle_button]),
                          W.HBox([self.play, self.speed, self.clock])])
        self.add_class("k8s-time-controls")
        self._update_clock()
        register(self)

    # ------------------------------------------------------------------ actions
    def _after(self) -> None:
        self._update_clock()
        flush()

    def step(self) -> None:
        """Move simulated time by one step."""
        self.target.run(self.step_seconds)
        self._after()

    def run_for(self, seconds: float) -> None:
        """Move simulated time by ``seconds``."""
        self.target.run(float(seconds))
        self._after()

    def settle(self, max_seconds: float = 600) -> None:
        """Run until nothing is pending (bounded, as ``cluster.settle()``)."""
        self.target.settle(max_seconds=max_seconds)
        self._after()

    def tick(self) -> None:
        """One play tick: ``speed`` simulated seconds (what each browser tick triggers)."""
        self.target.run(float(self.speed.value))
        self._after()

    def _on_play(self, change) -> None:
        ticks = change["new"] - change["old"]
        if ticks > 0:
            self.target.run(float(self.speed.value) * ticks)
            self._after()

    @property
    def playing(self) -> bool:
        return bool(self.play.playing)

    # ------------------------------------------------------------------ refresh protocol / text
    def _update_clock(self) -> None:
        sim = self.target.sim
        self._shown_ms = sim.now_ms
        self.clock.value = (f"<code>{esc(t('sim.time', time=fmt_seconds(sim.now_ms)))} "
                            f"({esc(sim.clock.rfc3339())})</code>")

    def stale(self) -> bool:
        return self.target.sim.now_ms != self._shown_ms

    def refresh(self) -> "TimeControls":
        self._update_clock()
        return self

    def __repr__(self) -> str:
        state = "playing" if self.playing else "paused"
        return (f"TimeControls(at {fmt_seconds(self.target.sim.now_ms)}, speed {self.speed.value:g}s per tick, "
                f"{state})")
