"""The shell's process commands: ``id whoami timeout ps kill exec`` and the ``/proc`` files.

* ``id`` (``-u -g -G -n``) and ``whoami`` answer from the process's
  :class:`~k8scourse.runtime.security.Identity` — ``runAsUser``/``runAsGroup``/``fsGroup``/
  ``supplementalGroups`` as the kubelet set them: ``uid=1000 gid=3000 groups=3000,2000``; a user
  the image's ``/etc/passwd`` does not know has no name (``whoami: cannot find name for user ID
  1000``, exit 1).
* ``timeout [-s SIGNAL] DURATION COMMAND…`` runs the command and kills it when the time is up:
  coreutils exits 124, BusyBox's ``timeout`` is killed with it (143 for TERM, 137 for KILL) and the
  shell running it reports ``Terminated``/``Killed``.
* ``ps`` lists the container's processes: PID 1 (the container's program) and the commands of this
  shell (BusyBox ``PID   USER     TIME  COMMAND``; procps ``PID TTY          TIME CMD``).
* ``kill [-SIGNAL] PID``: PID 1 receives the signal as a container's init does — only signals it
  has a handler for (nginx's SIGTERM/SIGQUIT); SIGKILL from inside the container is ignored.
* ``exec COMMAND…`` replaces the shell: in a container's PID 1 the new program takes PID 1
  (``sh -c '…; exec nginx -g "daemon off;"'`` runs nginx); elsewhere the command runs and the shell
  ends with its status. A command the image lacks: ``sh: exec: line 0: foo: not found`` (ash) /
  ``sh: 1: exec: foo: not found`` (dash), exit 127.
* ``/proc/1/cmdline``, ``/proc/1/comm``, ``/proc/1/environ``, ``/proc/1/status`` (its first
  lines) and ``/proc/self/…`` read from PID 1 and the reader.

Messages are BusyBox's in BusyBox images and coreutils' elsewhere (recorded with the real tools:
``tests/runtime/data/recorded``).
"""

from __future__ import annotations

from .shell_builtins import ShellExit, parse_sleep

_SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15, "WINCH": 28}
_SIGNAL_WORDS = {15: "Terminated", 9: "Killed", 2: "Interrupt", 1: "Hangup", 3: "Quit", 10: "User defined signal 1"}
# Built-ins that are not also programs on $PATH (timeout and exec cannot run them).
_SHELL_ONLY = frozenset({"exit", "cd", "export", "set", "trap", "ulimit", "umask", "wait", "local", "unset",
                         "shift", "read", "type", "command", "break", "continue", "return", "eval", ".", "source",
                         "alias", "times", "exec"})


def _signal(word: str) -> int | None:
    word = word.upper().removeprefix("SIG")
    if word.isdigit():
        return int(word)
    return _SIGNALS.get(word)


class ProcCommands:
    """Process commands of :class:`~k8scourse.runtime.shell.Shell` (see the module docstring)."""

    # BusyBox's applets (not coreutils/procps) answer in BusyBox and Alpine images.
    busybox_tools = property(lambda self: self.userland in ("busybox", "alpine", "any")
                             and "ps:procps" not in self.extras)

    # ------------------------------------------------------------------ who am I
    def c_id(self, args):
        ident = self.identity
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        if not flags:
            yield ("out", ident.id_line(busybox=self.busybox_tools))
            return 0
        if "u" in flags:
            value = ident.uid
        elif "g" in flags and "G" not in flags:
            value = ident.gid
        else:
            yield ("out", " ".join(str(g) for g in ident.all_groups()))
            return 0
        if "n" in flags:
            name = ident.name_of(value) if "u" in flags else dict(ident.group_names).get(value, "")
            if not name:
                yield ("out", str(value))
                what = "user" if "u" in flags else "group"
                yield self.err(f"id: unknown ID {value}" if self.busybox_tools else
                               f"id: cannot find name for {what} ID {value}")
                return 1
            yield ("out", name)
            return 0
        yield ("out", str(value))
        return 0

    def c_whoami(self, args):
        name = self.identity.name_of(self.identity.uid)
        if not name:
            yield self.err(f"whoami: unknown uid {self.identity.uid}" if self.busybox_tools else
                           f"whoami: cannot find name for user ID {self.identity.uid}")
            return 1
        yield ("out", name)
        return 0

    # ------------------------------------------------------------------ timeout
    def c_timeout(self, args):
        sig, rest = 15, list(args)
        while rest and rest[0].startswith("-") and len(rest[0]) > 1:
            opt = rest.pop(0)
            if opt in ("-s", "--signal") and rest:
                sig = _signal(rest.pop(0)) or 15
            elif opt.startswith("--signal="):
                sig = _signal(opt.split("=", 1)[1]) or 15
            elif opt in ("-k", "--kill-after") and rest:
                rest.pop(0)
            elif opt in ("--preserve-status", "--foreground", "-v", "--verbose"):
                continue
            elif opt == "--":
                break
        if len(rest) < 2:
            yield self.err("timeout: missing operand" if not self.busybox_tools else
                           "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.")
            return 125 if not self.busybox_tools else 1
        try:
            limit = parse_sleep(rest[0])
        except ValueError:
            yield self.err(f"timeout: invalid time interval '{rest[0]}'" if not self.busybox_tools else
                           f"timeout: invalid number '{rest[0]}'")
            return 125 if not self.busybox_tools else 1
        argv = rest[1:]
        name = argv[0].rsplit("/", 1)[-1]
        if name in _SHELL_ONLY or not self.has(name):
            yield self.err(f"timeout: can't execute '{argv[0]}': No such file or directory" if self.busybox_tools
                           else f"timeout: failed to run command '{argv[0]}': No such file or directory")
            return 127
        gen = self.command(argv)
        waited, result = 0, None
        try:
            while True:
                step = gen.send(result)
                result = None
                if step[0] == "sleep" and limit is not None and waited + step[1] >= limit:
                    yield ("sleep", limit - waited)
                    break
                if step[0] == "forever":
                    if limit is None:
                        yield step
                        return 0
                    yield ("sleep", limit - waited)
                    break
                if step[0] == "sleep":
                    waited += step[1]
                result = yield step
        except StopIteration as stop:
            return stop.value
        except ShellExit as exc:
            return exc.code
        gen.close()
        if self.busybox_tools:                 # BusyBox's timeout is killed together with the command
            if getattr(self, "in_script", False):
                yield self.err(_SIGNAL_WORDS.get(sig, f"Signal {sig}"))
            return 128 + sig
        if sig == 9:
            if getattr(self, "in_script", False):
                yield self.err("Killed")
            return 137
        return 124

    # ------------------------------------------------------------------ processes
    def _processes(self) -> list[tuple[int, str, str]]:
        """(PID, user, command line) of the container's processes as this shell sees them."""
        pid1 = self.pid1
        user = self.identity.name_of(self.identity.uid) or str(self.identity.uid)
        if pid1 is not None:
            first = (1, (pid1.identity.name_of(pid1.identity.uid) or str(pid1.identity.uid))[:8],
                     " ".join(pid1.argv) or pid1.name)
        else:
            first = (1, user[:8], self.name)
        procs = [first]
        if pid1 is not None and getattr(self, "in_script", False) and pid1.name != "sh":
            procs.append((7, user[:8], self.name))
        return procs

    def c_ps(self, args):
        procs = self._processes()
        pid = procs[-1][0] + 6
        if self.busybox_tools:
            yield ("out", "PID   USER     TIME  COMMAND")
            for p, user, cmd in procs + [(pid, self.identity.name_of(self.identity.uid)[:8] or
                                         str(self.identity.uid), "ps " + " ".join(args) if args else "ps")]:
                yield ("out", f"{p:>5} {user:<8} {'0:00':>5} {cmd}")
            return 0
        yield ("out", "    PID TTY          TIME CMD")
        for p, _, cmd in procs + [(pid, "", "ps")]:
            yield ("out", f"{p:>7} ?        00:00:00 {cmd.split()[0].rsplit('/', 1)[-1][:15]}")
        return 0

    def c_kill(self, args):
        sig, pids = 15, []
        for a in args:
            if a.startswith("-") and len(a) > 1 and a != "-s":
                sig = _signal(a[1:]) or sig
            elif a.lstrip("-").isdigit():
                pids.append(int(a))
            elif pids == [] and sig == 15 and _signal(a):
                sig = _signal(a)
        if not pids:
            yield self.err("kill: usage: kill [-s sigspec | -signum | -sigspec] pid | jobspec ... or kill -l [sigspec]"
                           if self.flavour == "bash" else "kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or kill -l [exitstatus]"
                           if self.flavour == "dash" else "kill: you need to specify whom to kill")
            return 1 if self.flavour == "busybox" else 2
        status = 0
        for pid in pids:
            known = [p for p, _, _ in self._processes()]
            if pid not in known:
                yield self.shell_error("kill: No such process") if self.flavour == "dash" else self.err(
                    f"{self.name}: can't kill pid {pid}: No such process" if self.flavour == "busybox"
                    else f"{self.name}: line {self.line}: kill: ({pid}) - No such process")
                status = 1 if self.flavour != "dash" else 2
                continue
            if pid == 1 and self.pid1 is not None:
                self.pid1.signal(sig, self.clock_ms())
        return status

    # ------------------------------------------------------------------ exec
    def c_exec(self, args):
        if not args:
            return 0
        name = args[0].rsplit("/", 1)[-1]
        if not self.has(name) or name in _SHELL_ONLY:
            yield (self.shell_error(f"exec: {args[0]}: not found") if self.flavour != "busybox"
                   else self.err(f"{self.name}: exec: line 0: {args[0]}: not found"))
            raise ShellExit(127)
        if self.spawn is not None:
            program = self.spawn(list(args), {k: v for k, v in self.vars.items() if k != "?"})
            if program is None:
                yield (self.shell_error(f"exec: {args[0]}: not found") if self.flavour != "busybox"
                       else self.err(f"{self.name}: exec: line 0: {args[0]}: not found"))
                raise ShellExit(127)
            for note in self.notes:
                yield ("note", note)
            self.notes = []
            yield ("become", program)
            raise ShellExit(0)
        status = yield from self.command(list(args))
        raise ShellExit(status)

    # ------------------------------------------------------------------ /proc
    def proc_file(self, path: str) -> str | None:
        """The text of a ``/proc`` file this shell can read (None: not modelled or not there)."""
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "proc":
            return {"/proc/uptime": None}.get(path)
        procs = {p: (u, c) for p, u, c in self._processes()}
        pid = 1 if parts[1] == "1" else procs and max(procs) + 6 if parts[1] == "self" else \
            int(parts[1]) if parts[1].isdigit() else None
        if pid == 1 and self.pid1 is not None:
            argv, env, name = self.pid1.argv or [self.pid1.name], self.pid1.env, self.pid1.argv[0] if \
                self.pid1.argv else self.pid1.name
        elif parts[1] == "self" or pid in procs:
            argv, env, name = ["cat", path], self.vars, "cat"
        else:
            return None
        comm = name.rsplit("/", 1)[-1][:15]
        if parts[2] == "cmdline":
            return "".join(a + "\0" for a in argv)
        if parts[2] == "comm":
            return comm + "\n"
        if parts[2] == "environ":
            return "".join(f"{k}={v}\0" for k, v in env.items() if not k.startswith("_") and k != "?")
        if parts[2] == "status":
            ident = self.identity if pid != 1 or self.pid1 is None else self.pid1.identity
            ids = lambda n: "\t".join([str(n)] * 4)  # noqa: E731 - real, effective, saved, filesystem
            return (f"Name:\t{comm}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nNgid:\t0\nPid:\t{pid}\n"
                    f"PPid:\t{0 if pid == 1 else 1}\nTracerPid:\t0\nUid:\t{ids(ident.uid)}\nGid:\t{ids(ident.gid)}\n"
                    f"FDSize:\t64\nGroups:\t{' '.join(str(g) for g in ident.groups)} \n")
        return None
