"""Fixtures for everything pytest collects here: tests/, the package's doctests and the notebooks."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _session_clock_default():
    """``%load_ext k8scourse`` makes the paced clock the session default; no test or doctest may leak
    it into the next one (a worker runs many files)."""
    from k8scourse.pacing import set_default_mode
    set_default_mode(None)
    yield
    set_default_mode(None)
