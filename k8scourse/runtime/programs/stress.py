"""The stress tools of the resource-limits examples.

:class:`Stress` (polinux/stress) and :class:`VishStress` (vish/stress) hog memory and CPU:
``--vm N --vm-bytes 150M`` wants N×150 MiB shortly after start, ``--cpu N`` N cores, ``--timeout
10s`` ends the run.

>>> s = Stress(started_ms=0, argv=["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"])
>>> s.run_until(5000); s.demand(5000)[1] // (1024 * 1024)
150
"""

from __future__ import annotations

import re

from .base import MiB, Program

_STRESS_UNITS = {"b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB, "": 1}


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
        from ...api.quantity import parse_quantity
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
