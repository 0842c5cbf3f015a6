"""Manifests are read as kubectl reads them (sigs.k8s.io/yaml on go-yaml): its error lines and its
limits on hostile documents, byte for byte against the real kubectl (tests/data/kubectl-recorded)."""

import time
from pathlib import Path

import pytest

from k8scourse import Cluster

DATA = Path(__file__).resolve().parents[1] / "data" / "kubectl-recorded" / "yaml-limits"
GENERATED = {
    "deep12.yaml": "a: " + "[" * 12000 + "]" * 12000 + "\n",
    "deep12b.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: " + "[" * 12000 + "]" * 12000 + "\n",
    "deepj.json": '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":' + "[" * 20000 + "]" * 20000 + "}",
}
CASES = ["p1.yaml", "p2.yaml", "p3.yaml", "p4.yaml", "bomb.yaml", *GENERATED]


@pytest.mark.parametrize("name", CASES)
def test_the_same_error_as_the_real_kubectl_and_nothing_changes(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = GENERATED.get(name) or (DATA / name).read_text()
    (tmp_path / name).write_text(text)
    c = Cluster(nodes=0, seed=0)
    before = c.store.revision
    started = time.process_time()
    out = c.kubectl(f"apply -f {name}", echo=False)
    assert (out.exit_code, str(out)) == (1, (DATA / (name.rsplit(".", 1)[0] + ".out")).read_text())
    assert c.store.revision == before
    assert time.process_time() - started < 30        # refused without building the expansion


def test_stdin_is_named_stdin_and_a_deep_but_allowed_document_is_read():
    c = Cluster(nodes=0, seed=0)
    bomb = (DATA / "bomb.yaml").read_text()
    assert str(c.apply(bomb, echo=False)) == \
        "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n"
    deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  a: " + "[" * 5000 + "]" * 5000 + "\n"
    out = c.apply(deep, echo=False)
    assert out.exit_code == 1 and out.startswith('Error from server (BadRequest): error when creating "STDIN": '
                                                 'ConfigMap in version "v1" cannot be handled as a ConfigMap')
    anchored = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine, labels: &l {app: web}}\n" \
               "data: {x: y, y: *l}\n"
    before = c.store.revision
    out = c.apply(anchored, echo=False)        # an alias within its document: expanded, then refused by the server
    assert out.exit_code == 1 and "cannot be handled as a ConfigMap" in out and c.store.revision == before


@pytest.mark.parametrize("name", ["alias2", "two"])
def test_documents_are_decoded_one_at_a_time_and_the_good_ones_before_a_broken_one_are_applied(name):
    c = Cluster(nodes=0, seed=0)
    text = (DATA / f"{name}.yaml").read_text()
    out = c.kubectl("apply -f -", stdin=text, echo=False)
    first = "fine" if name == "alias2" else "a"
    expected = (DATA / f"{name}.err").read_text().replace(f"{name}.yaml", "STDIN")
    assert out.exit_code == 1
    assert str(out) == f"configmap/{first} created\nerror: {expected}"
    assert c.get("configmaps", first)["metadata"]["name"] == first
