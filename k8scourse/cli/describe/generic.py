"""kubectl's generic describer, used for every kind without a dedicated describer.

Prints Name, Namespace, Labels, Annotations, then every other field of the object sorted by key,
nested maps and lists indented one level per depth (``printUnstructuredContent``), field names
turned into labels the way kubectl's ``smartLabelFor`` does (``apiVersion`` → ``API Version``,
``creationTimestamp`` → ``Creation Timestamp``; names with characters other than letters and
``-`` stay as they are), then the Events.

>>> smart_label("apiVersion"), smart_label("resourceVersion"), smart_label("uid"), smart_label("k8s")
('API Version', 'Resource Version', 'UID', 'k8s')
"""

from __future__ import annotations

import json

from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels

_ACRONYMS = {"API", "URL", "UID", "OSB", "GUID"}
_SKIP = {".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
         ".metadata.annotations"}


def _char_class(ch: str) -> int:
    if ch.islower():
        return 1
    if ch.isupper():
        return 2
    if ch.isdigit():
        return 3
    return 4


def camel_split(text: str) -> list[str]:
    """Split a camelCase word into parts (``fatih/camelcase.Split``: ``HTMLParser`` → HTML, Parser)."""
    runs: list[list[str]] = []
    last = 0
    for ch in text:
        cls = _char_class(ch)
        if runs and cls == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = cls
    for i in range(len(runs) - 1):
        if runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def smart_label(field: str) -> str:
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in camel_split(field):
        if part == "_":
            continue
        parts.append(part.upper() if part.upper() in _ACRONYMS else part[:1].upper() + part[1:])
    return " ".join(parts)


def _scalar(value) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return json.dumps(value) if value != int(value) else str(int(value))
    return str(value)


def print_content(w, level: int, content: dict, prefix: str = "") -> None:
    """``printUnstructuredContent``: fields sorted, maps/lists nested, scalars as ``Label:\\tvalue``."""
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in _SKIP:
            continue
        if isinstance(value, dict):
            w.write(level, "%s:\n", smart_label(field))
            print_content(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, "%s:\n", smart_label(field))
            for child in value:
                if isinstance(child, dict):
                    print_content(w, level + 1, child, path)
                else:
                    w.write(level + 1, "%s\n", _scalar(child))
        else:
            w.write(level, "%s:\t%s\n", smart_label(field), _scalar(value))


def describe_generic(server, obj: dict, info, now_ms: int, show_events: bool = True) -> str:
    md = obj.get("metadata") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    print_content(w, 0, obj)
    if show_events:
        describe_events(w, find_events(server, obj, info.kind), now_ms)
    return w.text()
