"""JSON as Go's ``encoding/json`` reads it, with Go's error sentences — as kubectl reads a manifest
stream and as kube-apiserver reads a patch.

kubectl sniffs a manifest stream: when its first non-blank byte is ``{`` the whole stream is JSON —
one or more values one after the other — and goes through Go's decoder; otherwise it is YAML (a
document that *looks* like JSON inside a YAML stream is still read by the YAML parser). Go's
decoder is stricter than Python's (no ``NaN``, no trailing commas) and words its errors by what
its scanner was looking for, counting the offset in bytes (the bad byte's index + 1). kubectl
(``k8s.io/apimachinery/pkg/util/yaml``) prefixes them with ``json: offset N:``; a value cut short
is a plain ``unexpected EOF``; nesting beyond 10,000 is ``exceeded max depth``.

>>> load_stream('{"a": 1} {"b": [true, null]}')
[{'a': 1}, {'b': [True, None]}]
>>> load_stream('{"a": }')
Traceback (most recent call last):
...
k8scourse.api.gojson.JSONError: json: offset 7: invalid character '}' looking for beginning of value
>>> load_stream('{"kind": "Pod",}')
Traceback (most recent call last):
...
k8scourse.api.gojson.JSONError: json: offset 16: invalid character '}' looking for beginning of object key string
>>> load_stream('{"kind": "Pod"')
Traceback (most recent call last):
...
k8scourse.api.gojson.JSONError: unexpected EOF
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Iterator

from .. import defaults

_SPACE = b" \t\r\n"
_DIGITS = b"0123456789"
_HEX = b"0123456789abcdefABCDEF"
_ESCAPES = b'"\\/bfnrtu'


@contextmanager
def deep_recursion(depth: int) -> Iterator[None]:
    """Room for a loader's recursion on a deep (but allowed) document."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 4 * depth + 2000))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


# The struct kube-apiserver's and kubectl's decoders first read a body into to find its kind; Go
# names it so in ``json: cannot unmarshal array into Go value of type …``.
TYPEMETA_STRUCT = ('struct { APIVersion string "json:\\"apiVersion,omitempty\\""; '
                   'Kind string "json:\\"kind,omitempty\\"" }')


def type_name(value: Any) -> str:
    """How Go's decoder names a JSON value's type in ``cannot unmarshal X into …``.

    >>> [type_name(v) for v in (True, 1.5, "x", [], {}, None)]
    ['bool', 'number', 'string', 'array', 'object', 'null']
    """
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


class JSONError(ValueError):
    """A JSON stream Go's decoder refuses; ``str()`` is kubectl's wording."""


def looks_like_json(text: str) -> bool:
    """kubectl's sniff: the stream is JSON when its first non-blank character is ``{``."""
    return text.lstrip(" \t\r\n").startswith("{")


def _char(byte: int) -> str:
    """Go's ``quoteChar``: how the scanner names the byte it did not expect."""
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    text = json.dumps(chr(byte))[1:-1] if byte < 0x80 else chr(byte)
    return f"'{text}'"


class _Scanner:
    """Go's scanner as a loop over bytes (no recursion: the nesting limit is data, not a stack)."""

    def __init__(self, data: bytes):
        self.data, self.i = data, 0

    def fail(self, context: str) -> JSONError:
        return JSONError(f"json: offset {self.i + 1}: invalid character {_char(self.data[self.i])} {context}")

    def peek(self) -> int:
        if self.i >= len(self.data):
            raise JSONError("unexpected EOF")
        return self.data[self.i]

    def skip_space(self) -> None:
        while self.i < len(self.data) and self.data[self.i] in _SPACE:
            self.i += 1

    def value(self) -> None:
        """Scan one value from ``self.i``; afterwards ``self.i`` is just past it."""
        stack: list[int] = []            # the open containers: ord('{') or ord('[')
        while True:
            self.skip_space()
            c = self.peek()
            if c in b"{[":
                if len(stack) >= defaults.JSON_MAX_DEPTH:
                    raise self.fail("exceeded max depth")
                stack.append(c)
                self.i += 1
                self.skip_space()
                close = b"}" if c == ord("{") else b"]"
                if self.peek() == close[0]:
                    self.i += 1
                    stack.pop()
                elif c == ord("{"):
                    self._key()
                    continue
                else:
                    continue
            else:
                self._scalar(c)
            # a value ended: close containers or move to the next member
            while stack:
                self.skip_space()
                c = self.peek()
                if stack[-1] == ord("{"):
                    if c == ord(","):
                        self.i += 1
                        self._key()
                        break
                    if c != ord("}"):
                        raise self.fail("after object key:value pair")
                else:
                    if c == ord(","):
                        self.i += 1
                        break
                    if c != ord("]"):
                        raise self.fail("after array element")
                self.i += 1
                stack.pop()
            if not stack:
                return

    def _key(self) -> None:
        self.skip_space()
        if self.peek() != ord('"'):
            raise self.fail("looking for beginning of object key string")
        self._string()
        self.skip_space()
        if self.peek() != ord(":"):
            raise self.fail("after object key")
        self.i += 1

    def _scalar(self, c: int) -> None:
        if c == ord('"'):
            self._string()
        elif c == ord("-") or c in _DIGITS:
            self._number()
        elif c in b"tfn":
            word = {ord("t"): b"true", ord("f"): b"false", ord("n"): b"null"}[c]
            for expected in word[1:]:
                self.i += 1
                if self.peek() != expected:
                    raise self.fail(f"in literal {word.decode()} (expecting {_char(expected)})")
            self.i += 1
        else:
            raise self.fail("looking for beginning of value")

    def _string(self) -> None:
        self.i += 1
        while True:
            c = self.peek()
            if c == ord('"'):
                self.i += 1
                return
            if c < 0x20:
                raise self.fail("in string literal")
            if c == ord("\\"):
                self.i += 1
                if self.peek() not in _ESCAPES:
                    raise self.fail("in string escape code")
                if self.data[self.i] == ord("u"):
                    for _ in range(4):
                        self.i += 1
                        if self.peek() not in _HEX:
                            raise self.fail("in \\u hexadecimal character escape")
            self.i += 1

    def _number(self) -> None:
        def at_end() -> bool:
            return self.i >= len(self.data)

        if self.data[self.i] == ord("-"):
            self.i += 1
            if self.peek() not in _DIGITS:
                raise self.fail("in numeric literal")
        if self.data[self.i] == ord("0"):
            self.i += 1
        else:
            while not at_end() and self.data[self.i] in _DIGITS:
                self.i += 1
        if not at_end() and self.data[self.i] == ord("."):
            self.i += 1
            if self.peek() not in _DIGITS:
                raise self.fail("after decimal point in numeric literal")
            while not at_end() and self.data[self.i] in _DIGITS:
                self.i += 1
        if not at_end() and self.data[self.i] in b"eE":
            self.i += 1
            if self.peek() in b"+-":
                self.i += 1
            if self.peek() not in _DIGITS:
                raise self.fail("in exponent of numeric literal")
            while not at_end() and self.data[self.i] in _DIGITS:
                self.i += 1


def iter_stream(text: str) -> Iterator:
    """The values of a JSON stream one at a time, as Go's ``json.Decoder`` hands them out: the
    values before a faulty one are returned, then :class:`JSONError` with Go's words."""
    data = text.encode("utf-8", "surrogatepass")
    scanner = _Scanner(data)
    while True:
        scanner.skip_space()
        if scanner.i >= len(data):
            return
        start = scanner.i
        scanner.value()
        with deep_recursion(defaults.JSON_MAX_DEPTH):
            value = json.loads(data[start:scanner.i])
        yield value


def load_stream(text: str) -> list:
    """Every value of a JSON stream, or :class:`JSONError` for the first fault."""
    return list(iter_stream(text))


def load(text: str) -> Any:
    """The first value of a JSON text, as Go reads it (None for blank text)."""
    values = load_stream(text)
    return values[0] if values else None


def unmarshal(text: str | bytes) -> Any:
    """``json.Unmarshal``: one JSON value (and nothing after it), or :class:`JSONError` in its words —
    the scanner's sentence without kubectl's offset prefix, ``unexpected end of JSON input`` for a
    value cut short.

    >>> unmarshal('[1, 2]')
    [1, 2]
    >>> unmarshal('{bad')
    Traceback (most recent call last):
    ...
    k8scourse.api.gojson.JSONError: invalid character 'b' looking for beginning of object key string
    >>> unmarshal('{"a": 1} x')
    Traceback (most recent call last):
    ...
    k8scourse.api.gojson.JSONError: invalid character 'x' after top-level value
    >>> unmarshal('{"a": ')
    Traceback (most recent call last):
    ...
    k8scourse.api.gojson.JSONError: unexpected end of JSON input
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    scanner = _Scanner(data)
    try:
        scanner.skip_space()
        scanner.value()
        scanner.skip_space()
        if scanner.i < len(data):
            raise scanner.fail("after top-level value")
    except JSONError as exc:
        message = str(exc)
        if message == "unexpected EOF":
            message = "unexpected end of JSON input"
        elif message.startswith("json: offset "):
            message = message.split(": ", 2)[2]
        raise JSONError(message) from None
    with deep_recursion(defaults.JSON_MAX_DEPTH):
        return json.loads(data)
