"""The lines kubectl logs through klog to standard error: ``E1207 13:26:20.077530   20810 file.go:N] …``.

Some failures reach the learner as a klog line rather than an ``error:`` line: cobra's required-flag
check, reported by ``k8s.io/component-base/cli/run.go``, and the discovery client's complaints
while the API server does not answer. The time is the simulated wall clock (UTC); the process id
is a fixed number (the simulation has no kubectl process).

>>> print(line(1772442000000, "run.go:72", 'E', '"command failed" err="required flag(s) \\\\"image\\\\" not set"'))
E0302 09:00:00.000000   20810 run.go:72] "command failed" err="required flag(s) \\"image\\" not set"
"""

from __future__ import annotations

import datetime as _dt

from .command import RawError

PID = 20810           # the process id the klog lines show (any fixed number: the simulation has no pid)


def line(now_ms: int, where: str, severity: str, text: str) -> str:
    """One klog line (``<severity><mmdd> <hh:mm:ss.micro> <pid> <file:line>] <text>``), no newline."""
    t = _dt.datetime.fromtimestamp(now_ms / 1000, tz=_dt.timezone.utc)
    return f"{severity}{t:%m%d %H:%M:%S}.{t.microsecond:06d} {PID:7d} {where}] {text}"


def required_flag(now_ms: int, *flags: str) -> RawError:
    """cobra's check of flags marked required, before the command runs (exit 1)."""
    names = ", ".join(f'\\"{f}\\"' for f in flags)
    return RawError(line(now_ms, "run.go:72", "E", f'"command failed" err="required flag(s) {names} not set"'))
