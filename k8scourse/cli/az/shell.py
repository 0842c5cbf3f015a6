"""One ``az`` command line, start to end: parse, warn, run the command, print its result or error.

The order is the CLI's: the argument parser (:mod:`.parser`; its errors exit 2), the warnings of
preview and deprecated arguments, the command (client-side checks raise :class:`.errors.AzError`,
exit 1; the simulated cloud's ARM errors print as ``(Code) Message`` plus ``Code:`` and
``Message:`` lines, exit 3 for a 404 and 1 otherwise), then the result in the ``--output`` format
after ``--query``. Never a Python traceback.

>>> from k8scourse.cloud import Azure
>>> r = Azure(seed=0)("group show -n nope", echo=False)
>>> print(r.stderr, end=""); r.exit_code
ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.
Code: ResourceGroupNotFound
Message: Resource group 'nope' could not be found.
3
"""

from __future__ import annotations

import logging
import shlex
from dataclasses import dataclass, field

from ...cloud.errors import ARMError, CloudError
from ...i18n import t
from ...result import Output
from . import parser, reference
from .errors import AzError, arm_error_text, arm_exit_code
from .framework import REGISTRY, AzCommand, help_text
from .models import add_resource_group, render
from .output import format_output

log = logging.getLogger(__name__)

# The CLI's own arguments, by their destination, as the handlers' context names them.
_GLOBALS = {"_output_format": "output", "_jmespath_query": "query", "_subscription": "subscription",
            "_log_verbosity_only_show_errors": "only_show_errors", "_log_verbosity_verbose": "verbose",
            "_log_verbosity_debug": "debug"}


# Commands that answer without a signed-in account (the others need one: ``az logout`` ends it).
_NO_ACCOUNT_NEEDED = {"login", "logout", "account list", "account show", "account set", "aks install-cli"}


@dataclass
class AzContext:
    """What a command handler gets: the subscription, the parsed values, and ways to speak."""
    azure: object                        # the k8scourse.azure.Azure handle
    values: dict
    out: Output
    command: AzCommand
    warnings: list[str] = field(default_factory=list)

    @property
    def sub(self):
        return self.azure.subscription

    def warn(self, text: str) -> None:
        self.warnings.append(text)
        if not self.values.get("only_show_errors"):
            self.out.err(f"WARNING: {text}\n")

    def progress(self, seconds: float) -> None:
        """A long-running operation: the CLI's progress line while ``seconds`` of time pass."""
        if not self.values.get("no_wait"):
            self.out.err(" - Running ..\n" if not self.values.get("only_show_errors") else "")
            self.azure.run(seconds=seconds)


def run(azure, command: str | list[str], out: Output) -> int:
    """Run one ``az`` command line against ``azure``; what it prints goes to ``out``; the exit code."""
    try:
        return _run(azure, command, out)
    except AzError as exc:
        out.err(exc.text())
        return exc.exit_code
    except ARMError as exc:
        out.err(arm_error_text(exc) + "\n")
        return arm_exit_code(exc)
    except CloudError as exc:
        out.err(f"ERROR: {exc}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - never a traceback in front of a student
        log.exception("az %s", command)
        out.err(f"ERROR: internal simulator error ({type(exc).__name__}: {exc}); please report this command\n")
        return 1


def _words(command: str | list[str]) -> list[str]:
    if isinstance(command, str):
        try:
            words = shlex.split(command)
        except ValueError as exc:
            raise AzError(f"unable to parse the command line: {exc}", 2) from None
    else:
        words = list(command)
    return words[1:] if words[:1] == ["az"] else words


def _run(azure, command: str | list[str], out: Output) -> int:
    words = _words(command)
    if not [w for w in words if w not in ("--debug", "--verbose", "--only-show-errors")] \
            or words in (["--help"], ["-h"]):
        out.out(t("az.welcome"))
        return 0
    if words in (["--version"], ["version"]):
        out.out('{\n  "azure-cli": "%s",\n  "azure-cli-core": "%s",\n  "azure-cli-telemetry": "1.1.0",\n'
                '  "extensions": {}\n}\n' % (reference.VERSION, reference.VERSION))
        return 0
    registered = set(REGISTRY)
    name, table = parser.resolve(words, registered)
    if table == [name] and name not in registered:
        typed = []
        for word in words:
            if word.startswith("-"):
                break
            typed.append(word)
        raise AzError(t("az.not_modelled.command", command=" ".join(["az"] + (typed or [name]))), 1)
    from ...cloud.files import read_text
    parsed = parser.parse(parser.expand_files(words, lambda path: read_text(azure, path)), registered)
    if isinstance(parsed, parser.GroupHelp):
        out.out(_group_help(parsed.group, registered))
        return 0
    cmd = REGISTRY[parsed.command]
    if parsed.values.get("help"):
        out.out(help_text(cmd))
        return 0
    values = {own: parsed.values.get(real) for real, own in _GLOBALS.items()}
    targets = _resource_ids(parsed, out, values["only_show_errors"])
    if not values["only_show_errors"]:
        _print_warnings(cmd, parsed, out)
    _confirm(parsed, out, values["only_show_errors"])
    if not getattr(azure, "logged_in", True) and cmd.path not in _NO_ACCOUNT_NEEDED:
        raise AzError("Please run 'az login' to setup account.", 1)
    _check_subscription(azure, values.get("subscription"))
    results = []
    for target in targets:
        parsed.values.update(target)
        kwargs = _handler_values(cmd, parsed, list(target))
        ctx = AzContext(azure, {**values, **kwargs}, out, cmd)
        results.append(cmd.handler(ctx, **kwargs))
    result = results[0] if len(results) == 1 else [r for r in results if r is not None]
    if cmd.model is not None:
        result = [render(cmd.model, r) for r in result] if isinstance(result, list) else render(cmd.model, result)
    add_resource_group(result)
    transformer = cmd.extra.get("table_transformer")
    out.out(format_output(result, values.get("output") or "json", values.get("query"), transformer))
    return 0


def _print_warnings(cmd: AzCommand, parsed: parser.Parsed, out: Output) -> None:
    """The preview/deprecation warnings the CLI prints before running a command."""
    spec = parsed.spec
    if spec is None:
        return
    seen = []
    for dest in parsed.specified:
        arg = next((a for a in spec.args if a.dest == dest), None)
        if arg is not None and arg.warning and arg.warning not in seen:
            seen.append(arg.warning)
    deprecated = [w for w in seen if "deprecated" in w]
    previews = [w for w in seen if w not in deprecated]
    for text in deprecated + previews:
        out.err(f"WARNING: {text}\n")
    out.err(spec.warnings)


def _resource_ids(parsed: parser.Parsed, out: Output, quiet: bool) -> list[dict]:
    """``--ids``: one run of the command per resource ID, its parts standing for the name arguments
    (the CLI checks the names are there when ``--ids`` is not)."""
    ids_spec = parsed.spec.ids if parsed.spec else None
    ids = (parsed.values.get("ids") or parsed.values.get("_ids")) if ids_spec else None
    if not ids_spec:
        return [{}]
    if not ids:
        missing = [option for dest, option in ids_spec["required"] if parsed.values.get(dest) is None]
        if missing:
            raise AzError(f"({' '.join(missing)} | --ids) are required", 1)
        return [{}]
    for dest, option in ids_spec["required"] + ids_spec["optional"]:
        if parsed.values.get(dest) and not quiet:
            out.err(f"WARNING: option '{option}' will be ignored due to use of '--ids'.\n")
    runs = []
    for resource_id in ids:
        parts = _id_parts(resource_id)
        runs.append({dest: parts.get(part) for dest, part in ids_spec["parts"].items() if not dest.startswith("_")})
    return runs


def _id_parts(resource_id: str) -> dict:
    """``/subscriptions/S/resourceGroups/G/providers/NS/type/N`` → subscription, resource_group, name."""
    words = [w for w in resource_id.split("/") if w]
    parts: dict = {}
    lowered = [w.lower() for w in words]
    if "subscriptions" in lowered and lowered.index("subscriptions") + 1 < len(words):
        parts["subscription"] = words[lowered.index("subscriptions") + 1]
    if "resourcegroups" in lowered and lowered.index("resourcegroups") + 1 < len(words):
        parts["resource_group"] = words[lowered.index("resourcegroups") + 1]
    if "providers" in lowered and lowered.index("providers") + 3 < len(words):
        parts["name"] = words[lowered.index("providers") + 3]
    return parts


def _confirm(parsed: parser.Parsed, out: Output, quiet: bool) -> None:
    """A command the CLI confirms: without ``--yes`` it cannot ask (no terminal) and gives up."""
    if parsed.spec is not None and parsed.spec.confirmation and not parsed.values.get("yes"):
        if not quiet:
            out.err("WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n")
        raise AzError("Operation cancelled.", 1)


def _check_subscription(azure, wanted: str | None) -> None:
    sub = azure.subscription
    if wanted and wanted.lower() not in (sub.id.lower(), sub.name.lower()):
        raise AzError(f"The subscription of '{wanted}' doesn't exist in cloud 'AzureCloud'.", 1)


def _handler_values(cmd: AzCommand, parsed: parser.Parsed, from_id: list[str] = ()) -> dict:
    """The values of the arguments typed (or given by a resource ID), by the handler's parameter
    names; an argument the simulator does not model is refused rather than silently ignored."""
    dest_map = cmd.dest_map()
    kwargs = {}
    if cmd.accepts_any():                 # such a handler reads every modelled argument, typed or not
        kwargs = {own: parsed.values.get(real) for real, own in dest_map.items()}
    for dest in dict.fromkeys(list(parsed.specified) + list(from_id)):
        if dest == "ids" and from_id:
            continue
        if dest in dest_map:
            kwargs[dest_map[dest]] = parsed.values.get(dest)
        elif dest not in cmd.ignored:
            arg = parsed.spec.arg(dest) if parsed.spec else None
            option = arg.display.split("/")[0] if arg else dest
            raise AzError(t("az.not_modelled.argument", option=option, command=f"az {cmd.path}"), 1)
    return kwargs


def _group_help(group: str, registered: set[str]) -> str:
    """``az <group> -h``: the subgroups and commands the simulator answers (its own wording)."""
    prefix = f"{group} " if group else ""
    subs = sorted({p[len(prefix):].split()[0] for p in registered if p.startswith(prefix)})
    title = f"az {group}".rstrip()
    return f"\nGroup\n    {title}\n\nSubgroups and commands:\n" + "".join(f"    {s}\n" for s in subs)


_LOADED = False


def load_commands() -> None:
    """Import the modules that register az commands (once)."""
    global _LOADED
    if not _LOADED:
        from .commands import load_all
        load_all()
        _LOADED = True
