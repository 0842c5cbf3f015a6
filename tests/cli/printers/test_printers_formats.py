"""-o json|yaml|name|jsonpath|custom-columns (k8scourse.cli.printers.formats, .goyaml)."""

from __future__ import annotations

import pytest

from k8scourse.cli.printers import (JSONPathError, OutputFormatError, PrinterError, as_list,
                                    custom_columns, custom_columns_from_template, format_json,
                                    format_name, format_objects, to_yaml)

POD = {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"name": "nginx", "namespace": "default", "labels": {"run": "nginx"},
                    "annotations": {"note": "a <b> & ü"}},
       "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]},
       "status": {"phase": "Running", "podIP": "10.244.0.12"}}
DEPLOY = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 3}}


def test_json_single_object():
    out = format_objects([POD], "json", single_item=True)
    assert out.startswith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n')
    assert '"note": "a \\u003cb\\u003e \\u0026 ü"' in out
    assert out.endswith("\n}\n") and not out.endswith("\n\n")


def test_json_list_wrapper():
    out = format_objects([DEPLOY], "json")
    assert out == ('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "apps/v1",\n'
                   '            "kind": "Deployment",\n            "metadata": {\n                "name": "web"\n'
                   '            },\n            "spec": {\n                "replicas": 3\n            }\n        }\n'
                   '    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
    assert format_json(as_list([])) == ('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n'
                                        '    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')


def test_yaml_object_and_list():
    out = format_objects([DEPLOY], "yaml", single_item=True)
    assert out == "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"
    out = format_objects([DEPLOY, POD], "yaml")
    assert out.startswith("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n")
    assert "\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    annotations:\n      note: a <b> & ü\n" in out
    assert "  spec:\n    containers:\n    - image: nginx:1.25\n      name: nginx\n      resources:\n" in out
    assert out.endswith('kind: List\nmetadata:\n  resourceVersion: ""\n')


@pytest.mark.parametrize("value,expected", [
    ("plain", "plain"), ("", '""'), ("10", '"10"'), ("1.5", '"1.5"'), ("1e3", '"1e3"'),
    ("0x1F", '"0x1F"'), ("0o17", '"0o17"'), ("1_000", '"1_000"'), ("+5", '"+5"'), (".5", '".5"'),
    ("true", '"true"'), ("False", '"False"'), ("y", '"y"'), ("N", '"N"'), ("on", '"on"'), ("off", '"off"'),
    ("null", '"null"'), ("~", '"~"'), (".inf", '".inf"'), ("-.Inf", '"-.Inf"'), (".nan", '".nan"'),
    ("2026-11-26T16:27:54Z", '"2026-11-26T16:27:54Z"'), ("2026-11-26", '"2026-11-26"'),
    ("1:30", '"1:30"'), ("8080:80", "8080:80"), ("10.244.0.12", "10.244.0.12"), ("25%", "25%"),
    ("100m", "100m"), ("1Gi", "1Gi"), ("yes-no", "yes-no"), ("2026-13-45", "2026-13-45"),
    ("*", "'*'"), ("&a", "'&a'"), ("!x", "'!x'"), ("{\"a\":1}", "'{\"a\":1}'"), ("[1]", "'[1]'"),
    ("- a", "'- a'"), ("-a", "-a"), ("a: b", "'a: b'"), ("a:b", "a:b"), ("a #b", "'a #b'"), ("a#b", "a#b"),
    ("? x", "'? x'"), ("' q", "''' q'"), ("\"q\"", "'\"q\"'"), ("it's", "it's"), (" lead", "' lead'"),
    ("trail ", "'trail '"), ("---", "'---'"), ("%x", "'%x'"), ("@x", "'@x'"), ("`x", "'`x'"),
    ("a\tb", '"a\\tb"'), ("bell\x07", '"bell\\a"'), ("esc\x1b", '"esc\\e"'), ("nbsp\xa0x", "nbsp\xa0x"),
    ("😀", '"\\U0001F600"'), ("héllo", "héllo"), ("<<", "<<"),
])
def test_yaml_string_styles(value, expected):
    assert to_yaml({"k": value}) == f"k: {expected}\n"


@pytest.mark.parametrize("value,expected", [
    ("line1\nline2\n", "k: |\n  line1\n  line2\n"),
    ("line1\nline2", "k: |-\n  line1\n  line2\n"),
    ("line1\n\n", "k: |+\n  line1\n\n...\n"),
    ("a\n\nb\n", "k: |\n  a\n\n  b\n"),
    ("  indented\nx\n", "k: |2\n    indented\n  x\n"),
    ("trailing \nspace\n", 'k: "trailing \\nspace\\n"\n'),
    ("tab\there\n", 'k: "tab\\there\\n"\n'),
])
def test_yaml_block_literals(value, expected):
    assert to_yaml({"k": value}) == expected


def test_yaml_keep_chomping_not_last():
    assert to_yaml({"a": "x\n\n", "b": 1}) == "a: |+\n  x\n\nb: 1\n"


def test_yaml_long_lines_wrap_like_kubectl():
    # what kubectl printed in kubernetes/kubernetes#32335
    ann = {"kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container hostnames"}
    assert to_yaml({"metadata": {"annotations": ann}}) == (
        "metadata:\n  annotations:\n    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request "
        "for container\n      hostnames'\n")
    words = " ".join(["word"] * 25)
    out = to_yaml({"message": words})
    first, second = out.splitlines()
    assert len(first) > 80 and first.startswith("message: word") and second.startswith("  word")
    assert (first + " " + second.strip()) == "message: " + words
    assert to_yaml({"m": "x" * 120}) == "m: " + "x" * 120 + "\n"          # no space: no wrap
    dq = to_yaml({"m": ("a " * 50).strip() + "\t"})
    assert dq.splitlines()[1].startswith("  ")                            # double-quoted wraps too
    # keys never wrap; sequence items continue two columns in
    assert to_yaml({"l": [words]}).splitlines()[2].startswith("  word")


def test_yaml_key_order_and_scalars():
    out = to_yaml({"b10": 1, "b9": 2, "a": None, "B": True, "c_d": 1.5, "cd": 3.0, "z": [], "y": {}})
    assert out == "B: true\na: null\nb9: 2\nb10: 1\nc_d: 1.5\ncd: 3\n\"y\": {}\nz: []\n"


def test_yaml_nested_sequences_and_maps():
    assert to_yaml({"a": [[1, 2], [{"x": 1, "y": [3]}]]}) == (
        "a:\n- - 1\n  - 2\n- - x: 1\n    \"y\":\n    - 3\n")


def test_name_output():
    assert format_objects([POD, DEPLOY], "name") == "pod/nginx\ndeployment.apps/web\n"
    assert format_name(POD, "deleted") == "pod/nginx deleted\n"
    assert format_name({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                        "metadata": {"name": "view"}}) == "clusterrole.rbac.authorization.k8s.io/view\n"
    with pytest.raises(PrinterError, match="missing kind for resource with name x"):
        format_name({"metadata": {"name": "x"}})


def test_custom_columns_values_render_like_go():
    out = custom_columns("NAME:.metadata.name,REQ:.spec.containers[0].resources.requests,"
                                "IMAGES:.spec.containers[*].image,LABELS:metadata.labels,NONE:.x.y", [POD])
    assert out == ("NAME    REQ                         IMAGES       LABELS           NONE\n"
                   "nginx   map[cpu:100m memory:64Mi]   nginx:1.25   map[run:nginx]   <none>\n")


def test_custom_columns_no_headers_and_escaping():
    obj = {"metadata": {"name": "a\x1bb\rc"}}
    assert custom_columns("N:.metadata.name", [obj], no_headers=True) == "a^[b\\rc\n"


def test_custom_columns_errors():
    with pytest.raises(OutputFormatError) as e:
        format_objects([POD], "custom-columns=NAME")
    assert e.value.stderr == ("error: unexpected custom-columns spec: NAME, expected "
                              "<header>:<json-path-expr>\n")
    with pytest.raises(OutputFormatError, match="custom-columns format specified but no custom columns given"):
        format_objects([POD], "custom-columns=")
    with pytest.raises(PrinterError) as e:
        custom_columns("X:.spec.containers[3]", [POD])
    assert e.value.message == "array index out of bounds: index 3, length 1"
    with pytest.raises(PrinterError) as e:
        custom_columns("X:.spec.containers[", [POD])
    assert e.value.message == "unterminated array"


def test_custom_columns_file():
    tmpl = "NAME          PHASE\n{.metadata.name}   .status.phase\n"
    assert custom_columns_from_template([POD], tmpl) == "NAME    PHASE\nnginx   Running\n"
    assert custom_columns(tmpl, [POD], file_spec=True) == "NAME    PHASE\nnginx   Running\n"
    with pytest.raises(OutputFormatError, match=r"number of headers \(2\) and field specifications \(1\)"):
        custom_columns_from_template([POD], "A B\n.a\n")
    with pytest.raises(OutputFormatError, match="missing spec line"):
        custom_columns_from_template([POD], "A B\n")


def test_custom_columns_file_from_disk(tmp_path):
    path = tmp_path / "cols.txt"
    path.write_text("NAME\n.metadata.name\n")
    assert format_objects([POD, DEPLOY], f"custom-columns-file={path}") == "NAME\nnginx\nweb\n"


def test_jsonpath_outputs():
    assert format_objects([POD, DEPLOY], "jsonpath={.items[*].metadata.name}") == "nginx web"
    assert format_objects([POD], "jsonpath={.metadata.name}", single_item=True) == "nginx"
    assert format_objects([POD], "jsonpath-as-json={.metadata.name}", single_item=True) == \
        '[\n    "nginx"\n]\n'
    with pytest.raises(OutputFormatError, match="template format specified but no template given"):
        format_objects([POD], "jsonpath")
    with pytest.raises(JSONPathError) as e:
        format_objects([POD], "jsonpath={.a[}")
    assert e.value.stderr == "error: error parsing jsonpath {.a[}, unterminated array\n"
    with pytest.raises(JSONPathError) as e:
        format_objects([POD], "jsonpath={.nope}", single_item=True, allow_missing_template_keys=False)
    assert e.value.stderr.startswith('error: error executing jsonpath "{.nope}": Error executing template: '
                                     "nope is not found. Printing more information")


def test_jsonpath_file(tmp_path):
    path = tmp_path / "t.jsonpath"
    path.write_text("{.metadata.name}")
    assert format_objects([POD], f"jsonpath-file={path}", single_item=True) == "nginx"


def test_unknown_format_error_text():
    with pytest.raises(OutputFormatError) as e:
        format_objects([POD], "foo")
    assert e.value.stderr == (
        'error: unable to match a printer suitable for the output format "foo", allowed formats are: '
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,name,template,templatefile,wide,yaml\n")
    assert e.value.exit_code == 1
    with pytest.raises(OutputFormatError, match='"yaml=x"'):
        format_objects([POD], "yaml=x")


def test_compatibility_names():
    from k8scourse.cli import printers
    assert printers.to_json(DEPLOY) == format_json(DEPLOY)
    assert printers.to_name(DEPLOY) == "deployment.apps/web"
    assert printers.jsonpath("{.metadata.name}", POD) == "nginx"
    with pytest.raises(ValueError):
        printers.jsonpath("{.a[}", POD)
