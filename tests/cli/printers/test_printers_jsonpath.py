"""kubectl's JSONPath template dialect (k8scourse.cli.printers.jsonpath)."""

from __future__ import annotations

import pytest

from k8scourse.cli.printers import JSONPath, JSONPathError, print_jsonpath, relaxed_jsonpath

POD_LIST = {
    "apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
    "items": [
        {"kind": "Pod", "metadata": {"name": "web-1", "labels": {"app": "web", "app.kubernetes.io/name": "w"}},
         "spec": {"nodeName": "node-a", "containers": [{"name": "nginx", "ports": [{"containerPort": 80}]},
                                                        {"name": "sidecar"}]},
         "status": {"phase": "Running", "restartCount": 0, "ready": True, "score": 1.5}},
        {"kind": "Pod", "metadata": {"name": "web-2", "labels": {"app": "web"}},
         "spec": {"containers": [{"name": "nginx"}]},
         "status": {"phase": "Pending", "restartCount": 3, "ready": False, "score": 0.25}},
        {"kind": "Pod", "metadata": {"name": "db-1"},
         "spec": {"nodeName": "node-b", "containers": [{"name": "postgres"}]},
         "status": {"phase": "Running", "restartCount": 12, "ready": True}},
    ],
}


def run(template, data=POD_LIST, allow_missing_keys=False):
    return JSONPath(template, allow_missing_keys).execute(data)


@pytest.mark.parametrize("template,expected", [
    ("plain text", "plain text"),
    ("{.kind}", "List"),
    ("{$.kind}", "List"),
    ("{.items[0].metadata.name}", "web-1"),
    ("{.items[*].metadata.name}", "web-1 web-2 db-1"),
    ("{.items[-1].metadata.name}", "db-1"),
    ("{.items[0:2].metadata.name}", "web-1 web-2"),
    ("{.items[:2].metadata.name}", "web-1 web-2"),
    ("{.items[1:].metadata.name}", "web-2 db-1"),
    ("{.items[::2].metadata.name}", "web-1 db-1"),
    ("{.items[-2:].metadata.name}", "web-2 db-1"),
    ("{.items[0:0].metadata.name}", ""),
    ("{.items[0]['metadata']['name']}", "web-1"),
    ("{.items[0]['metadata.name']}", "web-1"),
    ("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", "w"),
    ("{.items[0].spec.containers[*].ports[*].containerPort}", "80"),
    ("{.items[*].status.restartCount}", "0 3 12"),
    ("{.items[*].status.ready}", "true false true"),
    ("{.items[*].status.score}", "1.5 0.25"),
    ("{.items[0].metadata.labels}", '{"app":"web","app.kubernetes.io/name":"w"}'),
    ("{.items[0].spec.containers[0].ports}", '[{"containerPort":80}]'),
    ("{.items[0,2].metadata.name}", "web-1 db-1"),
    ("{.items[*]['metadata.name', 'status.phase']}", "web-1 web-2 db-1 Running Pending Running"),
    ('{.items[?(@.status.phase=="Running")].metadata.name}', "web-1 db-1"),
    ('{.items[?(@.status.phase!="Running")].metadata.name}', "web-2"),
    ("{.items[?(@.status.restartCount>2)].metadata.name}", "web-2 db-1"),
    ("{.items[?(@.status.restartCount<3)].metadata.name}", "web-1"),
    ("{.items[?(@.status.restartCount>=3)].metadata.name}", "web-2 db-1"),
    ("{.items[?(@.status.restartCount<=3)].metadata.name}", "web-1 web-2"),
    ("{.items[?(@.status.ready==false)].metadata.name}", "web-2"),
    ("{.items[?(@.status.score>1.0)].metadata.name}", "web-1"),
    ("{.items[?(@.spec.nodeName)].metadata.name}", "web-1 db-1"),
    ("{.items[?(@.metadata.labels.app=='web')].metadata.name}", "web-1 web-2"),
    ("{..containerPort}", "80"),
    ("{.items[2].metadata.*}", "db-1"),
    ('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
     "web-1\tRunning\nweb-2\tPending\ndb-1\tRunning\n"),
    ("{range .items[*]}[{.metadata.name}]{end} total", "[web-1][web-2][db-1] total"),
    ('{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.name},{end};{end}',
     "web-1:nginx,sidecar,;web-2:nginx,;db-1:postgres,;"),
    ('{range .items[*]}{.metadata.name}~{range .spec.containers[*]}{.name}:{range .ports[*]}'
     '{.containerPort},{end}+{end}#{end}!', "web-1~nginx:80,+sidecar:+#web-2~nginx:+#db-1~postgres:+#!"),
    ("{.items[0].status.phase}{.items[1].status.phase}", "RunningPending"),
    ('{"{"}', "{"),
    ("{ .kind }", "List"),
    ("{true}", "true"),
    ("{.metadata}", '{"resourceVersion":""}'),
])
def test_templates(template, expected):
    assert run(template, allow_missing_keys=True) == expected


def test_current_object_and_recursive_descent():
    assert run("{@}", [1, 2, 3]) == "[1,2,3]"
    assert run("{..}", [1, 2, 3]) == "[1,2,3]"
    assert run("{[?(@<5)]}", [2, 6, 3, 7]) == "2 3"
    assert run("{[1,3]}", [0, 1, 2, 3]) == "1 3"


def test_null_prints_as_go_nil_and_strings_are_raw():
    assert run("{.a} {.b}", {"a": None, "b": "x y"}) == "<nil> x y"


def test_map_values_are_go_json():
    assert run("{.m}", {"m": {"b": "<&>", "a": [1, 2.5, None, True]}}) == \
        '{"a":[1,2.5,null,true],"b":"\\u003c\\u0026\\u003e"}'


def test_wildcard_over_map_is_sorted():
    assert run("{.m.*}", {"m": {"b": 2, "a": 1, "c": 3}}) == "1 2 3"


def test_empty_range():
    assert run("{range .items[*]}{.x}{end}tail", {"items": []}, allow_missing_keys=True) == "tail"
    assert run("{range .items[*]}{.a}:{range .b[*]}{.c}{end}+{end}!", {"items": []},
               allow_missing_keys=True) == "!"
    # the body is still walked once, on nothing: without missing keys allowed that fails
    with pytest.raises(JSONPathError, match="x is not found"):
        run("{range .items[*]}{.x}{end}", {"items": []})


def test_missing_keys_allowed_or_not():
    assert run("{.items[0].nope}", allow_missing_keys=True) == ""
    assert run("before-{.nope}-after", allow_missing_keys=True) == "before--after"
    with pytest.raises(JSONPathError) as e:
        run("{.items[0].nope}")
    assert e.value.message == "nope is not found"


def test_filter_skips_elements_without_the_field():
    data = {"items": [{"name": "a", "ann": {"c": "blue"}}, {"name": "b"}, {"name": "c", "ann": {"c": "blue"}}]}
    assert run('{.items[?(@.ann.c=="blue")].name}', data, allow_missing_keys=True) == "a c"
    with pytest.raises(JSONPathError):
        run('{.items[?(@.ann.c=="blue")].name}', data)


@pytest.mark.parametrize("template,message", [
    ("{.items[5]}", "array index out of bounds: index 5, length 3"),
    ("{.items[-4]}", "array index out of bounds: index -1, length 3"),
    ("{.items[2:1]}", "starting index 2 is greater than ending index 1"),
    ("{.items[0:3:0]}", "step must be > 0"),
    ("{.metadata[0]}", "map[string]interface {} is not array or slice"),
    ("{.kind[0]}", "string is not array or slice"),
    ("{.metadata[?(@.x)]}", "map[resourceVersion:] is not array or slice and cannot be filtered"),
    ("{hello}", "unrecognized identifier hello"),
    ("{.items[?(@.status.phase<>1)]}", "unrecognized filter operator <>"),
    ("{.items[?(@.status.phase==1)]}", "incompatible types for comparison"),
    ("{.items[?(@.status.ready<true)]}", "invalid type for comparison"),
    ("{.items[?(@.metadata.labels==1)]}", "invalid type for comparison"),
    ("{.items[?(@.status.score>1)]}", "incompatible types for comparison"),
    ("{range .items[*]}{end}{end}", "not in range, nothing to end"),
])
def test_execution_errors_even_with_missing_keys_allowed(template, message):
    with pytest.raises(JSONPathError) as e:
        run(template, allow_missing_keys=True)
    assert e.value.message == message


@pytest.mark.parametrize("template,reason", [
    ("{.a[}", "unterminated array"),
    ("{.a", "unclosed action"),
    ("{.a\n}", "unclosed action"),
    ("{#}", "unrecognized character in action: U+0023 '#'"),
    ("{.a[x]}", "invalid array index x"),
    ("{.a[1:-]}", "array index - is not a number"),
    ('{"ab}', "unterminated quoted string"),
    ("{'a\\\"'}", "unquote string 'a\\\"' error invalid syntax"),
    ("{....a}", "invalid multiple recursive descent"),
    ("{.a[?(@.b==1)}", "unclosed array expect ]"),
    ("{.a[?(@.b==1]}", "unterminated filter"),
    ("{-}", "cannot parse number -"),
])
def test_parse_errors(template, reason):
    with pytest.raises(JSONPathError) as e:
        JSONPath(template)
    assert e.value.reason == reason
    assert e.value.message == f"error parsing jsonpath {template}, {reason}"
    assert e.value.stderr == f"error: error parsing jsonpath {template}, {reason}\n"


def test_string_literal_escapes():
    assert run('{"a\\tb\\u00e9\\x41"}') == "a\tbéA"
    assert run("{'it\\'s'}") == "it's"


def test_print_jsonpath_defaults_to_allow_missing_keys():
    assert print_jsonpath({"a": 1}, "{.b}") == ""


def test_print_jsonpath_error_has_kubectl_debug_dump():
    with pytest.raises(JSONPathError) as e:
        print_jsonpath({"a": 1, "b": {"c": ["x", None, 2.5, True]}}, "{.foo}", allow_missing_keys=False)
    assert e.value.message == (
        'error executing jsonpath "{.foo}": Error executing template: foo is not found. '
        "Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.foo}\n"
        "\tobject given to jsonpath engine was:\n"
        '\t\tmap[string]interface {}{"a":1, "b":map[string]interface {}{"c":[]interface {}'
        '{"x", interface {}(nil), 2.5, true}}}\n\n\n')
    assert e.value.stderr.startswith('error: error executing jsonpath "{.foo}": ')
    assert e.value.stderr.endswith("}\n\n\n")


def test_relaxed_jsonpath():
    assert [relaxed_jsonpath(x) for x in ("a.b", ".a.b", "{a.b}", "{.a.b}")] == ["{.a.b}"] * 4
    assert relaxed_jsonpath("") == ""
    with pytest.raises(JSONPathError, match="unexpected path string"):
        relaxed_jsonpath("{a}{b}")
