"""The simulator's ``az`` command table: which commands it answers and what their handlers take.

A command module registers a handler ``fn(ctx, **values)`` for ``az <path>`` with :func:`command`,
listing the arguments it models as :class:`Arg` s — the option that names the real argument, the
handler's parameter, and the simulator's own help wording. Everything else about an argument
(its other option strings, whether it is required, its allowed values and default, where it
stands in the error messages) is the real CLI's, from :mod:`.reference`; parsing is
:mod:`.parser`'s. An argument the real command has but the handler does not model is refused with
a clear "not modelled" error, unless the command lists it as ``ignored`` (accepted, no effect in
the simulation — each with the reason in the module that registers it).

>>> cmd = REGISTRY.get("group show") or AzCommand("group show", lambda ctx, name: None,
...                                                (Arg(("--name", "-n"), "name"),))
>>> cmd.dest_map()["resource_group_name"]
'name'
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

from . import reference
from .errors import AzError  # noqa: F401 - re-exported for the command modules


@dataclass(frozen=True)
class Arg:
    """An argument a handler models: ``names[0]`` is one of the real argument's option strings."""
    names: tuple[str, ...]
    dest: str                             # the handler's parameter
    required: bool = False                # kept for readability of the declarations; the CLI's facts rule
    type: str = "str"
    choices: tuple[str, ...] = ()
    default: Any = None
    help: str = ""
    positional: bool = False


@dataclass
class AzCommand:
    path: str                            # "aks create"
    handler: Callable
    args: tuple[Arg, ...] = ()
    summary: str = ""
    long_running: bool = False           # prints the " - Running .." progress line
    ignored: frozenset[str] = frozenset()     # real destinations accepted without effect
    model: str | None = None             # the SDK model the real command returns (printed as the CLI prints it)
    extra: dict = field(default_factory=dict)

    @property
    def spec(self) -> reference.CommandSpec | None:
        return reference.spec(self.path)

    def dest_map(self) -> dict[str, str]:
        """Real argument destination → the handler's parameter, for every modelled argument."""
        spec = self.spec
        found: dict[str, str] = {}
        for a in self.args:
            real = None
            if spec is not None:
                real = next((r for r in spec.args if (a.positional and not r.options and r.dest == a.dest)
                             or (r.options and a.names[0] in r.options)), None)
            found[real.dest if real else a.dest] = a.dest
        return found

    def accepts_any(self) -> bool:
        """A handler taking ``**values`` gets every modelled argument by name."""
        return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in inspect.signature(self.handler).parameters.values())


REGISTRY: dict[str, AzCommand] = {}


def command(path: str, args: tuple[Arg, ...] = (), summary: str = "", long_running: bool = False,
            table: Callable | None = None, ignored: tuple[str, ...] = (), model: str | None = None):
    """Register a handler ``fn(ctx, **values) -> result`` for ``az <path>``. ``model`` names the SDK
    model the real command returns: the handler's ARM answer (or a list of them) is printed in its
    shape (:mod:`.models`); ``table`` transforms the result for ``-o table`` (the CLI's per-command
    table views). The examples the CLI shows are the real ones (:mod:`.reference`)."""
    def register(fn: Callable) -> Callable:
        extra = {"table_transformer": table} if table else {}
        REGISTRY[path] = AzCommand(path, fn, tuple(args), summary, long_running, frozenset(ignored), model, extra)
        return fn
    return register


GLOBAL_HELP = (
    ("--debug", "Increase logging verbosity to show all debug logs."),
    ("--help -h", "Show this help message and exit."),
    ("--only-show-errors", "Only show errors, suppressing warnings."),
    ("--output -o", "Output format."),
    ("--query", "JMESPath query string."),
    ("--subscription", "Name or ID of subscription."),
    ("--verbose", "Increase logging verbosity."),
)


def help_text(cmd: AzCommand) -> str:
    """``az <cmd> --help``: the command, the arguments the simulator models, the real examples
    (the simulator's own wording; the layout follows the CLI's)."""
    spec = cmd.spec
    by_dest = {real: own for real, own in cmd.dest_map().items()}
    own_help = {a.dest: a.help for a in cmd.args}
    rows = []
    for real in (spec.args if spec else ()):
        if real.dest not in by_dest:
            continue
        label = " ".join(real.options) if real.options else f"<{real.dest.upper()}>"
        extra = f"  Allowed values: {', '.join(real.choices)}." if real.choices and real.action != "ThreeStateAction" \
            else ""
        default = f"  Default: {real.default}." if real.default not in (None, False, [], (), "") else ""
        rows.append((not real.required, label, real.required, own_help.get(by_dest[real.dest], "") + extra + default))
    rows.sort(key=lambda r: (r[0], r[1]))
    width = max([len(label) + (11 if required else 0) for _, label, required, _ in rows] + [20])
    lines = ["", "Command", f"    az {cmd.path} : {cmd.summary}", "", "Arguments"]
    for _, label, required, text in rows:
        label = f"{label} [Required]" if required else label
        lines.append(f"    {label:<{width}} : {text}")
    lines += ["", "Global Arguments"] + [f"    {name:<{width}} : {text}" for name, text in GLOBAL_HELP]
    if spec and spec.examples:
        lines += ["", "Examples"]
        for command_line, description in spec.examples:
            lines += [f"    {description}", f"        {command_line}", ""]
    return "\n".join(lines) + "\n"
