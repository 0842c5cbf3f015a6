"""The simulated clock: integer milliseconds since a fixed epoch, never the wall clock.

Timestamps shown to students (``creationTimestamp``, ``Start Time:`` in ``kubectl describe``) are
the epoch plus the simulated time, so the same notebook prints the same dates on every run.

>>> c = Clock(epoch="2026-01-01T00:00:00Z")
>>> c.advance_to(90_500)
>>> c.now_ms, c.rfc3339()
(90500, '2026-01-01T00:01:30Z')
>>> format_rfc1123z(parse_rfc3339("2026-11-26T17:22:55Z"))
'Thu, 26 Nov 2026 17:22:55 +0000'
>>> format_rfc3339_micro(parse_rfc3339("2026-11-26T17:22:55Z") + 7)
'2026-11-26T17:22:55.007000Z'
"""

from __future__ import annotations

import datetime as _dt

from ..errors import SimulationError

_UTC = _dt.timezone.utc


def parse_rfc3339(text: str) -> int:
    """Seconds-resolution RFC 3339 timestamp -> milliseconds since the Unix epoch."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    stamp = _dt.datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=_UTC)
    return int(stamp.timestamp() * 1000)


def _as_datetime(unix_ms: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(unix_ms / 1000, tz=_UTC)


_LAST_SECOND: tuple[int, str] = (-1, "")     # the last second formatted (writes at one instant share it)


def format_rfc3339(unix_ms: int) -> str:
    """The form Kubernetes stores metadata times in (``2026-11-26T17:22:55Z``, whole seconds)."""
    global _LAST_SECOND
    second = unix_ms - unix_ms % 1000
    last = _LAST_SECOND
    if last[0] == second:
        return last[1]
    text = _as_datetime(second).strftime("%Y-%m-%dT%H:%M:%SZ")
    _LAST_SECOND = (second, text)
    return text


_LAST_MICRO_SECOND: tuple[int, str] = (-1, "")    # the last second's text without the fraction


def format_rfc3339_micro(unix_ms: int) -> str:
    """``MicroTime`` form used by Events' ``eventTime`` and Leases (``...T17:22:55.123000Z``)."""
    global _LAST_MICRO_SECOND
    fraction = unix_ms % 1000
    second = unix_ms - fraction
    last = _LAST_MICRO_SECOND
    if last[0] != second:
        last = _LAST_MICRO_SECOND = (second, _as_datetime(second).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{last[1]}.{fraction * 1000:06d}Z"


def format_rfc1123z(unix_ms: int) -> str:
    """The form ``kubectl describe`` prints times in (Go's ``time.RFC1123Z``)."""
    return _as_datetime(unix_ms).strftime("%a, %d %b %Y %H:%M:%S +0000")


def format_go(unix_ms: int | None) -> str:
    """Go's ``time.Time.String()`` in UTC (``2006-01-02 15:04:05.5 +0000 UTC``; the zero time for None),
    as validation errors and some describers print a time."""
    if unix_ms is None:
        return "0001-01-01 00:00:00 +0000 UTC"
    text = _as_datetime(unix_ms).strftime("%Y-%m-%d %H:%M:%S")
    if unix_ms % 1000:
        text += ("." + f"{unix_ms % 1000:03d}").rstrip("0")
    return text + " +0000 UTC"


class Clock:
    """Simulated time in integer milliseconds; only the event loop moves it forward."""

    def __init__(self, epoch: str):
        self.epoch = epoch
        self.epoch_unix_ms = parse_rfc3339(epoch)
        self._now_ms = 0

    @property
    def now_ms(self) -> int:
        return self._now_ms

    def advance_to(self, t_ms: int) -> None:
        if t_ms < self._now_ms:
            raise SimulationError(f"the clock cannot go back from {self._now_ms} ms to {t_ms} ms")
        self._now_ms = int(t_ms)

    def unix_ms(self, t_ms: int | None = None) -> int:
        """Absolute time (ms since 1970) of simulated time ``t_ms`` (default: now)."""
        return self.epoch_unix_ms + (self._now_ms if t_ms is None else t_ms)

    def rfc3339(self, t_ms: int | None = None) -> str:
        return format_rfc3339(self.unix_ms(t_ms))

    def rfc3339_micro(self, t_ms: int | None = None) -> str:
        return format_rfc3339_micro(self.unix_ms(t_ms))

    def sim_ms(self, timestamp: str) -> int:
        """Simulated time (ms since the epoch) of an RFC 3339 timestamp."""
        return parse_rfc3339(timestamp) - self.epoch_unix_ms
