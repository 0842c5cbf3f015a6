"""Cell helpers shared by the server-side printers (``pkg/printers/internalversion``).

The small formatting rules every printer uses: AGE as ``translateTimestampSince`` (``<unknown>``
when the timestamp is missing), ``labels.FormatLabels`` (``<none>`` when empty), label selectors as
``metav1.FormatLabelSelector``, the CONTAINERS / IMAGES cells of workloads, and quantities printed
in their canonical form.

>>> since("2026-11-26T17:22:54Z", parse_rfc3339("2026-11-26T17:27:55Z"))
'5m1s'
>>> since(None, 0), format_labels({"b": "2", "a": "1"}), format_labels({})
('<unknown>', 'a=1,b=2', '<none>')
>>> format_label_selector({"matchLabels": {"app": "web"}}), format_label_selector({})
('app=web', '<none>')
"""

from __future__ import annotations

from ...api.duration import human_duration
from ...api.labels import selector_from_label_selector
from ...api.objects import dig
from ...api.quantity import Quantity
from ...sim.clock import parse_rfc3339

__all__ = ["since", "since_ms", "format_labels", "selector_string", "format_label_selector",
           "container_cells", "quantity_str", "rfc3339", "go_bool", "parse_time"]


def parse_time(ts) -> int | None:
    """Milliseconds since 1970 of an RFC 3339 (or MicroTime) stamp; None when missing/invalid."""
    if not ts or not isinstance(ts, str):
        return None
    try:
        return parse_rfc3339(ts)
    except ValueError:
        return None


def since_ms(unix_ms: int | None, now_ms: int) -> str:
    return "<unknown>" if unix_ms is None else human_duration(now_ms - unix_ms)


def since(ts, now_ms: int) -> str:
    """``translateTimestampSince``: HumanDuration(now - ts), ``<unknown>`` when ts is unset."""
    return since_ms(parse_time(ts), now_ms)


def rfc3339(ts) -> str:
    """``Time.UTC().Format(time.RFC3339)`` of a stored timestamp (the CREATED AT column)."""
    ms = parse_time(ts)
    if ms is None:
        return "0001-01-01T00:00:00Z"
    from ...sim.clock import format_rfc3339
    return format_rfc3339(ms)


def format_labels(labels) -> str:
    """``labels.FormatLabels``: ``k=v`` sorted by key, comma-joined; ``<none>`` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def selector_string(label_selector) -> str:
    """``LabelSelectorAsSelector(sel).String()`` ("" for an empty or nil selector)."""
    try:
        return str(selector_from_label_selector(label_selector))
    except ValueError:
        return "<invalid>"


def format_label_selector(label_selector) -> str:
    """``metav1.FormatLabelSelector``: like :func:`selector_string` but ``<none>`` when empty."""
    try:
        text = str(selector_from_label_selector(label_selector))
    except ValueError:
        return "<error>"
    return text or "<none>"


def container_cells(containers) -> tuple[str, str]:
    """``layoutContainerCells``: container names and images, each comma-joined."""
    containers = containers or []
    return (",".join(c.get("name", "") for c in containers),
            ",".join(c.get("image", "") for c in containers))


def quantity_str(value) -> str:
    """A quantity as the API server prints it (``Quantity.String()``); zero/missing is ``0``."""
    if value is None or value == "":
        return "0"
    try:
        return str(Quantity.parse(str(value)))
    except ValueError:
        return str(value)


def go_bool(value) -> str:
    """``printBool``: ``True`` / ``False``."""
    return "True" if value else "False"


