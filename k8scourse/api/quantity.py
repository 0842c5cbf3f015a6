"""Resource quantities: ``resource.Quantity`` of k8s.io/apimachinery (``pkg/api/resource``).

A quantity is a decimal number with a suffix: ``250m`` CPU, ``128Mi`` memory, ``1e3``. This module
parses, compares, adds and prints them the way the API server does:

* Grammar: optional sign, digits with an optional ``.``, then a suffix -- binary ``Ki Mi Gi Ti Pi
  Ei`` (2^10 .. 2^60), decimal ``n u m "" k M G T P E`` (10^-9 .. 10^18) or an exponent ``e3`` /
  ``E-3``. Suffixes are case-sensitive (``m`` is milli, ``M`` is mega, there is no ``K``).
* Values are kept exactly, rounded *up* (away from zero) to nano precision: ``0.1n`` is ``1n``.
  A BinarySI value above 2^63-1 saturates at 2^63-1 (``9Ei``); a BinarySI value strictly between
  0 and 1 becomes DecimalSI.
* The *format* (BinarySI / DecimalSI / DecimalExponent) follows the suffix and is used again when
  printing. The canonical text keeps the format family, uses no fraction and the largest exact
  suffix: ``1.5`` -> ``1500m``, ``1.5Gi`` -> ``1536Mi``, ``1000m`` -> ``1``. BinarySI values that
  are below 1024 in magnitude or not whole print as DecimalSI (``0.5Ki`` -> ``512``,
  ``100.035Ki`` -> ``102435840m``). DecimalSI exponents above ``E`` print as ``1e21``.
* Like upstream, ``str(q)`` of a parsed quantity reuses the input text when upstream's fast path
  judges it canonical (``"100m"`` stays ``"100m"``). That judgement is upstream's, quirks included:
  ``"+1"``, ``"01"`` and ``"1.100"`` print back unchanged. :meth:`Quantity.canonical` always gives
  the canonical form. Arithmetic and negation drop the input text.
* ``value()`` / ``milli_value()`` round up, away from zero, to a whole unit / milli-unit.

Deliberate differences from upstream:

* Values are held as a Python ``int`` of nano-units, so nothing overflows: ``value()`` and
  ``milli_value()`` return exact Python ints where Go would silently wrap past int64, and sums are
  not limited to int64. Quantities built from ints with a scale finer than nano
  (``from_scaled(1, -12)``) are rounded up to ``1n`` (upstream keeps them exactly).
* Numbers with more than 1000 digits, or exponents that would need more than 1000 digits, are
  rejected with ``unable to parse numeric part of quantity`` (upstream keeps them lazily).
* ``Value``/``MilliValue`` of negative fractional quantities round away from zero in every case
  (upstream's inf.Dec path rounds those toward +infinity).
* Whitespace is not trimmed here (``ParseQuantity`` does not trim either; the JSON decoder does --
  that is the API server's business).

>>> q = parse_quantity("1.5Gi")
>>> str(q), q.format, q.value()
('1536Mi', 'BinarySI', 1610612736)
>>> parse_quantity("250m") + parse_quantity("0.75")
Quantity('1')
>>> parse_quantity("100m").milli_value(), parse_quantity("1Ki") > parse_quantity("1k")
(100, True)
>>> parse_quantity("1K")
Traceback (most recent call last):
...
k8scourse.api.quantity.QuantityError: unable to parse quantity's suffix
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from numbers import Rational
from typing import Any, Union

from ..errors import K8sCourseError

__all__ = [
    "BINARY_SI", "DECIMAL_SI", "DECIMAL_EXPONENT", "FORMATS",
    "ERR_FORMAT_WRONG", "ERR_NUMERIC", "ERR_SUFFIX",
    "Quantity", "QuantityError", "parse_quantity",
]

BINARY_SI = "BinarySI"
DECIMAL_SI = "DecimalSI"
DECIMAL_EXPONENT = "DecimalExponent"
FORMATS = (BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT)

ERR_FORMAT_WRONG = ("quantities must match the regular expression "
                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
ERR_NUMERIC = "unable to parse numeric part of quantity"
ERR_SUFFIX = "unable to parse quantity's suffix"

NANO = 10 ** 9                 # nano-units per unit: the internal resolution
MAX_INT64 = 2 ** 63 - 1
_MAX_DIGITS = 1000             # see "deliberate differences"

_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12,
                     "P": 15, "E": 18}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_SUFFIX_OF = {e: s for s, e in _DECIMAL_SUFFIXES.items()}
_BINARY_SUFFIX_OF = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

# sign, integer digits, optional "." and fraction digits, suffix letters + optional signed exponent.
_SCANNER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)")
_GO_INT = re.compile(r"[+-]?[0-9]+")


class QuantityError(K8sCourseError, ValueError):
    """A string that is not a quantity; the message is upstream's parse error text."""


def _div_away(n: int, d: int) -> int:
    """n / d rounded away from zero (d > 0)."""
    q, r = divmod(abs(n), d)
    if r:
        q += 1
    return q if n >= 0 else -q


def _normalize_format(fmt: str) -> str:
    # Upstream prints an unknown Format as DecimalExponent.
    return fmt if fmt in FORMATS else DECIMAL_EXPONENT


def _interpret_suffix(suffix: str) -> tuple[int, int, str]:
    """(base, exponent, format) of a suffix, like upstream's suffixer.interpret."""
    if suffix in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[suffix], DECIMAL_SI
    if suffix in _BINARY_SUFFIXES:
        return 2, _BINARY_SUFFIXES[suffix], BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE" and _GO_INT.fullmatch(suffix[1:]):
        digits = suffix[1:].lstrip("+-").lstrip("0")
        if len(digits) <= 19:
            exponent = int(suffix[1:])
            if -2 ** 63 <= exponent <= MAX_INT64:
                return 10, exponent, DECIMAL_EXPONENT
    raise QuantityError(ERR_SUFFIX)


@lru_cache(maxsize=4096)
def _parse(text: str) -> "Quantity":
    if not text:
        raise QuantityError(ERR_FORMAT_WRONG)
    if text == "0":
        return Quantity._make(0, DECIMAL_SI, "0")
    match = _SCANNER.fullmatch(text)
    if match is None:
        raise QuantityError(ERR_FORMAT_WRONG)
    sign, whole, frac, suffix = match.groups()
    frac = frac or ""
    base, exponent, fmt = _interpret_suffix(suffix)

    num = whole.lstrip("0") or "0"
    shifted = num + frac
    if len(shifted) > _MAX_DIGITS:
        raise QuantityError(ERR_NUMERIC)

    # Upstream's int64 fast path decides whether the input text is reused by String(), and
    # whether a digit-less number ("Pi", ".e-10") is an error (the slow path cannot parse it).
    if fmt == BINARY_SI:
        fast = not frac and 14 - len(num) - (3 * exponent) // 10 >= 0
        reuse_text = fast and int(num) & 7 != 0
    else:
        fast = len(shifted) <= 18 and exponent - len(frac) >= -9
        reuse_text = (fast and (exponent - len(frac)) % 3 == 0
                      and not shifted.endswith("000") and shifted[0] != "0")
    if not fast and not (whole or frac):
        raise QuantityError(ERR_NUMERIC)

    digits = int(shifted)
    if base == 2:
        nanos = _div_away(digits * (NANO << exponent), 10 ** len(frac))
        nanos = min(nanos, MAX_INT64 * NANO)            # BinarySI saturates at 2^63-1
        if 0 < nanos < NANO:
            fmt = DECIMAL_SI
    else:
        shift = exponent + 9 - len(frac)
        if digits == 0:
            nanos = 0
        elif shift >= 0:
            if len(shifted) + shift > _MAX_DIGITS + 9:
                raise QuantityError(ERR_NUMERIC)
            nanos = digits * 10 ** shift
        elif -shift > len(shifted):
            nanos = 1                                    # 0 < value < 1n rounds up to 1n
        else:
            nanos = _div_away(digits, 10 ** -shift)
    if sign == "-":
        nanos = -nanos
    return Quantity._make(nanos, fmt, text if reuse_text else None)


def parse_quantity(text: "QuantityLike") -> "Quantity":
    """Parse a quantity string (``ParseQuantity``); ints and floats are read as their JSON text.

    >>> parse_quantity("0.5"), parse_quantity(2)
    (Quantity('500m'), Quantity('2'))
    """
    if isinstance(text, Quantity):
        return text
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise QuantityError(ERR_FORMAT_WRONG)
    return _parse(text if isinstance(text, str) else repr(text))


@lru_cache(maxsize=4096)
def _canonical(nanos: int, fmt: str) -> str:
    """Upstream's CanonicalizeBytes for a value of ``nanos`` nano-units."""
    if nanos == 0:
        return "0"
    if fmt == BINARY_SI:
        if -1024 * NANO < nanos < 1024 * NANO or nanos % NANO:
            fmt = DECIMAL_SI                             # would lose precision or look odd
        else:
            units, power = nanos // NANO, 0
            while power < 6 and units % 1024 == 0:
                units //= 1024
                power += 1
            return f"{units}{_BINARY_SUFFIX_OF[power]}"
    text = str(abs(nanos))
    mantissa = text.rstrip("0")
    exponent = len(text) - len(mantissa) - 9
    pad = exponent % 3                                   # lower the exponent to a multiple of 3
    mantissa += "0" * pad
    exponent -= pad
    if nanos < 0:
        mantissa = "-" + mantissa
    if fmt == DECIMAL_SI and exponent in _DECIMAL_SUFFIX_OF:
        return mantissa + _DECIMAL_SUFFIX_OF[exponent]
    return mantissa if exponent == 0 else f"{mantissa}e{exponent}"


class Quantity:
    """An exact, immutable resource quantity (value in nano-units plus a print format).

    >>> Quantity.from_milli(1500), Quantity.from_int(2048, BINARY_SI)
    (Quantity('1500m'), Quantity('2Ki'))
    """

    __slots__ = ("_nanos", "_format", "_text")
    _nanos: int
    _format: str
    _text: str | None

    def __init__(self, value: "QuantityLike" = "0") -> None:
        q = parse_quantity(value)
        self._nanos, self._format, self._text = q._nanos, q._format, q._text

    @classmethod
    def _make(cls, nanos: int, fmt: str, text: str | None = None) -> "Quantity":
        q = object.__new__(cls)
        q._nanos = nanos
        q._format = fmt
        q._text = text
        return q

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: "QuantityLike") -> "Quantity":
        """Same as :func:`parse_quantity`."""
        return parse_quantity(text)

    @classmethod
    def from_int(cls, value: int, fmt: str = DECIMAL_SI) -> "Quantity":
        """``NewQuantity(value, format)``."""
        return cls._make(int(value) * NANO, _normalize_format(fmt))

    @classmethod
    def from_milli(cls, value: int, fmt: str = DECIMAL_SI) -> "Quantity":
        """``NewMilliQuantity(value, format)``: value thousandths."""
        return cls._make(int(value) * 10 ** 6, _normalize_format(fmt))

    @classmethod
    def from_scaled(cls, value: int, scale: int, fmt: str = DECIMAL_SI) -> "Quantity":
        """``NewScaledQuantity(value, scale)``: value * 10^scale (rounded up to nano)."""
        shift = scale + 9
        nanos = value * 10 ** shift if shift >= 0 else _div_away(value, 10 ** -shift)
        return cls._make(nanos, _normalize_format(fmt))

    @classmethod
    def from_value(cls, value: Any, fmt: str = DECIMAL_SI) -> "Quantity":
        """An exact number (int, Fraction, Decimal, float via its repr), rounded up to nano."""
        if isinstance(value, float):
            value = Decimal(repr(value))
        if not isinstance(value, (Rational, Decimal)):
            raise TypeError(f"not a number: {value!r}")
        exact = Fraction(value) * NANO
        return cls._make(_div_away(exact.numerator, exact.denominator), _normalize_format(fmt))

    @classmethod
    def from_nanos(cls, nanos: int, fmt: str = DECIMAL_SI) -> "Quantity":
        """A quantity of ``nanos`` billionths."""
        return cls._make(int(nanos), _normalize_format(fmt))

    # -- reading ------------------------------------------------------------------------------
    @property
    def nanos(self) -> int:
        """The exact value in nano-units (an int)."""
        return self._nanos

    @property
    def format(self) -> str:
        """``BinarySI``, ``DecimalSI`` or ``DecimalExponent``."""
        return self._format

    def sign(self) -> int:
        return (self._nanos > 0) - (self._nanos < 0)

    def is_zero(self) -> bool:
        return self._nanos == 0

    def __bool__(self) -> bool:
        return self._nanos != 0

    def scaled_value(self, scale: int) -> int:
        """``ScaledValue``: the value in units of 10^scale, rounded up away from zero."""
        shift = scale + 9
        if shift <= 0:
            return self._nanos * 10 ** -shift
        return _div_away(self._nanos, 10 ** shift)

    def value(self) -> int:
        """``Value()``: whole units, rounded up away from zero (``1.1`` -> 2)."""
        return _div_away(self._nanos, NANO)

    def milli_value(self) -> int:
        """``MilliValue()``: thousandths, rounded up away from zero (``0.1m`` -> 1)."""
        return _div_away(self._nanos, 10 ** 6)

    def as_float(self) -> float:
        """The value as a float (correctly rounded)."""
        return self._nanos / NANO

    def as_fraction(self) -> Fraction:
        """The exact value."""
        return Fraction(self._nanos, NANO)

    def as_int64(self) -> int | None:
        """The value as an int if it is whole and fits int64, else None (like ``AsInt64``)."""
        units, rest = divmod(self._nanos, NANO)
        if rest or not -2 ** 63 <= units <= MAX_INT64:
            return None
        return units

    def round_up(self, scale: int) -> tuple["Quantity", bool]:
        """``RoundUp(scale)``: (value rounded away from zero to 10^scale, whether it was exact)."""
        shift = scale + 9
        if shift <= 0:
            return self, True
        unit = 10 ** shift
        if self._nanos % unit == 0:
            return self, True
        return Quantity._make(_div_away(self._nanos, unit) * unit, self._format), False

    # -- text ---------------------------------------------------------------------------------
    def canonical(self) -> str:
        """The canonical text, ignoring any reused input text."""
        return _canonical(self._nanos, self._format)

    def __str__(self) -> str:
        if self._text is None:
            self._text = _canonical(self._nanos, self._format)
        return self._text

    def __repr__(self) -> str:
        return f"Quantity({str(self)!r})"

    # -- comparison and arithmetic ------------------------------------------------------------
    def cmp(self, other: "Quantity") -> int:
        """``Cmp``: -1, 0 or 1."""
        return (self._nanos > other._nanos) - (self._nanos < other._nanos)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self._nanos == other._nanos
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._nanos)

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self._nanos < other._nanos
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self._nanos <= other._nanos
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self._nanos > other._nanos
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return self._nanos >= other._nanos
        return NotImplemented

    def __add__(self, other: object) -> "Quantity":
        # Upstream Add: a zero receiver takes the other operand's format.
        if isinstance(other, Quantity):
            fmt = self._format if self._nanos else other._format
            return Quantity._make(self._nanos + other._nanos, fmt)
        return NotImplemented

    def __radd__(self, other: object) -> "Quantity":
        if other == 0 and not isinstance(other, Quantity):   # lets sum() start from 0
            return self
        return NotImplemented

    def __sub__(self, other: object) -> "Quantity":
        if isinstance(other, Quantity):
            fmt = self._format if self._nanos else other._format
            return Quantity._make(self._nanos - other._nanos, fmt)
        return NotImplemented

    def __neg__(self) -> "Quantity":
        return Quantity._make(-self._nanos, self._format)

    def __mul__(self, factor: object) -> "Quantity":
        """``Mul(int)``: scale by a whole number (replicas x request)."""
        if isinstance(factor, int) and not isinstance(factor, bool):
            return Quantity._make(self._nanos * factor, self._format)
        return NotImplemented

    __rmul__ = __mul__


# What parse_quantity accepts: a Quantity, its text, or a JSON number (read as its text).
QuantityLike = Union[Quantity, str, int, float]
