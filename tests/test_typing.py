"""The public, stable modules are typed and clean under mypy.

The module list and the settings live in ``pyproject.toml`` (``[tool.mypy]``: ``files`` and the
strictness flags), so extending the check is one line there; this test runs mypy with exactly that
configuration, in a fresh cache.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_public_modules_are_clean_under_mypy(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy-cache"), "--no-error-summary", "--show-error-codes"],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.stdout == "" and done.returncode == 0, done.stdout + done.stderr


def test_mypy_really_checks_the_listed_modules(tmp_path):
    """A module with an untyped function, checked with the same settings, fails: the flags bite."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x):\n    return x\n\n\ndef g() -> int:\n    return 'x'\n")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy-cache"), str(bad)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "bad.py:1: error: Function is missing a type annotation  [no-untyped-def]" in done.stdout
    assert 'bad.py:6: error: Incompatible return value type (got "str", expected "int")' in done.stdout
