"""Widgets and magics: the notebook front ends (the only package importing ipywidgets/IPython).

Load the magics with ``%load_ext k8scourse``; build views with, for example::

    from k8scourse.widgets import Console, Dashboard, Terminal, ManifestEditor, TimeControls
    Console(cluster)

Names load lazily (``Topology``/``plots`` bring in matplotlib and networkx only when used). Every
view redraws at most once per command, time step or cell (:func:`flush`), and has a stable text
``repr`` without ids or wall-clock times, so notebooks pass strict nbval. Labels come from
:mod:`k8scourse.i18n` (``set_language("ko")``).
"""

from __future__ import annotations

import importlib

_NAMES = {
    "Dashboard": "dashboard", "Terminal": "terminal", "ManifestEditor": "editor", "EXAMPLES": "editor",
    "TimeControls": "timecontrols", "EventTimeline": "timeline", "Topology": "topology",
    "SchedulingExplainer": "explainer", "AKSPortalForm": "portal", "Console": "console",
    "use_cluster": "magics", "use_azure": "magics", "current_cluster": "magics",
    "flush": "_core", "Target": "_core",
    "ExercisePanel": "exercise_panel", "TraceView": "trace", "AccessMatrix": "access",
    "ProgressBar": "progress",
}

__all__ = sorted(_NAMES) + ["load_ipython_extension", "plots", "set_language"]


def __getattr__(name: str):
    if name == "plots":
        return importlib.import_module(".plots", __name__)
    if name == "set_language":
        from ..i18n import set_language
        return set_language
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'k8scourse.widgets' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def load_ipython_extension(ip) -> None:
    """``%load_ext k8scourse``: register ``%kubectl``, ``%az``, ``%docker``, ``%%kubectl``, ``%%yaml``,
    ``%%shell``, ``%curl``, ``%sleep``, ``%node``, draw progress bars for long runs, make
    them follow the running exercise, show ``ex.check()`` results as the exercise panel, and make the
    *paced* clock the default for clusters made from now on (a person types here; an exercise's world
    keeps the manual clock the grader replays with)."""
    from ..pacing import set_default_mode
    from ..cli.kubectl.edit import set_notebook_editor
    from . import exercise_panel  # noqa: F401  (registers the panel as the results' display)
    from .editor import open_live_editor
    from .magics import register_magics
    from .progress import install
    register_magics(ip)
    install(ip)                     # progress bars for long runs, in a kernel that can draw them
    set_notebook_editor(open_live_editor)       # %kubectl edit opens the editor widget
    set_default_mode("paced")


def __dir__():
    return __all__
