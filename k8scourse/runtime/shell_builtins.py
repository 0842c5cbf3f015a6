"""The shell's built-ins and busybox applets that touch neither files nor the network.

``echo printf sleep exit true false : date test [ hostname printenv env pwd seq expr uname`` (and
``set trap ulimit umask export cd wait local``, accepted and ignored), plus the ``$(( … ))``
arithmetic and ``sleep``'s duration grammar. Mixed into :class:`k8scourse.runtime.shell.Shell`.

>>> arith("i + 1", {"i": "41"}), arith("$n*2", {"n": "3"}), arith("x", {})
(42, 6, 0)
>>> parse_sleep("1.5"), parse_sleep("2m"), parse_sleep("infinity")
(1500, 120000, None)
"""

from __future__ import annotations

import ast
import datetime as _dt
import operator
import re

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 1}
_ARITH_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.FloorDiv: operator.floordiv, ast.Div: operator.floordiv, ast.Mod: operator.mod,
              ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
              ast.Eq: operator.eq, ast.NotEq: operator.ne}


class ShellExit(Exception):
    def __init__(self, code: int):
        self.code = code


def arith(text: str, env: dict) -> int:
    """``$(( … ))``: integers, + - * / %, comparisons; bare names read variables (0 if unset)."""
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


class Builtins:
    """Commands of :class:`~k8scourse.runtime.shell.Shell` without side effects outside the shell."""

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
                if getattr(self, "coreutils", False):
                    yield ("err", f"sleep: invalid time interval '{a}'")
                    yield ("err", "Try 'sleep --help' for more information.")
                    return 1
                if getattr(self, "in_script", False):       # BusyBox runs sleep inside the shell: it dies
                    yield ("err", f"{self.name}: invalid number '{a}'")
                    raise ShellExit(1)
                yield ("err", f"sleep: invalid number '{a}'")
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
    c_set = c_trap = c_ulimit = c_umask = c_export = c_cd = c_wait = c_local = c_true

    def c_false(self, args):
        return 1
        yield  # pragma: no cover

    def c_date(self, args):
        stamp = _dt.datetime.fromtimestamp(self.now_unix_ms() / 1000, tz=_dt.timezone.utc)
        fmt = next((a[1:] for a in args if a.startswith("+")), None)
        if fmt == "%s":
            yield ("out", str(self.now_unix_ms() // 1000))
        elif "-R" in args or "--rfc-email" in args:
            yield ("out", stamp.strftime("%a, %d %b %Y %H:%M:%S +0000"))
        elif fmt:
            yield ("out", stamp.strftime(fmt))
        else:
            yield ("out", f"{stamp:%a %b} {stamp.day:2d} {stamp:%H:%M:%S} UTC {stamp:%Y}")
        return 0

    def c_test(self, args):
        negate = bool(args) and args[0] == "!"
        args = args[1:] if negate else args
        if len(args) == 2 and args[0] in ("-f", "-e", "-d", "-s"):
            yield from self._sync([args[1]])
        result = self._test(args)
        return int(result == negate)

    def _test(self, args: list[str]) -> bool:
        if not args:
            return False
        if len(args) == 1:
            return args[0] != ""
        if len(args) == 2:
            op, x = args
            if op in ("-f", "-e", "-d", "-s"):
                is_file, is_dir = self._exists(x), self._isdir(x)
                return {"-f": is_file, "-e": is_file or is_dir, "-d": is_dir,
                        "-s": bool(is_file and self._read(x))}[op]
            return {"-z": x == "", "-n": x != ""}.get(op, False)
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

    def c_uname(self, args):
        yield ("out", "Linux" if not args else f"Linux {self.hostname} 5.15.0-1079-azure #88-Ubuntu SMP x86_64 GNU/Linux")
        return 0
