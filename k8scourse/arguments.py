"""Checks of the Python API's arguments: a wrong one is an :class:`~k8scourse.errors.ArgumentError`
naming the call, the parameter, what it takes and what it got — never an ``AttributeError`` or
``OverflowError`` from deep inside the engine.

The handles a notebook holds (:class:`~k8scourse.Cluster`, :class:`~k8scourse.azure.Azure`,
``cluster.faults``) check what they are given before anything happens, so a refused call changes
nothing. The texts come from the message catalogue (:mod:`k8scourse.i18n.arguments`).

>>> text("get", "kind", "pods")
'pods'
>>> text("get", "kind", 3)
Traceback (most recent call last):
...
k8scourse.errors.ArgumentError: get: kind must be a string, not int
>>> whole("Cluster", "max_pods", 10**30, 10, 250)
Traceback (most recent call last):
...
k8scourse.errors.ArgumentError: Cluster: max_pods must be a whole number from 10 to 250, not 1000000000000000000000000000000
>>> command("kubectl", ["get", "pods"])
['get', 'pods']
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Any, Callable

from .errors import ArgumentError
from .i18n import t


def _got(value: Any) -> str:
    """How a wrong value is named: its type for a wrong type, short enough for one line."""
    return type(value).__name__


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def text(call: str, param: str, value: Any, *, none: bool = False) -> Any:
    """A string (or None when ``none``)."""
    if isinstance(value, str) or (none and value is None):
        return value
    raise ArgumentError("arg.type", call=call, param=param,
                        expected=t("arg.expect.text_or_none" if none else "arg.expect.text"), got=_got(value))


_FORMATS = {
    "version": re.compile(r"v?\d+\.\d+(\.\d+)?"),
    "pool": re.compile(r"[a-z][a-z0-9]{0,11}"),
}


def formatted(call: str, param: str, value: Any, form: str) -> str:
    """A string of a given form: ``version`` (``1.32.4``), ``pool`` (an AKS node pool name),
    ``timestamp`` (ISO 8601), ``cidr`` (an address range).

    >>> formatted("Cluster", "pool", "Pool 1", "pool")
    Traceback (most recent call last):
    ...
    k8scourse.errors.ArgumentError: Cluster: pool must be an AKS node pool name (a lowercase letter, then up to 11 lowercase letters or digits), not 'Pool 1'
    """
    text(call, param, value)
    expected = t(f"arg.expect.{form}")
    if form in _FORMATS:
        ok = _FORMATS[form].fullmatch(value) is not None
    elif form == "timestamp":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            ok = True
        except ValueError:
            ok = False
    else:
        try:
            ipaddress.ip_network(value, strict=False)
            ok = "/" in value
        except ValueError:
            ok = False
    if not ok:
        raise ArgumentError("arg.range", call=call, param=param, expected=expected, got=_shown(value))
    return value


def flag(call: str, param: str, value: Any) -> bool:
    """True or False (1 and 0 too, as Python allows them where a truth value is expected)."""
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
        return bool(value)
    raise ArgumentError("arg.type", call=call, param=param, expected=t("arg.expect.bool"), got=_got(value))


def whole(call: str, param: str, value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    expected = t("arg.expect.whole", low=low, high=high)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError("arg.type", call=call, param=param, expected=expected, got=_got(value))
    if not low <= value <= high:
        raise ArgumentError("arg.range", call=call, param=param, expected=expected, got=_shown(value))
    return value


def command(call: str, value: Any) -> Any:
    """A command line: a string, or a list (or tuple) of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(word, str) for word in value):
        return list(value)
    got = _got(value) if not isinstance(value, (list, tuple)) else \
        f"{type(value).__name__} of {', '.join(sorted({type(w).__name__ for w in value}))}"
    raise ArgumentError("arg.type", call=call, param="command", expected=t("arg.expect.command"), got=got)


def strings(call: str, param: str, value: Any) -> list[str]:
    """A list (or tuple) of strings."""
    if isinstance(value, (list, tuple)) and all(isinstance(word, str) for word in value):
        return list(value)
    raise ArgumentError("arg.type", call=call, param=param, expected=t("arg.expect.strings"), got=_got(value))


def function(call: str, param: str, value: Any) -> Callable[[], Any]:
    """Something callable."""
    if callable(value):
        return value
    raise ArgumentError("arg.type", call=call, param=param, expected=t("arg.expect.callable"), got=_got(value))


__all__ = ["command", "flag", "formatted", "function", "strings", "text", "whole"]
