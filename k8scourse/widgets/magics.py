"""IPython magics: ``%kubectl``, ``%az``, ``%docker``, ``%curl``, ``%sleep``, ``%node``, ``%%shell``,
``%%kubectl apply|create|delete`` and ``%%yaml``.

Load with ``%load_ext k8scourse``. The magics work on the notebook's *current* target:

* a Cluster, created on first use as ``Cluster(nodes=3, seed=0)`` or chosen with
  :func:`use_cluster`;
* or an Azure subscription, chosen with :func:`use_azure` (``%az`` creates ``Azure(seed=0)`` on
  first use). ``%kubectl`` then goes to ``az.kubectl`` — the subscription's current kubeconfig
  context, as in Cloud Shell after ``az aks get-credentials``. Without an explicit choice,
  ``%kubectl`` follows the subscription once it has a kubeconfig context and no cluster was used.

Output is the command front ends' text, unchanged (stdout and stderr interleaved, as a terminal
shows them); errors read as the real tools print them, never as a traceback; the magics return
nothing, so no ``Out[]`` repeats the text. After each command the open widgets redraw once.

**In an exercise notebook** the magics follow the exercise: ``exercise(…).start()`` makes its
cluster (or subscription) the current target — whether it ran before or after ``%load_ext
k8scourse`` — so ``%kubectl``, ``%%kubectl``, ``%az`` and ``%docker`` act on the world the grader
replays, and are recorded like ``cluster.kubectl(…)``. Starting the exercise again follows the new
world; :func:`use_cluster`/:func:`use_azure` afterwards choose something else explicitly.

**The student's shell.** ``%%shell`` runs a cell of command lines — ``kubectl``, ``az``,
``docker``, ``curl``, ``sleep`` — with pipes to the text tools, ``&&``, ``;``, variables, ``$(…)``
and ``# comments`` (:mod:`k8scourse.cli.shell`); ``%shell LINE`` one line. Its variables and files
stay for the next cell, as in one terminal session. ``%curl …`` and ``%sleep 30`` are its one-line
forms; ``%node NODE COMMAND`` runs a command on a node of the cluster. These magics do not expand
``$name``/``{name}`` from Python (``$VAR`` is the shell's, ``%{http_code}`` is curl's). IPython's own
``%%bash`` and ``%%sh`` stay the real machine's shell.

``%%kubectl apply`` takes the cell as the manifest (``kubectl apply -f -``); further flags on the
line are kept (``%%kubectl apply -n dev``), and ``create``/``delete`` work the same way.
``%%yaml`` is ``%%kubectl apply``.

>>> from k8scourse import Cluster
>>> state = NotebookState()
>>> state.use_cluster(Cluster(nodes=1, seed=0))
>>> state.kubectl("get ns default -o name")
namespace/default
>>> state.kubectl_cell("apply", "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: c}\\n")
configmap/c created
>>> state.kubectl("get pod nope")
Error from server (NotFound): pods "nope" not found
>>> state.shell("kubectl get cm -o name | grep c$ && sleep 1m")
configmap/c
"""

from __future__ import annotations

import shlex
import sys

from ..cli.shell import CommandShell
from ..i18n import t
from ._core import Target, flush

_CELL_VERBS = ("apply", "create", "delete", "replace", "diff")


class NotebookState:
    """The notebook's current cluster / subscription and the commands run on them."""

    def __init__(self):
        self.cluster = None
        self.azure = None
        self.mode: str | None = None      # "cluster" | "azure" | None (not chosen explicitly)
        self.exercise = None              # the exercise whose world the magics act on, if any
        self._targets: dict[int, Target] = {}
        self._shell: CommandShell | None = None    # %%shell's variables and files, kept between cells

    # ------------------------------------------------------------------ choosing
    def use_cluster(self, cluster) -> None:
        self.cluster, self.mode, self.exercise = cluster, "cluster", None

    def use_azure(self, azure) -> None:
        self.azure, self.mode, self.exercise = azure, "azure", None

    def use_exercise(self, ex) -> None:
        """Act on ``ex``'s world (what ``exercise(…).start()`` triggers through the grading hook)."""
        if ex.cluster is not None:
            self.use_cluster(ex.cluster)
        else:
            self.use_azure(ex.azure)
        self.exercise = ex

    def on_exercise(self, ex) -> bool:
        """True when the magics act on ``ex``'s current world."""
        return ex is not None and self.exercise is ex and ex.world in (self.cluster, self.azure)

    def _target(self, obj) -> Target:
        key = id(obj)
        if key not in self._targets or self._targets[key].obj is not obj:
            self._targets[key] = Target(obj)
        return self._targets[key]

    def get_cluster(self):
        if self.cluster is None:
            from ..cluster import Cluster
            self.cluster = Cluster(nodes=3, seed=0)
        return self.cluster

    def get_azure(self):
        if self.azure is None:
            from ..cloud import Azure
            self.azure = Azure(seed=0)
        return self.azure

    def kubectl_target(self) -> Target:
        if self.mode == "azure" or (self.mode is None and self.cluster is None and self.azure is not None
                                    and self.azure.kubeconfig.context() is not None):
            return self._target(self.get_azure())
        return self._target(self.get_cluster())

    # ------------------------------------------------------------------ running
    @staticmethod
    def _show(result) -> None:
        sys.stdout.write(str(result))
        sys.stdout.flush()
        flush()

    def kubectl(self, line: str, stdin: str | None = None) -> None:
        self._show(self.kubectl_target().kubectl(_strip(line, "kubectl"), stdin=stdin))

    def kubectl_cell(self, line: str, cell: str) -> None:
        words = _split(line)
        if words and words[0] == "kubectl":
            words = words[1:]
        if not words or words[0] not in _CELL_VERBS:
            self.kubectl(line, stdin=cell)
            return
        if not any(w in ("-f", "--filename") or w.startswith(("-f=", "--filename=")) for w in words):
            words += ["-f", "-"]
        self._show(self.kubectl_target().kubectl(words, stdin=cell))

    def az(self, line: str) -> None:
        self._show(self._target(self.get_azure()).az(_strip(line, "az")))

    def docker(self, line: str) -> None:
        self._show(self._target(self.get_azure()).docker(_strip(line, "docker")))

    # ------------------------------------------------------------------ the student's shell
    def shell_target(self) -> Target:
        """Where ``%%shell``, ``%curl`` and ``%sleep`` act: the subscription when chosen (or the only
        one there is), else the cluster."""
        if self.mode == "azure" or self.mode is None and self.cluster is None and self.azure is not None:
            return self._target(self.get_azure())
        return self._target(self.get_cluster())

    def shell(self, script: str) -> None:
        """Run the lines of a ``%%shell`` cell; variables and files stay for the next cell."""
        if self._shell is None:
            self._shell = CommandShell({})
        result = self.shell_target().shell(script, sink=_write, shell=self._shell)
        self._finish(result)

    def curl(self, line: str) -> None:
        self.shell("curl " + _strip(line, "curl"))

    def sleep(self, line: str) -> None:
        self.shell("sleep " + _strip(line, "sleep"))

    def node(self, line: str) -> None:
        words = _split(line)
        if len(words) < 2:
            names = sorted(getattr(self.kubectl_target().cluster, "kubelets", {}) or ["aks-nodepool1-…"])
            _write(t("magic.node_usage", node=names[0]))
            return
        node = words[0]
        script = line.strip()[len(node):].strip()
        self._finish(self.kubectl_target().node(node, script, sink=_write))

    @staticmethod
    def _finish(_result) -> None:
        """After a command that wrote its output as it ran: redraw the open views once."""
        sys.stdout.flush()
        flush()


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def _strip(line: str, tool: str) -> str:
    line = line.strip()
    return line[len(tool):].strip() if line.split(None, 1)[:1] == [tool] else line


STATE = NotebookState()


def _follow_exercises() -> None:
    from ..grading import handle
    handle.on_start(STATE.use_exercise)
    if handle.active() is not None and STATE.exercise is not handle.active():
        STATE.use_exercise(handle.active())


_follow_exercises()


def use_cluster(cluster) -> None:
    """Make ``cluster`` the notebook's current cluster for ``%kubectl``."""
    STATE.use_cluster(cluster)


def use_azure(azure) -> None:
    """Make ``azure`` the notebook's subscription: ``%az`` uses it and ``%kubectl`` goes to ``az.kubectl``."""
    STATE.use_azure(azure)


def current_cluster():
    """The Cluster ``%kubectl`` talks to now (created on first use), or None for an Azure context-less state."""
    return STATE.kubectl_target().cluster


def register_magics(ip) -> None:
    """Register the magics on an IPython shell (what ``%load_ext k8scourse`` does)."""
    from IPython.core.magic import Magics, cell_magic, line_cell_magic, line_magic, magics_class, no_var_expand

    @magics_class
    class K8sCourseMagics(Magics):
        @line_cell_magic
        def kubectl(self, line, cell=None):
            """%kubectl <args> — run kubectl; %%kubectl apply|create|delete — the cell is the manifest."""
            if cell is None:
                STATE.kubectl(line)
            else:
                STATE.kubectl_cell(line, cell)

        @cell_magic
        def yaml(self, line, cell):
            """%%yaml — apply the cell's manifest (kubectl apply -f -)."""
            STATE.kubectl_cell("apply " + line, cell)

        @line_magic
        def az(self, line):
            """%az <args> — run an Azure CLI command on the notebook's subscription."""
            STATE.az(line)

        @line_magic
        def docker(self, line):
            """%docker <args> — run a docker command (with the ACR front end, when present)."""
            STATE.docker(line)

        @line_magic
        @no_var_expand
        def curl(self, line):
            """%curl [-s] [-I] [-v] [-o FILE] [-w FORMAT] URL — curl from the student's machine."""
            STATE.curl(line)

        @line_magic
        @no_var_expand
        def sleep(self, line):
            """%sleep 30 (30s, 2m, 1h) — let simulated time pass, as the shell's sleep does."""
            STATE.sleep(line)

        @line_magic
        @no_var_expand
        def node(self, line):
            """%node NODE COMMAND — a command on a node (ip addr, crictl ps, cat /etc/os-release …)."""
            STATE.node(line)

        @line_cell_magic("shell")        # the method's name must not hide Magics.shell (the IPython shell)
        @no_var_expand
        def shell_magic(self, line, cell=None):
            """%%shell — command lines (kubectl, az, docker, curl, sleep) with pipes, &&, ;, variables, $(…)."""
            STATE.shell(line if cell is None else (line + "\n" if line.strip() else "") + cell)

    ip.register_magics(K8sCourseMagics)


__all__ = ["NotebookState", "STATE", "current_cluster", "register_magics", "use_azure", "use_cluster"]
