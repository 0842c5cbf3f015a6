"""``kubectl describe`` and ``rollout history`` against the recorded real-kubectl outputs.

The recorded cluster state (``tests/data/reference/kubectl-golden/state.yaml``) is written straight into the
store under the registry's keys (no admission or defaulting, so the objects are exactly as
recorded, but for the events' names: :func:`reftables.golden_state`; kinds outside the registry, the
metrics, are skipped), and the output must equal what
kubectl v1.32 printed, byte for byte.

"Now": the recording ran one second after the stamp in ``NOW`` — every figure in the files agrees
on 17:27:55 (``5m1s`` for a pod created at 17:22:54, ``11s`` for an event last seen at 17:27:44) —
so the tests describe at ``NOW + 1s``.
"""

from __future__ import annotations

import re

import pytest

from k8scourse.api.kinds import REGISTRY
from k8scourse.cli.describe import describe, rollout_history
from k8scourse.sim.clock import parse_rfc3339

from reftables import KUBECTL_GOLDEN as GOLDEN, golden_state


def _now_ms() -> int:
    return parse_rfc3339((GOLDEN / "NOW").read_text().strip()) + 1000


def _golden(number: int) -> tuple[str, str]:
    """(command line, expected output) of ``NN.txt``."""
    text = (GOLDEN / f"{number:02d}.txt").read_text()
    command, _, rest = text.partition("\n")
    match = re.search(r"\[exit \d+\]$", rest)
    assert match, f"{number:02d}.txt has no [exit N] trailer"
    return command, rest[:match.start()]


@pytest.fixture(scope="module")
def api():
    from k8scourse.apiserver.server import APIServer
    from k8scourse.sim import Simulation

    server = APIServer(Simulation(seed=0))
    store = server.store
    for doc in golden_state():
        info = REGISTRY.for_kind(doc.get("apiVersion", ""), doc.get("kind", ""))
        if info is None:
            continue
        md = doc["metadata"]
        key = (info.group_resource, md.get("namespace", "") if info.namespaced else "", md["name"])
        if store.exists(key):
            store.delete(key, actor="test")
        store.create(key, doc, actor="test")
    return server


CASES = [
    (1, "pods", "default", "nginx"),
    (2, "pods", "default", "crash"),
    (3, "pods", "default", "memhog"),
    (4, "pods", "default", "huge"),
    (5, "nodes", "", "aks-nodepool1-12345678-vmss000000"),
    (6, "nodes", "", "aks-nodepool1-12345678-vmss000001"),
    (7, "services", "default", "my-service"),
    (8, "deployments", "default", "web"),
]


@pytest.mark.parametrize("number,resource,namespace,name", CASES)
def test_describe_matches_kubectl(api, number, resource, namespace, name):
    command, expected = _golden(number)
    assert command.startswith(f"$ kubectl describe ")
    info = REGISTRY.by_name(resource)
    assert describe(api, info, namespace, name, _now_ms()) == expected


@pytest.mark.parametrize("number,revision", [(9, None), (10, 1)])
def test_rollout_history_matches_kubectl(api, number, revision):
    command, expected = _golden(number)
    assert command.startswith("$ kubectl rollout history deployment/web")
    deployment = api.get(REGISTRY.by_name("deployments"), "web", "default")
    assert rollout_history(api, deployment, revision, _now_ms()) == expected
