"""Each front end has exactly one last-resort guard: an unexpected engine error becomes one
``internal simulator error`` line with exit code 1 (never a traceback in the notebook), and the
traceback goes to the ``logging`` module — which prints nothing unless someone configures it.

The failures are injected by replacing one command's handler with one that raises.
"""

from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys

from k8scourse import Cluster


class Boom(RuntimeError):
    pass


def boom(*args, **kwargs):
    raise Boom("injected")


def _logged(caplog, logger: str) -> logging.LogRecord:
    [record] = [r for r in caplog.records if r.name == logger]
    assert record.levelno == logging.ERROR and record.exc_info[0] is Boom
    return record


def test_kubectl_guard(monkeypatch, caplog):
    from k8scourse.cli import kubectl
    monkeypatch.setitem(kubectl.COMMANDS, "version", dataclasses.replace(kubectl.COMMANDS["version"], run=boom))
    r = Cluster(nodes=1, seed=0).kubectl("version", echo=False)
    assert (r.exit_code, r.stdout, r.stderr) == (
        1, "", "error: internal simulator error (Boom: injected); please report this command\n")
    assert "'version'" in _logged(caplog, "k8scourse.cli.kubectl").getMessage()


def test_az_guard(monkeypatch, caplog):
    from k8scourse.cli.az.framework import REGISTRY
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    monkeypatch.setitem(REGISTRY, "group list", dataclasses.replace(REGISTRY["group list"], handler=boom))
    r = az("group list", echo=False)
    assert (r.exit_code, r.stdout, r.stderr) == (
        1, "", "ERROR: internal simulator error (Boom: injected); please report this command\n")
    _logged(caplog, "k8scourse.cli.az.shell")


def test_docker_guard(monkeypatch, caplog):
    from k8scourse.cloud import Azure
    from k8scourse.cloud.docker import commands
    monkeypatch.setitem(commands.COMMANDS, "images", boom)
    r = Azure(seed=0).docker("images", echo=False)
    assert (r.exit_code, r.stdout, r.stderr) == (
        1, "", "docker: internal simulator error (Boom: injected); please report this command\n")
    _logged(caplog, "k8scourse.cloud.docker.cli")


def test_widgets_guard_skips_a_view_that_fails_to_redraw(caplog):
    from k8scourse.widgets import Dashboard, flush
    from k8scourse.widgets._core import _VIEWS
    c = Cluster(nodes=1, seed=0)
    good = Dashboard(c)

    class Broken:
        def stale(self):
            return True

        def refresh(self):
            raise Boom("injected")

    broken = Broken()
    _VIEWS.add(broken)
    try:
        c.kubectl("run web --image=nginx", echo=False)
        assert good.stale()
        assert flush() == 1                       # the good view redrew, the broken one was skipped
        assert not good.stale()
    finally:
        _VIEWS.discard(broken)
    _logged(caplog, "k8scourse.widgets._core")


def test_an_unconfigured_logging_prints_nothing():
    """Without a handler the logging module would print the traceback to stderr (the notebook)."""
    code = """
import dataclasses
from k8scourse import Cluster
from k8scourse.cli import kubectl
def boom(inv): raise RuntimeError("injected")
kubectl.COMMANDS["version"] = dataclasses.replace(kubectl.COMMANDS["version"], run=boom)
r = Cluster(nodes=1, seed=0).kubectl("version")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout == "error: internal simulator error (RuntimeError: injected); please report this command\n"
    assert done.stderr == ""
