"""What a container does once started: the process behind PID 1.

A :class:`Program` is a timeline in simulated time. Its steps (output lines, sleeps, files
written and removed, ports opened, changes in CPU and memory demand, the final exit status) are
produced lazily by a generator and stamped with the simulated millisecond at which they happen;
:meth:`Program.run_until` moves the generator forward, so a program can be run ahead to learn when
it will exit while queries (logs, probes, demand) only see what happened up to *now*.

What the runtime and the kubelet ask of a program:

* ``exit_ms`` / ``exit_code`` once the generator ended (``None`` while running or forever);
* ``lines(now_ms)`` — stdout/stderr lines with timestamps (``kubectl logs``);
* ``http_get(port, path, now_ms)``, ``tcp_open(port, now_ms)``, ``exec(argv, now_ms, timeout_ms)``
  — what the kubelet's prober sees;
* ``sigterm`` — ``(delay_ms, exit_code)`` after SIGTERM, or ``None`` when PID 1 ignores it (a
  shell or ``sleep`` as PID 1 has no handler: the kernel drops the signal, the kubelet SIGKILLs at
  the end of the grace period, exit 137);
* ``demand(now_ms) -> (cpu_millicores, memory_bytes)`` — the idle baseline of the image's
  process plus what it is doing (``stress --vm-bytes``, a busy loop, the pi computation), plus
  the files of a ``medium: Memory`` emptyDir it is the first to mount (tmpfs pages count as the
  cgroup's memory).

**Files and the pod's network.** ``files`` is the container's file tree
(:class:`~k8scourse.runtime.filesystem.ContainerFS`), read and written at the generator's
position. A program the runtime started in a pod sandbox is :meth:`attached <Program.attach>` to
the pod's network namespace (``net``) and the simulated clock (``now``). Two kinds of step touch
state other containers share, so they never run ahead of the clock: ``("sync", paths)`` (the
shell is about to read a shared volume or talk to the network; the other programs mounting those
volumes are first brought up to that time) and ``("listen", port)`` (``bind()``: if another
container of the pod already listens on the port, the program's :meth:`bind_error_steps` replace
the rest of its timeline — nginx's ``[emerg] bind() … (98: Address already in use)``, exit 1).
Any other step may be computed ahead (up to :data:`~k8scourse.defaults.PROGRAM_LOOKAHEAD_MS`),
its effects stamped with their own time.

**What watches a program.** ``watchers`` are told when what the process answers may change (it
exits, is killed, binds a port, execs) and a :class:`~k8scourse.runtime.filesystem.FileStore`'s
``watchers`` when its files change, each with the change's simulated time: the kubelet's prober
stops *coasting* a probe then (:mod:`k8scourse.kubelet.prober`). ``flushers`` run before the
output is read or written, so the access-log lines of probes that coasted land in the log with
their own timestamps. A shell's last print-only loop is the program's *tail* (``("tail", steps,
pattern)``): :meth:`Program.run_until` counts its steps along the pattern — same positions, same
step budget — and renders the lines only when the output is read, so the log (and where
:data:`~k8scourse.defaults.CONTAINER_LOG_MAX_LINES` cuts it) is the one stepping would have made.

The concrete programs live in the sibling modules of this package (web servers, databases,
languages, shells, stress tools, system processes); :func:`k8scourse.runtime.launch.make_program`
picks one from the container's command line. :class:`Server` is the common base of the servers.

>>> p = Program(started_ms=1000)
>>> p._feed([("out", "hello"), ("sleep", 500), ("exit", 3)]); p.run_until(10_000)
>>> p.lines(1000), p.exit_ms, p.exit_code
([(1000, 'hello')], 1500, 3)
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right

from ... import defaults
from ..filesystem import ContainerFS, FileStore, ReadOnlyError
from ..security import ROOT

MiB = 1024 * 1024
_UTC = _dt.timezone.utc


def stamp(unix_ms: int, fmt: str) -> str:
    return _dt.datetime.fromtimestamp(unix_ms / 1000, tz=_UTC).strftime(fmt)


class Program:
    """Base class: a generator-driven timeline (subclasses override :meth:`steps`)."""

    name = "program"
    # (delay until exit after SIGTERM in ms, exit code); None: PID 1 ignores SIGTERM.
    sigterm: tuple[int, int] | None = None
    # Idle demand of the process: (CPU millicores, memory bytes).
    idle: tuple[float, int] = (0.0, 1 * MiB)
    # External load added by ContainerRuntime.set_load: (CPU millicores, memory bytes).
    load: tuple[float, int] = (0.0, 0)
    # Tools the image does not have (busybox: curl), for the shell.
    absent: frozenset = frozenset()
    # Whether :meth:`respond` can change with time alone (not only with the files it serves).
    respond_varies: bool = False

    def __init__(self, started_ms: int = 0, argv: list[str] | None = None, env: dict | None = None,
                 now_unix_ms=None, hostname: str = "localhost", version: str = ""):
        self.started_ms = started_ms
        self.argv = list(argv or [])
        self.env = dict(env or {})
        self.hostname = hostname
        self.version = version
        self._unix = now_unix_ms or (lambda t: t)
        self.notes: list[str] = []
        self.exit_ms: int | None = None
        self.exit_code: int | None = None
        self.forever = False
        self._pos = started_ms               # simulated time the generator has reached
        self._gen = None
        self._lines: list[tuple[int, str]] = []
        self._dropped = 0
        self.files = ContainerFS(FileStore("layer"), clock=lambda: self._pos)   # as of the generator's time
        self.rootfs = False                  # True once files hold the image's own files (attach)
        self.net = None                      # the pod's network namespace (sandbox.PodNetwork)
        self.now = None                      # the simulated clock, when a runtime runs the program
        self._held = None                    # a sync/listen step waiting for the clock
        self._busy = False
        self._tail_owed = 0                  # steps of a tail loop counted but not yet rendered
        self._port_snaps: list[tuple[int, frozenset]] = [(started_ms, frozenset())]
        self._demand: list[tuple[int, float, int]] = [(started_ms, *self.idle)]
        self.identity = ROOT                 # who the process runs as (the kubelet's security context)
        self.userland, self.tools = "any", frozenset()   # the image's tools (runtime.shell.toolset)
        self.on_change = None                # the runtime's callback when a signal ends the process
        # Callbacks ``f(t)`` told when what the process answers may change at simulated time ``t``
        # (it exits, is killed, binds a port, execs another program): the prober's coasting probes.
        self.watchers: list = []
        # Callbacks ``f()`` run before the output is read or written: a coasting probe writes the
        # access-log lines of the probes it did not run as events (kubelet.prober).
        self.flushers: list = []

    # ------------------------------------------------------------------ subclass hooks
    def steps(self):
        """Generator of steps; the default program exits 0 at once."""
        return iter(())

    def respond(self, port: int, path: str, now_ms: int) -> int | str:
        """HTTP status a GET on a listening port answers (or an error text)."""
        return 200

    def exec_hook(self, argv: list[str], now_ms: int):
        """Program-specific exec commands (``redis-cli ping``); None: run it in the shell."""
        return None

    def bind_error_steps(self, port: int, denied: bool = False):
        """What the process does when ``bind()`` on ``port`` fails: EADDRINUSE, or EACCES when
        ``denied`` (a port below 1024 without CAP_NET_BIND_SERVICE). Go's net/http by default."""
        why = "permission denied" if denied else "address already in use"
        return [("out", f"listen tcp :{port}: bind: {why}"), ("exit", 1)]

    def attach(self, fs: ContainerFS, net=None, now=None) -> None:
        """Run inside a pod: the container's file tree, the pod's network namespace, the clock."""
        fs.clock = lambda: self._pos
        self.files, self.net, self.now, self.rootfs = fs, net, now, True

    # ------------------------------------------------------------------ timeline
    def _feed(self, steps) -> None:
        self._gen = iter(steps)

    def wall(self, t_ms: int | None = None) -> int:
        """Unix milliseconds of simulated time ``t_ms`` (default: the generator's position)."""
        return self._unix(self._pos if t_ms is None else t_ms)

    def run_until(self, t_ms: int, budget: int = defaults.PROGRAM_STEP_BUDGET) -> None:
        """Process every step that starts at or before ``t_ms`` (at most ``budget`` of them)."""
        if self._gen is None:
            self._gen = iter(self.steps())
        if self._busy:                       # asked again from inside one of its own steps
            return
        if self._tail is not None:
            self._run_tail(t_ms, budget)
            return
        self._busy = True
        try:
            while self.exit_ms is None and not self.forever and self._pos <= t_ms and budget > 0:
                if self._held is not None:
                    if self._waits():
                        break
                    step, self._held = self._held, None
                    self._apply(step)
                    continue
                budget -= 1
                try:
                    step = next(self._gen)
                except StopIteration:
                    self._finish(0 if self.exit_code is None else self.exit_code)
                    break
                if step[0] in ("sync", "listen") and self._waits():
                    self._held = step
                    break
                if step[0] == "tail":            # not a step of the process: the budget is not spent
                    self._apply(step)
                    budget += 1
                    break
                self._apply(step)
        finally:
            self._busy = False
        if self._tail is not None:
            self._run_tail(t_ms, budget)

    # A shell's last ``while true`` loop that only prints and sleeps (runtime.shell: ``("tail", steps,
    # pattern)``) is the rest of the process's life. Running ahead then only counts its steps along
    # the pattern — the same steps, positions and budget as running them — and the lines are
    # rendered from ``steps`` when the output is read or written (:meth:`_settle_tail`), each at the
    # position it has in the timeline, so the log is the one running them would have made.
    _tail = None

    def _run_tail(self, t_ms: int, budget: int) -> None:
        pattern, i, owed, pos = self._tail_pattern, self._tail_i, self._tail_owed, self._pos
        n = len(pattern)
        while self.exit_ms is None and pos <= t_ms and budget > 0:
            budget -= 1
            kind, ms = pattern[i]
            i = i + 1 if i + 1 < n else 0
            owed += 1
            if ms:
                pos += ms
        self._tail_i, self._tail_owed, self._pos = i, owed, pos

    def _settle_tail(self) -> None:
        """Render the steps counted but not yet run (their lines, at their own times)."""
        owed = self._tail_owed
        if not owed or self._busy:
            return
        self._tail_owed = 0
        reached, self._pos = self._pos, self._tail_pos
        self._busy = True
        try:
            gen = self._tail
            for _ in range(owed):
                self._apply(next(gen))
        finally:
            self._busy = False
            self._tail_pos, self._pos = self._pos, reached

    def _waits(self) -> bool:
        """A step touching shared state must not happen before the clock reaches it."""
        return self.now is not None and self._pos > self.now()

    def _apply(self, step) -> None:
        kind = step[0]
        pos = self._pos
        if kind in ("out", "err"):                 # stdout and stderr both go to the container's log
            self._emit(pos, step[1])
        elif kind == "sleep":
            self._pos = pos + max(0, int(step[1]))
        elif kind == "forever":
            self.forever = True
        elif kind == "exit":
            self._finish(step[1])
        elif kind in ("fs", "mkdir"):
            try:
                if kind == "mkdir":
                    self.files.mkdir(step[1])
                elif step[2] is None:
                    self.files.remove(step[1])
                else:
                    self.files.write(step[1], step[2], step[3])
            except ReadOnlyError:
                pass
        elif kind == "sync":
            for path in step[1] or ():
                for peer in list(self.files.resolve(path)[0].peers):
                    if peer is not self:
                        peer.run_until(pos)
        elif kind == "listen":
            if not self.identity.can_bind(step[1]):            # EACCES: a port below 1024 without the capability
                self._gen = iter(self.bind_error_steps(step[1], denied=True))
                return
            if self.net is not None and not self.net.bind(self, step[1], pos):
                self._gen = iter(self.bind_error_steps(step[1]))
                return
            self._snap(self._port_snaps, self._port_snaps[-1][1] | {step[1]})
            self._notify(pos)
        elif kind == "cpu":
            last = self._demand[-1]
            self._snap_demand(float(step[1]), last[2])
        elif kind == "mem":
            last = self._demand[-1]
            self._snap_demand(last[1], int(step[1]))
        elif kind == "note":
            self.notes.append(step[1])
        elif kind == "tail":
            self._tail, self._tail_pattern, self._tail_i, self._tail_owed = step[1], step[2], 0, 0
            self._tail_pos = pos
        elif kind == "become":
            self._notify(pos)
            self.become(step[1])

    # What stays with the process when ``exec`` replaces its program: its timeline so far (time,
    # output, ports, demand, notes), its files, network, clock and identity.
    _PROCESS_STATE = ("started_ms", "_pos", "_lines", "_dropped", "files", "rootfs", "net", "now", "_held",
                      "_busy", "_port_snaps", "_demand", "notes", "exit_ms", "exit_code", "forever", "_unix",
                      "hostname", "load", "identity", "absent", "userland", "tools", "on_change", "watchers",
                      "flushers")

    def become(self, other: "Program") -> None:
        """``execve()``: this process (same PID, same container) now runs ``other``'s program."""
        kept = {k: self.__dict__[k] for k in self._PROCESS_STATE if k in self.__dict__}
        self.__class__ = other.__class__
        self.__dict__.clear()
        self.__dict__.update(other.__dict__)
        self.__dict__.update(kept)
        self._gen = iter(self.steps())
        self._snap_demand(*self.idle)

    def _snap(self, snaps: list, value) -> None:
        if snaps[-1][0] == self._pos:
            snaps[-1] = (self._pos, value)
        else:
            snaps.append((self._pos, value))

    def _snap_demand(self, cpu: float, mem: int) -> None:
        if self._demand[-1][0] == self._pos:
            self._demand[-1] = (self._pos, cpu, mem)
        else:
            self._demand.append((self._pos, cpu, mem))

    def _finish(self, code: int) -> None:
        self.exit_ms = self._pos
        self.exit_code = int(code)
        self._notify(self._pos)

    def _notify(self, t_ms: int) -> None:
        for watcher in list(self.watchers):
            watcher(t_ms)

    def flush(self) -> None:
        """Let coasting probes write what they owe to the output (before it is read or written)."""
        for flusher in list(self.flushers):
            flusher()

    def _emit(self, t_ms: int, text: str) -> None:
        if self._tail_owed:
            self._settle_tail()
        if self.flushers:
            self.flush()
        if self._lines and self._lines[-1][0] > t_ms:
            i = bisect_right(self._lines, (t_ms, "\U0010ffff"))
            self._lines.insert(i, (t_ms, text))
        else:
            self._lines.append((t_ms, text))
        if len(self._lines) > defaults.CONTAINER_LOG_MAX_LINES * 1.25:
            cut = len(self._lines) - defaults.CONTAINER_LOG_MAX_LINES
            del self._lines[:cut]
            self._dropped += cut

    def signal(self, sig: int, at_ms: int) -> bool:
        """A signal sent from inside the container to this process as PID 1 (``kill 1``).

        PID 1 of a PID namespace gets only the signals it has a handler for: SIGTERM (and the
        image's stop signal) when :attr:`sigterm` says so; SIGKILL from inside is ignored.
        """
        if sig not in (15, 3, 28, 2) or self.sigterm is None or self.exit_ms is not None:
            return False
        delay, code = self.sigterm
        for line in getattr(self, "on_stop_lines", lambda t: [])(at_ms):
            self._emit(at_ms + delay, line)
        self.terminate(at_ms + delay, code)
        if self.on_change is not None:
            self.on_change()
        return True

    def terminate(self, at_ms: int, code: int) -> None:
        """The process dies at ``at_ms`` (signal): anything it would have done later never happens."""
        if self.exit_ms is not None and self.exit_ms <= at_ms:
            return
        if self._tail_owed:
            self._settle_tail()
        if self.flushers:
            self.flush()
        self._notify(at_ms)
        self.exit_ms, self.exit_code = at_ms, int(code)
        self.forever = False
        while self._lines and self._lines[-1][0] > at_ms:
            self._lines.pop()

    @property
    def next_step_ms(self) -> int:
        """Where the generator stopped: the runtime looks again then (None-free)."""
        return self._pos

    # ------------------------------------------------------------------ queries
    def lines(self, now_ms: int) -> list[tuple[int, str]]:
        """Output lines up to ``now_ms`` (and not after the exit)."""
        self.run_until(now_ms)
        if self._tail_owed:
            self._settle_tail()
        if self.flushers:
            self.flush()
        end = now_ms if self.exit_ms is None else min(now_ms, self.exit_ms)
        return self._lines[:bisect_right(self._lines, (end, "\U0010ffff"))]

    @staticmethod
    def _at(snaps: list, t_ms: int):
        i = bisect_right(snaps, t_ms, key=lambda s: s[0]) - 1
        return snaps[max(i, 0)][1]

    def files_at(self, now_ms: int) -> dict:
        """The container's files (its layer and its volumes) as of ``now_ms``: path -> text."""
        self.run_until(now_ms)
        tree = self.files.snapshot(now_ms)
        tree.rootfs = self.rootfs
        return tree

    def listening(self, now_ms: int) -> frozenset:
        self.run_until(now_ms)
        if self.exit_ms is not None and self.exit_ms <= now_ms:
            return frozenset()
        return self._at(self._port_snaps, now_ms)

    def tcp_open(self, port: int, now_ms: int) -> bool:
        return port in self.listening(now_ms)

    def http_get(self, port: int, path: str, now_ms: int, client: str = "") -> int | str | None:
        """Status code, an error text, or None when nothing listens (connection refused)."""
        if not self.tcp_open(port, now_ms):
            return None
        return self.respond(port, path, now_ms)

    def demand(self, now_ms: int) -> tuple[float, int]:
        """(CPU millicores, memory bytes) the process wants at ``now_ms``; (0, 0) once exited."""
        if self.exit_ms is not None and now_ms >= self.exit_ms:
            return 0.0, 0
        self.run_until(now_ms)
        demand = self._demand
        if now_ms >= demand[-1][0]:              # the usual case: no change of demand ahead
            _, cpu, mem = demand[-1]
        else:
            i = bisect_right(demand, now_ms, key=lambda d: d[0]) - 1
            _, cpu, mem = demand[max(i, 0)]
        for m in self.files.mounts:
            if m.store.medium == "Memory" and next((p for p in m.store.peers if p.exit_ms is None), None) is self:
                mem += m.store.size(now_ms)
        return cpu + self.load[0], mem + self.load[1]

    def exec(self, argv: list[str], now_ms: int, timeout_ms: int) -> tuple[int | None, str]:
        """Run a command in the container (exec probe): (exit status or None on timeout, output)."""
        hooked = self.exec_hook(list(argv), now_ms)
        if hooked is not None:
            return hooked
        from ..shell import Shell, image_has
        if argv and not image_has(self.userland, self.tools, argv[0].rsplit("/", 1)[-1]):
            return 126, ("OCI runtime exec failed: exec failed: unable to start container process: exec: "
                         f'"{argv[0]}": executable file not found in $PATH: unknown')
        files = self.files.at(now_ms)
        shell = Shell(self.env, lambda: self._unix(now_ms), files, self.hostname, net=self.net,
                      clock_ms=lambda: now_ms, absent=self.absent, identity=self.identity, pid1=self,
                      userland=self.userland, tools=self.tools)
        out, waited = [], 0
        for step in shell.run_argv(argv):
            if step[0] in ("out", "err"):
                out.append(step[1])
            elif step[0] == "sleep":
                waited += step[1]
            elif step[0] == "forever":
                waited = timeout_ms + 1
            elif step[0] in ("fs", "mkdir"):
                try:
                    if step[0] == "mkdir":
                        files.mkdir(step[1])
                    elif step[2] is None:
                        files.remove(step[1])
                    else:
                        files.write(step[1], step[2], step[3])
                except ReadOnlyError:
                    pass
            if waited > timeout_ms:
                return None, "\n".join(out)
        return shell.status, "\n".join(out)


class Server(Program):
    """A generic server: listens on its ports at once and runs until stopped."""
    name = "server"
    sigterm = (200, 0)
    idle = (1.0, 20 * MiB)
    ports: tuple = ()
    listen_delay_ms = 0

    def __init__(self, *a, ports: tuple = (), **kw):
        super().__init__(*a, **kw)
        if ports:
            self.ports = tuple(ports)

    def start_lines(self) -> list[str]:
        return []

    def steps(self):
        for line in self.start_lines():
            yield ("out", line)
        if self.listen_delay_ms:
            yield ("sleep", self.listen_delay_ms)
        for line in self.ready_lines():
            yield ("out", line)
        for port in self.ports:
            yield ("listen", port)
        yield ("forever",)

    def ready_lines(self) -> list[str]:
        return []

    def http_get(self, port, path, now_ms, client=""):
        result = super().http_get(port, path, now_ms)
        if isinstance(result, int):
            self.access_log(now_ms, client, path, result)
        return result

    def access_log(self, now_ms: int, client: str, path: str, status: int) -> None:
        pass
