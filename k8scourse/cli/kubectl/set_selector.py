"""``kubectl set selector``: replace a Service's label selector.

``kubectl set selector service/web app=web,tier=front`` (or ``app=web tier=front``) sets
``spec.selector`` to exactly those labels and prints ``service/web selector updated``; kubectl
1.32 refuses other kinds (``error: setting a selector is only supported for Services``).
"""

from __future__ import annotations

from ...api.objects import copy_json
from ...errors import APIError
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, kind_slash_name
from .scale import targets


def run_set_selector(inv: Invocation, args: list[str]) -> int:
    pairs = [a for a in args if "=" in a]
    inv.args = [a for a in args if "=" not in a]
    selector = {}
    for pair in (p for text in pairs for p in text.split(",") if p):
        key, _, value = pair.partition("=")
        selector[key] = value
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    failed = False
    for info, name, namespace in targets(inv):
        try:
            obj = inv.api.get(info, name, namespace)
            if info.kind != "Service":
                raise CommandError("setting a selector is only supported for Services")
            updated = copy_json(obj)
            updated.setdefault("spec", {})["selector"] = dict(selector)
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
            inv.print(f"{kind_slash_name(info, name)} selector updated{dry_run_suffix(mode)}")
    return 1 if failed else 0
