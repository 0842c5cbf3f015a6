"""Errors raised by the printers, carrying the text kubectl prints for them.

``str(err)`` / ``err.message`` is the Go ``err.Error()`` string; :attr:`PrinterError.stderr` is what
kubectl's ``cmdutil.CheckErr`` writes to stderr for it: ``error: `` prepended unless already there,
and a newline appended unless the message already ends with one (exit code 1).

>>> PrinterError("couldn't find any field with path \\"{.foo}\\" in the list of objects").stderr
'error: couldn\\'t find any field with path "{.foo}" in the list of objects\\n'
"""

from __future__ import annotations

from ...errors import K8sCourseError

__all__ = ["PrinterError", "JSONPathError", "OutputFormatError"]


class PrinterError(K8sCourseError, ValueError):
    """A printer refused its input or its format specification (also a ``ValueError``)."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def stderr(self) -> str:
        msg = self.message if self.message.startswith("error: ") else "error: " + self.message
        return msg if msg.endswith("\n") else msg + "\n"


class JSONPathError(PrinterError):
    """A JSONPath template failed to parse or to execute. ``reason`` is the bare engine message
    (``unterminated array``), ``message`` the full kubectl wording."""

    def __init__(self, message: str):
        super().__init__(message)
        self.reason = message


class OutputFormatError(PrinterError):
    """``-o`` named a format no printer handles, or a malformed custom-columns spec."""
