"""``Terminal``: a Cloud Shell-like command line for kubectl, az and docker.

An input line (Enter or the Run button runs it), a history (the ``↑ Previous`` button and the
History list put an earlier command back into the line), and an output area that keeps the whole
transcript the way Cloud Shell shows it — prompt, command, then exactly what the tool printed.
Built-ins: ``clear``, ``history``, ``help``. Commands go to the same front ends as
``cluster.kubectl(...)`` and ``az(...)``, so the text is identical byte for byte.

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

import ipywidgets as W

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
        self.history_list = W.Dropdown(options=[], description=t("terminal.history"),
                                       layout=W.Layout(width="auto"))
        self.screen = W.HTML()
        self.screen.add_class("k8s-terminal-output")
        self.input.observe(self._on_input, names="value")
        self.run_button.on_click(lambda _b: self.submit())
        self.previous_button.on_click(lambda _b: self.previous())
        self.clear_button.on_click(lambda _b: self.clear())
        self.history_list.observe(self._on_history, names="value")
        super().__init__([self.screen, W.HBox([W.HTML(f"<code>{esc(prompt)}</code>"), self.input,
                                               self.run_button, self.previous_button, self.clear_button]),
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
            self.submit()

    def _on_history(self, change) -> None:
        if change["new"]:
            self._set_input(change["new"])

    def submit(self) -> CommandResult | None:
        """Run what is in the input line and empty it."""
        line = self.input.value
        if not line.strip():
            return None
        self._set_input("")
        return self.run(line)

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
        """Run one command line as typed (``kubectl get pods``); returns what it printed."""
        line = line.strip()
        self.history.append(line)
        self._cursor = len(self.history)
        if line == "clear":
            self._transcript = []
            result = CommandResult("", "", "", 0)
        else:
            if line == "history":
                text = "".join(f"{i:5d}  {h}\n" for i, h in enumerate(self.history, 1))
                result = CommandResult(text, text, "", 0)
            elif line == "help":
                result = CommandResult(t("terminal.help"), t("terminal.help"), "", 0)
            else:
                result = self.target.run_line(line)
            self._transcript.append(self.prompt + line + "\n" + str(result))
        self._sync_history()
        self._render()
        flush()
        return result

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
