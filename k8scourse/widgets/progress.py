"""A progress bar for long simulated runs: ``cluster.run(seconds=3600)``, ``az aks create``'s wait.

The engine only calls back (:meth:`k8scourse.pacing.Pacer.advance` tells its progress listeners how
far a run of at least :data:`~k8scourse.defaults.PROGRESS_MIN_SECONDS` simulated seconds got);
:func:`install` — done by ``%load_ext k8scourse`` in a Jupyter kernel — adds the listener that draws
the bar: an ipywidgets ``FloatProgress`` with ``12m00s of 1h00m00s simulated`` next to it, shown
when the run starts, moved after each slice, and closed when the run is over (or, after an
interrupt, when the cell ends).

**Why nbval stays deterministic.** The bar is displayed as the widget view alone — no ``text/plain``
alternative — and nbval never compares the widget-view MIME type (its model ids are random), so a
stored notebook and a fresh run compare equal whether or not a bar was drawn. Outside a kernel (a
terminal IPython, the test suite's ``InteractiveShell``, scripts) nothing is installed: no widget
could be drawn there.

>>> bar = ProgressBar()
>>> bar(0, 3600); bar(720, 3600); bar.bar.value, bar.label.value
(720.0, '12m00s of 1h00m00s simulated')
>>> bar(3600, 3600); bar.bar is None
True
"""

from __future__ import annotations

import logging

import ipywidgets as W

from ..i18n import t
from ..pacing import add_progress_listener, remove_progress_listener
from ._core import fmt_seconds

logger = logging.getLogger(__name__)


class ProgressBar:
    """The progress listener: one bar per long run, shown at its start and closed at its end."""

    def __init__(self, show=None):
        self.bar: W.FloatProgress | None = None
        self.label: W.Label | None = None
        self.box: W.HBox | None = None
        self.show = show            # how to display the box (None: keep it undisplayed, as in doctests)

    def __call__(self, done: float, total: float) -> None:
        try:
            if done <= 0 or self.bar is None:
                self.close()
                self.bar = W.FloatProgress(value=0.0, min=0.0, max=float(total), bar_style="info",
                                           layout=W.Layout(width="320px"))
                self.label = W.Label()
                self.box = W.HBox([self.bar, self.label])
                self.box.add_class("k8s-progress")
                if self.show is not None:
                    self.show(self.box)
            assert self.bar is not None and self.label is not None
            self.bar.value = float(done)
            self.label.value = t("magic.progress", done=fmt_seconds(done * 1000), total=fmt_seconds(total * 1000))
            if done >= total:
                self.close()
        except Exception:  # noqa: BLE001 - a bar that cannot draw must never stop the run it reports on
            logger.exception("redrawing %r failed", self)

    def close(self, *_args) -> None:
        """Take the bar away (a run ended, or a cell ended with the run interrupted)."""
        if self.box is not None:
            self.box.close()
        self.bar = self.label = self.box = None


def _show_widget_only(box) -> None:
    """Display the widget view without a text/plain alternative (which nbval would compare)."""
    from IPython.display import display
    data = box._repr_mimebundle_()
    data = {k: v for k, v in (data or {}).items() if k != "text/plain"}
    display(data, raw=True)


_BAR: ProgressBar | None = None


def install(ip) -> ProgressBar | None:
    """Draw progress bars for long runs in this shell — only in a kernel with a front end to draw them."""
    global _BAR
    if ip is None or getattr(ip, "kernel", None) is None:
        return None
    if _BAR is None:
        _BAR = ProgressBar(show=_show_widget_only)
        add_progress_listener(_BAR)
        ip.events.register("post_run_cell", _BAR.close)
    return _BAR


def uninstall(ip=None) -> None:
    global _BAR
    if _BAR is not None:
        remove_progress_listener(_BAR)
        if ip is not None:
            try:
                ip.events.unregister("post_run_cell", _BAR.close)
            except ValueError:
                pass
        _BAR = None


__all__ = ["ProgressBar", "install", "uninstall"]
