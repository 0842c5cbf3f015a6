"""Extract the facts the ``az`` front end needs from an installed Azure CLI (run with *its* Python).

    python3 -m venv /tmp/azcli && /tmp/azcli/bin/pip install azure-cli==2.91.0
    HOME=$(mktemp -d) /tmp/azcli/bin/python scripts/az_reference.py k8scourse/cli/az/data/reference.json

For every command the simulator answers (``COMMANDS``) it asks the real CLI to build its argument
parser exactly as ``az <command> …`` would (parsing is intercepted before anything runs) and writes
down, in the parser's own order: each argument's option strings, destination, ``nargs``, whether it
is required, its allowed values, the kind of value it takes, its default, and the examples of the
command's help (what the CLI's recommender chooses from). It also lists the real command names
under each command group the course touches, which the CLI's "misspelled" suggestions are drawn
from. Facts only: no code of the Azure CLI is carried over.
"""

from __future__ import annotations

import io
import json
import os
import sys

COMMANDS = (
    ["login", "logout", "vm list"]
    + [f"account {v}" for v in ("show", "list", "set", "list-locations")]
    + [f"group {v}" for v in ("create", "list", "show", "exists", "delete")]
    + [f"aks {v}" for v in ("create", "show", "list", "delete", "get-credentials", "install-cli", "get-versions",
                            "get-upgrades", "upgrade", "scale", "stop", "start", "update", "enable-addons",
                            "disable-addons", "browse")]
    + [f"aks nodepool {v}" for v in ("add", "list", "show", "scale", "delete", "upgrade")]
    + [f"acr {v}" for v in ("create", "list", "show", "check-name", "update", "delete", "login", "show-usage",
                            "import", "build")]
    + ["acr credential show", "acr replication create", "acr replication list"]
    + [f"acr repository {v}" for v in ("list", "show-tags", "show", "delete")]
    + [f"container {v}" for v in ("create", "show", "list", "logs", "exec", "attach", "restart", "stop", "start",
                                  "delete")]
)

# Groups whose real command names are recorded for the "Did you mean" suggestions ("" = top level).
NAME_GROUPS = ("aks", "acr", "container", "group", "account", "vm", "login", "logout")


def _type(action) -> str | None:
    t = action.type
    if t is None:
        return None
    name = getattr(t, "__name__", type(t).__name__)
    return name


def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except TypeError:
        return repr(value)


def _tag_message(tag) -> str | None:
    return None if tag is None else tag._get_message(tag)


def _action(a, home: str) -> list:
    """One argument: [options, dest, action class (its standard base for wrapped ones), nargs, required,
    choices, case-insensitive choices, value type, default, const, warning when used]."""
    choices = list(a.choices) if a.choices is not None else None
    kind = type(a).__name__
    if kind in ("PreviewArgumentAction", "DeprecatedArgumentAction", "DeprecatedOptionAction"):
        kind = next(c.__name__ for c in type(a).__mro__[1:] if c.__name__ not in (
            "PreviewArgumentAction", "DeprecatedArgumentAction", "DeprecatedOptionAction"))
    default = a.default
    if isinstance(default, float) and default != default:           # NaN
        default = None
    if isinstance(default, str):
        default = default.replace(home, "/home/student")
    warning = next((m for m in (_tag_message(getattr(a, n, None)) for n in
                                ("deprecate_info", "preview_info", "experimental_info")) if m), None)
    return [list(a.option_strings), a.dest, kind, a.nargs, bool(a.required),
            [str(c) for c in choices] if choices is not None else None,
            type(a.choices).__name__ == "CaseInsensitiveList", _type(a), _jsonable(default), _jsonable(a.const),
            warning]


def _command_warnings(cli, parser) -> str:
    """What the CLI prints for the command itself (deprecation, preview) before running it."""
    import argparse
    import contextlib
    metadata = parser._defaults["_cmd"]
    namespace = argparse.Namespace(func=metadata)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        cli.invocation._resolve_preview_and_deprecation_warnings(metadata, namespace)
    return err.getvalue()


def _ids_metadata(cli) -> dict:
    """The CLI's record of which arguments ``--ids`` stands for (kept by its post-parse handler)."""
    from knack.events import EVENT_INVOKER_POST_PARSE_ARGS
    for handler in cli._event_handlers[EVENT_INVOKER_POST_PARSE_ARGS]:
        if handler.__name__ == "parse_ids_arguments":
            cells = [c.cell_contents for c in handler.__closure__ or ()]
            return next(c for c in cells if isinstance(c, dict))
    return {}


def _ids(cli, command: str, parser) -> dict | None:
    """For a command with ``--ids``: the arguments a resource ID stands for, required ones (in the
    CLI's order, by their first option) and optional ones, and the part of the ID each one is."""
    found = _ids_metadata(cli).get(command)
    if not found or not any(a.dest in ("ids", "_ids") for a in parser._actions):
        return None
    arguments = parser._defaults["_cmd"].arguments
    options = {name: arguments[name].type.settings["options_list"][0]
               for name in found["required"] + found["optional"]}
    return {"required": [[n, options[n]] for n in found["required"]],
            "optional": [[n, options[n]] for n in found["optional"]],
            "parts": {n: arguments[n].type.settings.get("id_part") for n in found["required"] + found["optional"]}}


class _Captured(Exception):
    """Stops the real CLI once it has built its parser."""


def _invoke(cli, args: list[str]) -> None:
    try:
        cli.invoke(args, out_file=io.StringIO())
    except (_Captured, SystemExit):
        pass


def main() -> None:
    from azure.cli.core import get_default_cli
    import azure.cli.core.parser as parser_module
    from azure.cli.core.commands import AzCliCommandInvoker

    captured: dict = {}
    real_rudimentary = AzCliCommandInvoker._rudimentary_get_command

    def rudimentary(self, args):
        names = list(self.commands_loader.command_table)       # the table may be loaded twice: keep the fuller
        if len(names) >= len(captured.get("names", [])):
            captured["names"] = names
        return real_rudimentary(self, args)

    def parse_args(self, args=None, namespace=None):
        captured["parser"] = self
        raise _Captured()

    AzCliCommandInvoker._rudimentary_get_command = rudimentary
    parser_module.AzCliCommandParser.parse_args = parse_args
    cli = get_default_cli()
    out: dict = {"commands": {}, "names": {}}
    for command in COMMANDS:
        captured.clear()
        _invoke(cli, command.split())
        root = captured["parser"]
        parser = root.subparser_map[command]
        examples = cli.invocation.help.get_examples("az " + command, parser, False)
        out["commands"][command] = {
            "args": [_action(a, os.environ["HOME"]) for a in parser._actions],
            "examples": [[e["command"], e["description"]] for e in examples],
            "warnings": _command_warnings(cli, parser),
            "confirmation": bool(parser._defaults["_cmd"].confirmation),
            "ids": _ids(cli, command, parser),
        }
    for group in NAME_GROUPS:
        captured.clear()
        _invoke(cli, [group, "--zz-no-such-option"])
        out["names"][group] = [n for n in captured["names"] if n == group or n.startswith(group + " ")]
    # The top level: every command group and command the CLI knows (its command index, built on first use).
    index_file = os.path.join(os.environ["HOME"], ".azure", "commandIndex.json")
    with open(index_file, encoding="utf-8-sig") as f:
        out["names"][""] = sorted(json.load(f)["commandIndex"])
    from azure.cli.core import __version__
    out["azure_cli_version"] = __version__
    with open(sys.argv[1], "w", encoding="utf-8") as f:     # the CLI takes over sys.stdout
        # one line per command, so that a new CLI version reads as a diff
        f.write('{"azure_cli_version": %s,\n "names": %s,\n "commands": {\n' % (
            json.dumps(out["azure_cli_version"]), json.dumps(out["names"], separators=(",", ":"))))
        items = list(out["commands"].items())
        for i, (name, spec) in enumerate(items):
            f.write("  %s: %s%s\n" % (json.dumps(name), json.dumps(spec, separators=(",", ":")),
                                     "," if i < len(items) - 1 else ""))
        f.write(" }\n}\n")


if __name__ == "__main__":
    if "HOME" not in os.environ:
        raise SystemExit("run with a throwaway HOME")
    main()
