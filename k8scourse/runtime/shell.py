"""A small, honest POSIX-shell subset: what busybox ``sh -c "…"`` does in the course's examples.

Containers in the kubernetes.io examples mostly run short shell scripts::

    touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done
    echo The app is running! && sleep 3600

This module parses such scripts (``;``, ``&&``, ``||``, ``|``, ``&`` taken as ``;``, newlines,
``while``/``until``/``for``/``if``, ``{ }``/``( )``, ``>``/``>>`` redirections, ``$VAR``,
``${VAR}``, ``$?``, ``$(cmd)``, ``$((arithmetic))``, single and double quotes) and runs them as a
*generator of steps* in simulated time: ``("out", line)``, ``("sleep", ms)``, ``("forever",)``,
``("fs", path, content_or_None, append)``, ``("mkdir", path)``, ``("sync", paths)`` (about to
read shared state), ``("cpu", millicores)``. The caller
(:class:`k8scourse.runtime.programs.ShellProgram`) stamps each step with its simulated time.

Built-ins and busybox applets modelled: ``echo printf sleep exit true false : date test [
hostname printenv env pwd cd export set trap seq expr uname``
(:mod:`~k8scourse.runtime.shell_builtins`), the file commands ``cat touch rm mkdir ls head tail
wc tee grep`` and ``>``/``>>``/``<`` redirections on the container's files — its own layer and the
mounted volumes (:mod:`~k8scourse.runtime.shell_files`) — and ``wget``/``curl`` through the pod's
network namespace (:mod:`~k8scourse.runtime.shell_net`). Other tools that touch the network or
packages (``nslookup ping nc apk apt-get pip …``) are not modelled: they succeed at once and leave
a note in ``notes``. Anything else, or a tool the image lacks, fails the way busybox does:
``sh: foo: not found``, status 127.

Deliberate differences: no word splitting or globbing after expansion; a pipeline runs its
commands one after the other, feeding each one's output to the next; ``&`` runs in the
foreground; a loop that never sleeps is throttled to one iteration per simulated second after
1000 iterations (and counts as one busy core); ``date`` prints the simulated time.

>>> sh = Shell(env={"HOME": "/root"}, now_unix_ms=lambda: 0)
>>> list(sh.run("i=0; while [ $i -lt 3 ]; do echo n=$i; i=$((i+1)); done; sleep 2; exit 4"))
[('out', 'n=0'), ('out', 'n=1'), ('out', 'n=2'), ('sleep', 2000)]
>>> sh.status
4
"""

from __future__ import annotations

from . import shell_parse as P
from .shell_builtins import Builtins, ShellExit, arith, parse_sleep  # noqa: F401 - re-exported
from .shell_files import FileCommands
from .shell_net import NetCommands

NOT_MODELLED = frozenset({"wget", "curl", "nslookup", "ping", "nc", "apk", "apt-get", "apt", "yum", "dnf",
                          "pip", "pip3", "chmod", "chown", "cp", "mv", "ln", "kill", "ps", "id", "whoami",
                          "dig", "host", "telnet", "ip", "ifconfig", "netstat", "dd", "sync", "mount",
                          "umount", "npm", "node", "git", "ssh", "scp", "tar", "gzip", "gunzip", "sed", "awk",
                          "sort", "uniq", "cut", "tr", "find", "xargs", "which", "stat", "df", "du", "free",
                          "top", "vi", "less", "more", "usleep", "nohup", "exec", "watch", "timeout"})
_BUSY_LIMIT = 1000


class Shell(Builtins, FileCommands, NetCommands):
    """One shell process: variables, the container's files, its pod's network, notes.

    ``files`` is a dict or a :class:`~k8scourse.runtime.filesystem.ContainerFS`; ``net`` the pod's
    network (``None`` outside a pod); ``clock_ms`` the simulated time of the step being run;
    ``absent`` the tools the image does not have (busybox: ``curl``).
    """

    def __init__(self, env: dict | None = None, now_unix_ms=lambda: 0, files: dict | None = None,
                 hostname: str = "localhost", name: str = "sh", net=None, clock_ms=None, absent=frozenset()):
        self.vars = dict(env or {})
        self.now_unix_ms = now_unix_ms        # simulated wall time of the step being run
        self.files = files if files is not None else {}   # path -> content (the program keeps it current)
        self.hostname = hostname
        self.name = name
        self.net = net
        self.clock_ms = clock_ms or (lambda: 0)
        self.absent = frozenset(absent)
        self.status = 0
        self.notes: list[str] = []
        self.stdin: list[str] | None = None

    def _sub(self, name: str) -> "Shell":
        return Shell(self.vars, self.now_unix_ms, self.files, self.hostname, name, self.net, self.clock_ms,
                     self.absent)

    # ------------------------------------------------------------------ entry points
    def run(self, script: str):
        """Generator of steps for a script; ``self.status`` holds the exit status afterwards."""
        try:
            tree = P.parse(script)
        except P.ParseError as exc:
            yield ("out", f"{self.name}: syntax error: {exc}")
            self.status = 2
            return
        yield from self._guarded(self.exec_node(tree))

    def run_argv(self, argv: list[str]):
        """Generator of steps for one command given as an argv (no parsing, no expansion)."""
        yield from self._guarded(self.command(list(argv)))

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
            for op, child in node[1]:
                if op == "&&" and status != 0 or op == "||" and status == 0:
                    continue
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
        _, assigns, words, redirects = node
        argv = []
        for w in words:
            argv.append((yield from self.expand(w)))
        for name, w in assigns:
            value = yield from self.expand(w)
            self.vars[name] = value
        if not argv:
            return 0
        outputs = []
        saved = self.stdin
        for op, target in redirects:
            path = yield from self.expand(target)
            if op != "<":
                outputs.append((op, path))
                continue
            yield from self._sync([path])
            text = self._read(path)
            if text is None:
                yield ("out", f"{self.name}: can't open '{path}': No such file or directory")
                return 1
            self.stdin = text.splitlines()
        try:
            if not outputs:
                return (yield from self.command(argv))
            op, path = outputs[-1]
            if op in (">", ">>") and path != "/dev/null" and self._read_only(path):
                yield ("out", f"{self.name}: can't create {path}: Read-only file system")
                return 1
            sink: list[str] = []
            status = yield from self._capture(self.command(argv), sink)
        finally:
            self.stdin = saved
        if path == "/dev/null":
            return status
        if op in (">", ">>"):
            text = "".join(line + "\n" for line in sink)
            yield ("fs", path, text, op == ">>")
        elif op in ("2>", "2>>", "&>"):
            for line in sink:
                yield ("out", line)
        return status

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
    def command(self, argv: list[str]):
        name, args = argv[0].rsplit("/", 1)[-1], argv[1:]
        if name in self.absent:
            yield ("out", f"{self.name}: {argv[0]}: not found")
            return 127
        handler = getattr(self, "c_" + name.replace("-", "_").replace("[", "test"), None)
        if name == "[":
            handler = self.c_test
            args = args[:-1] if args and args[-1] == "]" else args
        if handler is not None:
            return (yield from handler(args))
        if name in ("sh", "bash", "ash"):
            if len(args) >= 2 and args[0] == "-c":
                sub = self._sub(name)
                yield from sub.run(args[1])
                self.notes.extend(sub.notes)
                return sub.status
            return 0
        if name in NOT_MODELLED:
            self.notes.append(f"{name} is not modelled by the simulator: treated as succeeding at once")
            return 0
        yield ("out", f"{self.name}: {argv[0]}: not found")
        return 127
