"""Fixtures for every test and doctest of the repository."""

import pytest


@pytest.fixture(autouse=True)
def _session_clock_default():
    """``%load_ext k8scourse`` makes the paced clock the session default; no test may leak it to the next."""
    from k8scourse.pacing import set_default_mode
    yield
    set_default_mode(None)


@pytest.fixture(autouse=True)
def _notebook_editor_hook():
    """``%load_ext k8scourse`` registers the editor widget for ``kubectl edit``; no test may leak it."""
    from k8scourse.cli.kubectl.edit import set_notebook_editor
    yield
    set_notebook_editor(None)
