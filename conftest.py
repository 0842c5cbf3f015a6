"""Fixtures for everything pytest collects here: tests/, the package's doctests and the notebooks."""

from __future__ import annotations

import sys

import pytest

# pytest itself never runs interactively; a prompt that appears later was set by an in-process IPython
# shell (InteractiveShell.init_prompts sets sys.ps1 "so that scripts can decide if they are running
# interactively"), which would make k8scourse.pacing choose the paced clock for every later test.
_PROMPTS = tuple(name for name in ("ps1", "ps2", "ps3") if not hasattr(sys, name))


@pytest.fixture(autouse=True)
def _session_clock_default():
    """``%load_ext k8scourse`` makes the paced clock the session default; no test or doctest may leak
    it (or IPython's prompts) into the next one — a worker runs many files."""
    from k8scourse.pacing import set_default_mode

    def reset():
        set_default_mode(None)
        for name in _PROMPTS:
            if hasattr(sys, name):
                delattr(sys, name)
    reset()
    yield
    reset()
