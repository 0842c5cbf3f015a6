"""The recorded real-kubectl outputs, replayed through the whole kubectl front end.

A cluster without nodes is started with its clock at the recording's "now" (``NOW`` + 1 s: every
age in the files agrees on that second, see test_describe_golden.py), the recorded state is written
into its store, and each recorded command line is typed into ``Cluster.kubectl``: the printed text
(stdout and stderr) and the exit code must equal the recording, byte for byte.

Left out here, with the reason:
* 13/14 ``-o name`` / ``custom-columns`` over all pods — the recording's server listed the pods in
  the order of state.yaml, while a real API server (and this one) lists them in name order; the
  printers are checked against these two files in tests/cli/printers/ with the recorded order.

Events are renamed as a real server names them (:func:`reftables.golden_state`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from k8scourse import Cluster

from reftables import KUBECTL_GOLDEN as GOLDEN, golden_state

NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19]


@pytest.fixture(scope="module")
def recorded_cluster():
    now = datetime.fromisoformat((GOLDEN / "NOW").read_text().strip()) + timedelta(seconds=1)
    # the recorded state is the whole truth: no add-on workloads of the simulator's own next to it
    cluster = Cluster(nodes=0, seed=0, epoch=now.strftime("%Y-%m-%dT%H:%M:%SZ"), addons="none")
    store = cluster.store
    for doc in golden_state():
        if doc and doc.get("apiVersion", "").startswith("metrics.k8s.io/"):
            cluster.metrics.put(doc)          # what metrics-server had scraped
            continue
        info = doc and cluster.api.registry.for_kind(doc.get("apiVersion", ""), doc.get("kind", ""))
        if not info:
            continue
        md = doc["metadata"]
        key = (info.group_resource, md.get("namespace", "") if info.namespaced else "", md["name"])
        if store.exists(key):
            store.delete(key, actor="test")
        store.create(key, doc, actor="test")
    return cluster


@pytest.mark.parametrize("number", NUMBERS)
def test_kubectl_prints_what_kubectl_printed(recorded_cluster, number):
    text = (GOLDEN / f"{number:02d}.txt").read_text()
    command, _, rest = text.partition("\n")
    match = re.search(r"\[exit (\d+)\]$", rest)
    expected, code = rest[:match.start()], int(match.group(1))
    result = recorded_cluster.kubectl(command.removeprefix("$ kubectl "), echo=False)
    assert str(result) == expected
    assert result.exit_code == code
