"""k8scourse.api.labels against every row of the upstream label-selector tables."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reftables import cases  # noqa: E402

from k8scourse.api.labels import (  # noqa: E402
    Requirement, Selector, SelectorError, everything, make_requirement, nothing, parse_selector,
    selector_from_label_selector, selector_from_set,
)

T = "label-selector"


def build(reqs):
    return Selector(Requirement(r["key"], r["op"], r.get("values", [])) for r in reqs)


def as_rows(selector):
    rows = []
    for r in selector.requirements:
        row = {"key": r.key, "op": r.operator}
        if r.values or r.operator not in ("exists", "!"):
            row["values"] = sorted(r.values)
        rows.append(row)
    return rows


# -- TestSelectorParse ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", cases(T, "TestSelectorParse", "good"))
def test_parse_good(text):
    assert str(parse_selector(text)) == text.replace(" ", "")


@pytest.mark.parametrize("text", cases(T, "TestSelectorParse", "bad"))
def test_parse_bad(text):
    with pytest.raises(SelectorError):
        parse_selector(text)


# -- TestDeterministicParse -----------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestDeterministicParse"), ids=lambda r: r["a"])
def test_deterministic_parse(row):
    same = str(parse_selector(row["a"])) == str(parse_selector(row["b"]))
    assert same is row["equal_strings"]


# -- TestSelectorMatches --------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestSelectorMatches"),
                         ids=lambda r: f'{r["selector"]}|{r["labels"]}')
def test_selector_matches(row):
    assert parse_selector(row["selector"]).matches(row["labels"]) is row["match"]


# -- TestSetMatches -------------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestSetMatches"), ids=lambda r: str(r["selector_set"]))
def test_set_matches(row):
    assert selector_from_set(row["selector_set"]).matches(row["labels"]) is row["match"]
    validated = selector_from_set(row["selector_set"], validate=True)
    assert validated.matches(row["labels"]) is row["match"]


# -- TestToString ---------------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestToString"), ids=lambda r: r["string"])
def test_to_string(row):
    assert str(build(row["requirements"])) == row["string"]


# -- TestRequirementSelectorMatching --------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestRequirementSelectorMatching"),
                         ids=lambda r: str(r["requirements"]))
def test_requirement_selector_matching(row):
    assert build(row["requirements"]).matches(row["labels"]) is row["match"]


# -- TestSetSelectorParser ------------------------------------------------------------------------
@pytest.mark.parametrize("row", [r for r in cases(T, "TestSetSelectorParser") if r["valid"]],
                         ids=lambda r: repr(r["input"]))
def test_set_selector_parser_valid(row):
    selector = parse_selector(row["input"])
    # rows without requirements in the upstream table: the printed form parses back to the same
    expected = row["requirements"] if "requirements" in row else as_rows(parse_selector(str(selector)))
    assert as_rows(selector) == expected
    assert bool(expected) == bool(row["input"].strip())


@pytest.mark.parametrize("row", [r for r in cases(T, "TestSetSelectorParser") if not r["valid"]],
                         ids=lambda r: repr(r["input"]))
def test_set_selector_parser_invalid(row):
    with pytest.raises(SelectorError):
        parse_selector(row["input"])


# -- TestSetSelectorString ------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestSetSelectorString"), ids=lambda r: r["string"])
def test_set_selector_string(row):
    assert str(selector_from_set(row["set"])) == row["string"]


# -- TestRequirementConstructor -------------------------------------------------------------------
@pytest.mark.parametrize("row", [r for r in cases(T, "TestRequirementConstructor") if r["valid"]],
                         ids=lambda r: r["key"][:8])
def test_requirement_constructor_valid(row):
    r = make_requirement(row["key"], row["op"], row["values"])
    assert (r.key, r.operator, list(r.values)) == (row["key"], row["op"], row["values"])


@pytest.mark.parametrize("row", [r for r in cases(T, "TestRequirementConstructor") if not r["valid"]],
                         ids=lambda r: r["key"][:8])
def test_requirement_constructor_invalid(row):
    with pytest.raises(SelectorError) as info:
        make_requirement(row["key"], row["op"], row["values"])
    assert row["error_field"] in info.value.fields
    if row.get("error_type") == "NotSupported":
        assert "Unsupported value" in str(info.value)


# -- TestParseOperator ----------------------------------------------------------------------------
@pytest.mark.parametrize("token", cases(T, "TestParseOperator", "accepted"))
def test_operator_accepted(token):
    value = "(1)" if token in ("in", "notin") else "1"
    [requirement] = parse_selector(f"x {token} {value}").requirements
    assert (requirement.key, requirement.operator, requirement.values) == \
        ("x", {">": "gt", "<": "lt"}.get(token, token), ("1",))


@pytest.mark.parametrize("token", cases(T, "TestParseOperator", "rejected"))
def test_operator_rejected(token):
    with pytest.raises(SelectorError, match=r"expected: in, notin, =, ==, !=, gt, lt$"):
        parse_selector(f"x {token} 1")


# -- messages and API selectors -------------------------------------------------------------------
def test_parse_error_messages():
    with pytest.raises(SelectorError) as info:
        parse_selector("x==a==b")
    assert str(info.value) == "found '==', expected: ',' or 'end of string'"
    with pytest.raises(SelectorError) as info:
        parse_selector("x=a||y=b")
    assert str(info.value).startswith('unable to parse requirement: values[0][x]: Invalid value: '
                                      '"a||y": a valid label must be an empty string or consist')
    with pytest.raises(SelectorError) as info:
        parse_selector("app_=x")
    assert str(info.value) == (
        "unable to parse requirement: <nil>: Invalid value: \"app_\": name part must consist of "
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
    with pytest.raises(SelectorError) as info:
        parse_selector("x in (a b)")
    assert str(info.value) == "unable to parse requirement: found 'b', expected: ',' or ')'"


def test_requirement_aggregate_message():
    with pytest.raises(SelectorError) as info:
        make_requirement("x", "gt", ["a", "b"])
    assert str(info.value) == (
        "[values: Invalid value: []string{\"a\", \"b\"}: for 'Gt', 'Lt' operators, exactly one "
        "value is required, values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value "
        "must be an integer, values[1]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value "
        "must be an integer]")


def test_label_selector_dicts():
    sel = selector_from_label_selector({
        "matchLabels": {"app": "web"},
        "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]},
                             {"key": "canary", "operator": "DoesNotExist"}],
    })
    assert str(sel) == "app=web,!canary,tier in (be,fe)"
    assert sel.matches({"app": "web", "tier": "fe"})
    assert not sel.matches({"app": "web", "tier": "fe", "canary": "1"})
    assert selector_from_label_selector({}) is everything()
    assert selector_from_label_selector({"matchLabels": {}}).empty()
    assert selector_from_label_selector(None) is nothing()
    assert not nothing().matches({}) and not nothing().empty() and str(nothing()) == ""
    assert everything().matches({"a": "b"}) and everything().matches(None)


def test_label_selector_errors():
    with pytest.raises(SelectorError, match=r'^"Equals" is not a valid label selector operator$'):
        selector_from_label_selector({"matchExpressions": [{"key": "a", "operator": "Equals"}]})
    with pytest.raises(SelectorError) as info:
        selector_from_label_selector({"matchExpressions": [{"key": "a", "operator": "In"}]})
    assert str(info.value) == ("values: Invalid value: []string(nil): for 'in', 'notin' "
                               "operators, values set can't be empty")
    with pytest.raises(SelectorError) as info:
        selector_from_label_selector({"matchLabels": {"app": "has space"}})
    assert info.value.fields == ("values[0][app]",)


def test_path_prefix():
    with pytest.raises(SelectorError) as info:
        make_requirement("-a", "exists", [], path="spec.selector")
    assert info.value.fields == ("spec.selector.key",)


def test_selector_from_set_sorted_and_add():
    sel = selector_from_set({"b": "2", "a": "1"})
    assert str(sel) == "a=1,b=2"
    assert str(sel.add(Requirement("aa", "exists"))) == "a=1,aa,b=2"
    assert sel == parse_selector("b=2,a=1") and hash(sel) == hash(parse_selector("a=1,b=2"))
