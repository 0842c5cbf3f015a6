"""What every widget shares: the command target, coalesced refreshes, and small HTML helpers.

**Target.** A widget is built on a :class:`~k8scourse.Cluster` or on an
:class:`~k8scourse.cloud.Azure` subscription. :class:`Target` hides the difference: ``kubectl``
goes to the cluster (or to the subscription's current kubeconfig context), ``az`` to the
subscription, ``docker`` to the ACR front end when it exists, and time moves on the one shared
simulated clock. Every call returns a :class:`~k8scourse.result.CommandResult` and never raises:
each command front end (kubectl, az, docker) has its own last-resort guard that turns an
unexpected engine error into an ``internal simulator error`` line (and logs the traceback), so
the widgets add no second one. Their own guard is :func:`flush`'s: a view that fails to redraw
is logged and skipped.

**Coalesced refresh.** Views never redraw on a watch event; the event only marks them dirty.
:func:`flush` redraws the dirty views once. It runs after every command a widget or a magic runs,
after every time-control step, and (in IPython) after every executed cell — so ``cluster.run(60)``
in a cell redraws each open dashboard once, however many thousand events those 60 s produced.

>>> from k8scourse import Cluster
>>> tgt = Target(Cluster(nodes=1, seed=0))
>>> tgt.kind, tgt.kubectl("get ns default").splitlines()[1].split()[:2]
('cluster', ['default', 'Active'])
>>> print(tgt.run_line("az group list"), end="")
bash: az: command not found
>>> esc("<b>&")
'&lt;b&gt;&amp;'
"""

from __future__ import annotations

import logging
import shlex
import weakref
from html import escape

from ..cli.node_shell import node_script
from ..cli.shell import CommandShell, plain, quote, run_script
from ..result import CommandResult
from ..i18n import t

logger = logging.getLogger(__name__)


def esc(text) -> str:
    """HTML-escape any value (quotes included)."""
    return escape(str(text), quote=True)


def is_azure(obj) -> bool:
    """Duck-typed: a subscription has a kubeconfig and a subscription model."""
    return hasattr(obj, "subscription") and hasattr(obj, "kubeconfig")


class Target:
    """A Cluster or an Azure subscription, seen as a shell would see it."""

    def __init__(self, obj):
        if isinstance(obj, Target):
            obj = obj.obj
        if obj is None or not (is_azure(obj) or hasattr(obj, "kubectl") and hasattr(obj, "api")):
            raise TypeError(f"expected a k8scourse Cluster or Azure, not {type(obj).__name__}")
        self.obj = obj
        self.kind = "azure" if is_azure(obj) else "cluster"
        self._docker = None

    # ------------------------------------------------------------------ what is behind it
    @property
    def sim(self):
        return self.obj.sim

    @property
    def cluster(self):
        """The Cluster kubectl talks to now (for Azure: the current context's), or None."""
        if self.kind == "cluster":
            return self.obj
        ctx = self.obj.kubeconfig.context()
        return getattr(ctx, "cluster", None) if ctx is not None else None

    @property
    def azure(self):
        return self.obj if self.kind == "azure" else None

    # ------------------------------------------------------------------ commands
    def kubectl(self, command, stdin: str | None = None, sink=None) -> CommandResult:
        """kubectl; ``sink(text)`` sees the output as it is written (a stream's rows as they come)."""
        if sink is None:
            return self.obj.kubectl(command, stdin=stdin, echo=False)
        return self.obj.kubectl(command, stdin=stdin, echo=False, sink=sink)

    def curl(self, command) -> CommandResult:
        """``curl …`` from the student's machine (a cluster's: from outside it; a subscription's: Cloud Shell)."""
        if isinstance(command, list):
            command = quote(command)
        return self.obj.curl(command, echo=False)

    def node(self, node: str, script: str, sink=None) -> CommandResult:
        """A shell line on node ``node`` of the cluster kubectl talks to (:func:`k8scourse.cli.node_shell.node_script`)."""
        return node_script(self.cluster, node, script, sink=sink)

    def tools(self) -> dict:
        """The commands of the student's shell (:class:`k8scourse.cli.shell.CommandShell`) on this target."""
        tools = {"kubectl": lambda args, stdin, sink: self.kubectl(args, stdin=stdin, sink=sink),
                 "curl": plain(lambda args, stdin: self.curl(args))}
        if self.kind == "azure":
            tools["az"] = plain(lambda args, stdin: self.az(args))
            if self._docker_front_end() is not None:
                tools["docker"] = plain(lambda args, stdin: self.docker(args))
        return tools

    def shell(self, script: str, sink=None, shell: CommandShell | None = None) -> CommandResult:
        """Run a script of command lines (pipes, ``&&``, ``;``, variables, ``sleep``) on this target.

        The lines of one script are typed at once: a *paced* clock lets its think time pass once,
        before the first command, not between commands that a script runs back to back."""
        clock = getattr(self.obj, "clock", None)
        if clock is None or getattr(clock, "mode", None) != "paced":
            return run_script(script, self.tools(), advance=self.run, sink=sink, shell=shell)
        with clock.lock:
            clock.before_command()
        clock.set_mode("manual")
        try:
            return run_script(script, self.tools(), advance=self.run, sink=sink, shell=shell)
        finally:
            clock.set_mode("paced")

    def az(self, command) -> CommandResult:
        if self.kind != "azure":
            return not_found("az")
        return self.obj(command, echo=False)

    def docker(self, command) -> CommandResult:
        docker = self._docker_front_end()
        if docker is None:
            text = t("magic.docker_missing")
            return CommandResult(text, "", text, 127)
        if callable(docker):
            return docker(command, echo=False)
        return docker.run(command, echo=False)

    def _docker_front_end(self):
        if self._docker is None and self.kind == "azure":
            try:
                from ..cloud.docker import Docker     # lands with the ACR work
            except ImportError:
                return None
            self._docker = Docker(self.obj)
        return self._docker

    def run_line(self, line: str, stdin: str | None = None, sink=None, shell: CommandShell | None = None
                 ) -> CommandResult:
        """One shell line: ``kubectl …``, ``az …``, ``docker …``, ``curl …``, ``sleep …``, with pipes
        to the text tools (``| grep x``), ``&&`` and ``;``. A plain ``kubectl``/``az``/``docker``
        line goes to its front end as typed (stdin given)."""
        line = line.strip()
        if not line:
            return CommandResult("", "", "", 0)
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        head, rest = words[0], line[len(line.split(None, 1)[0]):].strip()
        simple = not any(c in line for c in "|;&$`<>\n")
        if simple and head == "kubectl":
            return self.kubectl(rest, stdin=stdin, sink=sink)
        if simple and head in ("az", "docker"):
            result = self.az(rest) if head == "az" else self.docker(rest)
            if sink is not None:
                sink(str(result))
            return result
        return self.shell(line, sink=sink, shell=shell)

    # ------------------------------------------------------------------ time
    def run(self, seconds: float) -> None:
        self.obj.run(seconds=seconds)

    def settle(self, max_seconds: float = 600) -> None:
        self.obj.settle(max_seconds=max_seconds)

    def __repr__(self) -> str:
        return f"Target({self.kind})"


def not_found(command: str) -> CommandResult:
    text = t("terminal.not_found", cmd=command)
    return CommandResult(text, "", text, 127)


# ---------------------------------------------------------------------- coalesced refresh
_VIEWS: "weakref.WeakSet" = weakref.WeakSet()
_HOOKED = False


def register(view) -> None:
    """Track a view so :func:`flush` redraws it; hook IPython's post-cell event once."""
    _VIEWS.add(view)
    _install_cell_hook()


def flush() -> int:
    """Redraw every open view that is out of date; returns how many redrew."""
    count = 0
    for view in list(_VIEWS):
        try:
            if view.stale():
                view.refresh()
                count += 1
        except Exception:  # noqa: BLE001 - the widgets' one guard: a broken view must not break a command
            logger.exception("redrawing %r failed", view)
            continue
    return count


def _install_cell_hook() -> None:
    global _HOOKED
    if _HOOKED:
        return
    try:
        from IPython import get_ipython
    except ImportError:      # pragma: no cover - IPython comes with ipywidgets
        return
    ip = get_ipython()
    if ip is None:
        return
    ip.events.register("post_run_cell", _after_cell)
    _HOOKED = True


def _after_cell(*_args) -> None:
    flush()


def weak_callback(view, method_name: str):
    """A watch callback that does not keep ``view`` alive (and stops once the view is gone)."""
    ref = weakref.ref(view)
    handle: dict = {}

    def callback(event):
        target = ref()
        if target is None:
            if handle.get("watch") is not None:
                handle["watch"].stop()
            return
        getattr(target, method_name)(event)

    return callback, handle


# ---------------------------------------------------------------------- formatting helpers
def fmt_seconds(ms: int) -> str:
    """Simulated elapsed time as ``1h02m03s`` / ``2m05s`` / ``45s`` (whole seconds)."""
    s = int(ms // 1000)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{h}h{m:02d}m{sec:02d}s"
    if m:
        return f"{m}m{sec:02d}s"
    return f"{sec}s"


def fmt_cpu(milli: float) -> str:
    return f"{int(round(milli))}m"


def fmt_mem(nbytes: float) -> str:
    return f"{int(round(nbytes / 1048576))}Mi"


def pct(part: float, whole: float) -> float:
    return part * 100.0 / whole if whole else 0.0


def table_html(headers: list[str], rows: list[list], css: str = "k8s-table") -> str:
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='padding:1px 8px;font-family:monospace'>{esc(c)}</td>"
                                    for c in row) + "</tr>" for row in rows)
    return f"<table class='{css}' style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def pre_html(text: str, css: str = "k8s-pre") -> str:
    return (f"<pre class='{css}' style='margin:0;white-space:pre;font-family:monospace;"
            f"font-size:12px;line-height:1.3'>{esc(text)}</pre>")
