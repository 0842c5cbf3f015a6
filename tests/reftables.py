"""Where the suite's reference data lives, and a loader for the upstream test tables.

Everything a test compares against is committed under ``tests/data/`` (see its README), so a clone
anywhere runs the full suite:

* ``reference/tables/*.json`` — rows of upstream Go test tables (quantity, label selectors, AGE);
* ``reference/kubectl-golden/`` — what the real kubectl 1.32 printed for a recorded cluster state;
* ``reference/az-golden/`` — what the real Azure CLI printed (argument errors, ``--help``);
* ``corpus/k8s-website-examples/`` — the kubernetes.io example manifests (CC BY 4.0, ``NOTICE.md``).

>>> sorted(p.name for p in TABLES_DIR.glob("*.json"))
['human-duration.json', 'label-selector.json', 'quantity.json']
>>> len(cases("quantity", "TestQuantityParse")), len(cases("label-selector", "TestSelectorParse", "bad"))
(96, 4)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TABLES_DIR = DATA / "reference" / "tables"
KUBECTL_GOLDEN = DATA / "reference" / "kubectl-golden"
AZ_GOLDEN = DATA / "reference" / "az-golden"
CORPUS = DATA / "corpus" / "k8s-website-examples"


@lru_cache(maxsize=None)
def load_table(name: str) -> dict:
    """The parsed JSON of ``<name>.json`` (``name`` may include the ``.json`` suffix)."""
    if not name.endswith(".json"):
        name += ".json"
    with open(TABLES_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def cases(name: str, table: str, key: str = "cases") -> list:
    """The rows of one table (a missing table or key is an error, never an empty list)."""
    rows = load_table(name)["tables"][table][key]
    assert rows, f"{name}.json: {table}.{key} is empty"
    return rows


def golden_state() -> list[dict]:
    """The objects of ``kubectl-golden/state.yaml``, events renamed as a real server names them.

    The recording's server listed objects in the file's order, and its event names are made up
    (``nginx.pulled293``); a real event's name ends in its creation time in hex, so a real server's
    name-ordered list is the order they were written in. Each event is renamed that way, in file
    order, so that ``describe`` (which sorts events with Go's unstable ``sort.Sort``) gets the list
    a real server would have given.
    """
    import yaml
    docs, events = [], 0
    for doc in yaml.safe_load_all((KUBECTL_GOLDEN / "state.yaml").read_text()):
        if not doc:
            continue
        if doc.get("kind") == "Event":
            events += 1
            doc["metadata"]["name"] = f"{(doc.get('involvedObject') or {}).get('name', 'x')}.{events:016x}"
        docs.append(doc)
    return docs
