"""Load the shared upstream reference tables (``../shared/reference/tables/*.json``).

The tables sit next to the repository (``<repo>/../shared/reference/tables``); tests that use them
are skipped when the directory is not there (e.g. a bare checkout).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TABLES_DIR = REPO_ROOT.parent / "shared" / "reference" / "tables"


def tables_available() -> bool:
    return TABLES_DIR.is_dir()


@lru_cache(maxsize=None)
def load_table(name: str) -> dict:
    """The parsed JSON of ``<name>.json`` (``name`` may include the ``.json`` suffix)."""
    if not name.endswith(".json"):
        name += ".json"
    with open(TABLES_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def cases(name: str, table: str, key: str = "cases") -> list:
    """The rows of one table, or an empty list when the tables are not available."""
    if not tables_available():
        return []
    return load_table(name)["tables"][table][key]
