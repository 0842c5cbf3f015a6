"""The Azure CLI's command machinery: command paths, arguments, errors and examples.

Models how ``az`` (knack on argparse) reads a command line: the longest known command path
(``aks nodepool add``), then its arguments — ``--name value``, ``--name=value``, short ``-n value``,
flags without a value, list arguments that take every value up to the next option. Argument errors
are argparse's, prefixed the Azure CLI way and followed by examples from the command's help (exit
code 2)::

    ERROR: the following arguments are required: --resource-group/-g, --name/-n

    Examples from command's help:
    az aks create -g MyResourceGroup -n MyManagedCluster
    Create a kubernetes cluster with default kubernetes version, …

    https://aka.ms/cli_ref
    Read more about the command in reference docs

The real CLI picks examples that mention the offending argument; so does this one, taking them in
help order (a deterministic choice where the CLI's own may vary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ...errors import K8sCourseError


class AzError(K8sCourseError):
    """An error the Azure CLI prints as ``ERROR: <message>``; ``exit_code`` as the CLI's."""

    def __init__(self, message: str, exit_code: int = 1, examples_for: str | None = None):
        super().__init__(message)
        self.exit_code = exit_code
        self.examples_for = examples_for     # an argument name to choose examples by, or "" for any


@dataclass(frozen=True)
class Arg:
    names: tuple[str, ...]               # ("--resource-group", "-g") — the first is the canonical
    dest: str
    required: bool = False
    type: str = "str"                    # str, int, float, flag, list
    choices: tuple[str, ...] = ()
    default: Any = None
    help: str = ""
    positional: bool = False             # e.g. the SOURCE_LOCATION of `az acr build … .`

    @property
    def display(self) -> str:
        """``--resource-group/-g`` as argparse names it in errors."""
        return "/".join(self.names)


@dataclass(frozen=True)
class Example:
    command: str
    summary: str


@dataclass
class AzCommand:
    path: str                            # "aks create"
    handler: Callable
    args: tuple[Arg, ...] = ()
    summary: str = ""
    examples: tuple[Example, ...] = ()
    long_running: bool = False           # prints the " - Running .." progress line
    extra: dict = field(default_factory=dict)


GLOBAL_ARGS = (
    Arg(("--output", "-o"), "output", choices=("json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"),
        default="json", help="Output format."),
    Arg(("--query",), "query", help="JMESPath query string."),
    Arg(("--subscription",), "subscription", help="Name or ID of subscription."),
    Arg(("--only-show-errors",), "only_show_errors", type="flag", help="Only show errors, suppressing warnings."),
    Arg(("--verbose",), "verbose", type="flag", help="Increase logging verbosity."),
    Arg(("--debug",), "debug", type="flag", help="Increase logging verbosity to show all debug logs."),
    Arg(("--help", "-h"), "help", type="flag", help="Show this help message and exit."),
)

REGISTRY: dict[str, AzCommand] = {}


def command(path: str, args: tuple[Arg, ...] = (), summary: str = "", examples: tuple[Example, ...] = (),
            long_running: bool = False, table: Callable | None = None):
    """Register a handler ``fn(ctx, **values) -> result`` for ``az <path>``; ``table`` transforms
    the result for ``-o table`` (the CLI's per-command table views)."""
    def register(fn: Callable) -> Callable:
        extra = {"table_transformer": table} if table else {}
        REGISTRY[path] = AzCommand(path, fn, tuple(args), summary, tuple(examples), long_running, extra)
        return fn
    return register


def find_command(words: list[str]) -> tuple[AzCommand | None, list[str], str]:
    """The longest registered path at the start of ``words``; (command, rest, path typed so far)."""
    positional = []
    for w in words:
        if w.startswith("-"):
            break
        positional.append(w)
    for n in range(len(positional), 0, -1):
        path = " ".join(positional[:n])
        if path in REGISTRY:
            return REGISTRY[path], words[n:], path
    return None, words, " ".join(positional)


def _convert(arg: Arg, raw: str, cmd: AzCommand):
    if arg.type == "int":
        try:
            return int(raw)
        except ValueError:
            raise AzError(f"argument {arg.display}: invalid int value: '{raw}'", 2, arg.names[0]) from None
    if arg.type == "float":
        try:
            return float(raw)
        except ValueError:
            raise AzError(f"argument {arg.display}: invalid float value: '{raw}'", 2, arg.names[0]) from None
    if arg.choices:
        match = next((c for c in arg.choices if c.lower() == raw.lower()), None)
        if match is None:
            allowed = ", ".join(arg.choices)
            raise AzError(f"az {cmd.path}: '{raw}' is not a valid value for '{arg.names[0]}'. "
                          f"Allowed values: {allowed}.", 2, arg.names[0])
        return match
    return raw


def parse_args(cmd: AzCommand, words: list[str]) -> dict:
    """Values by ``dest`` for every argument of ``cmd`` (and the global ones)."""
    args = list(cmd.args) + list(GLOBAL_ARGS)
    by_name = {name: a for a in args for name in a.names}
    values: dict[str, Any] = {a.dest: (list(a.default) if isinstance(a.default, (list, tuple)) and a.type == "list"
                                       else (False if a.type == "flag" and a.default is None else a.default))
                              for a in args}
    seen: set[str] = set()
    unknown: list[str] = []
    positionals = [a for a in cmd.args if a.positional]
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        arg = None if any(name == p for a in positionals for p in a.names) else by_name.get(name)
        if arg is None:
            free = [a for a in positionals if a.dest not in seen]
            if free and not word.startswith("-"):
                values[free[0].dest] = word
                seen.add(free[0].dest)
            else:
                unknown.append(word)
            continue
        seen.add(arg.dest)
        if arg.type == "flag":
            values[arg.dest] = True if not eq else inline.lower() in ("true", "1", "yes")
            continue
        if arg.type == "list":
            items = [inline] if eq else []
            while not eq and i < len(words) and not (words[i].startswith("-") and len(words[i]) > 1
                                                      and not words[i][1:2].isdigit()):
                items.append(words[i])
                i += 1
            if not items:
                raise AzError(f"argument {arg.display}: expected at least one argument", 2, arg.names[0])
            values[arg.dest] = items
            continue
        if eq:
            raw = inline
        elif i < len(words):
            raw = words[i]
            i += 1
        else:
            raise AzError(f"argument {arg.display}: expected one argument", 2, arg.names[0])
        values[arg.dest] = _convert(arg, raw, cmd)
    if values.get("help"):
        return values
    if unknown:
        raise AzError(f"unrecognized arguments: {' '.join(unknown)}", 2, "")
    missing = [a.display for a in cmd.args if a.required and a.dest not in seen]
    if missing:
        raise AzError(f"the following arguments are required: {', '.join(missing)}", 2, "")
    return values


def examples_text(cmd: AzCommand, about: str | None) -> str:
    """The "Examples from command's help" block the CLI adds to argument errors."""
    chosen = [e for e in cmd.examples if about and about in e.command.split()] if about else []
    if not chosen:
        chosen = list(cmd.examples)
    chosen = chosen[:3]
    text = "\nExamples from command's help:\n"
    for e in chosen:
        text += f"{e.command}\n{e.summary}\n\n"
    return text + "https://aka.ms/cli_ref\nRead more about the command in reference docs\n"


def help_text(cmd: AzCommand) -> str:
    """``az <cmd> --help``: the command, its arguments and examples (the simulator's own wording)."""
    lines = ["", "Command", f"    az {cmd.path} : {cmd.summary}", "", "Arguments"]
    ordered = sorted(cmd.args, key=lambda a: (not a.required, a.names[0]))
    width = max([len(" ".join(a.names)) + (11 if a.required else 0) for a in ordered] + [20])
    for a in ordered:
        label = " ".join(a.names)
        label = f"{label} [Required]" if a.required else label
        extra = f"  Allowed values: {', '.join(a.choices)}." if a.choices else ""
        default = f"  Default: {a.default}." if a.default not in (None, False, [], ()) else ""
        lines.append(f"    {label:<{width}} : {a.help}{extra}{default}")
    lines += ["", "Global Arguments"]
    for a in GLOBAL_ARGS:
        lines.append(f"    {' '.join(a.names):<{width}} : {a.help}")
    if cmd.examples:
        lines += ["", "Examples"]
        for e in cmd.examples:
            lines += [f"    {e.summary}", f"        {e.command}", ""]
    return "\n".join(lines) + "\n"
