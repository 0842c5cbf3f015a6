"""JSON manifests are read as kubectl reads them: a stream that starts with ``{`` goes through Go's
``encoding/json`` (its words, byte offsets, several values in a row); a flow-style document inside a
YAML stream is YAML. Recorded against the real kubectl (tests/data/kubectl-recorded/json-errors)."""

from pathlib import Path

import pytest

from k8scourse import Cluster
from k8scourse.api import gojson

DATA = Path(__file__).resolve().parents[1] / "data" / "kubectl-recorded" / "json-errors"
CASES = sorted(p.name for p in DATA.glob("case*.json"))


def test_the_recorded_cases_are_there():
    assert len(CASES) == 16


@pytest.mark.parametrize("name", CASES)
def test_the_same_error_as_the_real_kubectl_and_nothing_changes(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text((DATA / name).read_text())
    c = Cluster(nodes=0, seed=0)
    before = c.store.revision
    out = c.kubectl(f"create -f {name}", echo=False)
    assert (out.exit_code, str(out)) == (1, (DATA / name.replace(".json", ".out")).read_text())
    assert c.store.revision == before


def test_a_json_stream_of_several_objects_creates_them_until_the_broken_one():
    c = Cluster(nodes=0, seed=0)
    stream = ('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one"}}\n'
              '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "two"}} xyz')
    out = c.kubectl("create -f -", stdin=stream, echo=False)
    assert str(out) == ('configmap/one created\nconfigmap/two created\n'
                        "error: error parsing STDIN: json: offset 143: invalid character 'x' looking for "
                        "beginning of value\n")
    assert [m["metadata"]["name"] for m in c.list("configmaps", "default")] == ["one", "two"]


def test_flow_style_yaml_after_a_document_marker_is_yaml():
    # kubernetes.io's pods/probe/exec-liveness.yaml: "---" first, then JSON-like YAML with trailing commas
    text = ('---\n{\n  apiVersion: "v1",\n  kind: "ConfigMap",\n  metadata: {\n    name: "flow",\n  },\n'
            '  data: {a: "1",},\n}\n')
    c = Cluster(nodes=0, seed=0)
    assert str(c.kubectl("apply -f -", stdin=text, echo=False)) == "configmap/flow created\n"
    assert c.get("configmaps", "flow", "default")["data"] == {"a": "1"}


def test_go_refuses_what_python_would_accept():
    for text in ('{"x": NaN}', '{"x": Infinity}', '{"x": 1,}'):
        with pytest.raises(gojson.JSONError):
            gojson.load(text)
    assert gojson.load('{"x": 1e3, "y": -0.5, "z": "\\u00e9"}') == {"x": 1000.0, "y": -0.5, "z": "é"}


def test_nesting_past_go_limit_is_refused_without_recursion():
    deep = '{"a":' + "[" * 10_001 + "]" * 10_001 + "}"
    with pytest.raises(gojson.JSONError, match=r"^json: offset 10005: invalid character '\[' exceeded max depth$"):
        gojson.load(deep)
    assert len(gojson.load("{\"a\":" + "[" * 9_998 + "]" * 9_998 + "}")["a"]) == 1
