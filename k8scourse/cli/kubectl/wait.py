"""Durations as kubectl flags take them (Go's ``time.ParseDuration``: ``30s``, ``5m``, ``1h30m``).

>>> parse_go_duration("1m30s"), parse_go_duration("0"), parse_go_duration("250ms")
(90.0, 0.0, 0.25)
"""

from __future__ import annotations

import re

from .command import CommandError

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")


def parse_go_duration(text: str) -> float:
    """Seconds in a Go duration string; CommandError in kubectl's words when malformed."""
    raw = text.strip()
    if raw in ("0", ""):
        return 0.0
    sign = -1.0 if raw.startswith("-") else 1.0
    body = raw.lstrip("+-")
    total, pos = 0.0, 0
    for match in _PART.finditer(body):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(body) or not body:
        raise CommandError(f'invalid argument "{text}": time: invalid duration "{text}"')
    return sign * total
