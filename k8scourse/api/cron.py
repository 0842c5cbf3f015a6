"""Cron schedules: parse ``*/5 * * * *`` and find the next run, on epoch-based wall time.

Models the standard parser of ``github.com/robfig/cron/v3`` as the CronJob controller uses it:
five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or
SUN-SAT), each ``*`` or ``?``, a value, a range ``a-b``, a step ``*/n``, ``a-b/n`` or ``a/n`` (from
``a`` to the end), or a comma-separated list of those; the descriptors ``@yearly``/``@annually``,
``@monthly``, ``@weekly``, ``@daily``/``@midnight``, ``@hourly``, ``@every <duration>``; a
``TZ=<zone>`` or ``CRON_TZ=<zone>`` prefix. When both day fields are restricted a day matching
either counts (classic cron); when one is ``*`` both must match.

Times are integer milliseconds since the Unix epoch (the simulated clock's wall time), in UTC
unless a zone is given (``zoneinfo``).

>>> s = parse("*/15 9-17 * * MON-FRI")
>>> from k8scourse.sim.clock import parse_rfc3339, format_rfc3339
>>> format_rfc3339(s.next(parse_rfc3339("2026-03-06T17:50:00Z")))      # a Friday
'2026-03-09T09:00:00Z'
>>> format_rfc3339(parse("@hourly").next(parse_rfc3339("2026-03-02T09:00:00Z")))
'2026-03-02T10:00:00Z'
>>> parse("61 * * * *")
Traceback (most recent call last):
...
k8scourse.api.cron.CronError: end of range (61) above maximum (59): 61
"""

from __future__ import annotations

import datetime as _dt

from ..errors import K8sCourseError

_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
_NAMES: tuple[dict[str, int], ...] = ({}, {}, {},
          {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
          {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())})
_DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_UTC = _dt.timezone.utc


class CronError(K8sCourseError, ValueError):
    """An unparseable schedule (the message is robfig/cron's)."""


def _number(text: str, field: int) -> int:
    named = _NAMES[field].get(text.lower())
    if named is not None:
        return named
    if not text.isdigit():
        raise CronError(f"failed to parse int from {text}: strconv.Atoi: parsing {text!r}: invalid syntax"
                        .replace("'", '"'))
    return int(text)


def _field(text: str, field: int) -> tuple[frozenset[int], bool]:
    """(allowed values, written as ``*``/``?``) of one field."""
    low, high = _BOUNDS[field]
    values: set[int] = set()
    star = False
    for part in text.split(","):
        rng, _, step_text = part.partition("/")
        step = 1
        if step_text:
            step = _number(step_text, field)
            if step <= 0:
                raise CronError(f"step of range should be a positive number: {part}")
        if rng in ("*", "?"):
            start, end = low, high
            star = star or not step_text
        else:
            first, dash, last = rng.partition("-")
            start = _number(first, field)
            end = _number(last, field) if dash else (high if step_text else start)
        if start < low:
            raise CronError(f"beginning of range ({start}) below minimum ({low}): {part}")
        if end > high:
            raise CronError(f"end of range ({end}) above maximum ({high}): {part}")
        if start > end:
            raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {part}")
        values.update(range(start, end + 1, step))
    return frozenset(values), star


class Schedule:
    """A parsed schedule; :meth:`next` gives the first activation strictly after a time."""

    def __init__(self, fields: list[tuple[frozenset[int], bool]] | None, zone: _dt.tzinfo = _UTC,
                 every_ms: int = 0):
        # @every schedules have no fields
        self.fields: list[tuple[frozenset[int], bool]] = fields or []
        self.zone, self.every_ms = zone, every_ms

    def _day_matches(self, day: _dt.date) -> bool:
        (dom, dom_star), (dow, dow_star) = self.fields[2], self.fields[4]
        dom_ok = day.day in dom
        dow_ok = (day.isoweekday() % 7) in dow
        return (dom_ok and dow_ok) if (dom_star or dow_star) else (dom_ok or dow_ok)

    def next(self, after_unix_ms: int) -> int | None:
        """First activation after ``after_unix_ms`` (ms since 1970), or None within five years."""
        if self.every_ms:
            step = max(self.every_ms, 1000)
            return after_unix_ms - after_unix_ms % 1000 + step
        minutes, hours, months = self.fields[0][0], self.fields[1][0], self.fields[3][0]
        start = _dt.datetime.fromtimestamp(after_unix_ms // 1000, tz=_UTC).astimezone(self.zone)
        start = start.replace(second=0, microsecond=0) + _dt.timedelta(minutes=1)
        day = start.date()
        for _ in range(366 * 5):
            if day.month in months and self._day_matches(day):
                for hour in sorted(hours):
                    for minute in sorted(minutes):
                        naive = _dt.datetime(day.year, day.month, day.day, hour, minute)
                        local = naive.replace(tzinfo=self.zone)
                        if local.astimezone(_UTC).astimezone(self.zone).replace(tzinfo=None) != naive:
                            continue                      # skipped by a daylight-saving jump
                        if local >= start:
                            return int(local.timestamp()) * 1000
            day += _dt.timedelta(days=1)
        return None


def _duration_ms(text: str) -> int:
    """A Go duration (``1h30m``, ``90s``, ``500ms``) in milliseconds."""
    import re
    units = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        # robfig/cron names the whole descriptor: failed to parse duration @every 5x: ...
        raise CronError(f"failed to parse duration @every {text}: time: invalid duration \"{text}\"")
    return int(sum(float(n) * units[u] for n, u in parts))


def _zone(name: str) -> _dt.tzinfo:
    if name in ("", "UTC", "Etc/UTC"):
        return _UTC
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError) as exc:  # ZoneInfoNotFoundError, a malformed key, a directory
        raise CronError(f"provided bad location {name}: unknown time zone {name}") from exc


def parse(schedule: str, time_zone: str | None = None) -> Schedule:
    """Parse a schedule; ``time_zone`` (``spec.timeZone``) applies unless the text has ``TZ=``."""
    text = schedule.strip()
    zone_name = time_zone or ""
    if text.startswith(("TZ=", "CRON_TZ=")):
        prefix, _, text = text.partition(" ")
        zone_name = prefix.split("=", 1)[1]
        text = text.strip()
    zone = _zone(zone_name)
    if text.startswith("@every "):
        return Schedule(None, zone, every_ms=_duration_ms(text[len("@every "):].strip()))
    if text.startswith("@"):
        if text not in _DESCRIPTORS:
            raise CronError(f"unrecognized descriptor: {text}")
        text = _DESCRIPTORS[text]
    parts = text.split()
    if len(parts) != 5:
        # robfig/cron formats the fields as a Go []string: "[every minute]"
        raise CronError(f"expected exactly 5 fields, found {len(parts)}: [{' '.join(parts)}]")
    return Schedule([_field(p, i) for i, p in enumerate(parts)], zone)
