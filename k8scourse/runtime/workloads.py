"""Programs that do a job: shell scripts, perl's pi, python, the stress tools.

* :class:`ShellProgram` — busybox/bash running ``sh -c "…"`` or a single applet (``sleep 3600``,
  ``echo hi``) through :mod:`k8scourse.runtime.shell`. A shell or ``sleep`` as PID 1 ignores
  SIGTERM. ``sh`` with nothing to run reads an empty stdin and exits 0 at once — why
  ``kubectl run b --image=busybox`` ends in ``CrashLoopBackOff`` with ``Completed``.
* :class:`Perl` — the Job example's ``perl -Mbignum=bpi -wle "print bpi(2000)"``: one busy core
  for 2 s + digits²/10⁶ s, then the digits of pi (computed exactly) and exit 0.
* :class:`Python` — ``python -m http.server [port]`` serves; ``python -c 'print(…)'`` prints the
  literal; other inline code is not run (a note says so) and exits 0; a script file that is not in
  the image fails as python does (exit 2).
* :class:`Stress` (polinux/stress) and :class:`VishStress` (vish/stress) — the memory and CPU
  hogs of the resource-limits examples: ``--vm N --vm-bytes 150M`` wants N×150 MiB shortly after
  start, ``--cpu N`` N cores, ``--timeout 10s`` ends the run.

>>> s = Stress(started_ms=0, argv=["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"])
>>> s.run_until(5000); s.demand(5000)[1] // (1024 * 1024)
150
>>> p = Perl(started_ms=0, argv=["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"])
>>> p.run_until(10**9); p.exit_ms, p.lines(10**9)[0][1]
(2000, '3.1415926535897932385')
"""

from __future__ import annotations

import re

from .programs import MiB, Program
from .shell import Shell

_STRESS_UNITS = {"b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB, "": 1}


class ShellProgram(Program):
    name = "sh"
    sigterm = None
    idle = (0.0, 600 * 1024)

    def __init__(self, *a, script: str | None = None, **kw):
        super().__init__(*a, **kw)
        self.script = script

    def steps(self):
        shell = Shell(self.env, lambda: self.wall(), self.files, self.hostname,
                      name=self.argv[0].rsplit("/", 1)[-1] if self.argv else "sh", net=self.net,
                      clock_ms=lambda: self._pos, absent=self.absent)
        gen = shell.run(self.script) if self.script is not None else shell.run_argv(self.argv)
        yield from gen
        for note in shell.notes:
            yield ("note", note)
        yield ("exit", shell.status)


def pi_digits(n: int) -> str:
    """π to ``n`` significant digits, rounded (what ``bpi(n)`` prints).

    >>> pi_digits(10)
    '3.141592654'
    """
    n = max(1, n)
    guard = 10
    scale = 10 ** (n + guard)

    def arctan_inv(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))       # Machin's formula, scaled by 10**(n+guard)
    digits = str(pi // 10 ** (guard + 1) + (1 if (pi // 10 ** guard) % 10 >= 5 else 0))
    return digits[0] + ("." + digits[1:] if n > 1 else "")


class Perl(Program):
    name = "perl"
    sigterm = None
    idle = (0.0, 6 * MiB)

    def steps(self):
        code = next((a for a in reversed(self.argv[1:]) if not a.startswith("-")), "")
        m = re.search(r"bpi\((\d+)\)", code)
        if m:
            n = int(m.group(1))
            yield ("cpu", 1000)
            yield ("mem", 18 * MiB)
            yield ("sleep", 2000 + n * n // 1000)
            yield ("out", pi_digits(n))
            yield ("exit", 0)
            return
        printed = re.findall(r'print\s+"([^"]*)"', code) + re.findall(r"print\s+'([^']*)'", code)
        if printed:
            for text in printed:
                for line in text.replace("\\n", "\n").rstrip("\n").split("\n"):
                    yield ("out", line)
            yield ("exit", 0)
            return
        if len(self.argv) == 1 or self.argv[1:] == ["-de0"]:
            yield ("out", "")
            yield ("out", "Loading DB routines from perl5db.pl version 1.77")
            yield ("exit", 0)
            return
        yield ("note", "perl code other than print/bpi is not run by the simulator")
        yield ("exit", 0)


class Python(Program):
    name = "python"
    sigterm = None
    idle = (0.0, 9 * MiB)

    def bind_error_steps(self, port):
        return [("out", "Traceback (most recent call last):"),
                ("out", '  File "/usr/local/lib/python3.12/http/server.py", line 1314, in <module>'),
                ("out", "    test("),
                ("out", "OSError: [Errno 98] Address already in use"), ("exit", 1)]

    def steps(self):
        args = self.argv[1:]
        if args[:2] == ["-m", "http.server"]:
            port = int(args[2]) if len(args) > 2 and args[2].isdigit() else 8000
            yield ("listen", port)
            yield ("out", f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...")
            yield ("forever",)
            return
        if not args or args[0] in ("-i", "-u") and len(args) == 1:
            yield ("exit", 0)            # the REPL reads an empty stdin and exits
            return
        if args[0] == "-c" and len(args) > 1:
            code = args[1]
            sleeps = re.findall(r"time\.sleep\((\d+(?:\.\d+)?)\)", code)
            for text in re.findall(r"print\((['\"])(.*?)\1\)", code):
                yield ("out", text[1])
            for s in sleeps:
                yield ("sleep", int(float(s) * 1000))
            if not re.fullmatch(r"\s*(import time;?\s*)?((print\(.*?\)|time\.sleep\(.*?\))\s*;?\s*)*", code):
                yield ("note", "python code other than print()/time.sleep() is not run by the simulator")
            yield ("exit", 0)
            return
        script = next((a for a in args if not a.startswith("-")), "")
        if script in self.files:
            yield ("note", f"python script {script} is not run by the simulator")
            yield ("exit", 0)
            return
        yield ("out", f"python3: can't open file '{script if script.startswith('/') else '/' + script}': "
                      f"[Errno 2] No such file or directory")
        yield ("exit", 2)


def _stress_bytes(text: str) -> int:
    m = re.fullmatch(r"(\d+)([bBkKmMgG]?)", text.strip())
    if not m:
        return 256 * MiB
    return int(m.group(1)) * _STRESS_UNITS[m.group(2).lower()]


class Stress(Program):
    """polinux/stress: ``stress --cpu N --io N --vm N --vm-bytes B --vm-hang S --timeout T``."""
    name = "stress"
    sigterm = None
    idle = (0.0, 800 * 1024)

    def _opts(self) -> dict:
        opts, args = {}, self.argv[1:]
        aliases = {"-c": "--cpu", "-i": "--io", "-m": "--vm", "-d": "--hdd", "-t": "--timeout"}
        i = 0
        while i < len(args):
            key = aliases.get(args[i], args[i])
            if key.startswith("--") and "=" in key:
                key, value = key.split("=", 1)
                opts[key] = value
            elif key.startswith("--") and i + 1 < len(args) and not args[i + 1].startswith("-"):
                opts[key] = args[i + 1]
                i += 1
            else:
                opts[key] = ""
            i += 1
        return opts

    def steps(self):
        opts = self._opts()
        if "--help" in opts or not opts:
            yield ("out", "`stress' imposes certain types of compute stress on your system")
            yield ("out", "")
            yield ("out", "Usage: stress [OPTION [ARG]] ...")
            yield ("exit", 0 if "--help" in opts else 1)
            return
        cpu, io, vm, hdd = (int(opts.get(k) or 0) for k in ("--cpu", "--io", "--vm", "--hdd"))
        vm_bytes = _stress_bytes(opts.get("--vm-bytes", "256M"))
        hang = "--vm-hang" in opts
        yield ("out", f"stress: info: [1] dispatching hogs: {cpu} cpu, {io} io, {vm} vm, {hdd} hdd")
        yield ("cpu", 1000.0 * (cpu + io * 0.2) + (0 if hang else 1000.0 * vm))
        yield ("sleep", 100)                       # the vm workers fault their pages in
        yield ("mem", self.idle[1] + vm * vm_bytes)
        timeout = opts.get("--timeout", "")
        if timeout:
            seconds = int(re.sub(r"\D", "", timeout) or 0) * {"m": 60, "h": 3600}.get(timeout[-1:], 1)
            yield ("sleep", max(0, seconds * 1000 - 100))
            yield ("out", f"stress: info: [1] successful run completed in {seconds}s")
            yield ("exit", 0)
            return
        yield ("forever",)


class VishStress(Program):
    """vish/stress: ``-mem-total 150Mi -mem-alloc-size 10Mi -mem-alloc-sleep 1s -cpus N``."""
    name = "vish-stress"
    sigterm = None
    idle = (0.0, 1 * MiB)

    def steps(self):
        flags = {}
        args = self.argv[1:]
        for i, a in enumerate(args):
            if a.startswith("-") and "=" in a:
                k, v = a.lstrip("-").split("=", 1)
                flags[k] = v
            elif a.startswith("-") and i + 1 < len(args) and not args[i + 1].startswith("-"):
                flags[a.lstrip("-")] = args[i + 1]
        from ..api.quantity import parse_quantity
        total = parse_quantity(flags.get("mem-total", "0")).value()
        chunk = parse_quantity(flags.get("mem-alloc-size", "4Ki")).value() or 4096
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", flags.get("mem-alloc-sleep", "1ms"))
        pause_ms = float(m.group(1)) * {"ms": 1, "s": 1000, "m": 60000, None: 1000}[m.group(2)] if m else 1
        cpus = int(flags.get("cpus", "0") or 0)
        if cpus:
            yield ("cpu", 1000.0 * cpus)
        allocated = 0
        while allocated < total:
            allocated = min(total, allocated + chunk)
            yield ("mem", self.idle[1] + allocated)
            yield ("sleep", max(1, int(pause_ms)))
        if total:
            yield ("out", f'Allocated "{flags.get("mem-total")}" memory')
        yield ("forever",)
