"""``Terminal``: a Cloud Shell-like command line for kubectl, az and docker.

An input line (Enter or the Run button runs it), a history (the ``↑ Previous`` button and the
History list put an earlier command back into the line), and an output area that keeps the whole
transcript the way Cloud Shell shows it — prompt, command, then exactly what the tool printed.
Built-ins: ``clear``, ``history``, ``help``. Commands go to the same front ends as
``cluster.kubectl(...)`` and ``az(...)``, so the text is identical byte for byte; a line may also
pipe them to the text tools, chain them with ``&&``/``;`` and ``sleep`` (the student's shell,
:mod:`k8scourse.cli.shell`).

**Streams and Stop.** Output appears as it is written: ``kubectl get pods -w`` and ``kubectl logs
-f`` add their rows while they run. A line typed in the browser (Enter, Run) runs in a background
thread, so the kernel stays free for the **Stop** button, which ends the running command the way
Ctrl-C does — between two simulation events, with what was printed so far, exit code 130 — and
the next command works on a consistent cluster. :meth:`Terminal.run` (scripts, tests) runs in the
calling thread.

>>> from k8scourse import Cluster
>>> term = Terminal(Cluster(nodes=1, seed=0))
>>> _ = term.run("kubectl get ns default")
>>> print(term.text(), end="")
student@Azure:~$ kubectl get ns default
NAME      STATUS   AGE
default   Active   0s
>>> term.history, repr(term)
(['kubectl get ns default'], "Terminal(cluster: 1 commands, last: 'kubectl get ns default')")
"""

from __future__ import annotations

import threading

import ipywidgets as W

from ..cli.shell import CommandShell
from ..result import CommandResult
from ..i18n import t
from ._core import Target, esc, flush, register

PROMPT = "student@Azure:~$ "


class Terminal(W.VBox):
    """An interactive shell line over a Cluster or an Azure subscription."""

    def __init__(self, cluster_or_azure, prompt: str = PROMPT, max_lines: int = 2000):
        self.target = Target(cluster_or_azure)
        self.prompt = prompt
        self.max_lines = max_lines
        self.history: list[str] = []
        self._transcript: list[str] = []
        self._cursor = 0
        self._setting = False
        self.input = W.Text(placeholder=t("terminal.placeholder"), continuous_update=False,
                            layout=W.Layout(flex="1 1 auto"))
        self.input.add_class("k8s-terminal-input")
        self.run_button = W.Button(description=t("terminal.run"), button_style="primary",
                                   layout=W.Layout(width="80px"))
        self.run_button.add_class("k8s-terminal-run")
        self.previous_button = W.Button(description=t("terminal.previous"), layout=W.Layout(width="110px"))
        self.clear_button = W.Button(description=t("terminal.clear"), layout=W.Layout(width="80px"))
        self.stop_button = W.Button(description=t("terminal.stop"), button_style="danger", disabled=True,
                                    layout=W.Layout(width="80px"))
        self.stop_button.add_class("k8s-terminal-stop")
        self._worker: threading.Thread | None = None
        self._pending: list[str] = []          # lines typed while one runs (type-ahead)
        self._lock = threading.Lock()
        self._draining = False                 # a background thread is running the typed lines
        self._running = False
        self._shell = CommandShell({})        # the line's variables and files, kept between commands
        self.history_list = W.Dropdown(options=[], description=t("terminal.history"),
                                       layout=W.Layout(width="auto"))
        self.screen = W.HTML()
        self.screen.add_class("k8s-terminal-output")
        self.input.observe(self._on_input, names="value")
        self.run_button.on_click(lambda _b: self.submit(background=True))
        self.previous_button.on_click(lambda _b: self.previous())
        self.clear_button.on_click(lambda _b: self.clear())
        self.stop_button.on_click(lambda _b: self.stop())
        self.history_list.observe(self._on_history, names="value")
        super().__init__([self.screen, W.HBox([W.HTML(f"<code>{esc(prompt)}</code>"), self.input,
                                               self.run_button, self.stop_button, self.previous_button,
                                               self.clear_button]),
                          self.history_list])
        self.add_class("k8s-terminal")
        self._render()
        register(self)

    # ------------------------------------------------------------------ input handling
    def _set_input(self, value: str) -> None:
        self._setting = True
        try:
            self.input.value = value
        finally:
            self._setting = False

    def _on_input(self, change) -> None:
        # The browser syncs the value on Enter (continuous_update=False): run it.
        if not self._setting and change["new"].strip():
            self.submit(background=True)

    def _on_history(self, change) -> None:
        if change["new"]:
            self._set_input(change["new"])

    def submit(self, background: bool = False):
        """Run what is in the input line and empty it: its result, or (``background``) the thread
        running it — the browser's Enter and Run, so that Stop can be clicked meanwhile."""
        line = self.input.value
        if not line.strip():
            return None
        self._set_input("")
        if not background:
            return self.run(line)
        return self.start(line)

    def start(self, line: str) -> threading.Thread:
        """Run ``line`` in a background thread (the kernel stays free for the Stop button); a line
        typed while another runs waits for it, as a terminal's type-ahead does."""
        with self._lock:
            self._pending.append(line)
            if not self._draining:
                self._draining = True
                self._running = True
                self.stop_button.disabled = False
                self._worker = threading.Thread(target=self._drain, name="k8scourse-terminal", daemon=True)
                self._worker.start()
            return self._worker

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._draining = False
                    return
                line = self._pending.pop(0)
            self.run(line)

    def stop(self) -> bool:
        """End the running command as Ctrl-C would (between two simulation events); False if none runs."""
        if not self._running:
            return False
        self.target.sim.request_stop()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the commands running in the background (tests, scripts)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def previous(self) -> str:
        """Put the previous command of the history into the input line (repeatable)."""
        if not self.history:
            return ""
        self._cursor = max(0, self._cursor - 1)
        self._set_input(self.history[self._cursor])
        return self.history[self._cursor]

    def clear(self) -> None:
        self._transcript = []
        self._render()

    # ------------------------------------------------------------------ running
    def run(self, line: str) -> CommandResult:
        """Run one command line as typed (``kubectl get pods``); returns what it printed. The
        output reaches the screen as it is written."""
        line = line.strip()
        self._running = True
        self.stop_button.disabled = False
        self.history.append(line)
        self._cursor = len(self.history)
        try:
            if line == "clear":
                self._transcript = []
                result = CommandResult("", "", "", 0)
            else:
                self._transcript.append(self.prompt + line + "\n")
                self._render()
                if line == "history":
                    text = "".join(f"{i:5d}  {h}\n" for i, h in enumerate(self.history, 1))
                    result = CommandResult(text, text, "", 0)
                    self._append(text)
                elif line == "help":
                    result = CommandResult(t("terminal.help"), t("terminal.help"), "", 0)
                    self._append(str(result))
                else:
                    result = self._guarded(line)
        finally:
            self._running = False
            self.stop_button.disabled = True
            try:                              # a Stop that came as the command ended must not stop the next
                self.target.sim.check_stop()
            except KeyboardInterrupt:
                pass
        self._sync_history()
        self._render()
        flush()
        return result

    def _guarded(self, line: str) -> CommandResult:
        try:
            return self.target.run_line(line, sink=self._append, shell=self._shell)
        except KeyboardInterrupt:         # stopped outside a stream (a long az wait): the shell's ^C
            self._append("^C\n")
            return CommandResult("^C\n", "", "^C\n", 130)

    def _append(self, text: str) -> None:
        """More output of the running command: onto the screen now."""
        if not self._transcript:
            self._transcript.append("")
        self._transcript[-1] += text
        self._render()

    def _sync_history(self) -> None:
        options = list(dict.fromkeys(reversed(self.history)))
        self.history_list.unobserve(self._on_history, names="value")
        try:
            self.history_list.options = options
            self.history_list.value = None
        finally:
            self.history_list.observe(self._on_history, names="value")

    def _render(self) -> None:
        lines = self.text().splitlines()[-self.max_lines:]
        self.screen.value = (
            "<pre class='k8s-terminal-screen' style='background:#1e1e1e;color:#e0e0e0;margin:0;padding:6px;"
            "font-family:monospace;font-size:12px;line-height:1.3;max-height:360px;overflow:auto;white-space:pre'>"
            + esc("\n".join(lines)) + "</pre>")

    # ------------------------------------------------------------------ refresh protocol / text
    def stale(self) -> bool:
        return False

    def refresh(self) -> "Terminal":
        return self

    def text(self) -> str:
        """The transcript, as plain text."""
        return "".join(self._transcript)

    def __repr__(self) -> str:
        last = f", last: {self.history[-1]!r}" if self.history else ""
        return f"Terminal({self.target.kind}: {len(self.history)} commands{last})"
