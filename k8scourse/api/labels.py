"""Label selectors: k8s.io/apimachinery ``pkg/labels`` (and ``metav1.LabelSelectorAsSelector``).

Three ways to get a :class:`Selector`, as in Kubernetes:

* :func:`parse_selector` -- the string syntax of ``kubectl get -l`` and of list ``labelSelector``:
  ``a=b``, ``a==b``, ``a!=b``, ``a in (x,y)``, ``a notin (x)``, ``a`` (exists), ``!a`` (does not
  exist), ``a>1`` / ``a<1`` (integer compare). Requirements are ANDed and sorted by key; values of a
  set are de-duplicated and sorted; ``a in ()`` means the value set ``{""}``.
* :func:`selector_from_label_selector` -- an API ``LabelSelector`` dict (``matchLabels`` /
  ``matchExpressions`` with In, NotIn, Exists, DoesNotExist) as ReplicaSets, Deployments, Jobs
  and DaemonSets use. ``None`` (a nil selector) selects **nothing**; ``{}`` selects
  **everything**.
* :func:`selector_from_set` -- a plain equality map, as ReplicationControllers and Services use.
  An empty or missing map selects everything (what a *controller* does with an empty selector is
  the controller's business: a Service without selector simply manages no endpoints).

``str(selector)`` re-serialises like upstream ``String()`` (what ``kubectl get rs -o wide`` shows in
SELECTOR). Errors raise :class:`SelectorError` with upstream's texts, e.g.
``unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of ...``.

Deliberate differences: ``matchLabels`` are visited in sorted key order (Go's map order is random,
so with several bad entries upstream may report any one of them); messages use the long-standing
``characters`` wording of the name rules (see :mod:`k8scourse.api.names`).

>>> s = parse_selector("tier in (web, cache), app=nginx, !canary")
>>> str(s)
'app=nginx,!canary,tier in (cache,web)'
>>> s.matches({"app": "nginx", "tier": "web"}), s.matches({"app": "nginx"})
(True, False)
>>> str(selector_from_label_selector({"matchLabels": {"app": "web"}}))
'app=web'
>>> selector_from_label_selector(None).matches({}), selector_from_label_selector({}).matches({})
(False, True)
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, NamedTuple, Sequence

from ..errors import K8sCourseError
from .names import is_qualified_name, is_valid_label_value

__all__ = [
    "IN", "NOT_IN", "EQUALS", "DOUBLE_EQUALS", "NOT_EQUALS", "EXISTS", "DOES_NOT_EXIST",
    "GREATER_THAN", "LESS_THAN", "OPERATORS",
    "Cause", "SelectorError", "Requirement", "Selector", "make_requirement", "parse_selector",
    "selector_from_label_selector", "selector_from_set", "everything", "nothing", "go_quote",
]

# Operator names are upstream's selection.Operator values.
IN, NOT_IN = "in", "notin"
EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "=", "==", "!="
EXISTS, DOES_NOT_EXIST = "exists", "!"
GREATER_THAN, LESS_THAN = "gt", "lt"
BINARY_OPERATORS = (IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN)
OPERATORS = BINARY_OPERATORS + (EXISTS, DOES_NOT_EXIST)

_API_OPERATORS = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}
_GO_INT = re.compile(r"[+-]?[0-9]+")


class Cause(NamedTuple):
    """One field error inside a :class:`SelectorError` (type as upstream prints it)."""
    type: str
    field: str
    message: str


class SelectorError(K8sCourseError, ValueError):
    """An invalid selector; ``causes`` lists the field errors when there are any."""

    def __init__(self, message: str, causes: Sequence[Cause] = ()):
        super().__init__(message)
        self.causes = tuple(causes)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.causes)


# -- Go-style value printing used in field errors -------------------------------------------------
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _go_strings(values: Sequence[str] | None) -> str:
    """Go's ``%#v`` of a []string (``None`` is a nil slice)."""
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def _invalid(field: str, shown: str, detail: str) -> Cause:
    return Cause("Invalid value", field, f"{field}: Invalid value: {shown}: {detail}")


def _child(path: str | None, name: str) -> str:
    return f"{path}.{name}" if path else name


def _aggregate(causes: list[Cause]) -> str:
    """``utilerrors.NewAggregate(...).Error()``: one message, or ``[a, b]`` without duplicates."""
    messages = list(dict.fromkeys(c.message for c in causes))
    return messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64), or None."""
    if not _GO_INT.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 19:
        return None
    value = int(text)
    return value if -2 ** 63 <= value < 2 ** 63 else None


def _key_error(key: str, field: str) -> Cause | None:
    errs = is_qualified_name(key)
    return _invalid(field, go_quote(key), "; ".join(errs)) if errs else None


# -- requirements ---------------------------------------------------------------------------------
class Requirement:
    """One ``key op values`` term. Build with :func:`make_requirement` (which validates)."""

    __slots__ = ("key", "operator", "values", "_set", "_int")

    def __init__(self, key: str, operator: str, values: Iterable[str] = ()):
        self.key = key
        self.operator = operator
        self.values = tuple(values)
        self._set = frozenset(self.values)
        self._int = _go_int(self.values[0]) if len(self.values) == 1 else None

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        if op in (IN, EQUALS, DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self._set
        if op in (NOT_IN, NOT_EQUALS):
            return self.key not in labels or labels[self.key] not in self._set
        if op == EXISTS:
            return self.key in labels
        if op == DOES_NOT_EXIST:
            return self.key not in labels
        if op in (GREATER_THAN, LESS_THAN):
            if self.key not in labels or self._int is None:
                return False
            have = _go_int(labels[self.key])
            if have is None:
                return False
            return have > self._int if op == GREATER_THAN else have < self._int
        return False

    def __str__(self) -> str:
        op = self.operator
        if op == DOES_NOT_EXIST:
            return "!" + self.key
        if op == EXISTS:
            return self.key
        values = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op in (IN, NOT_IN):
            return f"{self.key} {op} ({values})"
        symbol = {GREATER_THAN: ">", LESS_THAN: "<"}.get(op, op)
        return f"{self.key}{symbol}{values}"

    def __repr__(self) -> str:
        return f"Requirement({self.key!r}, {self.operator!r}, {list(self.values)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Requirement):
            return NotImplemented
        return (self.key, self.operator, self.values) == (other.key, other.operator, other.values)

    def __hash__(self) -> int:
        return hash((self.key, self.operator, self.values))


def make_requirement(key: str, operator: str, values: Sequence[str] | None = (),
                     path: str | None = None) -> Requirement:
    """``labels.NewRequirement``: validate and build; ``values=None`` stands for a nil slice.

    >>> make_requirement("tier", "in", ["web"])
    Requirement('tier', 'in', ['web'])
    >>> make_requirement("tier", "=", ["a", "b"])
    Traceback (most recent call last):
    ...
    k8scourse.api.labels.SelectorError: values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value
    """
    vals = list(values or ())
    causes: list[Cause] = []
    key_error = _key_error(key, _child(path, "key"))
    if key_error:
        causes.append(key_error)
    values_path = _child(path, "values")
    shown = _go_strings(None if values is None else vals)
    if operator in (IN, NOT_IN):
        if not vals:
            causes.append(_invalid(values_path, shown,
                                   "for 'in', 'notin' operators, values set can't be empty"))
    elif operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS):
        if len(vals) != 1:
            causes.append(_invalid(values_path, shown,
                                   "exact-match compatibility requires one single value"))
    elif operator in (EXISTS, DOES_NOT_EXIST):
        if vals:
            causes.append(_invalid(values_path, shown,
                                   "values set must be empty for exists and does not exist"))
    elif operator in (GREATER_THAN, LESS_THAN):
        if len(vals) != 1:
            causes.append(_invalid(values_path, shown,
                                   "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, v in enumerate(vals):
            if _go_int(v) is None:
                causes.append(_invalid(f"{values_path}[{i}]", go_quote(v),
                                       "for 'Gt', 'Lt' operators, the value must be an integer"))
    else:
        field = _child(path, "operator")
        supported = ", ".join(go_quote(o) for o in OPERATORS)
        causes.append(Cause("Unsupported value", field, f"{field}: Unsupported value: "
                            f"{go_quote(str(operator))}: supported values: {supported}"))
    for i, v in enumerate(vals):
        errs = is_valid_label_value(v)
        if errs:
            causes.append(_invalid(f"{values_path}[{i}][{key}]", go_quote(v), "; ".join(errs)))
    if causes:
        raise SelectorError(_aggregate(causes), causes)
    return Requirement(key, operator, vals)


# -- selectors ------------------------------------------------------------------------------------
class Selector:
    """An AND of requirements; or, with ``nothing=True``, the selector that matches no object."""

    __slots__ = ("requirements", "is_nothing")

    def __init__(self, requirements: Iterable[Requirement] = (), nothing: bool = False):
        self.requirements = tuple(requirements)
        self.is_nothing = nothing

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.is_nothing:
            return False
        labels = labels or {}
        for r in self.requirements:
            if not r.matches(labels):
                return False
        return True

    def empty(self) -> bool:
        """True when the selector does not restrict anything (upstream ``Empty()``)."""
        return not self.is_nothing and not self.requirements

    def add(self, *requirements: Requirement) -> "Selector":
        """A new selector with more requirements, sorted by key (upstream ``Add``)."""
        if self.is_nothing:
            return self
        return Selector(sorted(self.requirements + requirements, key=lambda r: r.key))

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)

    def __repr__(self) -> str:
        return "Selector(nothing)" if self.is_nothing else f"Selector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selector):
            return NotImplemented
        return (self.is_nothing, self.requirements) == (other.is_nothing, other.requirements)

    def __hash__(self) -> int:
        return hash((self.is_nothing, self.requirements))


_EVERYTHING = Selector()
_NOTHING = Selector(nothing=True)


def everything() -> Selector:
    """The selector that matches every label set (``labels.Everything()``)."""
    return _EVERYTHING


def nothing() -> Selector:
    """The selector that matches no label set (``labels.Nothing()``)."""
    return _NOTHING


def _sorted_selector(requirements: list[Requirement]) -> Selector:
    return Selector(sorted(requirements, key=lambda r: r.key))


def selector_from_set(labels: Mapping[str, str] | None, validate: bool = False) -> Selector:
    """Equality selector of a map (``SelectorFromSet`` / ``ValidatedSelectorFromSet``)."""
    if not labels:
        return _EVERYTHING
    if validate:
        reqs = [make_requirement(k, EQUALS, [v]) for k, v in sorted(labels.items())]
    else:
        reqs = [Requirement(k, EQUALS, [v]) for k, v in labels.items()]
    return _sorted_selector(reqs)


def selector_from_label_selector(label_selector: Mapping | None) -> Selector:
    """``metav1.LabelSelectorAsSelector`` for a LabelSelector dict; None selects nothing."""
    if label_selector is None:
        return _NOTHING
    match_labels = label_selector.get("matchLabels") or {}
    expressions = label_selector.get("matchExpressions") or []
    if not match_labels and not expressions:
        return _EVERYTHING
    reqs = []
    for key, value in sorted(match_labels.items()):
        if not isinstance(value, str):
            raise SelectorError(f"matchLabels value for {go_quote(str(key))} must be a string")
        reqs.append(make_requirement(key, EQUALS, [value]))
    for expr in expressions:
        op = _API_OPERATORS.get(expr.get("operator"))
        if op is None:
            shown = go_quote(str(expr.get("operator") or ""))
            raise SelectorError(f"{shown} is not a valid label selector operator")
        values = list(expr.get("values") or [])
        reqs.append(make_requirement(expr.get("key", ""), op, values or None))
    return _sorted_selector(reqs)


# -- the string syntax ----------------------------------------------------------------------------
# Tokens.
(_ERROR, _END, _CLOSE, _COMMA, _NOT, _DEQ, _EQ, _GT, _IDENT, _IN, _LT, _NEQ, _NOTIN,
 _OPEN) = range(14)
_SYMBOLS = {")": _CLOSE, ",": _COMMA, "!": _NOT, "==": _DEQ, "=": _EQ, ">": _GT, "<": _LT,
            "!=": _NEQ, "(": _OPEN}
_KEYWORDS = {"in": _IN, "notin": _NOTIN}
_SPECIAL = frozenset("=!(),<>")
_SPACE = frozenset(" \t\r\n")
_TOKEN_OPERATOR = {_IN: IN, _NOTIN: NOT_IN, _EQ: EQUALS, _DEQ: DOUBLE_EQUALS, _NEQ: NOT_EQUALS,
                   _GT: GREATER_THAN, _LT: LESS_THAN}


def _lex(text: str) -> list[tuple[int, str]]:
    """Split a selector string into (token, literal) pairs, ending with the end token."""
    items = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n or text[i] == "\0":
            items.append((_END, ""))
            return items
        if text[i] in _SPECIAL:
            buf, last = "", None
            while i < n:
                ch = text[i]
                i += 1
                if ch == "\0":
                    break
                if ch not in _SPECIAL:
                    i -= 1
                    break
                buf += ch
                if buf in _SYMBOLS:
                    last = (_SYMBOLS[buf], buf)
                elif last is not None:
                    i -= 1
                    break
            items.append(last or (_ERROR, f"error expected: keyword found '{buf}'"))
        else:
            start = i
            while i < n and text[i] not in _SPECIAL and text[i] not in _SPACE and text[i] != "\0":
                i += 1
            word = text[start:i]
            if i < n and text[i] == "\0":
                i += 1
            items.append((_KEYWORDS.get(word, _IDENT), word))


class _Parser:
    def __init__(self, text: str, path: str | None):
        self.items = _lex(text)
        self.pos = 0
        self.path = path

    def peek(self, values: bool = True) -> tuple[int, str]:
        tok, lit = self.items[self.pos]
        if values and tok in (_IN, _NOTIN):       # keywords are plain words in value context
            tok = _IDENT
        return tok, lit

    def take(self, values: bool = True) -> tuple[int, str]:
        item = self.peek(values)
        self.pos += 1
        return item

    def parse(self) -> list[Requirement]:
        reqs: list[Requirement] = []
        while True:
            tok, lit = self.peek()
            if tok == _END:
                return reqs
            if tok not in (_IDENT, _NOT):
                raise SelectorError(f"found '{lit}', expected: !, identifier, or 'end of string'")
            try:
                reqs.append(self.requirement())
            except SelectorError as err:
                raise SelectorError(f"unable to parse requirement: {err}", err.causes) from None
            tok, lit = self.take()
            if tok == _END:
                return reqs
            if tok != _COMMA:
                raise SelectorError(f"found '{lit}', expected: ',' or 'end of string'")
            tok, lit = self.peek()
            if tok not in (_IDENT, _NOT):
                raise SelectorError(f"found '{lit}', expected: identifier after ','")

    def requirement(self) -> Requirement:
        operator = None
        tok, key = self.take()
        if tok == _NOT:
            operator = DOES_NOT_EXIST
            tok, key = self.take()
        if tok != _IDENT:
            raise SelectorError(f"found '{key}', expected: identifier")
        key_error = _key_error(key, self.path if self.path else "<nil>")
        if key_error:
            raise SelectorError(key_error.message, [key_error])
        if self.peek()[0] in (_END, _COMMA) and operator is None:
            operator = EXISTS
        if operator is not None:
            return make_requirement(key, operator, [], self.path)
        tok, lit = self.take(values=False)
        operator = _TOKEN_OPERATOR.get(tok)
        if operator is None:
            raise SelectorError(f"found '{lit}', expected: {', '.join(BINARY_OPERATORS)}")
        if operator in (IN, NOT_IN):
            values = self.value_set()
        else:
            values = self.exact_value()
        return make_requirement(key, operator, sorted(values), self.path)

    def value_set(self) -> set[str]:
        tok, lit = self.take()
        if tok != _OPEN:
            raise SelectorError(f"found '{lit}' expected: '('")
        tok, lit = self.peek()
        if tok == _CLOSE:                           # "()" is the set {""}
            self.take()
            return {""}
        if tok not in (_IDENT, _COMMA):
            raise SelectorError(f"found '{lit}', expected: ',', ')' or identifier")
        values = self.identifiers()
        if self.take()[0] != _CLOSE:
            raise SelectorError(f"found '{lit}', expected: ')'")
        return values

    def identifiers(self) -> set[str]:
        values: set[str] = set()
        while True:
            tok, lit = self.take()
            if tok == _IDENT:
                values.add(lit)
                tok2, lit2 = self.peek()
                if tok2 == _CLOSE:
                    return values
                if tok2 != _COMMA:
                    raise SelectorError(f"found '{lit2}', expected: ',' or ')'")
            elif tok == _COMMA:                     # empty elements are the value ""
                if not values:
                    values.add("")
                tok2, _ = self.peek()
                if tok2 == _CLOSE:
                    values.add("")
                    return values
                if tok2 == _COMMA:                  # ",,": the next comma is read next round
                    values.add("")
            else:
                raise SelectorError(f"found '{lit}', expected: ',', or identifier")

    def exact_value(self) -> set[str]:
        tok, _ = self.peek()
        if tok in (_END, _COMMA):
            return {""}
        tok, lit = self.take()
        if tok != _IDENT:
            raise SelectorError(f"found '{lit}', expected: identifier")
        return {lit}


def parse_selector(text: str, path: str | None = None) -> Selector:
    """``labels.Parse``: a selector from its string form (requirements sorted by key).

    >>> parse_selector("x==a==b")
    Traceback (most recent call last):
    ...
    k8scourse.api.labels.SelectorError: found '==', expected: ',' or 'end of string'
    """
    return _sorted_selector(_Parser(text, path).parse())
