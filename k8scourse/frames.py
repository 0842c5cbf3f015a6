"""The handles' tables for notebooks: nodes and pods as pandas DataFrames.

One rule for ``Cluster.nodes()``/``pods()`` and the real-cluster handle's (``Cluster.connect``):
the same columns from the same objects, whoever read them. pandas loads only when a table is asked for.

>>> node = {"metadata": {"name": "n1"}, "status": {"conditions": [{"type": "Ready", "status": "True"}],
...         "capacity": {"cpu": "2"}, "allocatable": {"cpu": "1900m", "pods": "110"}}}
>>> print(nodes_frame([node])[["name", "ready", "cpu_allocatable", "pods_allocatable"]].to_string(index=False))
name  ready cpu_allocatable pods_allocatable
  n1   True           1900m              110
>>> pods_frame([]).columns.tolist()
['namespace', 'name', 'phase', 'node']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

POD_COLUMNS = ["namespace", "name", "phase", "node"]


def nodes_frame(nodes: list[dict]) -> "pd.DataFrame":
    """Name, Ready, and CPU/memory capacity and allocatable (plus allocatable pods) of each node."""
    import pandas as pd
    rows = []
    for n in nodes:
        st = n.get("status") or {}
        ready = next((c["status"] for c in st.get("conditions", []) if c["type"] == "Ready"), "Unknown")
        capacity, allocatable = st.get("capacity", {}), st.get("allocatable", {})
        rows.append({"name": n["metadata"]["name"], "ready": ready == "True",
                     "cpu_capacity": capacity.get("cpu"), "cpu_allocatable": allocatable.get("cpu"),
                     "memory_capacity": capacity.get("memory"), "memory_allocatable": allocatable.get("memory"),
                     "pods_allocatable": allocatable.get("pods")})
    return pd.DataFrame(rows)


def pods_frame(pods: list[dict]) -> "pd.DataFrame":
    """Namespace, name, phase and node of each pod."""
    import pandas as pd
    rows = [{"namespace": p["metadata"]["namespace"], "name": p["metadata"]["name"],
             "phase": (p.get("status") or {}).get("phase"), "node": (p.get("spec") or {}).get("nodeName")}
            for p in pods]
    return pd.DataFrame(rows, columns=POD_COLUMNS)
