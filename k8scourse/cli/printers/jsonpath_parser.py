"""The parser of kubectl's JSONPath templates (``k8s.io/client-go/util/jsonpath/parser.go``
behaviour): text and ``{...}`` actions into a node tree, with the same error texts
(``unterminated array``, ``unclosed action``, ``unrecognized character in action: U+0023 '#'``...).

Quirks kept: ``['a.b']`` is re-parsed as ``.a.b``; ``[]`` means ``[0]``; a filter is split at its
first run of ``!<>=`` characters, so unknown operators (``<>``) only fail when evaluated.

>>> parse_template("a{.b[0]}").nodes
[_Text(text='a'), _List(nodes=[_Field(name='b'), _Array(params=[_Param(known=True, value=0, derived=False), _Param(known=True, value=1, derived=True), _Param(known=False, value=0, derived=False)])])]
>>> parse_template("{.a[}")
Traceback (most recent call last):
...
k8scourse.cli.printers.jsonpath_parser.ParseError: unterminated array
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["parse_template", "ParseError", "GoFloat"]


# ---------------------------------------------------------------------------------------------
# nodes
@dataclass
class _List:
    nodes: list = field(default_factory=list)


@dataclass
class _Text:
    text: str


@dataclass
class _Field:
    name: str


@dataclass
class _Param:
    known: bool = False
    value: int = 0
    derived: bool = False


@dataclass
class _Array:
    params: list


@dataclass
class _Filter:
    left: _List
    right: _List
    op: str


@dataclass
class _Const:          # IntNode, FloatNode, BoolNode
    value: Any


@dataclass
class _Wildcard:
    pass


@dataclass
class _Recursive:
    pass


@dataclass
class _Union:
    lists: list


@dataclass
class _Identifier:
    name: str


class GoFloat(float):
    """A float literal of a template (Go ``float64`` even when integral, unlike JSON numbers)."""


class ParseError(Exception):
    """A template syntax error; the message is the Go parser's."""


_EOF = ""
_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)


def _is_terminator(r: str) -> bool:
    return r in (_EOF, " ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}")


def _is_alnum(r: str) -> bool:
    return r != _EOF and (r == "_" or r.isalpha() or r.isdigit())


def _fmt_U(r: str) -> str:
    """Go's ``%#U``: ``U+0023 '#'``."""
    code = f"U+{ord(r):04X}"
    return f"{code} '{r}'" if r.isprintable() else code


_UNQUOTE_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\"}


def _unquote(s: str) -> str:
    """``UnquoteExtend``: Go's ``strconv.Unquote`` that also accepts single quotes."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in "\"'":
        raise ParseError("invalid syntax")
    quote, body = s[0], s[1:-1]
    if "\\" not in body and quote not in body:
        return body
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == quote:
            raise ParseError("invalid syntax")
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(body):
            raise ParseError("invalid syntax")
        e = body[i + 1]
        i += 2
        if e in _UNQUOTE_SIMPLE:
            out.append(_UNQUOTE_SIMPLE[e])
        elif e in "'\"":
            if e != quote:
                raise ParseError("invalid syntax")
            out.append(e)
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i:i + n]
            if len(digits) < n or not re.fullmatch(r"[0-9a-fA-F]+", digits):
                raise ParseError("invalid syntax")
            i += n
            out.append(chr(int(digits, 16)))
        elif e in "01234567":
            digits = body[i - 1:i + 2]
            if len(digits) < 3 or not re.fullmatch(r"[0-7]{3}", digits) or int(digits, 8) > 255:
                raise ParseError("invalid syntax")
            i += 2
            out.append(chr(int(digits, 8)))
        else:
            raise ParseError("invalid syntax")
    return "".join(out)


class _Parser:
    def __init__(self, text: str):
        self.input = text
        self.pos = 0
        self.start = 0

    def next(self) -> str:
        if self.pos >= len(self.input):
            return _EOF
        r = self.input[self.pos]
        self.pos += 1
        return r

    def backup(self, r: str) -> None:
        if r != _EOF:
            self.pos -= 1

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else _EOF

    def consume(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def parse(self) -> _List:
        root = _List()
        while True:
            idx = self.input.find("{", self.pos)
            if idx < 0:
                if len(self.input) > self.start:
                    root.nodes.append(_Text(self.input[self.start:]))
                return root
            if idx > self.start:
                root.nodes.append(_Text(self.input[self.start:idx]))
            self.pos = idx + 1
            self.start = self.pos
            action = _List()
            root.nodes.append(action)
            self.inside_action(action.nodes)

    def inside_action(self, cur: list) -> None:
        while True:
            rest = self.input[self.pos:]
            if rest.startswith("}"):
                self.pos += 1
                self.consume()
                return
            if rest.startswith("[?("):
                self.parse_filter(cur)
                continue
            if rest.startswith(".."):
                self.parse_recursive(cur)
                continue
            r = self.next()
            if r == _EOF or r in "\r\n":
                raise ParseError("unclosed action")
            if r in " @$":
                self.consume()
            elif r == "[":
                self.parse_array(cur)
            elif r in "\"'":
                self.parse_quote(cur, r)
            elif r == ".":
                self.parse_field(cur)
            elif r in "+-" or r.isdigit():
                self.backup(r)
                self.parse_number(cur)
            elif _is_alnum(r):
                self.backup(r)
                self.parse_identifier(cur)
            else:
                raise ParseError(f"unrecognized character in action: {_fmt_U(r)}")

    def parse_identifier(self, cur: list) -> None:
        while True:
            r = self.next()
            if _is_terminator(r):
                self.backup(r)
                break
        value = self.consume()
        cur.append(_Const(value == "true") if value in ("true", "false") else _Identifier(value))

    def parse_recursive(self, cur: list) -> None:
        if cur and isinstance(cur[-1], _Recursive):
            raise ParseError("invalid multiple recursive descent")
        self.pos += 2
        self.consume()
        cur.append(_Recursive())
        if _is_alnum(self.peek()):
            self.parse_field(cur)

    def parse_number(self, cur: list) -> None:
        if self.peek() in ("+", "-"):
            self.next()
        while True:
            r = self.next()
            if r != "." and not r.isdigit():
                self.backup(r)
                break
        value = self.consume()
        if re.fullmatch(r"[+-]?[0-9]+", value):
            cur.append(_Const(int(value)))
            return
        try:
            if not re.fullmatch(r"[+-]?[0-9.]+", value):
                raise ValueError
            cur.append(_Const(GoFloat(value)))
        except ValueError:
            raise ParseError(f"cannot parse number {value}") from None

    def parse_array(self, cur: list) -> None:
        while True:
            r = self.next()
            if r == _EOF or r == "\n":
                raise ParseError("unterminated array")
            if r == "]":
                break
        text = self.consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.append(_Union([_parse_action(f"[{p.strip(' ')}]") for p in parts]))
            return
        m = _DICT_KEY.match(text)
        if m:
            cur.extend(_parse_action("." + m.group(1)).nodes)
            return
        m = _SLICE.match(text)
        if not m:
            raise ParseError(f"invalid array index {text}")
        groups = list(m.groups(default=""))
        params = [_Param(), _Param(), _Param()]
        for i in range(3):
            v = groups[i]
            if v != "":
                if i > 0:
                    v = v[1:]
                if i > 0 and v == "":
                    params[i].known = False
                else:
                    try:
                        params[i] = _Param(True, int(v))
                    except ValueError:
                        raise ParseError(f"array index {v} is not a number") from None
            elif i == 1:
                params[i] = _Param(True, params[0].value + 1, True)
        cur.append(_Array(params))

    def parse_filter(self, cur: list) -> None:
        self.pos += 3
        self.consume()
        begin = end = False
        pair = ""
        while True:
            r = self.next()
            if r == _EOF or r == "\n":
                raise ParseError("unterminated filter")
            if r in "\"'":
                if not begin:
                    begin, pair = True, r
                    continue
                if self.input[self.pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")" and begin == end:
                break
        if self.next() != "]":
            raise ParseError("unclosed array expect ]")
        text = self.consume()[:-2]
        m = _FILTER.match(text)
        if m is None:
            cur.append(_Filter(_parse_action(text), _List(), "exists"))
        else:
            cur.append(_Filter(_parse_action(m.group(1)), _parse_action(m.group(3)), m.group(2)))

    def parse_quote(self, cur: list, end: str) -> None:
        while True:
            r = self.next()
            if r == _EOF or r == "\n":
                raise ParseError("unterminated quoted string")
            if r == end and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            cur.append(_Text(_unquote(value)))
        except ParseError as e:
            raise ParseError(f"unquote string {value} error {e}") from None

    def parse_field(self, cur: list) -> None:
        self.consume()
        while True:
            r = self.next()
            if r == "\\":
                self.next()
            elif _is_terminator(r):
                self.backup(r)
                break
        value = self.consume()
        cur.append(_Wildcard() if value == "*" else _Field(value.replace("\\", "")))


def _parse_action(text: str) -> _List:
    return _Parser("{" + text + "}").parse().nodes[0]


def parse_template(text: str) -> _List:
    """Parse a whole template into its root list (text nodes and one list per action)."""
    return _Parser(text).parse()
