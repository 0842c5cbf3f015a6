"""The suite's own rules, read from its source (AST): every test can fail, and none hides.

* every ``test_*`` function asserts — an ``assert``, ``pytest.raises``/``warns``/``fail``, a
  ``raise``, or a call (in its body) to a helper of the test tree that does one of these;
* no test leaves early (``return`` in a test function's own body);
* nothing skips or is expected to fail: no ``pytest.skip``, ``importorskip``, ``mark.skip``,
  ``skipif``, ``xfail`` — a missing feature, library or data file is a failure;
* no ``assert <constant>`` and no comparison of an expression with itself (``assert x == x``;
  two *calls* such as ``run() == run()`` are two runs and allowed).

>>> sorted(problems(ast.parse("def test_a():\\n    assert True\\ndef test_b():\\n    run()\\n"), "t.py", set()))
['t.py:2 assert of a constant', 't.py:3 test_b asserts nothing']
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
_ASSERTING_CALLS = {"raises", "warns", "fail", "deprecated_call"}
_HIDING = {"skip", "skipif", "xfail", "importorskip"}
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _own_nodes(fn):
    """The nodes of a function's body, not those of functions or classes defined inside it."""
    stack = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (*_FUNCTIONS, ast.Lambda, ast.ClassDef)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)


def _asserts_directly(fn) -> bool:
    return any(isinstance(n, (ast.Assert, ast.Raise))
               or (isinstance(n, ast.Call) and _call_name(n) in _ASSERTING_CALLS) for n in ast.walk(fn))


def _calls(fn) -> set:
    return {_call_name(n) for n in _own_nodes(fn) if isinstance(n, ast.Call)}


def asserting_helpers(trees) -> set:
    """Names of functions in the test tree that assert, directly or through each other."""
    functions: dict[str, list] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, _FUNCTIONS):
                functions.setdefault(node.name, []).append(node)
    names = {name for name, nodes in functions.items() if any(_asserts_directly(n) for n in nodes)}
    grown = True
    while grown:
        grown = False
        for name, nodes in functions.items():
            if name not in names and any(_calls(n) & names for n in nodes):
                names.add(name)
                grown = True
    return names


def _has_call(node) -> bool:
    return any(isinstance(n, ast.Call) for n in ast.walk(node))


def problems(tree, where: str, helpers: set) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _HIDING:
            out.append(f"{where}:{node.lineno} uses {node.attr}")
        elif isinstance(node, ast.Assert):
            test = node.test
            if isinstance(test, ast.Constant):
                out.append(f"{where}:{node.lineno} assert of a constant")
            elif isinstance(test, ast.Compare) and len(test.ops) == 1 \
                    and ast.dump(test.left) == ast.dump(test.comparators[0]) and not _has_call(test.left):
                out.append(f"{where}:{node.lineno} compares an expression with itself")
        elif isinstance(node, _FUNCTIONS) and node.name.startswith("test"):
            if not _asserts_directly(node) and not (_calls(node) & helpers):
                out.append(f"{where}:{node.lineno} {node.name} asserts nothing")
            out += [f"{where}:{n.lineno} {node.name} returns early"
                    for n in _own_nodes(node) if isinstance(n, ast.Return)]
    return out


def test_every_test_can_fail_and_none_hides():
    files = [p for p in sorted(TESTS.rglob("*.py")) if "data" not in p.relative_to(TESTS).parts]
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in files}
    helpers = asserting_helpers(trees.values())
    found = [text for p, tree in trees.items() if p != Path(__file__).resolve()
             for text in problems(tree, str(p.relative_to(TESTS)), helpers)]
    assert found == []
    assert len(files) > 80 and "invalid" in helpers         # the scan saw the suite and its helpers
