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
from .output import format_output

log = logging.getLogger(__name__)

# The CLI's own arguments, by their destination, as the handlers' context names them.
_GLOBALS = {"_output_format": "output", "_jmespath_query": "query", "_subscription": "subscription",
            "_log_verbosity_only_show_errors": "only_show_errors", "_log_verbosity_verbose": "verbose",
            "_log_verbosity_debug": "debug"}


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
        raise AzError(t("az.not_modelled.command", command=f"az {name}"), 1)
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
    if not values["only_show_errors"]:
        _print_warnings(cmd, parsed, out)
    _check_subscription(azure, values.get("subscription"))
    kwargs = _handler_values(cmd, parsed)
    values.update(kwargs)
    ctx = AzContext(azure, values, out, cmd)
    result = cmd.handler(ctx, **kwargs)
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


def _check_subscription(azure, wanted: str | None) -> None:
    sub = azure.subscription
    if wanted and wanted.lower() not in (sub.id.lower(), sub.name.lower()):
        raise AzError(f"The subscription of '{wanted}' doesn't exist in cloud 'AzureCloud'.", 1)


def _handler_values(cmd: AzCommand, parsed: parser.Parsed) -> dict:
    """The values of the arguments typed, by the handler's parameter names; an argument the
    simulator does not model is refused rather than silently ignored."""
    dest_map = cmd.dest_map()
    kwargs = {}
    if cmd.accepts_any():                 # such a handler reads every modelled argument, typed or not
        kwargs = {own: parsed.values.get(real) for real, own in dest_map.items()}
    for dest in dict.fromkeys(parsed.specified):
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
