"""Streaming commands in simulated time: ``kubectl get -w`` and ``kubectl logs -f``.

A real watch or follow runs until you press Ctrl-C. Here it drives the simulated clock itself, in
steps of :data:`~k8scourse.defaults.STREAM_POLL_SECONDS`, printing what arrived after each step (a
notebook shows the rows as they come), and ends on its own:

* at ``--request-timeout`` (``30s``, ``2m``, or plain seconds) when one is given;
* otherwise when nothing new was printed for :data:`~k8scourse.defaults.STREAM_IDLE_SECONDS`
  simulated seconds, and at the latest after :data:`~k8scourse.defaults.STREAM_MAX_SECONDS`;
* when what it follows is over (a followed container terminated, as real ``logs -f`` ends).

An interrupt (Ctrl-C, the kernel's stop button) ends the stream between two simulation events with
what was printed so far and exit code 130 (a shell's code for SIGINT), leaving the cluster
consistent.

>>> request_timeout("0"), request_timeout("45"), request_timeout("2m")
(None, 45.0, 120.0)
"""

from __future__ import annotations

from typing import Any, Callable

from ... import defaults
from ...api.objects import copy_json
from .command import CommandError, Invocation
from .wait import parse_go_duration

DONE = "done"       # what a poll returns when the followed thing is over


def request_timeout(text: str) -> float | None:
    """kubectl's ``--request-timeout``: seconds (a plain integer) or a Go duration; ``0`` = none."""
    raw = (text or "0").strip()
    if raw.isdigit():
        seconds = float(int(raw))
    else:
        seconds = parse_go_duration(raw)
        if seconds < 0:
            raise CommandError("Invalid timeout value. Timeout must be a single integer in seconds, or an "
                               "integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)")
    return seconds or None


def follow(inv: Invocation, poll: Callable[[], bool | str]) -> int:
    """Advance simulated time step by step, calling ``poll`` after each step; 0, or 130 on interrupt.

    ``poll`` prints whatever is new and returns True (something printed), False (nothing), or
    :data:`DONE` (the stream is over).
    """
    limit = request_timeout(inv.flags.get("request-timeout") or "0")
    max_s = limit if limit is not None else defaults.STREAM_MAX_SECONDS
    idle_s = None if limit is not None else defaults.STREAM_IDLE_SECONDS
    elapsed = idle = 0.0
    try:
        while elapsed < max_s:
            step = min(defaults.STREAM_POLL_SECONDS, max_s - elapsed)
            inv.cluster.run(step)
            elapsed += step
            got = poll()
            if got == DONE:
                break
            idle = 0.0 if got else idle + step
            if idle_s is not None and idle >= idle_s:
                break
    except KeyboardInterrupt:
        return 130
    return 0


def follow_watch(inv: Invocation, info, namespace: str | None, keep: Callable[[Any], bool],
                 show: Callable[[dict, int], None]) -> int:
    """Watch ``info`` objects (``namespace`` or all) while time runs, showing each event's object
    that ``keep(event)`` accepts with the time it arrived; the watch ends with the stream."""
    arrived: list[tuple[dict, int]] = []

    def on_event(event) -> None:
        if keep(event):
            arrived.append((copy_json(event.object), inv.now_unix_ms()))

    def poll() -> bool:
        batch = list(arrived)
        arrived.clear()
        for obj, at_ms in batch:
            show(obj, at_ms)
        return bool(batch)

    handle = inv.api.watch(info, on_event, namespace)
    try:
        return follow(inv, poll)
    finally:
        handle.stop()
