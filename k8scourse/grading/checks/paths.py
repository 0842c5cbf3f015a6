"""JSONPath-like field paths for checks: ``spec.template.spec.containers[0].image``.

A path is dot-separated keys; ``[n]`` indexes a list; ``[key=value]`` picks the first list item
whose ``key`` equals ``value`` (``spec.ports[name=http].port``); a key with dots is quoted with
``['…']`` (``metadata.labels['app.kubernetes.io/name']``).

>>> obj = {"spec": {"ports": [{"name": "http", "port": 80}], "x.y": 1},
...        "metadata": {"labels": {"app.kubernetes.io/name": "web"}}}
>>> get(obj, "spec.ports[0].port"), get(obj, "spec.ports[name=http].port")
(80, 80)
>>> get(obj, "metadata.labels['app.kubernetes.io/name']"), get(obj, "spec.nope", "-")
('web', '-')
>>> compare(3, {"gte": 2}), compare("nginx:1.25", {"matches": "^nginx:"}), compare(None, {"exists": False})
(True, True, True)
"""

from __future__ import annotations

import re

_MISSING = object()
_TOKEN = re.compile(r"\['([^']*)'\]|\[([^\]]*)\]|([^.\[\]]+)")


def tokens(path: str) -> list:
    out = []
    for quoted, bracket, plain in _TOKEN.findall(path):
        if quoted:
            out.append(("key", quoted))
        elif bracket:
            if "=" in bracket:
                k, _, v = bracket.partition("=")
                out.append(("where", (k.strip(), v.strip())))
            else:
                out.append(("index", int(bracket)))
        else:
            out.append(("key", plain))
    return out


def get(obj, path: str, default=None):
    cur = obj
    for kind, value in tokens(path):
        if kind == "key":
            cur = cur.get(value, _MISSING) if isinstance(cur, dict) else _MISSING
        elif kind == "index":
            cur = cur[value] if isinstance(cur, list) and -len(cur) <= value < len(cur) else _MISSING
        else:
            k, v = value
            cur = next((item for item in cur if isinstance(item, dict) and str(item.get(k)) == v),
                       _MISSING) if isinstance(cur, list) else _MISSING
        if cur is _MISSING:
            return default
    return cur


def _num(value):
    from ...api.quantity import parse_quantity
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        return float(value)
    return parse_quantity(str(value)).as_float()


def compare(actual, expected) -> bool:
    """``expected`` is a value (equality) or ``{op: value}`` with op in equals, exists, gte, lte,
    contains, matches, in, not."""
    if not isinstance(expected, dict):
        return actual == expected or (actual is not None and str(actual) == str(expected)
                                      and not isinstance(expected, bool))
    for op, value in expected.items():
        if op == "equals" and not compare(actual, value):
            return False
        if op == "exists" and (actual is not None) != bool(value):
            return False
        if op in ("gte", "lte"):
            if actual is None:
                return False
            try:
                a, b = _num(actual), _num(value)
            except (ValueError, TypeError):
                return False
            if (op == "gte" and a < b) or (op == "lte" and a > b):
                return False
        if op == "contains" and (actual is None or value not in actual):
            return False
        if op == "matches" and (actual is None or re.search(str(value), str(actual)) is None):
            return False
        if op == "in" and actual not in value:
            return False
        if op == "not" and compare(actual, value):
            return False
    return True


def show(value) -> str:
    """A value as a learner reads it in feedback (stable across runs)."""
    if value is None:
        return "(missing)"
    if isinstance(value, dict):
        return ", ".join(f"{k} {show(v)}" for k, v in value.items())
    return str(value)
