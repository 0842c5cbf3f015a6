"""A small, honest POSIX-shell subset: what ``sh -c "…"`` does in a container.

Containers in the kubernetes.io examples mostly run short shell scripts::

    touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done
    echo The app is running! && sleep 3600

This module parses such scripts (``;``, ``&&``, ``||``, ``|``, ``&`` taken as ``;``, newlines,
``while``/``until``/``for``/``if``, ``{ }``/``( )``, ``>``/``>>`` redirections, ``$VAR``,
``${VAR}``, ``$?``, ``$(cmd)``, ``$((arithmetic))``, single and double quotes) and runs them as a
*generator of steps* in simulated time: ``("out", line)`` (``("out", text, "")`` for output that
does not end with a newline, as ``curl -w '%{http_code}'`` prints), ``("err", line)``, ``("sleep", ms)``,
``("forever",)``, ``("fs", path, content_or_None, append)``, ``("mkdir", path)``, ``("sync",
paths)`` (about to read shared state), ``("cpu", millicores)``, ``("become", program)`` (``exec``
hands PID 1 to another program). The caller
(:class:`k8scourse.runtime.programs.ShellProgram`) stamps each step with its simulated time.

**Which commands exist** depends on the image's userland (:data:`USERLANDS`): BusyBox images
(``busybox``, ``alpine``, every ``-alpine`` tag) have BusyBox's applets and ``ash``; Debian-based
images (``nginx``, ``httpd``, ``python`` …) have coreutils, ``sed``, ``grep`` and ``dash`` but no
``ps``, ``nc``, ``wget`` or ``ping``; Red Hat-like images use ``bash`` as ``sh``; families add
their own tools (nginx ships ``curl``). A command the image lacks fails as its shell says it —
``sh: foo: not found`` (BusyBox ash), ``sh: 1: foo: not found`` (dash), ``sh: line 1: foo: command
not found`` (bash) — with status 127. A command the image has but the simulator does not model
(``apt-get``, ``vi``, ``awk`` …) fails with a clear "not modelled" message, never a silent success.

Modelled: the built-ins and applets of :mod:`~k8scourse.runtime.shell_builtins` (``echo printf
sleep exit true false : date test [ hostname printenv env pwd seq expr uname``), the file commands
of :mod:`~k8scourse.runtime.shell_files` (``cat touch rm mkdir ls head tail wc tee grep cp mv chmod
chown ln``) and :mod:`~k8scourse.runtime.shell_text` (``sed sort uniq cut tr basename dirname``),
the process commands of :mod:`~k8scourse.runtime.shell_procs` (``id whoami timeout ps kill exec``,
``/proc``), and ``wget``/``curl``/``nc`` through the pod's network namespace
(:mod:`~k8scourse.runtime.shell_net`).

**Cost.** A ``while true`` loop that only prints and sleeps (``echo $(date); sleep 5``, a counter
``i=$((i+1))``) is compiled once into the steps the interpreter would yield (:meth:`Shell._print_loop`);
when it is the last thing PID 1's script does, it becomes the program's *tail*: running ahead
only counts its steps and the lines are rendered when the log is read
(:class:`~k8scourse.runtime.programs.Program`). ``COMPILED_LOOPS = False`` interprets every
iteration (the reference ``tests/kubelet/test_probe_coasting.py`` compares with).

Deliberate differences: no word splitting or globbing after expansion; a pipeline runs its
commands one after the other, feeding each one's output to the next; ``&`` runs in the
foreground; a loop that never sleeps is throttled to one iteration per simulated second after
1000 iterations (and counts as one busy core); ``date`` prints the simulated time; file owners and
modes are not kept — a non-root user may write only in ``/tmp``, ``/var/tmp``, ``/dev/shm``, its
home and mounted volumes (what the official images' root-owned trees allow).

>>> sh = Shell(env={"HOME": "/root"}, now_unix_ms=lambda: 0)
>>> list(sh.run("i=0; while [ $i -lt 3 ]; do echo n=$i; i=$((i+1)); done; sleep 2; exit 4"))
[('out', 'n=0'), ('out', 'n=1'), ('out', 'n=2'), ('sleep', 2000)]
>>> sh.status
4
>>> sh = Shell(userland="debian"); list(sh.run("ps")), sh.status
([('err', 'sh: 1: ps: not found')], 127)
"""

from __future__ import annotations

from ..i18n import t
from . import shell_parse as P
from .security import ROOT
from .shell_builtins import Builtins, ShellExit, arith, parse_sleep  # noqa: F401 - re-exported
from .shell_files import FileCommands
from .shell_net import NetCommands
from .shell_procs import ProcCommands
from .shell_text import TextCommands

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# Built into every POSIX shell (ash, dash, bash): no image can lack them.
BUILTINS = frozenset({"echo", "printf", "exit", "true", "false", ":", "test", "[", "set", "trap", "ulimit", "umask",
                      "export", "cd", "wait", "local", "exec", "kill", "pwd", "unset", "shift", "read", "type",
                      "command", "break", "continue", "return", "eval", ".", "source", "alias", "times"})
# coreutils and the other packages of a Debian (slim) image's base system.
COREUTILS = frozenset({"cat", "cp", "mv", "rm", "mkdir", "rmdir", "touch", "ls", "chmod", "chown", "chgrp", "ln",
                       "head", "tail", "wc", "tee", "seq", "expr", "date", "sleep", "env", "printenv", "id", "whoami",
                       "timeout", "uname", "basename", "dirname", "sort", "uniq", "cut", "tr", "hostname", "sed",
                       "grep", "egrep", "fgrep", "df", "du", "stat", "find", "xargs", "tar", "gzip", "gunzip",
                       "getent", "awk", "mawk", "nohup", "sync", "dd", "mount", "umount", "which", "nproc",
                       "readlink", "realpath", "md5sum", "sha256sum", "base64", "yes", "od", "usleep", "stty",
                       "mktemp", "install", "groups", "logname", "nice", "stdbuf", "su", "login", "apt", "apt-get",
                       "dpkg", "dnf", "yum", "microdnf", "rpm", "bash"})
# BusyBox's applets (its default build, as in the busybox and alpine images).
BUSYBOX = (COREUTILS - {"getent", "apt", "apt-get", "dpkg", "dnf", "yum", "microdnf", "rpm", "bash", "mawk",
                        "stdbuf", "logname"}) | frozenset({
    "ps", "top", "free", "nc", "wget", "nslookup", "ping", "ping6", "traceroute", "ip", "ifconfig", "route",
    "netstat", "vi", "less", "more", "telnet", "ash", "uptime", "pidof", "pkill", "killall", "watch", "hexdump",
    "unzip", "bzip2", "xz", "httpd", "ftpget", "udhcpc", "arp", "hwclock", "dmesg", "sysctl", "crond", "crontab",
    "apk"})
# Alpine adds musl-utils' getent to BusyBox.
USERLANDS = {"busybox": BUSYBOX, "alpine": BUSYBOX | {"getent"}, "debian": COREUTILS, "bash": COREUTILS,
             "none": frozenset()}
NOT_MODELLED = frozenset((COREUTILS | BUSYBOX) - BUILTINS)     # refined below, once the handlers are known
_BUSY_LIMIT = 1000
# True: a ``while true`` loop that only prints and sleeps runs as compiled steps (see _print_loop);
# False: every iteration through the interpreter (the reference the tests compare with).
COMPILED_LOOPS = True


# Built-ins that are also programs on $PATH (what ``kubectl exec POD -- echo hi`` runs without a shell).
_ALSO_BINARIES = frozenset({"echo", "printf", "test", "[", "true", "false", "kill", "pwd"})


def image_has(userland: str, extras, name: str) -> bool:
    """Whether an image with this userland has the program ``name`` on $PATH (``none``: a scratch image)."""
    if userland == "none":                       # no shell, no userland: only the image's own programs
        return name in {e.split(":", 1)[0] for e in extras}
    return name in SHELLS and (name in ("sh", "ash") or name in toolset(userland, extras)) or \
        name in _ALSO_BINARIES or name in toolset(userland, extras)


def toolset(userland: str, extras=frozenset()) -> frozenset:
    """The commands an image with this userland (plus its family's extra tools) has."""
    names = frozenset(e.split(":", 1)[0] for e in extras if e != "netcat-openbsd")
    if userland == "any":
        return COREUTILS | BUSYBOX | names | {"curl", "dig", "getent"}
    return USERLANDS.get(userland, BUSYBOX) | names


class Shell(Builtins, FileCommands, NetCommands, ProcCommands, TextCommands):
    """One shell process: variables, the container's files, its pod's network, notes.

    ``files`` is a dict or a :class:`~k8scourse.runtime.filesystem.ContainerFS`; ``net`` the pod's
    network (``None`` outside a pod); ``clock_ms`` the simulated time of the step being run;
    ``userland``/``tools`` what the image has (:func:`toolset`; ``"any"``: every tool, for shells
    outside an image such as a Dockerfile ``RUN``); ``absent`` tools to take away; ``identity``
    who runs it (:class:`~k8scourse.runtime.security.Identity`); ``spawn(argv, env)`` the program
    ``exec`` hands PID 1 to (None: ``exec`` runs the command in place); ``pid1`` the container's
    PID 1 (``ps``, ``/proc/1``). ``split_stderr``: error messages as ``("err", line)`` steps (else
    as ``("out", line)``, for callers that show one stream). ``view``: the container's
    :class:`~k8scourse.runtime.filesystem.ContainerFS` for mount and read-only checks when ``files``
    is a plain copy of it (``kubectl exec``).
    """

    tail_ok = False        # PID 1's own shell: a last, compiled print loop may be handed to the program

    def __init__(self, env: dict | None = None, now_unix_ms=lambda: 0, files: dict | None = None,
                 hostname: str = "localhost", name: str = "sh", net=None, clock_ms=None, absent=frozenset(),
                 identity=None, spawn=None, pid1=None, userland: str = "any", tools=frozenset(),
                 split_stderr: bool = True, view=None):
        self.vars = dict(env or {})
        self.now_unix_ms = now_unix_ms        # simulated wall time of the step being run
        self.files = files if files is not None else {}   # path -> content (the program keeps it current)
        self.hostname = hostname
        self.name = name
        self.net = net
        self.clock_ms = clock_ms or (lambda: 0)
        self.absent = frozenset(absent)
        self.identity = identity or ROOT
        self.spawn = spawn
        self.pid1 = pid1
        self.userland = userland
        self.extras = frozenset(tools)
        self.tools = toolset(userland, self.extras) - self.absent
        self.split_stderr = split_stderr
        self.view = view if view is not None else (files if hasattr(files, "resolve") else None)
        self.status = 0
        self.notes: list[str] = []
        self.stdin: list[str] | None = None
        self.line = 1
        self.in_script = False                # running a script (not one argv): the shell reports signals

    def _sub(self, name: str) -> "Shell":
        sub = Shell(self.vars, self.now_unix_ms, self.files, self.hostname, name, self.net, self.clock_ms,
                    self.absent, self.identity, self.spawn, self.pid1, self.userland, self.extras, view=self.view)
        return sub

    @property
    def flavour(self) -> str:
        """Whose wording the shell's own errors use: ``busybox`` (ash), ``dash`` or ``bash``."""
        if self.name == "bash" or self.userland == "bash":
            return "bash"
        return "dash" if self.userland == "debian" and self.name in ("sh", "dash") else "busybox"

    def err(self, message: str):
        """One line on stderr."""
        return ("err", message)

    def shell_error(self, message: str):
        """An error of the shell itself (``sh: …``), worded as this shell words it."""
        if self.flavour == "dash":
            return self.err(f"{self.name}: {self.line}: {message}")
        if self.flavour == "bash":
            return self.err(f"{self.name}: line {self.line}: {message}")
        return self.err(f"{self.name}: {message}")

    def not_found(self, word: str):
        if self.flavour == "bash":
            return self.shell_error(f"{word}: command not found")
        return self.shell_error(f"{word}: not found")

    # ------------------------------------------------------------------ entry points
    def run(self, script: str):
        """Generator of steps for a script; ``self.status`` holds the exit status afterwards."""
        self.in_script = True
        try:
            tree = P.parse(script)
        except P.ParseError as exc:
            yield self._stream(self.err(f"{self.name}: syntax error: {exc}"))
            self.status = 2
            return
        self._root = tree
        yield from self._streams(self._guarded(self.exec_node(tree)))

    def run_argv(self, argv: list[str]):
        """Generator of steps for one command given as an argv (no parsing, no expansion)."""
        yield from self._streams(self._guarded(self.command(list(argv))))

    def _stream(self, step):
        return ("out", step[1]) if step[0] == "err" and not self.split_stderr else step

    def _streams(self, gen):
        result = None
        try:
            while True:
                step = gen.send(result)
                result = yield self._stream(step)
        except StopIteration as stop:
            return stop.value

    def _guarded(self, gen):
        try:
            self.status = yield from gen
        except ShellExit as exc:
            self.status = exc.code

    # ------------------------------------------------------------------ tree walking
    def exec_node(self, node):
        kind = node[0]
        if kind == "list":
            status = 0
            last = len(node[1]) - 1
            for i, (op, child) in enumerate(node[1]):
                if op == "&&" and status != 0 or op == "||" and status == 0:
                    continue
                if i == last and self.tail_ok and node is self._root and child[0] == "loop" and COMPILED_LOOPS:
                    ops = self._print_loop(child[1], child[2], child[3])
                    pattern = self._tail_pattern(ops) if ops is not None else None
                    if pattern is not None:     # the rest of PID 1's life: the program takes it over
                        yield ("tail", self._run_print_loop(ops), pattern)
                status = yield from self.exec_node(child)
                self.vars["?"] = str(status)
            return status
        if kind == "pipe":
            feed = None
            status = 0
            for i, child in enumerate(node[1]):
                last = i == len(node[1]) - 1
                saved, self.stdin = self.stdin, feed
                if last:
                    status = yield from self.exec_node(child)
                else:
                    feed = []
                    status = yield from self._capture(self.exec_node(child), feed)
                self.stdin = saved
            return status
        if kind == "loop":
            _, until, cond, body = node
            ops = self._print_loop(until, cond, body) if COMPILED_LOOPS else None
            if ops is not None:
                return (yield from self._run_print_loop(ops))
            status, busy = 0, 0
            while True:
                ok = (yield from self.exec_node(cond)) == 0
                if ok == until:
                    return status
                status = yield from self._timed(self.exec_node(body))
                busy = busy + 1 if not self._advanced else 0
                if busy == _BUSY_LIMIT:
                    self.notes.append("busy loop: throttled to one iteration per simulated second")
                    yield ("cpu", 1000)
                if busy >= _BUSY_LIMIT:
                    yield ("sleep", 1000)
        if kind == "for":
            _, var, words, body = node
            status = 0
            items = []
            for w in words:
                items.append((yield from self.expand(w)))
            for item in items:
                self.vars[var] = item
                status = yield from self.exec_node(body)
            return status
        if kind == "if":
            for cond, body in node[1]:
                if cond is None or (yield from self.exec_node(cond)) == 0:
                    return (yield from self.exec_node(body))
            return 0
        if kind == "simple":
            return (yield from self.exec_simple(node))
        raise AssertionError(kind)

    # ------------------------------------------------------------------ compiled print loops
    def _print_loop(self, until, cond, body):
        """``while true; do …; done`` whose body only prints and sleeps, as a list of operations.

        The kubernetes.io examples' loops (``echo $(date); sleep 5``, ``echo "$i: $(date)";
        i=$((i+1)); sleep 1``) run for the container's whole life; interpreting each iteration again
        (parse the substitution, expand, run a sub-shell for ``date``) was most of a busy lecture
        cluster's cost. A body made only of ``echo`` with literal, ``$VAR``, ``$(date [+FMT])`` and
        ``$((…))`` words, ``date [+FMT]``, ``NAME=word`` assignments and ``sleep N`` (at least a
        second per iteration in all) is compiled once and yields exactly the steps the interpreter
        yields, at the same points of the timeline; anything else (files, network, conditions,
        redirections) returns None and is interpreted.
        """
        if until or cond[0] != "list" or len(cond[1]) != 1 or cond[1][0][1] != ("simple", [], [[("", "true")]], [],
                                                                              cond[1][0][1][4]):
            return None
        if body[0] != "list":
            return None
        ops, slept = [], 0
        for op, child in body[1]:
            if op not in (None, ";") or child[0] != "simple" or child[3]:
                return None
            _, assigns, words, _, line = child
            if not words:
                parts = []
                for name, word in assigns:
                    compiled = self._print_word(word)
                    if compiled is None:
                        return None
                    parts.append((name, compiled))
                ops.append(("assign", parts, line))
                continue
            if assigns or any(q != "" for q, _ in words[0]):
                return None
            name = "".join(t for _, t in words[0])
            if not self._plain_tool(name):
                return None
            if name == "sleep":
                if len(words) != 2 or len(words[1]) != 1 or words[1][0][0] != "":
                    return None
                try:
                    ms = parse_sleep(words[1][0][1])
                except ValueError:
                    return None
                if not ms:
                    return None
                slept += ms
                ops.append(("sleep", ms, line))
            elif name in ("echo", "date"):
                args = [self._print_word(w) for w in words[1:]]
                if any(a is None for a in args) or (name == "date" and not self._date_args(args)):
                    return None
                ops.append((name, args, line))
            else:
                return None
        return ops if slept >= 1000 else None

    def _tail_pattern(self, ops):
        """The kinds of step one iteration yields — ``[("out", 0) | ("sleep", ms)]`` — when they are
        the same in every iteration (one line per ``echo``/``date``), else None.

        Then the program need not even produce the steps as time passes
        (:meth:`~k8scourse.runtime.programs.Program.run_until` counts them along this pattern) and
        renders the lines only when its output is read."""
        assigned = {name for kind, value, _ in ops if kind == "assign" for name, _ in value}
        pattern = []
        for kind, value, _ in ops:
            if kind == "assign":
                if any(k not in ("arith", "lit") or (k == "lit" and v) for _, word in value for k, v in word):
                    return None                  # only NAME=$((…)): digits, never a newline
                continue
            if kind == "sleep":
                pattern.append(("sleep", value))
                continue
            for word in value:
                for k, v in word:
                    if k == "date" and any("%n" in arg for arg in v):
                        return None              # a newline in the date: more lines than one
                    if k == "lit" and ("\n" in v or "\\" in v):
                        return None
                    if k == "var":
                        for m in P.DOLLAR.finditer(v):
                            name = m.group(1).strip("{}")
                            text = str(self.vars.get(name, ""))
                            if name not in assigned and ("\n" in text or "\\" in text):
                                return None
                        if "\\" in v:
                            return None
            pattern.append(("out", 0))
        return pattern

    def _plain_tool(self, name: str) -> bool:
        """``name`` runs its own handler here (not a "not found" or "not modelled" error)."""
        return self.has(name) and hasattr(self, handler_name(name)) and f"{name}:gnu" not in self.extras

    def _date_args(self, args) -> bool:
        return all(len(a) == 1 and a[0][0] == "lit" and a[0][1].startswith("+") for a in args) and len(args) <= 1

    def _print_word(self, word):
        """A word as [("lit", text) | ("var", text) | ("date", argv) | ("arith", text)], or None."""
        out = []
        for quoting, text in word:
            if quoting == "'":
                out.append(("lit", text))
            elif quoting == "$((":
                out.append(("arith", text))
            elif quoting == "$(":
                argv = text.split(" ")
                if argv[0] != "date" or len(argv) > 2 or not self._plain_tool("date") or \
                        (len(argv) == 2 and (not argv[1].startswith("+") or any(c in argv[1] for c in "$`'\"\\(){};&|<>*?"))):
                    return None
                out.append(("date", argv[1:]))
            elif quoting in ("", '"'):
                out.append(("var", text) if "$" in text else ("lit", text))
            else:
                return None
        return out

    def _render(self, word) -> str:
        out = []
        for kind, value in word:
            if kind == "lit":
                out.append(value)
            elif kind == "var":
                out.append(P.DOLLAR.sub(self._var, value))
            elif kind == "arith":
                out.append(str(arith(P.DOLLAR.sub(self._var, value), self.vars)))
            else:
                out.append("\n".join(step[1] for step in self.c_date(value) if step[0] == "out"))
        return "".join(out)

    def _run_print_loop(self, ops):
        """The compiled loop: the same steps as the interpreter, without parsing or sub-shells."""
        vars_ = self.vars
        while True:
            vars_["?"] = "0"                     # the condition ``true``
            for op in ops:
                kind, value, self.line = op
                if kind == "sleep":
                    yield ("sleep", value)
                elif kind == "assign":
                    for name, word in value:
                        vars_[name] = self._render(word)
                elif kind == "echo":
                    for step in self.c_echo([self._render(w) for w in value]):
                        yield step
                else:
                    for step in self.c_date([self._render(w) for w in value]):
                        yield step
                vars_["?"] = "0"

    def _timed(self, gen):
        """Run ``gen`` and note whether it let simulated time pass (a sleep)."""
        self._advanced = False
        result = None
        try:
            while True:
                step = gen.send(result)
                if step[0] in ("sleep", "forever"):
                    self._advanced = True
                result = yield step
        except StopIteration as stop:
            return stop.value

    def _capture(self, gen, sink: list):
        """Run ``gen`` collecting its output lines in ``sink`` instead of printing them."""
        result = None
        try:
            while True:
                step = gen.send(result)
                if step[0] == "out":
                    sink.append(step[1])
                    result = None
                    continue
                result = yield step
        except StopIteration as stop:
            return stop.value

    def exec_simple(self, node):
        _, assigns, words, redirects = node[:4]
        self.line = node[4] if len(node) > 4 else self.line
        argv = []
        for w in words:
            argv.append((yield from self.expand(w)))
        for name, w in assigns:
            value = yield from self.expand(w)
            self.vars[name] = value
        if not argv:
            return 0
        dest = {"out": "out", "err": "err"}          # where each stream goes: a stream, or a file path
        modes: dict[str, bool] = {}                  # file path -> append
        saved = self.stdin
        for op, target in redirects:
            path = (yield from self.expand(target)) if target is not None else None
            if op == "<":
                yield from self._sync([path])
                text = self._read(path)
                if text is None:
                    yield self.shell_error(f"can't open '{path}': No such file or directory" if self.flavour == "busybox"
                                           else f"cannot open {path}: No such file")
                    return 1 if self.flavour == "busybox" else 2
                self.stdin = text.splitlines()
                continue
            if op == "2>&1":
                dest["err"] = dest["out"]
                continue
            if op == "1>&2":
                dest["out"] = dest["err"]
                continue
            if path != "/dev/null":
                why = self._write_denied(path)
                if why:
                    yield self.shell_error(f"can't create {path}: {why}" if self.flavour == "busybox"
                                           else f"cannot create {path}: {why}")
                    self.stdin = saved
                    return 1 if self.flavour == "busybox" else 2
            append = op in (">>", "2>>")
            for stream in {">": ("out",), ">>": ("out",), "2>": ("err",), "2>>": ("err",),
                           "&>": ("out", "err")}[op]:
                dest[stream] = path
            if path != "/dev/null":
                modes[path] = append
        try:
            if dest == {"out": "out", "err": "err"}:
                return (yield from self.command(argv))
            captured: list[tuple[str, str]] = []
            status = yield from self._capture_streams(self.command(argv), captured)
        finally:
            self.stdin = saved
        texts: dict[str, str] = {}
        for stream, line in captured:
            target = dest[stream]
            if target in ("out", "err"):
                yield (target, line)
            elif target != "/dev/null":
                texts[target] = texts.get(target, "") + line + "\n"
        for path, append in modes.items():          # ">" truncates (creates) the file even without output
            if texts.get(path) or not append:
                yield ("fs", path, texts.get(path, ""), append)
        return status

    def _capture_streams(self, gen, sink: list):
        """Run ``gen`` keeping its ``out``/``err`` lines in ``sink`` (in order) instead of printing them."""
        result = None
        try:
            while True:
                step = gen.send(result)
                if step[0] in ("out", "err"):
                    sink.append((step[0], step[1]))
                    result = None
                    continue
                result = yield step
        except StopIteration as stop:
            return stop.value

    # ------------------------------------------------------------------ expansion
    def expand(self, word):
        """Generator: the text of one word after expansion (a command substitution may sleep)."""
        out = []
        for quoting, text in word:
            if quoting == "'":
                out.append(text)
            elif quoting == "$((":
                inner = yield from self.expand([("", text)])
                out.append(str(arith(inner, self.vars)))
            elif quoting == "$(":
                sink: list[str] = []
                sub = self._sub(self.name)
                yield from self._capture(sub.run(text), sink)
                out.append("\n".join(sink))
            else:
                out.append(P.DOLLAR.sub(self._var, text))
        return "".join(out)

    def _var(self, m) -> str:
        token = m.group(1)
        name = token[1:-1] if token.startswith("{") else token
        return str({"$": "1"}.get(name, self.vars.get(name, "")))

    # ------------------------------------------------------------------ commands
    def has(self, name: str) -> bool:
        """Whether the image has the command ``name`` (a shell built-in, or a tool of its userland)."""
        return name in BUILTINS or name == "sh" or name in self.tools

    def command(self, argv: list[str]):
        word = argv[0]
        name, args = word.rsplit("/", 1)[-1], argv[1:]
        if not self.has(name):
            yield self.not_found(word)
            return 127
        if name == "[":
            return (yield from self.c_test(args[:-1] if args and args[-1] == "]" else args))
        if name in SHELLS:
            if len(args) >= 2 and args[0] == "-c":
                sub = self._sub(name)
                yield from sub._guarded(sub.run_inner(args[1]))
                self.notes.extend(sub.notes)
                return sub.status
            return 0
        handler = getattr(self, handler_name(name), None)
        if handler is not None and (f"{name}:gnu" not in self.extras or name == "wget"):
            return (yield from handler(args))
        yield self.err(t("tool.not_modelled", shell=self.name, tool=word))
        return 127

    def run_inner(self, script: str):
        """A nested ``sh -c SCRIPT``: like :meth:`run`, inside the caller's step stream."""
        self.in_script = True
        try:
            tree = P.parse(script)
        except P.ParseError as exc:
            yield self.err(f"{self.name}: syntax error: {exc}")
            return 2
        return (yield from self.exec_node(tree))


def handler_name(command: str) -> str:
    """The method that runs ``command``: ``c_`` + its name with ``-``, ``.`` and ``:`` as ``_``
    (``run-parts`` → ``c_run_parts``, the ``:`` builtin → ``c__``)."""
    return "c_" + command.replace("-", "_").replace(".", "_").replace(":", "_")


# What the shell models: every command with a handler above (and the shells themselves).
COMMANDS = frozenset(n for n in BUILTINS | COREUTILS | BUSYBOX | {"curl"}
                     if n == "[" or hasattr(Shell, handler_name(n))) | SHELLS
# Commands images have that the simulator does not model: they fail with a clear message.
NOT_MODELLED = frozenset((BUILTINS | COREUTILS | BUSYBOX) - COMMANDS)
