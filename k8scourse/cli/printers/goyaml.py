"""YAML exactly as ``kubectl -o yaml`` writes it: ``sigs.k8s.io/yaml`` (JSON → go-yaml v2 →
libyaml's emitter), re-implemented for JSON-shaped Python values.

What carries over from go-yaml v2 / libyaml:

* Map keys sorted the go-yaml way (letters compare by code point, non-letters sort before letters,
  digit runs compare as numbers: ``a9`` < ``a10``); 2-space indentation; a sequence that is a
  mapping value is not indented (``containers:`` / ``- name: x``); empty maps and lists as ``{}``
  and ``[]``.
* Strings are written plain unless a YAML 1.1 reader would take them for something else — then
  double-quoted: ``""``, ``"10"``, ``"1.5"``, ``"1e3"``, ``"0x1F"``, ``"true"``, ``"y"``, ``"on"``,
  ``"null"``, ``"~"``, timestamps like ``"2026-11-26T16:27:54Z"``, sexagesimals like ``"1:30"``.
  Strings that cannot be plain for syntactic reasons (leading ``*``, ``{``, ``- ``, ``: `` inside,
  leading/trailing spaces...) are single-quoted (``'*'``, ``'{"a":1}'``); strings with tabs or
  other non-printable characters are double-quoted with escapes.
* Strings containing ``\\n`` are literal blocks: ``|`` (one final newline), ``|-`` (none), ``|+``
  (several; as the document's last value it is followed by a ``...`` line), with an
  indentation hint (``|2-``) when the text starts with a space; when a line has
  trailing spaces libyaml cannot use a block and double-quotes instead.
* **Long lines wrap** like go-yaml v2 (``best_width`` 80, which kubectl never turns off): a plain or
  quoted scalar breaks at the first single space after column 80, continuing two spaces deeper
  than its key. (kubernetes/kubernetes#32335 shows this in real kubectl output.)
* Numbers: integers as is; non-integral floats in Go's ``%g`` shortest form; ``null``,
  ``true``/``false``.

Not reproduced: map keys over 128 bytes are emitted in ``? key`` form by libyaml — here too, but
without its exact wrapping rules; strings with Unicode line separators (U+2028...) are
double-quoted rather than single-quoted.

>>> print(to_yaml({"metadata": {"name": "web", "labels": {"app": "web"}, "resourceVersion": "10"},
...                "spec": {"ports": [{"port": 80}], "selector": {}}, "data": {"script": "echo hi\\n"}}), end="")
data:
  script: |
    echo hi
metadata:
  labels:
    app: web
  name: web
  resourceVersion: "10"
spec:
  ports:
  - port: 80
  selector: {}
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from .gofmt import go_float

__all__ = ["to_yaml", "yaml_key_less"]

BEST_WIDTH = 80
BEST_INDENT = 2

_BREAKS = "\r\n\x85\u2028\u2029"


def _printable(c: str) -> bool:
    o = ord(c)
    return (o == 0x0A or 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF
            or (0xE000 <= o <= 0xFFFD and o != 0xFEFF))


# -- go-yaml v2 resolve(): would this plain text read back as something other than a string? ---
_RESOLVE_MAP = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
                "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
                "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
                "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TS = [re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?"
                  r"(Z|[+-]\d{2}:\d{2})$"),
       re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$"),
       re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")]
_RADIX = [(re.compile(r"^[-+]?0[xX]([0-9a-fA-F]+)$"), 16), (re.compile(r"^[-+]?0[oO]([0-7]+)$"), 8),
          (re.compile(r"^[-+]?0[bB]([01]+)$"), 2)]


def _is_timestamp(s: str) -> bool:
    for rx in _TS:
        m = rx.match(s)
        if m:
            g = [int(x) for x in m.groups()[:6] if x is not None and x[:1].isdigit()]
            try:
                datetime.date(g[0], g[1], g[2])
            except ValueError:
                return False
            return len(g) == 3 or (g[3] < 24 and g[4] < 60 and g[5] < 60)
    return False


def _resolves_to_non_string(s: str) -> bool:
    if s in _RESOLVE_MAP:
        return True
    c = s[0]
    if c == ".":
        return bool(re.fullmatch(r"\.[0-9]+([eE][-+]?[0-9]+)?", s))
    if not (c in "+-" or "0" <= c <= "9"):
        return False
    if "0" <= c <= "9" and s[:4].isdigit() and s[4:5] == "-" and _is_timestamp(s):
        return True
    plain = s.replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+", plain) or _YAML_FLOAT.match(plain):
        return True
    for rx, base in _RADIX:
        m = rx.match(plain)
        if m:
            v = int(m.group(1), base)
            return v < 2 ** 64 if not plain.startswith("-") else v <= 2 ** 63
    return False


def _plain_ok(s: str) -> bool:
    """``stringv``'s test: plain is possible when the text resolves to a string."""
    return not _resolves_to_non_string(s) and not _BASE60.match(s)


# -- libyaml's analyze_scalar --------------------------------------------------------------------
def _analyze(s: str) -> dict:
    if not s:
        return dict(multiline=False, block_plain=True, single=True, block=False)
    block_ind = s.startswith("---") or s.startswith("...")
    line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    preceded_by_ws = True
    n = len(s)
    for i, c in enumerate(s):
        followed_by_ws = i + 1 >= n or s[i + 1] in " \t" or s[i + 1] in _BREAKS
        if i == 0:
            if c in "#,[]{}&*!|>'\"%@`":
                block_ind = True
            elif c in "?:" and followed_by_ws:
                block_ind = True
            elif c == "-" and followed_by_ws:
                block_ind = True
        elif c == ":" and followed_by_ws:
            block_ind = True
        elif c == "#" and preceded_by_ws:
            block_ind = True
        if not _printable(c):
            special = True
        if c == " ":
            leading_space |= i == 0
            trailing_space |= i == n - 1
            break_space |= previous_break
            previous_space, previous_break = True, False
        elif c in _BREAKS:
            line_breaks = True
            leading_break |= i == 0
            trailing_break |= i == n - 1
            space_break |= previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_ws = c in " \t" or c in _BREAKS
    a = dict(multiline=line_breaks, block_plain=True, single=True, block=True)
    if leading_space or leading_break or trailing_space or trailing_break:
        a["block_plain"] = False
    if trailing_space:
        a["block"] = False
    if break_space:
        a["block_plain"] = a["single"] = False
    if space_break or special:
        a["block_plain"] = a["single"] = a["block"] = False
    if line_breaks or block_ind:
        a["block_plain"] = False
    return a


def yaml_key_less(a: str, b: str) -> bool:
    """go-yaml v2's ``keyList.Less`` for two string keys."""
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        # unicode.IsDigit is the Nd category (str.isdecimal, not isdigit: "²" is no digit), and the
        # value is the rune minus '0', as Go computes it even for non-ASCII digits
        while ai < len(a) and a[ai].isdecimal():
            an = an * 10 + ord(a[ai]) - 48
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn = bn * 10 + ord(b[bi]) - 48
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


_key_sort = functools.cmp_to_key(lambda a, b: -1 if yaml_key_less(a, b) else (1 if yaml_key_less(b, a) else 0))

_DQ_ESC = {"\x00": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
           "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
           "\u2028": "L", "\u2029": "P"}


class _Emitter:
    def __init__(self):
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.indent = -1
        self.indents: list[int] = []
        self.open_ended = False

    # low level
    def put(self, s: str) -> None:
        self.out.append(s)
        self.column += len(s)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def indicator(self, s: str, need_ws: bool, is_ws: bool, is_indention: bool) -> None:
        if need_ws and not self.whitespace:
            self.put(" ")
        self.put(s)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention
        self.open_ended = False

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = BEST_INDENT if flow else 0
        elif not indentless:
            self.indent += BEST_INDENT

    def pop_indent(self) -> None:
        self.indent = self.indents.pop()

    # nodes
    def node(self, v: Any, mapping_ctx: bool = False, simple_key: bool = False) -> None:
        if isinstance(v, dict):
            if not v:
                self.flow_empty("{", "}")
            else:
                self.block_mapping(v)
        elif isinstance(v, (list, tuple)):
            if not v:
                self.flow_empty("[", "]")
            else:
                self.block_sequence(v, mapping_ctx)
        else:
            self.scalar(v, simple_key)

    def flow_empty(self, open_: str, close: str) -> None:
        self.indicator(open_, True, True, False)
        self.indicator(close, False, False, False)

    def block_mapping(self, m: dict) -> None:
        self.increase_indent(False, False)
        for k in sorted(m, key=lambda x: _key_sort(str(x))):
            key = str(k)
            self.write_indent()
            if "\n" in key or any(c in _BREAKS for c in key) or len(key.encode()) > 128:
                self.indicator("?", True, False, True)
                self.node(key, mapping_ctx=True)
                self.write_indent()
                self.indicator(":", True, False, True)
            else:
                self.scalar(key, simple_key=True)
                self.indicator(":", False, False, False)
            self.node(m[k], mapping_ctx=True)
        self.pop_indent()

    def block_sequence(self, seq: list, mapping_ctx: bool) -> None:
        self.increase_indent(False, mapping_ctx and not self.indention)
        for item in seq:
            self.write_indent()
            self.indicator("-", True, False, True)
            self.node(item)
        self.pop_indent()

    def scalar(self, v: Any, simple_key: bool = False) -> None:
        if v is None:
            text, style = "null", "plain"
        elif isinstance(v, bool):
            text, style = ("true" if v else "false"), "plain"
        elif isinstance(v, int):
            text, style = str(v), "plain"
        elif isinstance(v, float):
            text = str(int(v)) if v.is_integer() and abs(v) < 2 ** 63 else go_float(v)
            text = {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
            style = "plain"
        else:
            text = str(v)
            style = self.select_style(text, simple_key)
        self.increase_indent(True, False)
        allow_breaks = not simple_key
        if style == "plain":
            self.write_plain(text, allow_breaks)
        elif style == "single":
            self.write_single(text, allow_breaks)
        elif style == "double":
            self.write_double(text, allow_breaks)
        else:
            self.write_literal(text)
        self.pop_indent()

    @staticmethod
    def select_style(s: str, simple_key: bool) -> str:
        if "\n" in s:
            style = "literal"
        elif _plain_ok(s):
            style = "plain"
        else:
            style = "double"
        a = _analyze(s)
        if simple_key and a["multiline"]:
            style = "double"
        if style == "plain":
            if not a["block_plain"] or (not s and simple_key):
                style = "single"
        if style == "single" and not a["single"]:
            style = "double"
        if style == "literal" and (not a["block"] or simple_key):
            style = "double"
        return style

    def write_plain(self, s: str, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        spaces = False
        for i, c in enumerate(s):
            if c == " ":
                if (allow_breaks and not spaces and self.column > BEST_WIDTH
                        and not (i + 1 < len(s) and s[i + 1] == " ")):
                    self.write_indent()
                else:
                    self.put(c)
                spaces = True
            else:
                self.put(c)
                self.indention = False
                spaces = False
        self.whitespace = self.indention = False

    def write_single(self, s: str, allow_breaks: bool) -> None:
        self.indicator("'", True, False, False)
        spaces = breaks = False
        n = len(s)
        for i, c in enumerate(s):
            if c == " ":
                if (allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < n - 1
                        and s[i + 1] != " "):
                    self.write_indent()
                else:
                    self.put(c)
                spaces = True
            elif c in _BREAKS:
                if not breaks and c == "\n":
                    self.put_break()
                if c == "\n":
                    self.put_break()
                else:
                    self.out.append(c)
                    self.column = 0
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent()
                if c == "'":
                    self.put("'")
                self.put(c)
                self.indention = spaces = breaks = False
        if breaks:
            self.write_indent()
        self.indicator("'", False, False, False)
        self.whitespace = self.indention = False

    def write_double(self, s: str, allow_breaks: bool) -> None:
        self.indicator('"', True, False, False)
        spaces = False
        n = len(s)
        for i, c in enumerate(s):
            if not _printable(c) or c in _BREAKS or c in '"\\' or c == "\ufeff":
                esc = _DQ_ESC.get(c)
                if esc is None:
                    o = ord(c)
                    esc = f"x{o:02X}" if o <= 0xFF else (f"u{o:04X}" if o <= 0xFFFF else f"U{o:08X}")
                self.put("\\" + esc)
                spaces = False
            elif c == " ":
                if allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < n - 1:
                    self.write_indent()
                    if s[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(c)
                spaces = True
            else:
                self.put(c)
                spaces = False
        self.indicator('"', False, False, False)
        self.whitespace = self.indention = False

    def write_literal(self, s: str) -> None:
        self.indicator("|", True, False, False)
        if s[:1] == " " or s[:1] in _BREAKS and s:
            self.indicator(str(BEST_INDENT), False, False, False)
        if not s or s[-1] not in _BREAKS:
            chomp = "-"
        elif len(s) == 1 or s[-2] in _BREAKS:
            chomp = "+"
        else:
            chomp = ""
        if chomp:
            self.indicator(chomp, False, False, False)
        self.open_ended = chomp == "+"
        self.put_break()
        self.indention = self.whitespace = True
        breaks = True
        for c in s:
            if c in _BREAKS:
                if c == "\n":
                    self.put_break()
                else:
                    self.out.append(c)
                    self.column = 0
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(c)
                self.indention = breaks = False


def to_yaml(value: Any) -> str:
    """One YAML document for ``value`` (no ``---``), ending in a newline, as
    ``sigs.k8s.io/yaml.Marshal`` produces it."""
    e = _Emitter()
    e.node(value)
    e.write_indent()            # document end
    if e.open_ended:            # a final ``|+`` block needs an explicit document end marker
        e.indicator("...", True, False, False)
        e.write_indent()
    return "".join(e.out)
