"""Command-line flags the way kubectl parses them (spf13/pflag conventions).

``--name=value``, ``--name value``, ``-n value``, ``-nvalue``; boolean flags take no value unless
written ``--flag=false``; repeated string-array flags accumulate; ``--`` ends the flags; flags may
stand anywhere among the positional arguments. Errors use pflag's wording, which kubectl prints
after ``error: `` together with ``See 'kubectl <cmd> --help' for usage.``

>>> spec = FlagSet([Flag("namespace", "n", "string", ""), Flag("all", "", "bool", False)])
>>> spec.parse(["get", "-n", "dev", "pods", "--all"])
(['get', 'pods'], {'namespace': 'dev', 'all': True})
>>> spec.parse(["--foo"])
Traceback (most recent call last):
...
k8scourse.cli.flags.FlagError: unknown flag: --foo
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import K8sCourseError


_DURATION_UNITS = ("ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h")


def go_duration_error(text: str) -> str:
    """What Go's ``time.ParseDuration`` says of ``text`` ("" when it parses).

    >>> go_duration_error("1m30s"), go_duration_error("5"), go_duration_error("5x"), go_duration_error("abc")
    ('', 'time: missing unit in duration "5"', 'time: unknown unit "x" in duration "5x"', 'time: invalid duration "abc"')
    """
    invalid = f'time: invalid duration "{text}"'
    rest = text[1:] if text[:1] in ("+", "-") else text
    if rest == "0":
        return ""
    if not rest:
        return invalid
    while rest:
        if not (rest[0] == "." or rest[0].isdigit()):
            return invalid
        i = 0
        while i < len(rest) and rest[i].isdigit():
            i += 1
        digits = i
        if i < len(rest) and rest[i] == ".":
            i += 1
            while i < len(rest) and rest[i].isdigit():
                i += 1
            digits += i - digits - 1
        if digits == 0:
            return invalid
        rest = rest[i:]
        j = 0
        while j < len(rest) and rest[j] != "." and not rest[j].isdigit():
            j += 1
        unit, rest = rest[:j], rest[j:]
        if not unit:
            return f'time: missing unit in duration "{text}"'
        if unit not in _DURATION_UNITS:
            return f'time: unknown unit "{unit}" in duration "{text}"'
    return ""


class FlagError(K8sCourseError):
    """A usage error; the message is pflag's text without the ``error: `` prefix."""


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    type: str = "string"        # string, bool, int, stringArray, stringSlice
    default: Any = None
    help: str = ""
    # For bool flags kubectl also accepts `--flag=value`; for string flags with NoOptDefVal (like
    # --dry-run) a bare `--flag` means this value.
    no_value: Any = None


class FlagSet:
    def __init__(self, flags: list[Flag]):
        self.flags = {f.name: f for f in flags}
        self.shorts = {f.short: f for f in flags if f.short}

    def add(self, *flags: Flag) -> "FlagSet":
        return FlagSet(list(self.flags.values()) + list(flags))

    def defaults(self) -> dict:
        values = {}
        for f in self.flags.values():
            if f.type in ("stringArray", "stringSlice"):
                values[f.name] = list(f.default or [])
            else:
                values[f.name] = f.default
        return values

    def _set(self, values: dict, flag: Flag, raw: str, shown: str) -> None:
        if flag.type == "bool":
            lowered = raw.lower()
            if lowered in ("true", "1", "t"):
                values[flag.name] = True
            elif lowered in ("false", "0", "f"):
                values[flag.name] = False
            else:
                raise FlagError(f'invalid argument "{raw}" for "{shown}" flag: '
                                f'strconv.ParseBool: parsing "{raw}": invalid syntax')
        elif flag.type == "int":
            try:
                values[flag.name] = int(raw, 10)
            except ValueError:
                raise FlagError(f'invalid argument "{raw}" for "{shown}" flag: '
                                f'strconv.ParseInt: parsing "{raw}": invalid syntax') from None
        elif flag.type == "duration":
            problem = go_duration_error(raw)
            if problem:
                raise FlagError(f'invalid argument "{raw}" for "{shown}" flag: {problem}')
            values[flag.name] = raw
        elif flag.type == "stringArray":
            values[flag.name].append(raw)
        elif flag.type == "stringSlice":
            values[flag.name].extend(part for part in raw.split(",") if part != "" or raw == "")
        else:
            values[flag.name] = raw

    def parse(self, args: list[str]) -> tuple[list[str], dict]:
        values = self.defaults()
        positional: list[str] = []
        self.args_len_at_dash = -1      # cobra's ArgsLenAtDash: positional arguments before "--"
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                self.args_len_at_dash = len(positional)
                positional.extend(args[i:])
                break
            if arg.startswith("--") and len(arg) > 2:
                name, eq, raw = arg[2:].partition("=")
                flag = self.flags.get(name)
                if flag is None:
                    raise FlagError(f"unknown flag: --{name}")
                shown = f"--{name}"
                if eq:
                    self._set(values, flag, raw, shown)
                elif flag.type == "bool":
                    values[flag.name] = True
                elif flag.no_value is not None:
                    values[flag.name] = flag.no_value
                elif i < len(args):
                    self._set(values, flag, args[i], shown)
                    i += 1
                else:
                    raise FlagError(f"flag needs an argument: --{name}")
            elif arg.startswith("-") and len(arg) > 1 and arg != "-":
                shorts = arg[1:]
                j = 0
                while j < len(shorts):
                    letter = shorts[j]
                    flag = self.shorts.get(letter)
                    if flag is None:
                        raise FlagError(f"unknown shorthand flag: '{letter}' in {arg}")
                    shown = f"-{letter}, --{flag.name}"
                    rest = shorts[j + 1:]
                    if flag.type == "bool":
                        if rest.startswith("="):
                            self._set(values, flag, rest[1:], shown)
                            break
                        values[flag.name] = True
                        j += 1
                        continue
                    if rest:
                        self._set(values, flag, rest[1:] if rest.startswith("=") else rest, shown)
                    elif flag.no_value is not None:
                        values[flag.name] = flag.no_value
                    elif i < len(args):
                        self._set(values, flag, args[i], shown)
                        i += 1
                    else:
                        raise FlagError(f"flag needs an argument: '{letter}' in -{letter}")
                    break
            else:
                positional.append(arg)
        return positional, values
