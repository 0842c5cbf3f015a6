"""kubectl's JSONPath template language (``k8s.io/client-go/util/jsonpath``) and the
``-o jsonpath=...`` printer (``k8s.io/cli-runtime/pkg/printers/jsonpath.go``).

A template is text with ``{...}`` actions. Inside an action: ``.field`` / ``['field']`` (the quoted
form is re-parsed as a dotted path, so ``['a.b']`` means ``.a.b``), ``[n]``, ``[start:end:step]``
(negative indexes count from the end), ``[*]``, ``..`` recursive descent, ``*`` wildcard,
``[?(@.a=="x")]`` filters with ``== != < > <= >=`` or bare existence ``[?(@.a)]``, unions
``[a,b]``, ``{range ...}...{end}``, string literals ``{"\\n"}``, ``{@}``/``{$}`` (the current
object), ``true``/``false``, numbers.

Output: the values of one action are joined with a single space; strings raw, numbers and booleans
as Go prints them, ``null`` as ``<nil>``, maps and lists as compact JSON with sorted keys (Go's
``json.Marshal``, HTML-safe escapes). No newline is added.

Missing keys: kubectl's default is ``--allow-missing-template-keys=true``, under which a missing
field yields nothing. With ``allow_missing_keys=False`` a missing field is an error (``foo is not
found``). Independently of that flag, an index out of range, indexing a non-list, an unknown
identifier or an incomparable filter operand is always an error.

Quirks kept on purpose because kubectl has them: an empty range still evaluates its body once on
nothing (so with ``allow_missing_keys=False`` it fails with ``x is not found``); a filter whose
left side is missing skips the element; comparing an integer with a float or a string is an error
(``incompatible types for comparison``); ``x`` and ``y`` of ``[?(@.a<x)]`` are typed like Go values
(``1`` is an int, ``1.0`` a float).

Deliberate difference: Go visits map entries in random order for ``*`` and ``..``; here they are
visited in sorted key order, so output is deterministic.

>>> pod = {"metadata": {"name": "nginx", "labels": {"app": "web"}},
...        "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "busybox"}]},
...        "status": {"podIP": "10.244.0.12"}}
>>> print_jsonpath(pod, "{.status.podIP}")
'10.244.0.12'
>>> print_jsonpath(pod, "{.spec.containers[*].name}")
'a b'
>>> print_jsonpath(pod, '{range .spec.containers[*]}{.name}={.image}{"\\\\n"}{end}')
'a=nginx\\nb=busybox\\n'
>>> print_jsonpath(pod, '{.spec.containers[?(@.name=="b")].image} {.metadata.labels}')
'busybox {"app":"web"}'
>>> print_jsonpath(pod, "{.metadata.nope}")
''
>>> print_jsonpath(pod, "{.a[}")
Traceback (most recent call last):
...
k8scourse.cli.printers.errors.JSONPathError: error parsing jsonpath {.a[}, unterminated array
"""

from __future__ import annotations

import re
from typing import Any

from .errors import JSONPathError
from .jsonpath_parser import (GoFloat, ParseError, _Array, _Const, _Field, _Filter, _Identifier, _List,
                              _Recursive, _Text, _Union, _Wildcard, parse_template)
from .gofmt import go_json, go_quote, go_sharp_v, go_type_name, go_v

__all__ = ["JSONPath", "parse_jsonpath", "print_jsonpath", "jsonpath", "relaxed_jsonpath",
           "JSONPathError"]


# ---------------------------------------------------------------------------------------------
# evaluation
class _ExecError(Exception):
    pass


_BAD_TYPE = "invalid type for comparison"
_BAD_CMP = "incompatible types for comparison"


def _basic_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and not isinstance(v, GoFloat)):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    raise _ExecError(_BAD_TYPE)


def _equal(a: Any, b: Any) -> bool:
    ka, kb = _basic_kind(a), _basic_kind(b)
    if ka != kb:
        raise _ExecError(_BAD_CMP)
    return a == b


def _less(a: Any, b: Any) -> bool:
    ka, kb = _basic_kind(a), _basic_kind(b)
    if ka != kb:
        raise _ExecError(_BAD_CMP)
    if ka == "bool":
        raise _ExecError(_BAD_TYPE)
    return a < b


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "<":
        return _less(a, b)
    if op == ">":
        return not (_less(a, b) or _equal(a, b))
    if op == "==":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if op == "<=":
        return _less(a, b) or _equal(a, b)
    if op == ">=":
        return not _less(a, b)
    raise _ExecError(f"unrecognized filter operator {op}")


def _children(v: Any) -> list:
    if isinstance(v, dict):
        return [v[k] for k in sorted(v, key=str)]
    if isinstance(v, list):
        return list(v)
    if isinstance(v, str):
        return list(v.encode())   # Go indexes a string by byte
    return []


class JSONPath:
    """A parsed template. ``find_results`` gives the raw value lists; ``execute`` the text."""

    def __init__(self, template: str, allow_missing_keys: bool = False):
        self.template = template
        self.allow_missing_keys = allow_missing_keys
        try:
            self._root = parse_template(template)
        except ParseError as e:
            err = JSONPathError(f"error parsing jsonpath {template}, {e}")
            err.reason = str(e)
            raise err from None

    # -- FindResults --------------------------------------------------------------------------
    def find_results(self, data: Any) -> list[list]:
        """The value lists of every action, range iterations expanded (``FindResults``).

        Raises :class:`JSONPathError` with the bare engine message (``foo is not found``)."""
        self._begin = self._in = self._end = 0
        self._last_end: int | None = None
        try:
            return self._find(data, 0)
        except _ExecError as e:
            raise JSONPathError(str(e)) from None

    def _find(self, data: Any, start: int) -> list[list]:
        # ``start`` indexes the root node list; kubectl re-slices it and recognises the ``{end}``
        # that closed a range by its position (``lastEndNode``), which an index reproduces.
        nodes = self._root.nodes
        cur = [data]
        full: list[list] = []
        i = start
        while i < len(nodes):
            results = self._walk(cur, nodes[i])
            if self._end > 0 and self._end <= self._in:
                self._end -= 1
                self._last_end = i
                break
            if self._begin > 0:
                self._begin -= 1
                self._in += 1
                if results:
                    for value in results:
                        full.extend(self._find(value, i + 1))
                else:
                    # an empty range still walks its body (with nothing) to find its {end}
                    self._find(None, i + 1)
                self._in -= 1
                if self._last_end is not None and self._last_end > i:
                    i = self._last_end
                i += 1
                continue
            full.append(results)
            i += 1
        return full

    def _walk(self, values: list, node) -> list:
        if isinstance(node, _List):
            for n in node.nodes:
                values = self._walk(values, n)
            return values
        if isinstance(node, _Text):
            return [node.text]
        if isinstance(node, _Field):
            return self._field(values, node.name)
        if isinstance(node, _Array):
            return self._array(values, node.params)
        if isinstance(node, _Filter):
            return self._filter(values, node)
        if isinstance(node, _Const):
            return [node.value] * len(values)
        if isinstance(node, _Wildcard):
            return [c for v in values if v is not None for c in _children(v)]
        if isinstance(node, _Recursive):
            return self._recursive(values)
        if isinstance(node, _Union):
            return [r for lst in node.lists for r in self._walk(values, lst)]
        if isinstance(node, _Identifier):
            return self._identifier(values, node.name)
        raise _ExecError(f"unexpected Node {node}")

    def _identifier(self, values: list, name: str) -> list:
        if name == "range":
            self._begin += 1
            return values
        if name == "end":
            if self._in <= 0:
                raise _ExecError("not in range, nothing to end")
            self._end += 1
            return []
        raise _ExecError(f"unrecognized identifier {name}")

    def _field(self, values: list, name: str) -> list:
        results = [v[name] for v in values if isinstance(v, dict) and name in v]
        if not results and values and not self.allow_missing_keys:
            raise _ExecError(f"{name} is not found")
        return results

    def _array(self, values: list, params: list) -> list:
        result: list = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise _ExecError(f"{go_type_name(value)} is not array or slice")
            n = len(value)
            p0 = params[0].value if params[0].known else 0
            if p0 < 0:
                p0 += n
            p1 = params[1].value if params[1].known else n
            if p1 < 0 or (p1 == 0 and params[1].derived):
                p1 += n
            if p1 == p0:
                return result
            if p0 >= n or p0 < 0:
                raise _ExecError(f"array index out of bounds: index {p0}, length {n}")
            if p1 > n or p1 < 0:
                raise _ExecError(f"array index out of bounds: index {p1 - 1}, length {n}")
            if p0 > p1:
                raise _ExecError(f"starting index {p0} is greater than ending index {p1}")
            step = 1
            if params[2].known:
                if params[2].value <= 0:
                    raise _ExecError("step must be > 0")
                step = params[2].value
            result.extend(value[p0:p1:step])
        return result

    def _filter(self, values: list, node: _Filter) -> list:
        results = []
        for value in values:
            if not isinstance(value, list):
                raise _ExecError(f"{go_v(value)} is not array or slice and cannot be filtered")
            for item in value:
                try:
                    lefts = self._walk([item], node.left)
                    err = None
                except _ExecError as e:
                    lefts, err = [], e
                if node.op == "exists":
                    if lefts:
                        results.append(item)
                    continue
                if err is not None:
                    raise err
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise _ExecError("can only compare one element at a time")
                rights = self._walk([item], node.right)
                if not rights:
                    continue
                if len(rights) > 1:
                    raise _ExecError("can only compare one element at a time")
                if _compare(node.op, lefts[0], rights[0]):
                    results.append(item)
        return results

    def _recursive(self, values: list) -> list:
        result = []
        for value in values:
            if value is None:
                continue
            kids = _children(value)
            if kids:
                result.append(value)
                result.extend(self._recursive(kids))
        return result

    # -- printing -----------------------------------------------------------------------------
    @staticmethod
    def _text(v: Any) -> str:
        if isinstance(v, (dict, list)):
            return go_json(v)
        return go_v(v)

    def execute(self, data: Any) -> str:
        """``Execute``: the printed template (values of one action joined by one space)."""
        return "".join(" ".join(self._text(v) for v in results) for results in self.find_results(data))


def parse_jsonpath(template: str, allow_missing_keys: bool = False) -> JSONPath:
    """Parse a template (``jsonpath.New(..).Parse``); a syntax error raises
    :class:`JSONPathError` worded like kubectl's ``error parsing jsonpath <tmpl>, <reason>``."""
    return JSONPath(template, allow_missing_keys)


def print_jsonpath(obj: Any, template: str, allow_missing_keys: bool = True) -> str:
    """``kubectl ... -o jsonpath=<template>`` on ``obj`` (a List object for several items).

    Errors are raised as :class:`JSONPathError` whose message is exactly kubectl's, including the
    debugging dump (``template was:`` / ``object given to jsonpath engine was:`` with Go's ``%#v``
    of the object) and the trailing blank lines."""
    jp = JSONPath(template, allow_missing_keys)
    try:
        return jp.execute(obj)
    except JSONPathError as e:
        dump = (f"Error executing template: {e.message}. Printing more information for debugging "
                f"the template:\n\ttemplate was:\n\t\t{template}\n"
                f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(obj)}\n\n")
        raise JSONPathError(f"error executing jsonpath {go_quote(template)}: {dump}\n") from None


def jsonpath(template: str, obj: Any, allow_missing_keys: bool = True) -> str:
    """:func:`print_jsonpath` with the template first (``-o jsonpath=<template>``)."""
    return print_jsonpath(obj, template, allow_missing_keys)


_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def relaxed_jsonpath(expr: str) -> str:
    """``RelaxedJSONPathExpression`` (custom-columns, ``--sort-by``): ``metadata.name``,
    ``.metadata.name``, ``{metadata.name}`` all become ``{.metadata.name}``.

    >>> relaxed_jsonpath("metadata.name"), relaxed_jsonpath("{.spec}")
    ('{.metadata.name}', '{.spec}')
    """
    if not expr:
        return expr
    m = _RELAXED.match(expr)
    if not m:
        raise JSONPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' "
                            "or '{name1.name2}' or '{.name1.name2}'")
    return "{." + (m.group(1) or m.group(2)) + "}"
