"""Human-readable durations: k8s.io/apimachinery ``pkg/util/duration`` (kubectl's AGE column).

:func:`human_duration` is ``HumanDuration``, which kubectl uses for AGE, LAST SEEN and friends:
the precision shrinks as the duration grows -- ``119s``, ``3m10s``, ``179m``, ``5h12m``, ``47h``,
``3d4h``, ``400d``, ``3y17d``, ``9y`` (a year is 365 days). :func:`short_human_duration` is
``ShortHumanDuration`` (one unit only: s < 60, m < 60, h < 24, d < 365, then y).

Both tolerate a clock skew of under 2 seconds: a duration in (-2s, 0) prints ``0s``; -2s or less
prints ``<invalid>``. Units are truncated, never rounded (``1.999s`` is ``1s``).

The simulator keeps time in integer milliseconds, so the main entry points take milliseconds;
the ``*_ns`` variants take Go's nanoseconds and are what the others call.

>>> human_duration(190_000), human_duration(49 * 3600_000), short_human_duration(119_999)
('3m10s', '2d1h', '1m')
>>> human_duration(-1500), human_duration(-2000)
('0s', '<invalid>')

Docker (``docker ps``/``images``, on a laptop or on a node) prints durations with go-units'
``HumanDuration`` instead (:func:`docker_human_duration`): words, and hours *rounded* half away from
zero (2 h 30 min is ``3 hours``).

>>> docker_human_duration(61_000), docker_human_duration(9_000_000), docker_human_duration(3 * 86_400_000)
('About a minute', '3 hours', '3 days')
"""

from __future__ import annotations

__all__ = ["human_duration", "short_human_duration", "human_duration_ns",
           "short_human_duration_ns", "docker_human_duration"]

_SECOND = 10 ** 9
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_YEAR = 365 * _DAY


def _trunc_div(n: int, d: int) -> int:
    """Go's integer division (truncates toward zero)."""
    q = abs(n) // d
    return q if n >= 0 else -q


def human_duration_ns(ns: int) -> str:
    """``duration.HumanDuration`` of ``ns`` nanoseconds."""
    seconds = _trunc_div(ns, _SECOND)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 120:
        return f"{seconds}s"
    minutes = ns // _MINUTE
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = ns // _HOUR
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        years, days = hours // 24 // 365, (hours // 24) % 365
        return f"{years}y" if days == 0 else f"{years}y{days}d"
    return f"{hours // 24 // 365}y"


def short_human_duration_ns(ns: int) -> str:
    """``duration.ShortHumanDuration`` of ``ns`` nanoseconds."""
    seconds = _trunc_div(ns, _SECOND)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60:
        return f"{seconds}s"
    if ns < _HOUR:
        return f"{ns // _MINUTE}m"
    if ns < _DAY:
        return f"{ns // _HOUR}h"
    if ns < _YEAR:
        return f"{ns // _DAY}d"
    return f"{ns // _YEAR}y"


def human_duration(ms: int) -> str:
    """``HumanDuration`` of ``ms`` milliseconds (kubectl AGE)."""
    return human_duration_ns(ms * 1_000_000)


def short_human_duration(ms: int) -> str:
    """``ShortHumanDuration`` of ``ms`` milliseconds."""
    return short_human_duration_ns(ms * 1_000_000)


def docker_human_duration(ms: int) -> str:
    """go-units ``HumanDuration`` of ``ms`` milliseconds (what ``docker ps`` prints before "ago")."""
    seconds = ms // 1000
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(ms / 3_600_000 + 0.5)          # math.Round(d.Hours()), half away from zero
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{seconds // 3600 // 24 // 365} years"
