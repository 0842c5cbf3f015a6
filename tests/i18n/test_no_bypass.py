"""No learner-facing sentence bypasses the catalogue (an AST scan of the modules that write for learners).

The modules that produce text a learner reads — besides the real tools' output, which stays the
real tools' English — are listed in ``LEARNER_FACING``: the widgets, the scheduling explainer's and
the trace's text functions, and grading's feedback, hints, panel and exercise handle. In them, every
string literal that reads as prose (two words of letters in a row) must be the key argument of a
catalogue call, or be of a kind a learner never reads as prose:

* HTML tags with their attributes (the text between tags is still scanned);
* docstrings, and ``__repr__`` bodies (a Python object's developer-facing representation);
* regular expressions (the pattern of ``re.compile`` and friends);
* ``TypeError`` messages (a programmer passing the wrong kind of object);
* a string listed in ``NOT_PROSE`` below, with the reason it is not learner prose (HTML/CSS markup,
  example manifests, command lines, patterns).

A new sentence written straight into one of these modules fails this test: put it in the catalogue.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "k8scourse"
LEARNER_FACING = sorted(
    [p for p in (PACKAGE / "widgets").glob("*.py")]
    + [PACKAGE / "scheduler" / "explain.py", PACKAGE / "network" / "trace.py"]
    + [PACKAGE / "grading" / name for name in ("result.py", "handle.py")]
    + list((PACKAGE / "grading" / "checks").glob("*.py")))
PROSE = re.compile(r"[^\W\d_]{2,} +[^\W\d_]{2,}")
MARKUP = re.compile(r"<[^>]*>?")                 # HTML tags and their attributes are markup, not prose
CATALOGUE_CALLS = {"t", "tr"}
NOT_PROSE = {
    # module (relative to k8scourse/) -> strings (or their first 30 characters) and why they are exempt
    "widgets/__init__.py": {"module 'k8scourse.widgets' has no attribute ": "AttributeError of the module protocol"},
    "grading/checks/cloud.py": {"container show -g ": "an az command line the check runs",
                                "a python check must live beside its spec": "an exercise author's error"},
    "widgets/dashboard.py": {"row wrap": "CSS value", "1px dashed #bbb": "CSS value", "1px solid #bbb": "CSS value"},
    "widgets/plots.py": {"upper left": "a matplotlib legend position"},
    "widgets/portal.py": {"az group create --name ": "the az command line the form runs"},
    "widgets/trace.py": {"Azure load balancer": "a hop's location name, as trace writes it",
                         "Azure route table": "a hop's location name, as trace writes it",
                         "Azure VNet": "a hop's location name, as trace writes it",
                         "ip route": "the ip command's name"},
    "network/trace.py": {"Azure load balancer": "the location name of the hop (the Azure resource)",
                         "Azure route table": "the location name of the hop (the Azure resource)",
                         "Azure VNet": "the location name of the hop (the Azure resource)",
                         "ip route": "the ip command's name",
                         "from the pod": "a prefix of the traffic model's NetworkPolicy lines it matches",
                         "allowed by": "a prefix of the traffic model's NetworkPolicy lines it matches"},
    "scheduler/explain.py": {"bound without a recorded scheduling attempt (spec.nodeName was set directly, or the record "
                             "is older than the scheduler keeps)": "the reason recorded in the data; shown through "
                                                                   "explain.no_attempt"},
}


def exempt_nodes(tree: ast.AST) -> set[int]:
    """ids of the string nodes a learner never reads as prose (see the module docstring)."""
    skip: set[int] = set()

    def mark(node):
        skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                mark(body[0])
            if isinstance(node, ast.FunctionDef) and node.name == "__repr__":
                mark(node)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in CATALOGUE_CALLS and node.args:
                mark(node.args[0])
            if name == "TypeError":
                mark(node)
            if name in ("compile", "match", "fullmatch", "search", "sub") and node.args:
                mark(node.args[0])                       # a regular expression, not prose
    return skip


def prose_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = exempt_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if PROSE.search(MARKUP.sub(" ", node.value)):
                found.append((node.lineno, node.value))
    return found


def is_listed(module: str, text: str) -> bool:
    return any(text == s or (len(s) >= 30 and text.startswith(s)) for s in NOT_PROSE.get(module, {}))


@pytest.mark.parametrize("path", LEARNER_FACING, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_learner_facing_prose_outside_the_catalogue(path):
    module = str(path.relative_to(PACKAGE))
    offenders = [f"{module}:{line}: {text[:70]!r}" for line, text in prose_literals(path) if not is_listed(module, text)]
    assert offenders == [], "put these texts in k8scourse/i18n (or list why they are not learner prose):\n" + \
        "\n".join(offenders)


def test_every_exemption_is_still_there():
    """An exemption whose string is gone is stale: it would hide a future sentence of that text."""
    for module, strings in NOT_PROSE.items():
        literals = [text for _, text in prose_literals(PACKAGE / module)]
        for s in strings:
            assert any(text == s or text.startswith(s) for text in literals), (module, s)


def test_the_scan_catches_a_bypassing_sentence(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('from k8scourse.i18n import t\n\ndef label():\n    """Doc string words."""\n'
                   '    ok = t("dashboard.title", name="x")\n    return "Pods are running"\n')
    assert prose_literals(bad) == [(6, "Pods are running")]
    korean = tmp_path / "ko.py"
    korean.write_text('LABEL = "파드 실행 중"\n')
    assert prose_literals(korean) == [(1, "파드 실행 중")]     # Hangul prose is caught too
