"""k8scourse.api.quantity against every row of the upstream quantity tables."""

import sys
from fractions import Fraction
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reftables import cases  # noqa: E402

from k8scourse.api.quantity import (  # noqa: E402
    BINARY_SI, DECIMAL_EXPONENT, DECIMAL_SI, ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX,
    Quantity, QuantityError, parse_quantity,
)

T = "quantity"


def exact(text: str) -> Fraction:
    return Fraction(text)


# -- TestQuantityParse ----------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestQuantityParse"), ids=lambda r: r["input"])
def test_parse(row):
    q = parse_quantity(row["input"])
    assert q.as_fraction() == exact(row["value_exact"])
    assert q.format == row["format"]


@pytest.mark.parametrize("row", cases(T, "TestQuantityParse"), ids=lambda r: r["input"])
def test_parse_signs(row):
    # upstream: '-'+input is the negated value; '+'+input the same value and the same format.
    q = parse_quantity(row["input"])
    neg = parse_quantity("-" + row["input"])
    pos = parse_quantity("+" + row["input"])
    assert neg.as_fraction() == -q.as_fraction()
    assert pos.as_fraction() == q.as_fraction()
    assert pos.format == q.format


@pytest.mark.parametrize("text", cases(T, "TestQuantityParse", "invalid_inputs_must_error"))
def test_parse_invalid(text):
    with pytest.raises(QuantityError) as info:
        parse_quantity(text)
    assert str(info.value) in (ERR_FORMAT_WRONG, ERR_SUFFIX, ERR_NUMERIC)
    assert isinstance(info.value, ValueError)


# -- TestQuantityString ---------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestQuantityString"), ids=lambda r: r["canonical"])
def test_string(row):
    q = Quantity.from_value(exact(row["value_exact"]), row["format"])
    assert str(q) == row["canonical"]
    assert str(-q) == "-" + row["canonical"] if row["canonical"] != "0" else str(-q) == "0"
    alt = row["alternate_input_that_canonicalizes_to_same"]
    if alt is not None:
        assert str(parse_quantity(alt)) == row["canonical"]


# -- TestQuantityParseEmit ------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestQuantityParseEmit"), ids=lambda r: r["input"])
def test_parse_emit(row):
    assert str(parse_quantity(row["input"])) == row["canonical"]
    assert str(parse_quantity("-" + row["input"])) == "-" + row["canonical"]


# -- TestQuantityCmp ------------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestQuantityCmp"), ids=lambda r: f'{r["x"]}-{r["y"]}')
def test_cmp(row):
    x, y = parse_quantity(row["x"]), parse_quantity(row["y"])
    assert x.cmp(y) == row["cmp"]
    assert (x > y, x == y, x < y) == (row["cmp"] == 1, row["cmp"] == 0, row["cmp"] == -1)


# -- TestQuantityRoundUp --------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestQuantityRoundUp"),
                         ids=lambda r: f'{r["input"]}@{r["scale"]}')
def test_round_up(row):
    q, ok = parse_quantity(row["input"]).round_up(row["scale"])
    assert q.as_fraction() == exact(row["expect_value_exact"])
    assert ok is row["ok_exact"]


# -- TestParseQuantity_large ----------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestParseQuantity_large"), ids=lambda r: r["input"])
def test_parse_large(row):
    q = parse_quantity(row["input"])
    assert q.as_fraction() == exact(row["value_exact"])
    assert q.canonical() == row["canonical"]
    assert str(q) == row["canonical"]
    # upstream's null only says "not on the int64 fast path"; where it gives a number, agree.
    if row["as_int64"] is not None:
        assert q.as_int64() == row["as_int64"]


# -- TestNewSet / TestMilliNewSet / TestNewScaledSet ----------------------------------------------
@pytest.mark.parametrize("row", cases(T, "TestNewSet"), ids=lambda r: r["canonical"])
def test_new_set(row):
    assert str(Quantity.from_int(row["value"], row["format"])) == row["canonical"]


@pytest.mark.parametrize("row", cases(T, "TestMilliNewSet"), ids=lambda r: r["canonical"])
def test_milli_new_set(row):
    q = Quantity.from_milli(row["milli_value"], row["format"])
    assert str(q) == row["canonical"]
    if row["roundtrip_exact"]:
        assert parse_quantity(str(q)).milli_value() == row["milli_value"]


@pytest.mark.parametrize("row", cases(T, "TestNewScaledSet"),
                         ids=lambda r: f'{r["value"]}e{r["scale"]}')
def test_new_scaled_set(row):
    assert str(Quantity.from_scaled(row["value"], row["scale"])) == row["canonical"]


# -- ExampleMustParse -----------------------------------------------------------------------------
@pytest.mark.parametrize("row", cases(T, "ExampleMustParse"), ids=lambda r: r["input"])
def test_example_must_parse(row):
    q = parse_quantity(row["input"])
    assert q.format == row["format"]
    if "Value" in row:
        assert q.value() == row["Value"]
    if "MilliValue" in row:
        assert q.milli_value() == row["MilliValue"]


def test_example_formats():
    assert str(Quantity.from_int(5 * 1024 ** 3, BINARY_SI)) == "5Gi"
    assert str(Quantity.from_int(5 * 10 ** 9, DECIMAL_SI)) == "5G"
    assert str(Quantity.from_milli(5300, DECIMAL_SI)) == "5300m"


# -- behaviour beyond the tables ------------------------------------------------------------------
def test_error_messages():
    with pytest.raises(QuantityError, match=r"^quantities must match the regular expression "):
        parse_quantity("1 ")
    with pytest.raises(QuantityError, match="^unable to parse quantity's suffix$"):
        parse_quantity("1K")
    with pytest.raises(QuantityError, match="^unable to parse numeric part of quantity$"):
        parse_quantity("Pi")


def test_value_rounding():
    assert parse_quantity("1.1").value() == 2
    assert parse_quantity("-1.1").value() == -2
    assert parse_quantity("0.1m").milli_value() == 1
    assert parse_quantity("2Mi").value() == 2 * 1024 * 1024
    assert parse_quantity("1").scaled_value(-9) == 10 ** 9


def test_canonical_examples_from_facts():
    assert str(parse_quantity("1.5")) == "1500m"
    assert str(parse_quantity("1.5Gi")) == "1536Mi"
    assert str(parse_quantity("0.5")) == "500m"
    assert str(parse_quantity("1000m")) == "1"
    assert parse_quantity("400m").as_fraction() == Fraction(2, 5)


def test_upstream_text_reuse_quirk():
    assert str(parse_quantity("100m")) == "100m"
    assert str(parse_quantity("1.100")) == "1.100"
    assert parse_quantity("1.100").canonical() == "1100m"
    assert str(parse_quantity("+1")) == "+1"
    assert str(-parse_quantity("+1")) == "-1"


def test_arithmetic_and_formats():
    a, b = parse_quantity("1Gi"), parse_quantity("512Mi")
    assert str(a + b) == "1536Mi" and (a + b).format == BINARY_SI
    assert str(a - b) == "512Mi"
    zero = Quantity.from_int(0, DECIMAL_SI)
    assert (zero + b).format == BINARY_SI            # zero receiver takes the other format
    assert str(sum([parse_quantity("100m")] * 3)) == "300m"
    assert str(parse_quantity("250m") * 4) == "1"
    assert str(-parse_quantity("1Ki")) == "-1Ki"


def test_hash_and_equality_ignore_format():
    assert parse_quantity("1k") == parse_quantity("1e3") == parse_quantity("1000")
    assert len({parse_quantity("1k"), parse_quantity("1000"), parse_quantity("1Ki")}) == 2
    assert parse_quantity("1") != "1"


def test_large_exponents():
    assert str(parse_quantity("1000E")) == "1e21"
    assert parse_quantity("1e-100").nanos == 1
    with pytest.raises(QuantityError):
        parse_quantity("1e100000")


def test_numbers_and_formats():
    assert parse_quantity(2) == parse_quantity("2")
    assert str(parse_quantity(0.25)) == "250m"
    assert Quantity("3").format == DECIMAL_SI
    assert parse_quantity("1e3").format == DECIMAL_EXPONENT
    assert parse_quantity("1.5").as_float() == 1.5
    with pytest.raises(QuantityError):
        parse_quantity(True)


def test_parse_is_cached_and_immutable_results_shared():
    assert parse_quantity("123m") is parse_quantity("123m")
