"""The loop ``kubectl set env`` and ``kubectl set selector`` share: read each object, change a copy,
write it back (or, on a client dry run, only show it), say what happened.

An object the change leaves as it was is skipped silently, as kubectl does; ``-o`` prints the
object (as kubectl's typed client holds it) instead of the ``<kind>/<name> <verb>`` line; a failing
object is reported and the others go on (exit code 1).
"""

from __future__ import annotations

from typing import Callable

from ...api.objects import copy_json
from ...errors import APIError
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, kind_slash_name
from .scale import targets


def update_each(inv: Invocation, change: Callable[[object, str, str, dict], None], verb: str) -> int:
    """Apply ``change(info, name, namespace, copy)`` to every target object; 0, or 1 if any failed."""
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    failed = False
    for info, name, namespace in targets(inv):
        try:
            obj = inv.api.get(info, name, namespace)
            updated = copy_json(obj)
            change(info, name, namespace, updated)
            if updated == obj:
                continue
            result = updated
            if mode != "client":
                result = inv.api.update(updated, dry_run=(mode == "server"), user="kubectl", resource=info)
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        if output:
            inv.out.out(printing.format_objects(inv, [result], output, single=True, typed=True))
        else:
            inv.print(f"{kind_slash_name(info, name)} {verb}{dry_run_suffix(mode)}")
    return 1 if failed else 0
