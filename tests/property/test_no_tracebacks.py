"""Malformed manifests and command lines never produce a traceback or a partial write.

Hypothesis builds (a) manifests: real ones with fields removed, mistyped or renamed, random YAML and
random text; (b) command lines from kubectl's vocabulary with random flags and arguments. For each,
the command must finish with a kubectl-style message, never an internal error, and a failed command
must leave the store exactly as it was.
"""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8scourse import Cluster

BASE = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                                   "ports": [{"containerPort": 80}],
                                                   "resources": {"requests": {"cpu": "100m"}}}]}}},
}
PATHS = [("metadata", "name"), ("metadata", "labels"), ("spec", "replicas"), ("spec", "selector"),
         ("spec", "template", "metadata", "labels"), ("spec", "template", "spec", "containers"),
         ("apiVersion",), ("kind",), ("spec",), ("metadata",)]
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=12),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))

INTERNAL = "internal simulator error"


def mutate(base: dict, path: tuple, value, drop: bool) -> dict:
    doc = copy.deepcopy(base)
    node = doc
    for step in path[:-1]:
        if not isinstance(node, dict) or step not in node:
            return doc
        node = node[step]
    if isinstance(node, dict):
        if drop:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    return doc


def fresh() -> Cluster:
    return Cluster(nodes=1, seed=3)


CLUSTER = fresh()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JUNK, drop=st.booleans(),
       verb=st.sampled_from(["apply", "create"]))
def test_mutated_manifests(path, value, drop, verb):
    cluster = fresh()
    doc = mutate(BASE, path, value, drop)
    before = cluster.store.revision
    result = cluster.kubectl([verb, "-f", "-"], stdin=yaml.safe_dump(doc), echo=False)
    assert INTERNAL not in result
    if result.exit_code != 0:
        assert cluster.store.revision == before, "a rejected manifest must change nothing"
        assert result.stderr.strip()
    else:
        assert result.stdout.endswith("created\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_random_text_as_manifest(text):
    before = CLUSTER.store.revision
    result = CLUSTER.kubectl(["apply", "-f", "-", "--dry-run=server"], stdin=text, echo=False)
    assert INTERNAL not in result
    assert CLUSTER.store.revision == before


WORDS = ["get", "describe", "apply", "create", "delete", "label", "annotate", "run", "config",
         "api-resources", "version", "cluster-info", "pods", "pod", "po", "nodes", "deploy", "svc",
         "ns", "all", "web", "nginx", "default", "pod/web", "-n", "default", "-A", "-o", "yaml", "json",
         "wide", "name", "jsonpath={.items[*].metadata.name}", "custom-columns=N:.metadata.name",
         "-l", "app=web", "app in (a,b)", "--all", "--dry-run=client", "--image=nginx", "-f", "-",
         "--overwrite", "tier=x", "tier-", "--show-labels", "-L", "app", "--sort-by=.metadata.name",
         "--no-headers", "--field-selector", "metadata.name=web", "--grace-period=0", "--force",
         "--foo", "-z", "=", "", "deployment", "namespace", "dev", "--replicas=x", "--port=80",
         "get-contexts", "use-context", "current-context", "--selector", "!", "(", "'"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=7))
def test_random_command_lines(words):
    cluster = CLUSTER
    result = cluster.kubectl(words, stdin="", echo=False)
    assert INTERNAL not in result, (words, str(result))
    assert result.exit_code in (0, 1)
