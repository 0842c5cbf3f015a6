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

import sys
from typing import Callable
from contextlib import contextmanager

from . import arguments as args, defaults, oplog
from .cli.az import shell
from .cli.kubeconfig import KubeConfig
from .cli.kubectl import Kubectl
from .cloud.files import HOME  # noqa: F401 - the student's home directory, re-exported
from .cloud.subscription import Subscription
from .interrupts import deferred
from .pacing import Pacer
from .serve import raw_request
from .result import CommandResult, Output
from .sim import Simulation
from .sim.simulation import duration_ms


class Azure:
    def __init__(self, seed: int = defaults.SEED, epoch: str = defaults.EPOCH, location: str = "eastus",
                 clock: str | None = None, think_seconds: float = defaults.PACED_THINK_SECONDS):
        args.whole("Azure", "seed", seed, -2**63, 2**63 - 1)
        args.text("Azure", "epoch", epoch)
        args.text("Azure", "location", location)
        self.sim = Simulation(seed=seed, epoch=epoch)
        # who moves the subscription's clock between commands (k8scourse.pacing): manual, paced or live
        self.clock = Pacer(lambda seconds: self.sim.run(seconds=seconds), self.sim.lock, clock,
                           think_seconds=think_seconds)
        self.subscription = Subscription(seed=seed)
        self.default_location = location
        self.kubeconfig = KubeConfig()
        self._kubectl = Kubectl(self.kubeconfig)
        self._kubectl.raw_handler = raw_request
        self.files: dict[str, str] = {}          # the student's home directory (~/.ssh, ~/.kube)
        self.history: list[str] = []
        self.logged_in = True                    # signed in, as Azure Cloud Shell is (``az logout`` ends it)
        self._docker = None
        shell.load_commands()

    @contextmanager
    def _call(self, command: bool = False):
        """Around every call: the simulation's lock, interrupts deferred to a safe point, and (for a
        command a person typed) the paced clock's think time first."""
        with self.sim.lock, deferred(self.sim):
            if command:
                self.clock.before_command()
            yield
        self.sim.check_stop()

    # ------------------------------------------------------------------ running commands
    @oplog.facade("az")
    def __call__(self, command: str | list[str], echo: bool = True) -> CommandResult:
        command = args.command("az", command)
        args.flag("az", "echo", echo)
        if isinstance(command, str):
            self.history.append(command)
        out = Output()
        with self._call(command=True):
            result = out.result(shell.run(self, command, out))
        if echo:
            sys.stdout.write(str(result))
        return result

    # ------------------------------------------------------------------ the rest of the shell
    @oplog.facade("kubectl")
    def kubectl(self, command: str | list[str], stdin: str | None = None, echo: bool = True,
                sink: Callable[[str], None] | None = None) -> CommandResult:
        """kubectl on the current context of this subscription's kubeconfig (``sink(text)`` sees the
        output as it is written)."""
        command = args.command("kubectl", command)
        args.text("kubectl", "stdin", stdin, none=True)
        args.flag("kubectl", "echo", echo)
        with self._call(command=True):
            result = self._kubectl(command, stdin=stdin, sink=sink)
        if echo:
            sys.stdout.write(str(result))
        return result

    @oplog.facade("curl")
    def curl(self, url: str, echo: bool = True) -> CommandResult:
        """``curl <url>`` from the student's shell: ACI public IPs and FQDNs answer with their page."""
        from .cloud.http import curl
        args.text("curl", "url", url)
        args.flag("curl", "echo", echo)
        with self._call(command=True):
            return curl(self, url, echo=echo)

    @property
    def docker(self):
        """The student's ``docker`` CLI (``az.docker("build -t web:v1 .")``), sharing ACR logins."""
        if self._docker is None:
            from .cloud.docker import Docker
            self._docker = Docker(self)
        return self._docker

    @oplog.facade("run")
    def run(self, seconds: float = 0) -> None:
        """Let ``seconds`` of simulated time pass for everything in the subscription."""
        with self._call():
            self.clock.advance(seconds)

    @oplog.facade("settle")
    def settle(self, max_seconds: float = 600) -> None:
        """Run until nothing is pending in the subscription (or ``max_seconds`` pass)."""
        with self._call():
            self.sim.run_until_idle(max_ms=duration_ms(max_seconds))

    @property
    def now(self) -> str:
        return self.sim.clock.rfc3339()
