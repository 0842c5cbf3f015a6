"""How Go renders JSON-shaped values — the formatting rules kubectl's printers inherit.

kubectl works on *unstructured* objects (``map[string]interface{}`` decoded from JSON) and prints
them through Go's ``fmt`` and ``encoding/json`` packages. The printers of this package need the same
renderings to come out byte for byte:

* :func:`go_v` — ``fmt.Sprint(v)`` / ``%v``: strings raw, ``<nil>``, ``map[k:v k2:v2]`` (keys
  sorted, as ``fmt`` does since Go 1.12), ``[a b]``; non-integral floats in ``%g`` shortest form.
  Used by custom-columns cells, Table cells that are not strings, jsonpath scalars.
* :func:`go_sharp_v` — ``%#v`` (Go-syntax), used only by the jsonpath debugging dump.
* :func:`go_json` — ``encoding/json``: sorted keys, HTML-safe escapes (``<`` → ``\\u003c``),
  ``json.Marshal`` compact or ``json.MarshalIndent`` with any indent; integral floats print as
  integers (an unstructured object holds them as ``int64``).
* :func:`natural_less` — ``github.com/fvbommel/sortorder.NaturalLess`` (digit runs compared as
  numbers), what ``kubectl get --sort-by`` uses for strings.
* :func:`parse_quantity` — the value of a ``resource.Quantity`` string (``500Mi``, ``1.5``, ``2e3``)
  as an exact :class:`~fractions.Fraction`, or ``None``; ``--sort-by`` compares quantities by value.

>>> go_v({"b": [1, "x"], "a": None})
'map[a:<nil> b:[1 x]]'
>>> go_v(1000000.0), go_v(1.5e-7), go_v(True)
('1000000', '1.5e-07', 'true')
>>> go_json({"z": "<a&b>", "a": [1, 2.5]})
'{"a":[1,2.5],"z":"\\\\u003ca\\\\u0026b\\\\u003e"}'
>>> natural_less("pod-9", "pod-10"), natural_less("pod-10", "pod-9")
(True, False)
>>> parse_quantity("1Gi") > parse_quantity("500Mi"), parse_quantity("nginx")
(True, None)
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

__all__ = ["go_v", "go_sharp_v", "go_json", "go_float", "go_quote", "go_type_name",
           "natural_less", "parse_quantity"]


def _integral(f: float) -> bool:
    return math.isfinite(f) and f == int(f) and abs(f) < 2 ** 63


def go_float(f: float, json_style: bool = False) -> str:
    """A float64 as Go prints it with ``%v`` or, with ``json_style``, as ``encoding/json`` does.

    ``fmt`` uses ``strconv.FormatFloat(f, 'g', -1, 64)``: scientific notation when the decimal
    exponent is < -4 or >= 6 (``1e+06``), two-digit minimum exponent. ``encoding/json`` uses plain
    decimal unless ``abs < 1e-6 or abs >= 1e21`` and trims the exponent (``1e-07`` → ``1e-7``).

    >>> go_float(123456.0), go_float(1e6), go_float(1.5e-7), go_float(1.5e-7, json_style=True)
    ('123456', '1e+06', '1.5e-07', '1.5e-7')
    >>> go_float(1e21, json_style=True), go_float(3.0, json_style=True)
    ('1e+21', '3')
    """
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 and not json_style else "0"
    digits, exp = _shortest(f)
    sign = "-" if f < 0 else ""
    if json_style:
        a = abs(f)
        use_e = a < 1e-6 or a >= 1e21
    else:
        use_e = exp < -4 or exp >= 6
    if use_e:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        es = "-" if exp < 0 else "+"
        e = str(abs(exp))
        if not json_style and len(e) < 2:
            e = "0" + e
        return f"{sign}{mant}e{es}{e}"
    # plain decimal
    point = exp + 1  # digits before the decimal point
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _shortest(f: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of ``abs(f)`` and the decimal exponent of the first."""
    r = repr(abs(f))
    if "e" in r:
        mant, e = r.split("e")
        exp = int(e)
    else:
        mant, exp = r, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    if fp == "0":
        fp = ""
    allds = (ip + fp).lstrip("0")
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    exp = exp + len(ip) - 1 - lead_zeros
    return allds.rstrip("0") or "0", exp


def _num(v: Any, json_style: bool = False) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if json_style and _integral(v):
        return str(int(v))
    return go_float(v, json_style=json_style)


def go_v(v: Any) -> str:
    """``fmt.Sprint(v)`` of a JSON-decoded value (``%v``)."""
    if v is None:
        return "<nil>"
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, int, float)):
        if isinstance(v, float) and _integral(v):
            return str(int(v))   # unstructured holds integral numbers as int64
        return _num(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{go_v(k)}:{go_v(v[k])}" for k in sorted(v, key=str)) + "]"
    if isinstance(v, (list, tuple)):
        return "[" + " ".join(go_v(x) for x in v) + "]"
    return str(v)


def go_type_name(v: Any) -> str:
    """The Go type name of a JSON-decoded value, as error messages print it."""
    if v is None:
        return "interface {}"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int64"
    if isinstance(v, float):
        return "int64" if _integral(v) else "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, (list, tuple)):
        return "[]interface {}"
    return type(v).__name__


_QUOTE_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
              "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def go_quote(s: str) -> str:
    """``strconv.Quote``: Go double-quoted string literal (printable Unicode kept as is).

    >>> go_quote('a"b\\n\\x1b')
    '"a\\\\"b\\\\n\\\\x1b"'
    """
    out = ['"']
    for ch in s:
        if ch in _QUOTE_ESC:
            out.append(_QUOTE_ESC[ch])
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            c = ord(ch)
            if c < 0x80:
                out.append(f"\\x{c:02x}")
            elif c <= 0xFFFF:
                out.append(f"\\u{c:04x}")
            else:
                out.append(f"\\U{c:08x}")
    out.append('"')
    return "".join(out)


def go_sharp_v(v: Any, top: bool = True) -> str:
    """``%#v`` of a JSON-decoded value (a ``map[string]interface {}`` tree)."""
    if v is None:
        return "interface {}(nil)"
    if isinstance(v, str):
        return go_quote(v)
    if isinstance(v, (bool, int, float)):
        return go_v(v)
    if isinstance(v, dict):
        inner = ", ".join(f"{go_quote(str(k))}:{go_sharp_v(v[k], False)}" for k in sorted(v, key=str))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(v, (list, tuple)):
        return "[]interface {}{" + ", ".join(go_sharp_v(x, False) for x in v) + "}"
    return repr(v)


_JSON_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
             "\f": "\\f", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
             "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_NEEDS = re.compile('["\\\\<>&\u2028\u2029\x00-\x1f]')


def _json_str(s: str) -> str:
    if not _JSON_NEEDS.search(s):
        return '"' + s + '"'
    out = []
    for ch in s:
        e = _JSON_ESC.get(ch)
        if e is not None:
            out.append(e)
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def go_json(v: Any, indent: str | None = None, _level: int = 0, sort_keys: bool = True) -> str:
    """``json.Marshal(v)`` (``indent=None``) or ``json.MarshalIndent(v, "", indent)``.

    Keys are sorted, as Go writes a map; ``sort_keys=False`` keeps the dicts' own order (a typed
    struct, already in its field order: :func:`k8scourse.api.typed.ordered`).

    >>> print(go_json({"b": {}, "a": [1, {"c": None}]}, indent="    "))
    {
        "a": [
            1,
            {
                "c": null
            }
        ],
        "b": {}
    }
    """
    if v is None:
        return "null"
    if isinstance(v, str):
        return _json_str(v)
    if isinstance(v, (bool, int, float)):
        return _num(v, json_style=True)
    if isinstance(v, dict):
        if not v:
            return "{}"
        keys = sorted(v, key=str) if sort_keys else list(v)
        if indent is None:
            return "{" + ",".join(f"{_json_str(str(k))}:{go_json(v[k], sort_keys=sort_keys)}" for k in keys) + "}"
        pad, pad2 = "\n" + indent * _level, "\n" + indent * (_level + 1)
        items = [f"{pad2}{_json_str(str(k))}: {go_json(v[k], indent, _level + 1, sort_keys)}" for k in keys]
        return "{" + ",".join(items) + pad + "}"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        if indent is None:
            return "[" + ",".join(go_json(x, sort_keys=sort_keys) for x in v) + "]"
        pad, pad2 = "\n" + indent * _level, "\n" + indent * (_level + 1)
        return "[" + ",".join(pad2 + go_json(x, indent, _level + 1, sort_keys) for x in v) + pad + "]"
    raise TypeError(f"json: unsupported type: {type(v).__name__}")


def natural_less(a: str, b: str) -> bool:
    """``sortorder.NaturalLess``: byte-wise, except that runs of digits compare as numbers
    (leading zeros ignored; on a tie the run with fewer zeros is less) and digits sort before
    other characters."""
    ba, bb = a.encode(), b.encode()
    i = j = 0
    while i < len(ba) and j < len(bb):
        c1, c2 = ba[i], bb[j]
        d1, d2 = 48 <= c1 <= 57, 48 <= c2 <= 57
        if d1 != d2:
            return d1
        if not d1:
            if c1 != c2:
                return c1 < c2
            i += 1
            j += 1
            continue
        while i < len(ba) and ba[i] == 48:
            i += 1
        while j < len(bb) and bb[j] == 48:
            j += 1
        nz1, nz2 = i, j
        while i < len(ba) and 48 <= ba[i] <= 57:
            i += 1
        while j < len(bb) and 48 <= bb[j] <= 57:
            j += 1
        if i - nz1 != j - nz2:
            return i - nz1 < j - nz2
        if ba[nz1:i] != bb[nz2:j]:
            return ba[nz1:i] < bb[nz2:j]
        if nz1 != nz2:
            return nz1 < nz2
    return len(ba) < len(bb)


_QTY = re.compile(r"^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+|)$")
_SUFFIX = {"": Fraction(1), "n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000),
           "k": Fraction(10**3), "M": Fraction(10**6), "G": Fraction(10**9), "T": Fraction(10**12),
           "P": Fraction(10**15), "E": Fraction(10**18), "Ki": Fraction(2**10), "Mi": Fraction(2**20),
           "Gi": Fraction(2**30), "Ti": Fraction(2**40), "Pi": Fraction(2**50), "Ei": Fraction(2**60)}


def parse_quantity(s: str) -> Fraction | None:
    """The exact value of a Kubernetes quantity string, or ``None`` when ``resource.ParseQuantity``
    would reject it."""
    m = _QTY.match(s)
    if not m:
        return None
    sign, num, suffix = m.groups()
    value = Fraction(num)
    if suffix[:1] in ("e", "E") and len(suffix) > 1:
        value *= Fraction(10) ** int(suffix[1:])
    else:
        value *= _SUFFIX[suffix]
    return -value if sign == "-" else value
