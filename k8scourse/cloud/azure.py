"""``Azure``: a simulated subscription you talk to with ``az`` command lines.

>>> az = Azure(seed=0)
>>> print(az("group create -n myResourceGroup -l eastus -o table", echo=False), end="")
Location    Name
----------  ---------------
eastus      myResourceGroup
>>> r = az("group show -n nope", echo=False)
>>> r.exit_code, r.stderr.splitlines()[0]
(3, "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.")

One simulated clock serves the whole subscription: every AKS cluster created in it shares it, so
``az.run(seconds=…)`` moves all of them, and an ``az aks create`` that takes minutes lets those
minutes pass for everything. kubectl talks to the current context of the subscription's kubeconfig
(``az aks get-credentials`` merges contexts into it).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field

from .. import defaults, oplog
from ..cli.az.framework import REGISTRY, AzCommand, AzError, examples_text, find_command, help_text, parse_args
from ..cli.az.output import format_output
from ..cli.kubeconfig import KubeConfig
from ..cli.kubectl import Kubectl
from ..result import CommandResult, Output
from ..sim import Simulation
from .subscription import Subscription

HOME = "/home/student"


@dataclass
class AzContext:
    """What a command handler gets: the subscription, the parsed values, and ways to speak."""
    azure: "Azure"
    values: dict
    out: Output
    command: AzCommand
    warnings: list[str] = field(default_factory=list)

    @property
    def sub(self) -> Subscription:
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


class Azure:
    def __init__(self, seed: int = defaults.SEED, epoch: str = defaults.EPOCH, location: str = "eastus"):
        self.sim = Simulation(seed=seed, epoch=epoch)
        self.subscription = Subscription(seed=seed)
        self.default_location = location
        self.kubeconfig = KubeConfig()
        self._kubectl = Kubectl(self.kubeconfig)
        self.files: dict[str, str] = {}          # the student's home directory (~/.ssh, ~/.kube)
        self.history: list[str] = []
        self._docker = None
        _load_commands()

    # ------------------------------------------------------------------ running commands
    @oplog.facade("az")
    def __call__(self, command: str | list[str], echo: bool = True) -> CommandResult:
        out = Output()
        try:
            code = self._run(command, out)
        except AzError as exc:
            out.err(f"ERROR: {exc}\n")
            if exc.exit_code == 2 and getattr(exc, "_cmd", None) is not None:
                out.err(examples_text(exc._cmd, exc.examples_for))
            code = exc.exit_code
        except Exception as exc:  # noqa: BLE001 - never a traceback in front of a student
            out.err(f"ERROR: internal simulator error ({type(exc).__name__}: {exc}); please report this command\n")
            code = 1
        result = out.result(code)
        if echo:
            sys.stdout.write(str(result))
        return result

    def _run(self, command: str | list[str], out: Output) -> int:
        if isinstance(command, str):
            self.history.append(command)
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
        ctx = AzContext(self, values, out, cmd)
        try:
            result = cmd.handler(ctx, **{k: v for k, v in values.items() if k in _arg_dests(cmd)})
        except AzError as exc:
            if exc.exit_code == 2:
                exc._cmd = cmd
            raise
        transformer = cmd.extra.get("table_transformer")
        text = format_output(result, values.get("output") or "json", values.get("query"), transformer)
        out.out(text)
        return 0

    # ------------------------------------------------------------------ the rest of the shell
    @oplog.facade("kubectl")
    def kubectl(self, command: str | list[str], stdin: str | None = None, echo: bool = True) -> CommandResult:
        """kubectl on the current context of this subscription's kubeconfig."""
        result = self._kubectl(command, stdin=stdin)
        if echo:
            sys.stdout.write(str(result))
        return result

    @oplog.facade("curl")
    def curl(self, url: str, echo: bool = True) -> CommandResult:
        """``curl <url>`` from the student's shell: ACI public IPs and FQDNs answer with their page."""
        from .http import curl
        return curl(self, url, echo=echo)

    @property
    def docker(self):
        """The student's ``docker`` CLI (``az.docker("build -t web:v1 .")``), sharing ACR logins."""
        if self._docker is None:
            from .docker import Docker
            self._docker = Docker(self)
        return self._docker

    @oplog.facade("run")
    def run(self, seconds: float = 0) -> None:
        """Let ``seconds`` of simulated time pass for everything in the subscription."""
        self.sim.run(seconds=seconds)

    @oplog.facade("settle")
    def settle(self, max_seconds: float = 600) -> None:
        """Run until nothing is pending in the subscription (or ``max_seconds`` pass)."""
        self.sim.run_until_idle(max_ms=int(max_seconds * 1000))

    @property
    def now(self) -> str:
        return self.sim.clock.rfc3339()


def _arg_dests(cmd: AzCommand) -> set[str]:
    return {a.dest for a in cmd.args}


_LOADED = False


def _load_commands() -> None:
    """Import the modules that register az commands (once)."""
    global _LOADED
    if _LOADED:
        return
    from .commands import load_all
    load_all()
    _LOADED = True
