"""The describers' writing machinery: kubectl's ``PrefixWriter`` over a tab writer.

kubectl composes every ``describe`` through ``tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)``: a line's
tab-separated cells align with the cells of the neighbouring lines (a line with no tab breaks the
alignment), and each nesting level indents by two spaces. Shared pieces live here too: the
multi-line ``Labels:`` / ``Annotations:`` / ``Tolerations:`` / ``Taints:`` fields, RFC 1123Z times and
``translateTimestampSince``.

>>> w = DescribeWriter()
>>> w.write(0, "Name:\\t%s\\n", "web"); w.write(0, "Namespace:\\t%s\\n", "default")
>>> print_labels(w, "Labels", {"app": "web", "tier": "fe"})
>>> print(w.text(), end="")
Name:       web
Namespace:  default
Labels:     app=web
            tier=fe
"""

from __future__ import annotations

from ...api.duration import human_duration
from ...sim.clock import format_rfc1123z
from ...apiserver.tables.cells import parse_time
from ..printers.tabwriter import KUBECTL_DESCRIBE, TabWriter

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140


class DescribeWriter:
    """``describe.PrefixWriter`` writing into a describe-configured :class:`TabWriter`."""

    def __init__(self):
        self._tw = TabWriter(**KUBECTL_DESCRIBE)
        self._parts: list[str] = []

    def write(self, level: int, fmt: str, *args) -> None:
        text = fmt % args if args else fmt
        self._tw.write("  " * level + text)

    def write_line(self, *items) -> None:
        self._tw.write(" ".join(str(i) for i in items) + "\n")

    def flush(self) -> None:
        self._parts.append(self._tw.flush())

    def text(self) -> str:
        self.flush()
        return "".join(self._parts)


class RawWriter(DescribeWriter):
    """A PrefixWriter onto a plain buffer (``rollout history --revision`` prints tabs as they are)."""

    def __init__(self):
        self._buf: list[str] = []

    def write(self, level: int, fmt: str, *args) -> None:
        self._buf.append("  " * level + (fmt % args if args else fmt))

    def write_line(self, *items) -> None:
        self._buf.append(" ".join(str(i) for i in items) + "\n")

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self._buf)




def rfc1123z(ts) -> str:
    """Go's ``Time.Format(time.RFC1123Z)``; the zero time for a missing stamp."""
    ms = parse_time(ts)
    return "Mon, 01 Jan 0001 00:00:00 +0000" if ms is None else format_rfc1123z(ms)


def since(ts, now_ms: int) -> str:
    """``translateTimestampSince``: ``<unknown>`` for a missing stamp."""
    ms = parse_time(ts)
    return "<unknown>" if ms is None else human_duration(now_ms - ms)


def go_bool(value) -> str:
    return "true" if value else "false"


def print_labels(w, title: str, labels, initial_indent: str = "", inner_indent: str = "\t") -> None:
    """``printLabelsMultilineWithIndent``: sorted ``k=v`` lines, ``<none>`` when empty."""
    w.write(0, "%s%s:%s", initial_indent, title, inner_indent)
    if not labels:
        w.write_line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, "%s%s", initial_indent, inner_indent)
        w.write(0, "%s=%s\n", key, labels[key])


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def print_annotations(w, title: str, annotations) -> None:
    """``printAnnotationsMultiline``: sorted ``k: v``; long or multi-line values are folded."""
    w.write(0, "%s:\t", title)
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = str(annotations[key])
        if value.endswith("\n"):
            value = value[:-1]
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, "%s:\n", key)
            for line in value.split("\n"):
                w.write(0, "\t  %s\n", _shorten(line, MAX_ANNOTATION_LEN - 2))
        else:
            w.write(0, "%s: %s\n", key, value)


def print_tolerations(w, title: str, tolerations, initial_indent: str = "", inner_indent: str = "\t") -> None:
    """``printTolerationsMultilineWithIndent``: ``key=value:Effect op=Exists for 300s``."""
    w.write(0, "%s%s:%s", initial_indent, title, inner_indent)
    if not tolerations:
        w.write_line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.write(0, "%s%s", initial_indent, inner_indent)
        text = t.get("key", "")
        if t.get("value"):
            text += "=" + t["value"]
        if t.get("effect"):
            text += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, "%s\n", text)


def taint_string(t: dict) -> str:
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def print_taints(w, title: str, taints, initial_indent: str = "", inner_indent: str = "\t") -> None:
    """``printTaintsMultilineWithIndent``: sorted by effect then key."""
    w.write(0, "%s%s:%s", initial_indent, title, inner_indent)
    if not taints:
        w.write_line("<none>")
        return
    for i, t in enumerate(sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")):
        if i:
            w.write(0, "%s%s", initial_indent, inner_indent)
        w.write(0, "%s\n", taint_string(t))
