"""What the real Azure CLI knows about the commands the simulator answers, as recorded facts.

``data/reference.json`` is written by ``scripts/az_reference.py`` from an installed Azure CLI
(the version is :data:`VERSION`): for each command, its arguments in the order the CLI's argument
parser holds them (option strings, destination, argparse action, ``nargs``, required or not,
allowed values in declaration order, value type, default, the warning printed when a preview or
deprecated argument is used) and the examples of its help; for each command group the course
touches, the names of all its real commands (what "Did you mean" suggestions are drawn from), and
the top-level names.

>>> spec("aks scale").arg("--node-count").dest
'node_count'
>>> [a.display for a in spec("aks scale").args if a.required]
['--resource-group/-g', '--name/-n', '--node-count/-c']
>>> "aks nodepool add" in names("aks")
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class ArgSpec:
    options: tuple[str, ...]          # ("--resource-group", "-g"); empty for a positional argument
    dest: str
    action: str                       # the argparse action class the CLI uses ("_StoreAction", "DefaultAction" …)
    nargs: int | str | None
    required: bool
    choices: tuple[str, ...] | None   # in declaration order
    case_insensitive: bool            # choices matched case-insensitively (the CLI's enum arguments)
    type: str | None                  # the value type's name ("int", "float", "jmespath_type" …)
    default: object
    const: object
    warning: str | None               # printed (after "WARNING: ") when the argument is used

    @property
    def display(self) -> str:
        """The name argparse gives the argument in its errors (``--name/-n``, ``<SOURCE_LOCATION>``)."""
        return "/".join(self.options) if self.options else f"<{self.dest.upper()}>"

    @property
    def is_global(self) -> bool:
        """The CLI's own arguments (``--output``, ``--query``, ``--subscription``, ``--debug`` …)."""
        return self.dest.startswith("_") or self.dest == "help"


@dataclass(frozen=True)
class CommandSpec:
    name: str
    args: tuple[ArgSpec, ...]
    examples: tuple[tuple[str, str], ...]     # (command line, description), in the help's order
    warnings: str                             # what the CLI prints for the command itself before it runs
    confirmation: bool = False                # the CLI asks "Are you sure…?" unless --yes
    ids: dict | None = None                   # what --ids stands for: {"required": [[dest, option]…], …}

    def arg(self, option_or_dest: str) -> ArgSpec | None:
        return next((a for a in self.args if option_or_dest in a.options or a.dest == option_or_dest), None)


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files(__package__).joinpath("data", "reference.json").read_text(encoding="utf-8")
    return json.loads(text)


def _arg(row: list) -> ArgSpec:
    options, dest, action, nargs, required, choices, ci, type_, default, const, warning = row
    return ArgSpec(tuple(options), dest, action, nargs, bool(required), tuple(choices) if choices is not None else None,
                   bool(ci), type_, default, const, warning)


@lru_cache(maxsize=None)
def spec(name: str) -> CommandSpec | None:
    """The recorded facts of ``az <name>``, or None for a command that was not recorded."""
    raw = _data()["commands"].get(name)
    if raw is None:
        return None
    return CommandSpec(name, tuple(_arg(r) for r in raw["args"]), tuple((c, d) for c, d in raw["examples"]),
                       raw.get("warnings", ""), bool(raw.get("confirmation")), raw.get("ids"))


def names(top: str) -> list[str]:
    """The real command names under a top-level word (``"aks"``), or every top-level word for ``""``."""
    return list(_data()["names"].get(top, ()))


def recorded_groups() -> tuple[str, ...]:
    """The top-level words whose command names were recorded."""
    return tuple(k for k in _data()["names"] if k)


VERSION = "2.91.0"      # the Azure CLI the facts were recorded from (``azure_cli_version`` in the data)
