"""Shared validation helpers: field paths, Go-style values, labels, selectors, ports, quantities.

Models the helpers of ``k8s.io/apimachinery/pkg/api/validation``, ``pkg/util/validation/field``
and ``pkg/apis/core/validation`` that every kind's rules use. Messages are upstream's; values in
``Invalid value`` errors print the way ``field.Error`` prints them (strings quoted, numbers bare,
maps and structs in Go's ``%#v`` form, e.g. ``map[string]string{"app":"web"}``).

>>> errs = Errors()
>>> validate_labels({"app": "web", "bad key": "x"}, "metadata.labels", errs)
>>> str(errs[0])[:58]
'metadata.labels: Invalid value: "bad key": name part must '
>>> go_value({"b": "2", "a": "1"})
'map[string]string{"a":"1", "b":"2"}'
"""

from __future__ import annotations

import re

from ...api import names
from ...api.quantity import QuantityError, parse_quantity
from ...errors import FieldError

NEGATIVE = "must be greater than or equal to 0"
PORT_RANGE = "must be between 1 and 65535, inclusive"
PROTOCOLS = ("SCTP", "TCP", "UDP")
_PERCENT = re.compile(r"[0-9]+%")


class Errors(list):
    """A ``field.ErrorList`` with the constructors used everywhere."""

    def required(self, path: str, detail: str = "") -> None:
        self.append(FieldError.required(path, detail))

    def invalid(self, path: str, value, detail: str) -> None:
        if isinstance(value, (dict, list)) or value is None:
            self.append(raw_invalid(path, go_value(value), detail))
        else:
            self.append(FieldError.invalid(path, value, detail))

    def not_supported(self, path: str, value, supported) -> None:
        self.append(FieldError.not_supported(path, value, supported))

    def duplicate(self, path: str, value) -> None:
        self.append(FieldError.duplicate(path, value))

    def forbidden(self, path: str, detail: str) -> None:
        self.append(FieldError.forbidden(path, detail))

    def not_found(self, path: str, value) -> None:
        self.append(FieldError.not_found(path, value))


def raw_invalid(path: str, shown: str, detail: str) -> FieldError:
    """An ``Invalid value`` whose value is already formatted (Go ``%#v`` of a map or struct)."""
    return FieldError("Invalid value", path, None, f"{shown}: {detail}" if detail else shown,
                      show_value=False)


def go_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def go_value(value) -> str:
    """Go's ``%#v`` for the JSON shapes validation reports (string maps mostly)."""
    if value is None:
        return "map[string]string(nil)"
    if isinstance(value, dict):
        if all(isinstance(v, str) for v in value.values()):
            inner = ", ".join(f"{go_string(k)}:{go_string(v)}" for k, v in sorted(value.items()))
            return "map[string]string{" + inner + "}"
        inner = ", ".join(f"{go_string(k)}:{go_value(v)}" for k, v in sorted(value.items()))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "[]string{" + ", ".join(go_string(v) for v in value) + "}"
        return "[]interface {}{" + ", ".join(go_value(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_string(value)
    return str(value)


def go_label_selector(selector) -> str:
    """``v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`` as field errors print it."""
    if not isinstance(selector, dict):
        return "null"
    labels = selector.get("matchLabels")
    exprs = selector.get("matchExpressions")
    labels_text = go_value(labels) if labels else "map[string]string(nil)"
    if exprs:
        items = []
        for e in exprs if isinstance(exprs, list) else []:
            e = e if isinstance(e, dict) else {}
            values = e.get("values")
            values_text = go_value(values) if values else "[]string(nil)"
            items.append(f'v1.LabelSelectorRequirement{{Key:{go_string(e.get("key", ""))}, '
                         f'Operator:{go_string(e.get("operator", ""))}, Values:{values_text}}}')
        exprs_text = "[]v1.LabelSelectorRequirement{" + ", ".join(items) + "}"
    else:
        exprs_text = "[]v1.LabelSelectorRequirement(nil)"
    return f"v1.LabelSelector{{MatchLabels:{labels_text}, MatchExpressions:{exprs_text}}}"


def go_int_or_string(value) -> str:
    """``intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`` (upstream prints the struct)."""
    if isinstance(value, str):
        return f'intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_string(value)}}}'
    return f'intstr.IntOrString{{Type:0, IntVal:{int(value or 0)}, StrVal:""}}'


# --------------------------------------------------------------------------- small value rules
def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def nonnegative(value, path: str, errs: Errors) -> None:
    if is_int(value) and value < 0:
        errs.invalid(path, value, NEGATIVE)


def port_number(value, path: str, errs: Errors) -> None:
    if is_int(value) and not 1 <= value <= 65535:
        errs.invalid(path, value, PORT_RANGE)


def port_num_or_name(value, path: str, errs: Errors) -> None:
    """ValidatePortNumOrName: a number in range or an IANA service name."""
    if isinstance(value, str):
        for msg in names.is_valid_port_name(value):
            errs.invalid(path, value, msg)
    elif is_int(value):
        port_number(value, path, errs)


def protocol(value, path: str, errs: Errors) -> None:
    if not value:
        errs.required(path)
    elif value not in PROTOCOLS:
        errs.not_supported(path, value, PROTOCOLS)


def int_or_percent(value, path: str, errs: Errors) -> None:
    """ValidatePositiveIntOrPercent + IsNotMoreThan100Percent."""
    if isinstance(value, str):
        if not _PERCENT.fullmatch(value):
            errs.append(raw_invalid(path, go_int_or_string(value), names.regex_error(
                "a valid percent string must be a numeric string followed by an ending '%'",
                "[0-9]+%", "1%", "93%")))
        elif int(value[:-1]) > 100:
            errs.append(raw_invalid(path, go_int_or_string(value), "must not be greater than 100%"))
    elif is_int(value):
        nonnegative(value, path, errs)


def int_or_percent_value(value) -> int:
    if isinstance(value, str):
        return int(value[:-1]) if _PERCENT.fullmatch(value) else -1
    return value if is_int(value) else -1


def dns_label(value, path: str, errs: Errors) -> None:
    for msg in names.is_dns1123_label(value):
        errs.invalid(path, value, msg)


def dns_subdomain(value, path: str, errs: Errors) -> None:
    for msg in names.is_dns1123_subdomain(value):
        errs.invalid(path, value, msg)


def quantity(value):
    """The parsed quantity, or None (decoding already refused malformed ones)."""
    try:
        return parse_quantity(value.strip() if isinstance(value, str) else value)
    except (QuantityError, TypeError):
        return None


def quantity_text(value) -> str:
    q = quantity(value)
    return str(q) if q is not None else str(value)


# --------------------------------------------------------------------------- labels & selectors
def validate_labels(labels, path: str, errs: Errors) -> None:
    """ValidateLabels: keys are qualified names, values valid label values."""
    if not isinstance(labels, dict):
        return
    for key, value in labels.items():
        for msg in names.is_qualified_name(str(key)):
            errs.invalid(path, key, msg)
        if isinstance(value, str):
            for msg in names.is_valid_label_value(value):
                errs.invalid(path, value, msg)


def validate_label_selector(selector, path: str, errs: Errors) -> None:
    """ValidateLabelSelector for a ``matchLabels``/``matchExpressions`` selector."""
    if not isinstance(selector, dict):
        return
    for i, expr in enumerate(selector.get("matchExpressions") or []):
        if not isinstance(expr, dict):
            continue
        epath = f"{path}.matchExpressions[{i}]"
        op, values = expr.get("operator"), expr.get("values") or []
        if op in ("In", "NotIn"):
            if not values:
                errs.required(f"{epath}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.forbidden(f"{epath}.values",
                               "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        else:
            errs.invalid(f"{epath}.operator", op or "", "not a valid selector operator")
        for msg in names.is_qualified_name(str(expr.get("key") or "")):
            errs.invalid(f"{epath}.key", expr.get("key") or "", msg)
    validate_labels(selector.get("matchLabels"), f"{path}.matchLabels", errs)


def selector_matches(selector, labels) -> bool:
    """Whether a LabelSelector dict selects ``labels`` (None selects nothing)."""
    if not isinstance(selector, dict):
        return False
    labels = labels if isinstance(labels, dict) else {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        if not isinstance(expr, dict):
            return False
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def selector_empty(selector) -> bool:
    return isinstance(selector, dict) and not selector.get("matchLabels") \
        and not selector.get("matchExpressions")


def template_labels_match(selector, template, path: str, errs: Errors) -> None:
    """``spec.template.metadata.labels: Invalid value: map[...]: `selector` does not match ...``."""
    if selector_empty(selector):
        return
    labels = ((template or {}).get("metadata") or {}).get("labels") if isinstance(template, dict) else None
    if not selector_matches(selector, labels):
        errs.append(raw_invalid(f"{path}.metadata.labels", go_value(labels if labels else None),
                                "`selector` does not match template `labels`"))


def equality_selector_matches(selector, labels) -> bool:
    labels = labels if isinstance(labels, dict) else {}
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def children(obj, key: str) -> list[tuple[int, dict]]:
    """(index, item) of a list of dicts, skipping malformed entries."""
    items = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
