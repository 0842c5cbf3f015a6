"""``-o go-template=…`` / ``-o template``: Go's ``text/template`` as kubectl runs it, on the object's JSON.

kubectl executes the template on the object's unstructured JSON form (whole numbers are int64,
others float64: ``{{.spec.replicas}}`` prints ``3``, ``printf "%d"`` takes it, ``0.5`` prints
``0.5``) and executes the template with two extra functions,
``base64decode`` and ``exists``. This module implements the language learners use: text and
``{{ }}`` actions with ``{{-``/``-}}`` trimming and ``{{/* comments */}}``; field chains
(``.metadata.name``), ``$`` and variables (``$x :=``, ``$i, $e :=`` in ``range``); string, raw
string, number and boolean literals; pipelines with ``|``; ``if``/``else if``/``else``, ``range``
(slices and maps, maps in key order) with ``else``, ``with``; and the functions ``and or not len
index print printf println eq ne lt le gt ge`` plus kubectl's two. Values print as Go's ``%v``
prints them (``map[a:b]``, ``[x y]``, ``<no value>`` for a missing key).

A field chain that fails on the data is located as Go does and kubectl prints its debugging dump
(:func:`debug_dump`). Deliberate difference: ``define``/``template``/``block`` and method calls are
not modelled (an error says so); other error texts follow Go's wording without its column numbers.

>>> obj = {"metadata": {"name": "web"}, "spec": {"replicas": 3}, "data": {"pw": "czNjcmV0"}}
>>> execute('{{.metadata.name}} has {{.spec.replicas}} replicas', obj)
'web has 3 replicas'
>>> execute('{{.data.pw | base64decode}}', obj)
's3cret'
>>> execute('{{range $k, $v := .data}}{{$k}}={{$v}}{{"\\n"}}{{end}}', obj)
'pw=czNjcmV0\\n'
>>> execute('{{if gt .spec.replicas 2}}many{{else}}few{{end}} {{.nope}} {{.nope.deeper}}', obj)
'many <no value> <no value>'
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from typing import Any

from .errors import PrinterError

_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.S)
_TOKEN = re.compile(r"""\s*(?:
    (?P<str>"(?:[^"\\]|\\.)*") | (?P<raw>`[^`]*`) | (?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?) |
    (?P<decl>:=|=) | (?P<pipe>\|) | (?P<lp>\() | (?P<rp>\)) | (?P<comma>,) |
    (?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*) | (?P<field>(?:\.[A-Za-z0-9_]+)+|\.) |
    (?P<ident>[A-Za-z_][A-Za-z0-9_]*)(?P<chain>(?:\.[A-Za-z0-9_]+)*)
    )""", re.X)
_MISSING = object()
_KEYWORD = re.compile(r"(if|range|with|end|else|define|template|block)(?![A-Za-z0-9_])")


class TemplateError(PrinterError):
    """A template that fails while running (kubectl's error text)."""


class TemplateParseError(TemplateError):
    """A template that does not parse (``unclosed action``, ``unexpected EOF``, an unknown function)."""


class TemplateExecError(TemplateError):
    """A field chain that cannot be evaluated on the data (``can't evaluate field foo in type
    interface {}``), located as Go locates it: ``template: output:1:11: executing "output" at
    <.metadata.name.foo>: …``. ``printed`` is what the template wrote before it failed (Go writes
    as it goes); kubectl follows it with :func:`debug_dump`."""

    def __init__(self, message: str, node: str = "", printed: str = ""):
        super().__init__(message)
        self.message, self.node, self.printed = message, node, printed


FUNCTIONS = frozenset({"and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le",
                       "gt", "ge", "base64decode", "exists"})


# ------------------------------------------------------------------------------ parsing
def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise TemplateError(f'template: output:1: unexpected "{text[pos:].strip()[:1]}" in command')
        kind = m.lastgroup if m.lastgroup != "chain" else "ident"
        if m.group("ident"):
            out.append(("ident", m.group("ident")))
            if m.group("chain"):
                out.append(("chain", m.group("chain")))
        else:
            out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _parse(template: str) -> list:
    """The template as a tree: text strings and ("action"|"if"|"range"|"with", …) nodes."""
    if template.count("{{") > len(_ACTION.findall(template)):
        raise TemplateParseError("template: output:1: unclosed action")
    try:
        tree = _parse_tree(template)
        _check_functions(tree)
    except TemplateParseError:
        raise
    except TemplateError as exc:
        raise TemplateParseError(str(exc)) from None
    return tree


def _check_functions(nodes: list) -> None:
    for node in nodes:
        if isinstance(node, str):
            continue
        text = node[1] if node[0] == "act" else _range_vars(node[1])[1]
        for kind, word in _tokens(text):
            if kind == "ident" and word not in FUNCTIONS and word not in ("true", "false", "nil"):
                raise TemplateParseError(f'template: output:1: function "{word}" not defined')
        for child in node[2:] if node[0] != "act" else ():
            _check_functions(child)


def _parse_tree(template: str) -> list:
    pieces: list = []
    pos = 0
    for m in _ACTION.finditer(template):
        text = template[pos:m.start()]
        if m.group(1):
            text = text.rstrip()
        if pieces and isinstance(pieces[-1], tuple) and pieces[-1][0] == "trim":
            text = text.lstrip()
            pieces.pop()
        pieces.append(text)
        body = m.group(2).strip()
        if not (body.startswith("/*") and body.endswith("*/")):
            pieces.append(("act", body))
        if m.group(3):
            pieces.append(("trim",))
        pos = m.end()
    tail = template[pos:]
    if pieces and isinstance(pieces[-1], tuple) and pieces[-1][0] == "trim":
        pieces.pop()
        tail = tail.lstrip()
    pieces.append(tail)
    tree, rest = _block(pieces, 0, top=True)
    return tree


def _block(pieces: list, i: int, top: bool = False):
    """Nodes up to the matching ``end``/``else``; returns (nodes, index of the stopper, stopper)."""
    nodes: list = []
    while i < len(pieces):
        piece = pieces[i]
        if isinstance(piece, str):
            if piece:
                nodes.append(piece)
            i += 1
            continue
        body = piece[1]
        # a keyword ends where a word does: Go reads {{range.items}} as range over .items
        keyword = _KEYWORD.match(body)
        word = keyword.group(1) if keyword else (body.split(None, 1)[0] if body else "")
        if word in ("end", "else"):
            if top:
                raise TemplateError(f"template: output:1: unexpected {{{{{word}}}}}")
            return nodes, (i, body)
        if word in ("if", "range", "with"):
            node, i = _control(pieces, i + 1, word, body[len(word):].strip())
            nodes.append(node)
            continue
        if word in ("define", "template", "block"):
            raise TemplateError(f"template: the simulator does not model {{{{{word}}}}} in go templates")
        nodes.append(("act", body))
        i += 1
    if not top:
        raise TemplateError("template: output:1: unexpected EOF")
    return nodes, None


def _control(pieces: list, i: int, word: str, condition: str):
    """An ``if``/``range``/``with`` whose body starts at ``i``: (node, index after its ``end``);
    ``{{else if …}}`` chains nest as the else branch, all closed by one ``{{end}}``."""
    inner, (j, stopper) = _block(pieces, i)
    if stopper == "end":
        return (word, condition, inner, []), j + 1
    if not stopper.startswith("else"):
        raise TemplateError("template: output:1: unexpected EOF")
    after = stopper[4:].strip()
    if word == "if" and after.startswith("if "):
        nested, k = _control(pieces, j + 1, "if", after[3:].strip())
        return (word, condition, inner, [nested]), k
    orelse, (k, stop2) = _block(pieces, j + 1)
    if stop2 != "end":
        raise TemplateError("template: output:1: unexpected EOF")
    return (word, condition, inner, orelse), k + 1


# ------------------------------------------------------------------------------ evaluation
def execute(template: str, data: Any) -> str:
    """Run ``template`` on ``data`` (the object's JSON form) and return what it prints."""
    tree = _parse(template)
    out: list[str] = []
    try:
        _run(tree, data, {"$": data}, out)
    except TemplateExecError as exc:
        where = f":{_column(template, exc.node)}" if exc.node else ""
        raise TemplateExecError(f'template: output:1{where}: executing "output" at <{exc.node}>: {exc.message}',
                                exc.node, "".join(out)) from None
    return "".join(out)


def _column(template: str, chain: str) -> int:
    """Go's column (a byte offset on the first line) of a field chain: a chain of several fields is
    placed at its second field, where text/template's parser starts the chain node."""
    at = max(template.find(chain), 0)
    fields = chain.split(".")[1:]
    return at + 1 + len(fields[0]) if chain.startswith(".") and len(fields) > 1 else at


def debug_dump(template: str, data: Any, error: TemplateExecError) -> str:
    """What kubectl writes to standard output when a template fails while running: the error, the
    template, the data as JSON and as the template engine saw it (Go's ``%+v``), then a blank line."""
    from .gofmt import go_json
    return (f"Error executing template: {error}. Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{go_json(data)}\n"
            f"\tobject given to template engine was:\n\t\t{go_print(data)}\n\n")


def _run(nodes: list, dot: Any, scope: dict, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "act":
            value = _pipeline(node[1], dot, scope, declare=True)
            if value is not _DECLARED:
                out.append(go_print(value))
        elif node[0] == "if":
            _run(node[2] if truth(_pipeline(node[1], dot, scope)) else node[3], dot, scope, out)
        elif node[0] == "with":
            value = _pipeline(node[1], dot, scope)
            if truth(value):
                _run(node[2], value, dict(scope), out)
            else:
                _run(node[3], dot, scope, out)
        elif node[0] == "range":
            names, expr = _range_vars(node[1])
            value = _pipeline(expr, dot, scope)
            if isinstance(value, dict):
                items = [(k, value[k]) for k in sorted(value)]
            elif isinstance(value, list):
                items = list(enumerate(value))
            elif value is None or value is _MISSING:
                items = []
            else:
                raise TemplateError(f"template: output:1: range can't iterate over {go_print(value)}")
            if not items:
                _run(node[3], dot, scope, out)
            for key, element in items:
                inner = dict(scope)
                if len(names) == 1:
                    inner[names[0]] = element
                elif len(names) == 2:
                    inner[names[0]], inner[names[1]] = key, element
                _run(node[2], element, inner, out)


_DECLARED = object()


def _range_vars(text: str) -> tuple[list[str], str]:
    m = re.match(r"\s*(\$\w*)\s*(?:,\s*(\$\w*)\s*)?:=\s*(.*)$", text, re.S)
    if not m:
        return [], text
    return [n for n in (m.group(1), m.group(2)) if n], m.group(3)


def _pipeline(text: str, dot: Any, scope: dict, declare: bool = False) -> Any:
    tokens = _tokens(text)
    target = None
    if len(tokens) >= 2 and tokens[0][0] == "var" and tokens[1][0] == "decl":
        target, assign, tokens = tokens[0][1], tokens[1][1] == "=", tokens[2:]
        if assign and target not in scope:
            raise TemplateError(f"template: output:1: undefined variable: {target}")
    value, pos = _commands(tokens, 0, dot, scope)
    if pos != len(tokens):
        raise TemplateError(f"template: output:1: unexpected {tokens[pos][1]!r} in operand")
    if target is not None:
        scope[target] = value
        return _DECLARED if declare else value
    return value


def _commands(tokens: list, pos: int, dot: Any, scope: dict, stop: str = "") -> tuple[Any, int]:
    value: Any = _MISSING
    first = True
    while pos < len(tokens):
        args: list = []
        start = pos
        while pos < len(tokens) and tokens[pos][0] not in ("pipe", "rp"):
            kind, text = tokens[pos]
            if kind == "lp":
                inner, pos = _commands(tokens, pos + 1, dot, scope, stop=")")
                if pos >= len(tokens) or tokens[pos][0] != "rp":
                    raise TemplateError("template: output:1: unclosed left paren")
                args.append(("value", inner))
                pos += 1
                continue
            if kind == "chain" and args:
                kind_, prev = args[-1]
                args[-1] = ("value", _fields(_operand(args[-1], dot, scope), text, located=False))
                pos += 1
                continue
            args.append((kind, text))
            pos += 1
        if pos == start:
            raise TemplateError("template: output:1: missing value for command")
        value = _command(args, dot, scope, None if first else value)
        first = False
        if pos < len(tokens) and tokens[pos][0] == "pipe":
            pos += 1
            continue
        break
    return value, pos


def _command(args: list, dot: Any, scope: dict, piped: Any) -> Any:
    kind, text = args[0]
    if kind == "ident" and text not in ("true", "false", "nil"):
        values = [_operand(a, dot, scope) for a in args[1:]]
        if piped is not None:
            values.append(piped)
        return _call(text, values)
    if len(args) > 1 or piped is not None:
        raise TemplateError(f"template: output:1: can't give argument to non-function {text}")
    return _operand(args[0], dot, scope)


def _operand(arg: tuple, dot: Any, scope: dict) -> Any:
    kind, text = arg
    if kind == "value":
        return text
    if kind == "str":
        return _unquote(text)
    if kind == "raw":
        return text[1:-1]
    if kind == "num":
        return float(text) if any(c in text for c in ".eE") else int(text)
    if kind == "ident":
        if text in ("true", "false"):
            return text == "true"
        if text == "nil":
            return None
        return _call(text, [])
    if kind == "field":
        return dot if text == "." else _fields(dot, text)
    if kind == "var":
        name, _, chain = text.partition(".")
        if name not in scope:
            raise TemplateError(f"template: output:1: undefined variable: {name}")
        return _fields(scope[name], "." + chain, located=False) if chain else scope[name]
    raise TemplateError(f"template: output:1: unexpected {text!r} in operand")


def _fields(value: Any, chain: str, located: bool = True) -> Any:
    """Follow ``.a.b.c`` from ``value``; ``located``: a chain on the dot, whose failure Go locates
    (chains on variables and parenthesised values fail without a column here)."""
    for name in [p for p in chain.split(".") if p]:
        if value is _MISSING or value is None:
            return _MISSING             # a missing map key's value is the zero value: <no value>
        if not isinstance(value, dict):
            # the value came out of the object's maps, so Go sees it as an interface {}
            if not located:
                raise TemplateError(f"template: output:1: can't evaluate field {name} in type {_go_type(value)}")
            raise TemplateExecError(f"can't evaluate field {name} in type interface {{}}", chain)
        value = value.get(name, _MISSING)
    return value


def _unquote(text: str) -> str:
    return bytes(text[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


# ------------------------------------------------------------------------------ functions
def _call(name: str, args: list) -> Any:
    args = [None if a is _MISSING else a for a in args]
    if name == "and":
        result = args[0] if args else None
        for a in args:
            result = a
            if not truth(a):
                return a
        return result
    if name == "or":
        for a in args:
            if truth(a):
                return a
        return args[-1] if args else None
    if name == "not":
        return not truth(args[0])
    if name == "len":
        if not isinstance(args[0], (str, list, dict)):
            raise TemplateError(f"template: output:1: error calling len: len of type {_go_type(args[0])}")
        return len(args[0])
    if name == "index":
        value = args[0]
        for key in args[1:]:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
                if not 0 <= int(key) < len(value):
                    raise TemplateError(f"template: output:1: error calling index: index out of range: {int(key)}")
                value = value[int(key)]
            else:
                raise TemplateError(f"template: output:1: error calling index: can't index item of type "
                                    f"{_go_type(value)}")
        return value
    if name in ("print", "println"):
        text = _sprint(args, spaces=name == "println")
        return text + "\n" if name == "println" else text
    if name == "printf":
        return _printf(args[0] if args else "", args[1:])
    if name in ("eq", "ne", "lt", "le", "gt", "ge"):
        a, rest = args[0], args[1:]
        if name == "eq":
            return any(_compare(a, b, name) == 0 for b in rest)
        b = rest[0]
        c = _compare(a, b, name)
        return {"ne": c != 0, "lt": c < 0, "le": c <= 0, "gt": c > 0, "ge": c >= 0}[name]
    if name == "base64decode":
        try:
            return base64.b64decode(str(args[0]), validate=True).decode("utf-8", errors="replace")
        except ValueError as exc:
            raise TemplateError(f"template: output:1: error calling base64decode: base64 decode failed: {exc}")
    if name == "exists":
        value = args[0]
        for key in args[1:]:
            if not isinstance(value, dict) or key not in value:
                return False
            value = value[key]
        return True
    raise TemplateError(f'template: output:1: function "{name}" not defined')


def _compare(a: Any, b: Any, name: str) -> int:
    if type(a) is not type(b) or isinstance(a, (dict, list)):
        if a is None or b is None:
            return 0 if a is b else 1
        raise TemplateError(f"template: output:1: error calling {name}: incompatible types for comparison")
    return (a > b) - (a < b)


def _sprint(args: list, spaces: bool) -> str:
    out = ""
    for i, a in enumerate(args):
        if i and (spaces or (not isinstance(a, str) and not isinstance(args[i - 1], str))):
            out += " "
        out += go_print(a)
    return out


def _printf(fmt: str, args: list) -> str:
    out, i = [], 0

    def next_arg():
        nonlocal i
        if i >= len(args):
            return _MISSING
        i += 1
        return args[i - 1]
    for m in re.finditer(r"%([-+ #0]*\d*(?:\.\d+)?)([vsdqxfgt%])|[^%]+|%", fmt):
        if not m.group(2):
            out.append(m.group(0) if m.group(0) != "%" else "%!(NOVERB)")
            continue
        verb = m.group(2)
        if verb == "%":
            out.append("%")
            continue
        a = next_arg()
        if a is _MISSING:
            out.append(f"%!{verb}(MISSING)")
        elif verb in ("v", "s", "t"):
            out.append(go_print(a))
        elif verb == "q":
            out.append('"' + str(a).replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif verb == "d" and isinstance(a, int) and not isinstance(a, bool):
            out.append(("%" + m.group(1) + "d") % a)
        elif verb in ("f", "g") and isinstance(a, float):
            out.append(("%" + m.group(1) + verb) % a)
        elif verb == "x" and isinstance(a, str):
            out.append(a.encode().hex())
        else:
            out.append(f"%!{verb}({_go_type(a)}={go_print(a)})")
    if i < len(args):
        out.append("%!(EXTRA " + ", ".join(f"{_go_type(a)}={go_print(a)}" for a in args[i:]) + ")")
    return "".join(out)


# ------------------------------------------------------------------------------ printing
def truth(value: Any) -> bool:
    """Go template truth: false, 0, nil and empty strings, slices and maps are false."""
    if value is _MISSING or value is None:
        return False
    if isinstance(value, (bool, float, int, str, list, dict)):
        return bool(value)
    return True


def go_print(value: Any) -> str:
    """``fmt``'s ``%v`` of a JSON value as the unstructured decoder gives it (int64 or float64 numbers)."""
    if value is _MISSING:
        return "<no value>"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(go_print(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_print(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def _go_float(f: float) -> str:
    """``%v`` of a float64 (``strconv``'s shortest ``'g'``): exponent form from 1e+06 and below 1e-04."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if str(f).startswith("-") else "0"
    sign, digits, exponent = Decimal(repr(f)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)            # where the decimal point falls in the digits
    exp = point - 1
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        out = f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    elif point <= 0:
        out = "0." + "0" * -point + text
    elif point >= len(text):
        out = text + "0" * (point - len(text))
    else:
        out = text[:point] + "." + text[point:]
    return ("-" if sign else "") + out


def _go_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "interface {}"
