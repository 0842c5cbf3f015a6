"""``kubectl set selector``: replace a Service's label selector.

``kubectl set selector service/web app=web,tier=front`` (or ``app=web tier=front``) sets
``spec.selector`` to exactly those labels and prints ``service/web selector updated``; kubectl
1.32 refuses other kinds (``error: setting a selector is only supported for Services``).
"""

from __future__ import annotations

from .command import CommandError, Invocation
from .set_objects import update_each


def run_set_selector(inv: Invocation, args: list[str]) -> int:
    pairs = [a for a in args if "=" in a]
    inv.args = [a for a in args if "=" not in a]
    selector = {}
    for pair in (p for text in pairs for p in text.split(",") if p):
        key, _, value = pair.partition("=")
        selector[key] = value

    def change(info, name: str, namespace: str, obj: dict) -> None:
        if info.kind != "Service":
            raise CommandError("setting a selector is only supported for Services")
        obj.setdefault("spec", {})["selector"] = dict(selector)

    return update_each(inv, change, "selector updated")
