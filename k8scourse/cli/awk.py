"""A small ``awk`` for the student's shell: the one-liners people pipe ``kubectl get`` into.

``-F SEP``, ``'{print $1}'``, ``$NF``, ``NR``, ``NF``, string literals, and a ``/RE/``, ``!/RE/``,
``NR>1`` or ``$3=="Running"`` pattern, with ``BEGIN``/``END`` rules. :func:`parse_awk` refuses
(``ValueError``) any other program, which the shell reports as not modelled.

>>> awk(parse_awk('$2 == "Running" {print $1}'), ["a Running", "b Pending"])
['a']
"""

from __future__ import annotations

import re

_AWK_RULE = re.compile(r"\s*(BEGIN|END|!?/(?:[^/\\]|\\.)*/|[^{]*?)\s*\{([^{}]*)\}\s*;?")
_AWK_TERM = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\$NF|\$\d+|NR|NF|,)')
_AWK_COND = re.compile(r'\s*(\$NF|\$\d+|NR|NF)\s*(==|!=|>=|<=|>|<|~|!~)\s*("(?:[^"\\]|\\.)*"|-?\d+|/(?:[^/\\]|\\.)*/)\s*$')


def parse_awk(program: str) -> list[tuple[str, list]]:
    """``[(pattern, items)]`` of an awk program in the modelled subset; ``ValueError`` otherwise.

    >>> parse_awk("NR>1 {print $1, $NF}")
    [('NR>1', [['$1'], ['$NF']])]
    """
    text, rules, pos = program.strip(), [], 0
    if "{" not in text:                       # a bare pattern prints the matching lines
        text += " {print}"
    while pos < len(text):
        m = _AWK_RULE.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(program)
        pattern, action = m.group(1).strip(), m.group(2).strip().rstrip(";").strip()
        if pattern not in ("", "BEGIN", "END") and not pattern.lstrip("!").startswith("/") \
                and not _AWK_COND.match(pattern):
            raise ValueError(pattern)
        if action == "print" or action == "":
            items = [["$0"]]
        elif action.startswith("print ") or action.startswith("print$"):
            items, current, rest = [], [], action[5:]
            while rest.strip():
                tm = _AWK_TERM.match(rest)
                if not tm:
                    raise ValueError(action)
                token, rest = tm.group(1), rest[tm.end():]
                if token == ",":
                    items.append(current)
                    current = []
                else:
                    current.append(token)
            items.append(current)
        else:
            raise ValueError(action)
        rules.append((pattern, items))
        pos = m.end()
    return rules


def _value(token: str, fields: list[str], line: str, nr: int) -> str:
    if token == "$0":
        return line
    if token == "$NF":
        return fields[-1] if fields else ""
    if token.startswith("$"):
        n = int(token[1:])
        return line if n == 0 else fields[n - 1] if n <= len(fields) else ""
    if token == "NR":
        return str(nr)
    if token == "NF":
        return str(len(fields))
    return token[1:-1].replace('\\"', '"').replace("\\t", "\t").replace("\\n", "\n")


def _matches(pattern: str, fields: list[str], line: str, nr: int) -> bool:
    if not pattern:
        return True
    if pattern.lstrip("!").startswith("/"):
        found = re.search(pattern.lstrip("!")[1:-1], line) is not None
        return found != pattern.startswith("!")
    m = _AWK_COND.match(pattern)
    assert m is not None
    left, op, right = _value(m.group(1), fields, line, nr), m.group(2), m.group(3)
    if op in ("~", "!~"):
        return (re.search(right.strip("/"), left) is not None) == (op == "~")
    if right.startswith('"'):
        a, b = left, right[1:-1]
    else:
        try:
            a, b = float(left or 0), float(right)        # type: ignore[assignment]
        except ValueError:
            a, b = left, right
    return {"==": a == b, "!=": a != b, ">": a > b, "<": a < b, ">=": a >= b, "<=": a <= b}[op]  # type: ignore[operator]


def awk(rules: list[tuple[str, list]], lines: list[str], sep: str | None = None) -> list[str]:
    """Run parsed awk ``rules`` over ``lines`` (fields split on runs of blanks, or on ``sep``).

    >>> awk(parse_awk("{print $2}"), ["a  b", "c d"]), awk(parse_awk("{print $1}"), ["x:y"], ":")
    (['b', 'd'], ['x'])
    """
    out: list[str] = []

    def emit(items, fields, line, nr):
        out.append(" ".join("".join(_value(tok, fields, line, nr) for tok in item) for item in items))

    for pattern, items in rules:
        if pattern == "BEGIN":
            emit(items, [], "", 0)
    nr = 0
    for nr, line in enumerate(lines, 1):
        fields = line.split() if sep in (None, " ") else line.split(sep)
        for pattern, items in rules:
            if pattern not in ("BEGIN", "END") and _matches(pattern, fields, line, nr):
                emit(items, fields, line, nr)
    for pattern, items in rules:
        if pattern == "END":
            emit(items, [], lines[-1] if lines else "", nr)
    return out


__all__ = ["awk", "parse_awk"]
