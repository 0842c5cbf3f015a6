"""Go value renderings (k8scourse.cli.printers.gofmt) and go-yaml key order."""

from __future__ import annotations

from fractions import Fraction
import functools

import pytest

from k8scourse.cli.printers.gofmt import (go_float, go_json, go_quote, go_sharp_v, go_v,
                                          natural_less, parse_quantity)
from k8scourse.cli.printers.goyaml import yaml_key_less


@pytest.mark.parametrize("value,v,js", [
    (0.5, "0.5", "0.5"), (123456.0, "123456", "123456"), (1e6, "1e+06", "1000000"),
    (1.5e-7, "1.5e-07", "1.5e-7"), (0.0001, "0.0001", "0.0001"), (0.00001, "1e-05", "0.00001"),
    (1e21, "1e+21", "1e+21"), (-2.5, "-2.5", "-2.5"), (1234567.5, "1.2345675e+06", "1234567.5"),
])
def test_go_float(value, v, js):
    assert go_float(value) == v
    assert go_float(value, json_style=True) == js


def test_go_v():
    assert go_v("s") == "s" and go_v(None) == "<nil>" and go_v(False) == "false" and go_v(7) == "7"
    assert go_v(3.0) == "3"
    assert go_v({"b": {"y": 1, "x": None}, "a": []}) == "map[a:[] b:map[x:<nil> y:1]]"
    assert go_v([["a", 1], {}]) == "[[a 1] map[]]"


def test_go_sharp_v_and_quote():
    assert go_quote('tab\there "q" é \x00') == '"tab\\there \\"q\\" é \\x00"'
    assert go_sharp_v({"k": ["a", 1, None]}) == 'map[string]interface {}{"k":[]interface {}{"a", 1, interface {}(nil)}}'


def test_go_json_escapes():
    assert go_json("\u2028<>&\x01\b\f\n\t\"\\é") == '"\\u2028\\u003c\\u003e\\u0026\\u0001\\b\\f\\n\\t\\"\\\\é"'
    assert go_json({"b": 1, "a": [True, None, 2.0, 0.5]}) == '{"a":[true,null,2,0.5],"b":1}'
    assert go_json([], indent="  ") == "[]" and go_json({}, indent="  ") == "{}"
    assert go_json({"a": [1]}, indent="  ") == '{\n  "a": [\n    1\n  ]\n}'


def test_natural_less_sorts_like_sortorder():
    words = ["a10", "a2", "a1", "b", "A", "a01", "a001", "1", "a", "a1b", "a1a"]
    ordered = sorted(words, key=functools.cmp_to_key(lambda x, y: -1 if natural_less(x, y) else (1 if natural_less(y, x) else 0)))
    # the zero-count tie-break applies at the first differing run, as sortorder does
    assert ordered == ["1", "A", "a", "a1", "a1a", "a1b", "a01", "a001", "a2", "a10", "b"]


@pytest.mark.parametrize("text,value", [
    ("1", Fraction(1)), ("100m", Fraction(1, 10)), ("1Ki", Fraction(1024)), ("1.5Gi", Fraction(3 * 2**29)),
    ("2e3", Fraction(2000)), ("1E", Fraction(10**18)), ("-500Mi", Fraction(-500 * 2**20)), (".5", Fraction(1, 2)),
    ("1e", None), ("nginx", None), ("", None), ("1.2.3", None), ("10Mb", None),
])
def test_parse_quantity(text, value):
    assert parse_quantity(text) == value


def test_yaml_key_less():
    keys = ["a10", "a9", "a_b", "aB", "Ab", "a", "z", "a-b", "ephemeral-storage", "cpu", "hugepages-2Mi",
            "hugepages-1Gi", "memory", "pods"]
    ordered = sorted(keys, key=functools.cmp_to_key(lambda x, y: -1 if yaml_key_less(x, y) else (1 if yaml_key_less(y, x) else 0)))
    assert ordered == ["Ab", "a", "a-b", "a_b", "a9", "a10", "aB", "cpu", "ephemeral-storage",
                       "hugepages-1Gi", "hugepages-2Mi", "memory", "pods", "z"]
