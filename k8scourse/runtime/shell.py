"""A small, honest POSIX-shell subset: what busybox ``sh -c "…"`` does in the course's examples.

Containers in the kubernetes.io examples mostly run short shell scripts::

    touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done
    echo The app is running! && sleep 3600

This module parses such scripts (``;``, ``&&``, ``||``, ``|``, ``&`` taken as ``;``, newlines,
``while``/``until``/``for``/``if``, ``{ }``/``( )``, ``>``/``>>`` redirections, ``$VAR``,
``${VAR}``, ``$?``, ``$(cmd)``, ``$((arithmetic))``, single and double quotes) and runs them as a
*generator of steps* in simulated time: ``("out", line)``, ``("sleep", ms)``, ``("forever",)``,
``("fs", path, content_or_None, append)``, ``("cpu", millicores)``. The caller
(:class:`k8scourse.runtime.programs.ShellProgram`) stamps each step with its simulated time.

Built-ins and busybox applets modelled: ``echo printf sleep exit true false : date cat touch rm
mkdir ls test [ hostname printenv env pwd cd export set trap seq expr wc head tail tee grep
uname``. Tools that touch the network or packages (``wget curl nslookup ping nc apk apt-get pip
…``) are not modelled: they succeed at once and leave a note in ``notes``. Anything else fails
the way busybox does: ``sh: foo: not found``, status 127.

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

import ast
import datetime as _dt
import operator
import re

from . import shell_parse as P


class ShellExit(Exception):
    def __init__(self, code: int):
        self.code = code


NOT_MODELLED = frozenset({"wget", "curl", "nslookup", "ping", "nc", "apk", "apt-get", "apt", "yum", "dnf",
                          "pip", "pip3", "chmod", "chown", "cp", "mv", "ln", "kill", "ps", "id", "whoami",
                          "dig", "host", "telnet", "ip", "ifconfig", "netstat", "dd", "sync", "mount",
                          "umount", "npm", "node", "git", "ssh", "scp", "tar", "gzip", "gunzip", "sed", "awk",
                          "sort", "uniq", "cut", "tr", "find", "xargs", "which", "stat", "df", "du", "free",
                          "top", "vi", "less", "more", "usleep", "nohup", "exec", "watch", "timeout"})
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 1}
_BUSY_LIMIT = 1000
_ARITH_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.FloorDiv: operator.floordiv, ast.Div: operator.floordiv, ast.Mod: operator.mod,
              ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
              ast.Eq: operator.eq, ast.NotEq: operator.ne}


def arith(text: str, env: dict) -> int:
    """``$(( … ))``: integers, + - * / %, comparisons; bare names read variables (0 if unset).

    >>> arith("i + 1", {"i": "41"}), arith("$n*2", {"n": "3"}), arith("x", {})
    (42, 6, 0)
    """
    text = re.sub(r"\$\{?(\w+)\}?", lambda m: str(env.get(m.group(1), "0") or "0"), text)
    text = re.sub(r"[A-Za-z_]\w*", lambda m: str(env.get(m.group(0), "0") or "0"), text)
    text = text.replace("&&", " and ").replace("||", " or ")

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -ev(node.operand) if isinstance(node.op, ast.USub) else ev(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH_OPS:
            return _ARITH_OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _ARITH_OPS:
            return int(_ARITH_OPS[type(node.ops[0])](ev(node.left), ev(node.comparators[0])))
        raise ValueError("unsupported arithmetic")

    try:
        return int(ev(ast.parse(text.strip() or "0", mode="eval")))
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        raise ShellExit(2) from None


def parse_sleep(arg: str) -> int | None:
    """Milliseconds for ``sleep ARG`` (``infinity`` → None); ``ValueError`` when malformed."""
    if arg in ("infinity", "inf"):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", arg)
    if not m:
        raise ValueError(arg)
    return int(round(float(m.group(1)) * _SECONDS[m.group(2)] * 1000))


class Shell:
    """One shell process: variables, a file system shared with the container, notes."""

    def __init__(self, env: dict | None = None, now_unix_ms=lambda: 0, files: dict | None = None,
                 hostname: str = "localhost", name: str = "sh"):
        self.vars = dict(env or {})
        self.now_unix_ms = now_unix_ms        # simulated wall time of the step being run
        self.files = files if files is not None else {}   # path -> content (the program keeps it current)
        self.hostname = hostname
        self.name = name
        self.status = 0
        self.notes: list[str] = []
        self.stdin: list[str] | None = None

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
        if not redirects:
            return (yield from self.command(argv))
        sink: list[str] = []
        status = yield from self._capture(self.command(argv), sink)
        op, target = redirects[-1]
        path = yield from self.expand(target)
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
                sub = Shell(self.vars, self.now_unix_ms, self.files, self.hostname, self.name)
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
        handler = getattr(self, "c_" + name.replace("-", "_").replace("[", "test"), None)
        if name == "[":
            handler = self.c_test
            args = args[:-1] if args and args[-1] == "]" else args
        if handler is not None:
            return (yield from handler(args))
        if name in ("sh", "bash", "ash"):
            if len(args) >= 2 and args[0] == "-c":
                sub = Shell(self.vars, self.now_unix_ms, self.files, self.hostname, name)
                yield from sub.run(args[1])
                self.notes.extend(sub.notes)
                return sub.status
            return 0
        if name in NOT_MODELLED:
            self.notes.append(f"{name} is not modelled by the simulator: treated as succeeding at once")
            return 0
        yield ("out", f"{self.name}: {argv[0]}: not found")
        return 127

    def c_echo(self, args):
        newline_flags = {"-n", "-e", "-ne", "-en", "-E"}
        while args and args[0] in newline_flags:
            args = args[1:]
        text = " ".join(args)
        for line in text.replace("\\n", "\n").split("\n"):
            yield ("out", line)
        return 0

    def c_printf(self, args):
        if not args:
            return 1
        fmt, rest = args[0], list(args[1:])
        text = re.sub(r"%[sdi]", lambda m: rest.pop(0) if rest else "", fmt).replace("\\n", "\n")
        for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
            yield ("out", line)
        return 0

    def c_sleep(self, args):
        total = 0
        for a in args or ["?"]:
            try:
                ms = parse_sleep(a)
            except ValueError:
                yield ("out", f"sleep: invalid number '{a}'")
                return 1
            if ms is None:
                yield ("forever",)
                return 0
            total += ms
        if total:
            yield ("sleep", total)
        return 0

    def c_exit(self, args):
        code = int(args[0]) if args and args[0].lstrip("-").isdigit() else int(self.vars.get("?", 0) or 0)
        raise ShellExit(code & 0xFF)
        yield  # pragma: no cover

    def c_true(self, args):
        return 0
        yield  # pragma: no cover

    c__ = c_true
    c_set = c_trap = c_ulimit = c_umask = c_export = c_cd = c_wait = c_mkdir = c_local = c_true

    def c_false(self, args):
        return 1
        yield  # pragma: no cover

    def c_date(self, args):
        stamp = _dt.datetime.fromtimestamp(self.now_unix_ms() / 1000, tz=_dt.timezone.utc)
        fmt = next((a[1:] for a in args if a.startswith("+")), None)
        if fmt == "%s":
            yield ("out", str(self.now_unix_ms() // 1000))
        elif fmt:
            yield ("out", stamp.strftime(fmt))
        else:
            yield ("out", f"{stamp:%a %b} {stamp.day:2d} {stamp:%H:%M:%S} UTC {stamp:%Y}")
        return 0

    def c_cat(self, args):
        if not args:
            for line in self.stdin or []:
                yield ("out", line)
            return 0
        status = 0
        for path in args:
            if path in self.files:
                for line in self.files[path].splitlines():
                    yield ("out", line)
            elif path in ("/etc/hostname",):
                yield ("out", self.hostname)
            else:
                yield ("out", f"cat: can't open '{path}': No such file or directory")
                status = 1
        return status

    def c_touch(self, args):
        for path in (a for a in args if not a.startswith("-")):
            if path not in self.files:
                yield ("fs", path, "", True)
        return 0

    def c_rm(self, args):
        force = any(a.startswith("-") and "f" in a for a in args)
        status = 0
        for path in (a for a in args if not a.startswith("-")):
            if path in self.files:
                yield ("fs", path, None, False)
            elif not force:
                yield ("out", f"rm: can't remove '{path}': No such file or directory")
                status = 1
        return status

    def c_ls(self, args):
        paths = [a for a in args if not a.startswith("-")] or ["."]
        for path in paths:
            if path in self.files:
                yield ("out", path)
                continue
            prefix = path.rstrip("/") + "/"
            for f in sorted(self.files):
                if f.startswith(prefix):
                    yield ("out", f[len(prefix):].split("/", 1)[0])
        return 0

    def c_test(self, args):
        negate = bool(args) and args[0] == "!"
        args = args[1:] if negate else args
        result = _test(args, self.files)
        return int(result == negate)
        yield  # pragma: no cover

    def c_hostname(self, args):
        yield ("out", self.hostname)
        return 0

    def c_printenv(self, args):
        if args:
            if args[0] not in self.vars:
                return 1
            yield ("out", self.vars[args[0]])
            return 0
        for k in sorted(self.vars):
            if k != "?" and k.replace("_", "").isalnum():
                yield ("out", f"{k}={self.vars[k]}")
        return 0

    c_env = c_printenv

    def c_pwd(self, args):
        yield ("out", "/")
        return 0

    def c_seq(self, args):
        nums = [int(a) for a in args if a.lstrip("-").isdigit()]
        start, end = (1, nums[0]) if len(nums) == 1 else (nums[0], nums[-1]) if nums else (1, 0)
        for i in range(start, end + 1):
            yield ("out", str(i))
        return 0

    def c_expr(self, args):
        value = arith(" ".join(args).replace("\\*", "*"), self.vars)
        yield ("out", str(value))
        return int(value == 0)

    def c_wc(self, args):
        yield ("out", str(len(self.stdin or [])))
        return 0

    def c_head(self, args):
        n = int(args[args.index("-n") + 1]) if "-n" in args[:-1] else 10
        for line in (self.stdin or [])[:n]:
            yield ("out", line)
        return 0

    def c_tail(self, args):
        if "-f" in args:
            yield ("forever",)
            return 0
        n = int(args[args.index("-n") + 1]) if "-n" in args[:-1] else 10
        for line in (self.stdin or [])[-n:]:
            yield ("out", line)
        return 0

    def c_tee(self, args):
        text = "".join(line + "\n" for line in self.stdin or [])
        for path in (a for a in args if not a.startswith("-")):
            yield ("fs", path, text, "-a" in args)
        for line in self.stdin or []:
            yield ("out", line)
        return 0

    def c_grep(self, args):
        words = [a for a in args if not a.startswith("-")]
        found = [line for line in self.stdin or [] if words and words[0] in line]
        for line in found:
            yield ("out", line)
        return 0 if found else 1

    def c_uname(self, args):
        yield ("out", "Linux" if not args else f"Linux {self.hostname} 5.15.0-1079-azure #88-Ubuntu SMP x86_64 GNU/Linux")
        return 0


def _test(args: list[str], files: dict) -> bool:
    if not args:
        return False
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        op, x = args
        return {"-z": x == "", "-n": x != "", "-f": x in files, "-e": x in files or any(
            f.startswith(x.rstrip("/") + "/") for f in files), "-d": any(f.startswith(x.rstrip("/") + "/")
                                                                           for f in files),
            "-s": bool(files.get(x))}.get(op, False)
    a, op, b = args[0], args[1], args[2]
    if op in ("=", "=="):
        return a == b
    if op == "!=":
        return a != b
    try:
        x, y = int(a), int(b)
    except ValueError:
        return False
    return {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y}.get(op, False)
