"""Fuzzing manifests: nested, huge and odd YAML and JSON never break kubectl.

Deep nesting (flow and block, around go-yaml's and Go's JSON 10,000 limit), anchors and aliases
(self-reference, bombs of every shape), control characters, tags, directives, random token soups and
random JSON trees in every field of a real manifest. Each answer is kubectl's message; a refused
manifest changes nothing.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import check_answer, fuzz_settings, running_cluster

VERBS = [["apply", "-f", "-"], ["create", "-f", "-"], ["apply", "-f", "-", "--dry-run=client"],
         ["create", "-f", "-", "--dry-run=client", "-o", "yaml"], ["apply", "-f", "-", "--dry-run=server"],
         ["apply", "-f", "-", "--server-side"], ["delete", "-f", "-"], ["get", "-f", "-"],
         ["describe", "-f", "-"], ["label", "-f", "-", "x=y"]]


def run(verb: list[str], text: str) -> None:
    c = running_cluster()
    before = c.store.revision
    result = c.kubectl(verb, stdin=text, echo=False)
    check_answer(result, (verb, text[:200]))
    if result.exit_code != 0 and verb[0] in ("create",) and "--dry-run" not in " ".join(verb):
        # a create that failed for every document wrote nothing (a later document may have succeeded)
        if "created" not in result.stdout:
            assert c.store.revision == before or "events" in str(c.store.history()[-1:]), text[:200]


@fuzz_settings(40)
@given(depth=st.integers(1, 12_000), kind=st.sampled_from(["flow-seq", "flow-map", "json-seq", "json-map",
                                                           "block-seq", "block-map"]),
       verb=st.sampled_from(VERBS))
def test_deep_nesting(depth, kind, verb):
    if kind == "flow-seq":
        text = "a: " + "[" * depth + "]" * depth
    elif kind == "flow-map":
        text = "a: " + "{a: " * depth + "1" + "}" * depth
    elif kind == "json-seq":
        text = '{"a":' + "[" * depth + "]" * depth + "}"
    elif kind == "json-map":
        text = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":' + '{"a":' * depth + "1" + \
               "}" * depth + "}"
    elif kind == "block-seq":
        depth = min(depth, 3000)
        text = "a:\n" + "".join(" " * i + "-\n" for i in range(1, depth)) + " " * depth + "- 1\n"
    else:
        depth = min(depth, 3000)
        text = "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "b: 1\n"
    run(verb, text)


@fuzz_settings(60)
@given(width=st.integers(1, 12), levels=st.integers(1, 9), self_ref=st.booleans(), verb=st.sampled_from(VERBS),
       flow=st.booleans())
def test_aliases_and_bombs(width, levels, self_ref, verb, flow):
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]"]
    for prev, name in zip(names, names[1:]):
        items = ", ".join([f"*{prev}"] * width)
        lines.append(f"{name}: &{name} [{items}]" if flow else f"{name}: &{name}\n" +
                     "".join(f"  - *{prev}\n" for _ in range(width)).rstrip("\n"))
    if self_ref:
        lines.append("loop: &loop [1, *loop]" if flow else "loop: &loop\n  a: *loop")
    run(verb, "\n".join(lines) + "\n")


ODD = ["\x00", "\x01", "\t", "\r", "\ufeff", "\u2028", "\ud7ff", "\U0001F600", "!!binary ", "!!python/object ",
       "!custom ", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "? ", ": ", "- ", "&a ", "*a ", "*b ",
       "<<: *a\n", "|\n", ">-\n", "'", '"', "#", "\n", "  ", "[", "]", "{", "}", ",", "apiVersion: v1\n",
       "kind: Pod\n", "kind: List\n", "items:\n", "metadata:\n", "  name: x\n", "name: ", "null", "~", "1e400",
       "0x1F", "-.inf", ".nan", "true", "yes", "2001-12-14t21:59:43.10-05:00", "\\u0000", "=", "apiVersion: 3\n",
       "kind: [a]\n", "metadata: 1\n", "spec: null\n"]


@fuzz_settings(150)
@given(tokens=st.lists(st.sampled_from(ODD), max_size=25), verb=st.sampled_from(VERBS))
def test_token_soup(tokens, verb):
    run(verb, "".join(tokens))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) |
    st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25)
FIELDS = [("metadata",), ("metadata", "name"), ("metadata", "labels"), ("metadata", "annotations"),
          ("metadata", "namespace"), ("metadata", "ownerReferences"), ("metadata", "finalizers"), ("spec",),
          ("spec", "replicas"), ("spec", "selector"), ("spec", "template"), ("spec", "template", "spec"),
          ("spec", "template", "spec", "containers"), ("data",), ("status",), ("kind",), ("apiVersion",)]
KINDS = [("apps/v1", "Deployment"), ("v1", "Pod"), ("v1", "ConfigMap"), ("v1", "Service"), ("batch/v1", "Job"),
         ("apps/v1", "StatefulSet"), ("v1", "Namespace"), ("networking.k8s.io/v1", "Ingress"),
         ("rbac.authorization.k8s.io/v1", "Role"), ("autoscaling/v2", "HorizontalPodAutoscaler")]


@fuzz_settings(150)
@given(kind=st.sampled_from(KINDS), field=st.sampled_from(FIELDS), value=JSON_VALUES,
       as_json=st.booleans(), verb=st.sampled_from(VERBS))
def test_random_values_in_real_manifests(kind, field, value, as_json, verb):
    doc: dict = {"apiVersion": kind[0], "kind": kind[1], "metadata": {"name": "fz"}}
    node = doc
    for step in field[:-1]:
        node = node.setdefault(step, {}) if isinstance(node.get(step, {}), dict) else {}
    node[field[-1]] = value
    import yaml
    text = json.dumps(doc) if as_json else yaml.safe_dump(doc)
    run(verb, text)


@fuzz_settings(3)
@given(size=st.sampled_from([1024 * 1024, 3 * 1024 * 1024 - 200, 3 * 1024 * 1024 + 1, 5 * 1024 * 1024]),
       verb=st.sampled_from(VERBS[:5]))
def test_huge_documents(size, verb):
    run(verb, json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "huge"},
                          "data": {"a": "x" * size}}))
