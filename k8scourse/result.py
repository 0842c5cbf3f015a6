"""What a command printed: stdout and stderr in order, and its exit code.

A :class:`CommandResult` is a ``str`` (the text a terminal would show, both streams interleaved in
the order they were written), so it can be printed, compared and searched directly; ``.stdout``,
``.stderr`` and ``.exit_code`` give the parts.

>>> out = Output()
>>> out.out("pod/web created\\n"); out.err("Warning: x\\n")
>>> r = out.result(0)
>>> str(r), r.stdout, r.exit_code
('pod/web created\\nWarning: x\\n', 'pod/web created\\n', 0)
"""

from __future__ import annotations

from typing import Callable


class CommandResult(str):
    stdout: str
    stderr: str
    exit_code: int

    def __new__(cls, text: str, stdout: str = "", stderr: str = "", exit_code: int = 0) -> "CommandResult":
        self = super().__new__(cls, text)
        self.stdout, self.stderr, self.exit_code = stdout, stderr, exit_code
        return self

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def _ipython_display_(self) -> None:
        """The front ends print the text as the command runs; showing it again would repeat it."""
        return None


class Output:
    """Collects a command's writes to both streams, keeping their order; ``sink`` (optional) also
    receives each write as it happens, so a streaming command's output appears while it runs."""

    def __init__(self, sink: Callable[[str], None] | None = None) -> None:
        self.chunks: list[tuple[str, str]] = []
        self.sink = sink

    def out(self, text: str) -> None:
        if text:
            self.chunks.append(("out", text))
            if self.sink is not None:
                self.sink(text)

    def err(self, text: str) -> None:
        if text:
            self.chunks.append(("err", text))
            if self.sink is not None:
                self.sink(text)

    def result(self, exit_code: int) -> CommandResult:
        text = "".join(t for _, t in self.chunks)
        stdout = "".join(t for s, t in self.chunks if s == "out")
        stderr = "".join(t for s, t in self.chunks if s == "err")
        return CommandResult(text, stdout, stderr, exit_code)
