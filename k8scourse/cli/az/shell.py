"""One ``az`` command line, start to end: parse, run the command, print its result or its error.

Errors come out as Azure CLI 2.x prints them: argument errors (exit code 2) with the examples the
CLI's recommender picks, ARM errors from the simulated cloud as ``(Code) Message`` followed by
``Code:`` and ``Message:`` lines (exit code 3 for a 404, 1 otherwise), other failures as
``ERROR: <message>`` (exit code 1). Never a Python traceback.

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
from ...result import Output
from .framework import REGISTRY, AzCommand, AzError, examples_text, find_command, help_text, parse_args
from .output import format_output

log = logging.getLogger(__name__)


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


def arm_error_text(exc: ARMError) -> str:
    """An ARM error as the CLI prints it (azure-core's ``(code) message`` + details)."""
    text = f"({exc.code}) {exc.message}\nCode: {exc.code}\nMessage: {exc.message}"
    if exc.target:
        text += f"\nTarget: {exc.target}"
    return text


def run(azure, command: str | list[str], out: Output) -> int:
    """Run one ``az`` command line against ``azure``; what it prints goes to ``out``; the exit code."""
    try:
        return _run(azure, command, out)
    except AzError as exc:
        out.err(f"ERROR: {exc}\n")
        if exc.exit_code == 2 and getattr(exc, "_cmd", None) is not None:
            out.err(examples_text(exc._cmd, exc.examples_for))
        return exc.exit_code
    except ARMError as exc:
        out.err(f"ERROR: {arm_error_text(exc)}\n")
        return 3 if exc.status == 404 else 1
    except CloudError as exc:
        out.err(f"ERROR: {exc}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - never a traceback in front of a student
        log.exception("az %s", command)
        out.err(f"ERROR: internal simulator error ({type(exc).__name__}: {exc}); please report this command\n")
        return 1


def _run(azure, command: str | list[str], out: Output) -> int:
    if isinstance(command, str):
        try:
            words = shlex.split(command)
        except ValueError as exc:
            raise AzError(f"unable to parse the command line: {exc}", 2) from None
    else:
        words = list(command)
    if words and words[0] == "az":
        words = words[1:]
    if not words or words in (["--help"], ["-h"]):
        out.out("\nWelcome to the simulated Azure CLI! Use `az -h` to see available commands.\n")
        return 0
    if words in (["--version"], ["version"]):
        out.out('{\n  "azure-cli": "2.91.0",\n  "azure-cli-core": "2.91.0",\n  "extensions": {}\n}\n')
        return 0
    cmd, rest, typed = find_command(words)
    if cmd is None:
        groups = {path.split()[0] for path in REGISTRY}
        if typed and any(p.startswith(typed + " ") for p in REGISTRY):
            subs = sorted({p[len(typed) + 1:].split()[0] for p in REGISTRY if p.startswith(typed + " ")})
            out.out(f"\nGroup\n    az {typed}\n\nSubgroups and commands:\n" +
                    "".join(f"    {s}\n" for s in subs))
            return 0
        first = typed.split()[0] if typed else words[0]
        if first not in groups or not typed:
            raise AzError(f"'{first}' is misspelled or not recognized by the system.", 2)
        raise AzError(f"'{typed.split()[-1]}' is misspelled or not recognized by the system.", 2)
    try:
        values = parse_args(cmd, rest)
    except AzError as exc:
        exc._cmd = cmd
        raise
    if values.get("help"):
        out.out(help_text(cmd))
        return 0
    ctx = AzContext(azure, values, out, cmd)
    dests = {a.dest for a in cmd.args}
    try:
        result = cmd.handler(ctx, **{k: v for k, v in values.items() if k in dests})
    except AzError as exc:
        if exc.exit_code == 2:
            exc._cmd = cmd
        raise
    transformer = cmd.extra.get("table_transformer")
    out.out(format_output(result, values.get("output") or "json", values.get("query"), transformer))
    return 0


_LOADED = False


def load_commands() -> None:
    """Import the modules that register az commands (once)."""
    global _LOADED
    if not _LOADED:
        from .commands import load_all
        load_all()
        _LOADED = True
