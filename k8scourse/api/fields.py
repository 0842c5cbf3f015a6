"""Field selectors: k8s.io/apimachinery ``pkg/fields`` plus the API server's per-kind field sets.

``kubectl get pods --field-selector status.phase=Running,spec.nodeName!=node-1`` filters on a few
*selectable fields* of each kind. A selector is an AND of ``field=value`` / ``field==value`` /
``field!=value`` terms; a backslash escapes ``\\``, ``,`` and ``=`` inside a value. Terms are sorted
and re-serialised like upstream ``String()`` (``==`` prints as ``=``).

Which fields exist is decided per kind by the API server. :data:`SELECTABLE_FIELDS` lists them;
:func:`check_field_selector` raises with the API server's wording for anything else --
``field label not supported: foo`` for kinds with their own field list, and
``"foo" is not a known field selector: only "metadata.name", "metadata.namespace"`` for the rest.
:func:`selectable_fields` builds the string map the API server matches against (a missing field is
``""``; booleans print ``true``/``false``; counters default to ``0``, as upstream's Go zero values).

Deliberate difference: kinds are keyed by their ``kind`` name only (no API group), and only the
built-in kinds the course uses carry field lists. Like upstream, the cluster-scoped Node and
Namespace do not offer ``metadata.namespace``.

>>> sel = parse_field_selector("status.phase!=Running,metadata.name=web")
>>> str(sel)
'metadata.name=web,status.phase!=Running'
>>> pod = {"metadata": {"name": "web"}, "status": {"phase": "Pending"}}
>>> sel.matches(selectable_fields("Pod", pod))
True
>>> check_field_selector("Pod", parse_field_selector("spec.foo=1"))
Traceback (most recent call last):
...
k8scourse.api.fields.FieldSelectorError: field label not supported: spec.foo
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple

from ..errors import K8sCourseError

__all__ = [
    "FieldSelectorError", "FieldTerm", "FieldSelector", "parse_field_selector", "field_value",
    "selectable_fields", "check_field_selector", "SELECTABLE_FIELDS", "escape_value",
    "unescape_value",
]

_META = {"metadata.name": ("metadata.name", ""), "metadata.namespace": ("metadata.namespace", "")}
_NAME_ONLY = {"metadata.name": ("metadata.name", "")}

# kind -> selectable field label -> (path in the object, value when absent)
SELECTABLE_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "Pod": {**_META,
            "spec.nodeName": ("spec.nodeName", ""),
            "spec.restartPolicy": ("spec.restartPolicy", ""),
            "spec.schedulerName": ("spec.schedulerName", ""),
            "spec.serviceAccountName": ("spec.serviceAccountName", ""),
            "spec.hostNetwork": ("spec.hostNetwork", "false"),
            "status.phase": ("status.phase", ""),
            "status.podIP": ("status.podIP", ""),
            "status.nominatedNodeName": ("status.nominatedNodeName", "")},
    "Event": {**_META,
              "involvedObject.kind": ("involvedObject.kind", ""),
              "involvedObject.namespace": ("involvedObject.namespace", ""),
              "involvedObject.name": ("involvedObject.name", ""),
              "involvedObject.uid": ("involvedObject.uid", ""),
              "involvedObject.apiVersion": ("involvedObject.apiVersion", ""),
              "involvedObject.resourceVersion": ("involvedObject.resourceVersion", ""),
              "involvedObject.fieldPath": ("involvedObject.fieldPath", ""),
              "reason": ("reason", ""),
              "reportingComponent": ("reportingComponent", ""),
              "source": ("source.component", ""),      # falls back to reportingComponent
              "type": ("type", "")},
    "Node": {**_NAME_ONLY, "spec.unschedulable": ("spec.unschedulable", "false")},
    "Namespace": {**_NAME_ONLY, "status.phase": ("status.phase", "")},
    "Secret": {**_META, "type": ("type", "")},
    "ReplicaSet": {**_META, "status.replicas": ("status.replicas", "0")},
    "ReplicationController": {**_META, "status.replicas": ("status.replicas", "0")},
    "Job": {**_META, "status.successful": ("status.successful", "0")},
}


class FieldSelectorError(K8sCourseError, ValueError):
    """A malformed field selector or an unsupported field label (API server wording)."""


# -- escaping -------------------------------------------------------------------------------------
def escape_value(value: str) -> str:
    """Escape ``\\``, ``,`` and ``=`` in a value (``fields.EscapeValue``)."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def unescape_value(text: str) -> str:
    """Undo :func:`escape_value`; bare ``,``/``=`` or other escapes are errors."""
    if "\\" not in text and "," not in text and "=" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in "\\,=":
                raise FieldSelectorError(
                    f"invalid field selector: invalid escape sequence: {text[i:i + 2]}")
            out.append(text[i + 1])
            i += 2
            continue
        if ch in ",=":
            raise FieldSelectorError(
                f"invalid field selector: unescaped character in value: {ord(ch)}")
        out.append(ch)
        i += 1
    return "".join(out)


def _split_terms(text: str) -> list[str]:
    """Split on commas that are not escaped."""
    terms, start, escaped = [], 0, False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _split_term(term: str) -> tuple[str, str, str] | None:
    """(field, operator, value) at the first ``!=``, ``==`` or ``=``."""
    for i in range(len(term)):
        for op in ("!=", "==", "="):
            if term.startswith(op, i):
                return term[:i], op, term[i + len(op):]
    return None


# -- selectors ------------------------------------------------------------------------------------
class FieldTerm(NamedTuple):
    field: str
    operator: str        # "=" or "!="
    value: str

    def matches(self, fields: Mapping[str, str]) -> bool:
        have = fields.get(self.field, "")
        return (have == self.value) if self.operator == "=" else (have != self.value)

    def __str__(self) -> str:
        return f"{self.field}{self.operator}{escape_value(self.value)}"


class FieldSelector:
    """An AND of field terms; the empty selector matches everything."""

    __slots__ = ("terms",)

    def __init__(self, terms: Iterable[FieldTerm] = ()) -> None:
        self.terms = tuple(terms)

    def matches(self, fields: Mapping[str, str]) -> bool:
        return all(t.matches(fields) for t in self.terms)

    def empty(self) -> bool:
        return not self.terms

    def fields(self) -> list[str]:
        return [t.field for t in self.terms]

    def __str__(self) -> str:
        return ",".join(str(t) for t in self.terms)

    def __repr__(self) -> str:
        return f"FieldSelector({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldSelector) and self.terms == other.terms

    def __hash__(self) -> int:
        return hash(self.terms)


def parse_field_selector(text: str) -> FieldSelector:
    """``fields.ParseSelector``: ``a=b,c!=d`` (terms sorted as strings, empty terms skipped)."""
    terms = []
    for part in sorted(_split_terms(text)) if text else []:
        if part == "":
            continue
        split = _split_term(part)
        if split is None:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        field, op, value = split
        terms.append(FieldTerm(field, "!=" if op == "!=" else "=", unescape_value(value)))
    return FieldSelector(terms)


# -- the API server side --------------------------------------------------------------------------
def field_value(obj: Mapping[str, Any], path: str, default: str = "") -> str:
    """The value at a dotted path of an object dict, as a field-selector string."""
    node: Any = obj
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node or node[part] is None:
            return default
        node = node[part]
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def check_field_selector(kind: str, selector: FieldSelector) -> None:
    """Raise like the API server if ``selector`` uses a field ``kind`` does not offer."""
    allowed = SELECTABLE_FIELDS.get(kind)
    for field in selector.fields():
        if allowed is None:
            if field not in _META:
                raise FieldSelectorError(f'"{field}" is not a known field selector: '
                                         f'only "metadata.name", "metadata.namespace"')
        elif field not in allowed:
            raise FieldSelectorError(f"field label not supported: {field}")


def selectable_fields(kind: str, obj: Mapping[str, Any]) -> dict[str, str]:
    """The field set the API server matches a ``kind`` object against."""
    spec = SELECTABLE_FIELDS.get(kind, _META)
    fields = {label: field_value(obj, path, default) for label, (path, default) in spec.items()}
    if kind == "Event" and not fields["source"]:
        fields["source"] = field_value(obj, "reportingComponent")
    return fields
