"""The shell as PID 1: busybox/bash running ``sh -c "…"`` or a single applet (``sleep 3600``).

:class:`ShellProgram` runs the script through :mod:`k8scourse.runtime.shell`. A shell or ``sleep``
as PID 1 ignores SIGTERM. ``sh`` with nothing to run reads an empty stdin and exits 0 at once — why
``kubectl run b --image=busybox`` ends in ``CrashLoopBackOff`` with ``Completed``. A script that
ends in ``exec PROGRAM …`` hands PID 1 over to that program (``sh -c '…; exec nginx -g "daemon
off;"'`` runs nginx): :func:`k8scourse.runtime.launch.make_program` builds it from the shell's
files and environment and the timeline continues with it.

>>> p = ShellProgram(started_ms=0, argv=["sh", "-c", "echo hi; exit 3"], script="echo hi; exit 3")
>>> p.run_until(10); p.exit_code, p.lines(10)
(3, [(0, 'hi')])
"""

from __future__ import annotations

from ..shell import Shell
from .base import Program


class ShellProgram(Program):
    name = "sh"
    sigterm = None
    idle = (0.0, 600 * 1024)

    def __init__(self, *a, script: str | None = None, spawn=None, **kw):
        super().__init__(*a, **kw)
        self.script = script
        self.spawn = spawn              # (argv, env) -> the Program ``exec`` hands PID 1 to, or None

    def steps(self):
        shell = Shell(self.env, lambda: self.wall(), self.files, self.hostname,
                      name=self.argv[0].rsplit("/", 1)[-1] if self.argv else "sh", net=self.net,
                      clock_ms=lambda: self._pos, absent=self.absent, identity=self.identity, spawn=self.spawn,
                      pid1=self, userland=self.userland, tools=self.tools)
        shell.tail_ok = True
        gen = shell.run(self.script) if self.script is not None else shell.run_argv(self.argv)
        yield from gen
        for note in shell.notes:
            yield ("note", note)
        yield ("exit", shell.status)
