"""``kubectl cordon``, ``uncordon`` and ``taint``: the node-side scheduling controls.

* ``cordon NODE`` sets ``spec.unschedulable: true`` (STATUS shows ``Ready,SchedulingDisabled``; the
  scheduler's NodeUnschedulable filter then skips the node); ``uncordon`` clears it. Printed:
  ``node/n1 cordoned`` / ``node/n1 already cordoned`` / ``node/n1 uncordoned``.
* ``taint nodes NODE key=value:Effect`` adds a taint, ``key:Effect-`` or ``key-`` removes it;
  re-using a key with the same effect needs ``--overwrite``. Printed ``node/n1 tainted`` /
  ``node/n1 untainted``; ``-l`` and ``--all`` pick several nodes.
"""

from __future__ import annotations

from ...api import names as namerules
from ...api.objects import copy_json
from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, parse_resource_args

CORDON_FLAGS = (
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
)
TAINT_FLAGS = CORDON_FLAGS + (
    Flag("overwrite", "", "bool", False, "If true, allow taints to be overwritten."),
    Flag("all", "", "bool", False, "Select all nodes in the cluster."),
    Flag("output", "o", "string", "", "Output format."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects."),
    Flag("field-manager", "", "string", "kubectl-taint", "Name of the manager used to track field ownership."),
    Flag("validate", "", "string", "strict", "Field validation: strict, warn or ignore.", no_value="strict"),
    Flag("template", "", "string", "", "Template string or path to template file to use."),
    Flag("allow-missing-template-keys", "", "bool", True, "Ignore missing keys in templates."),
)
_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def _nodes(inv: Invocation, names: list[str], selector: str, everything: bool) -> list[dict]:
    if names and selector:
        raise CommandError("error: cannot specify both a node name and a --selector option")
    if names:
        found = []
        for name in names:
            found.append(inv.api.get("nodes", name, ""))
        return found
    if selector or everything:
        return inv.api.list("nodes", None, selector)["items"]
    raise CommandError("USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples")


def run_cordon(inv: Invocation, unschedulable: bool) -> int:
    mode = dry_run_mode(inv)
    names = inv.args[1:] if inv.args[:1] in (["node"], ["nodes"], ["no"]) else inv.args
    for node in _nodes(inv, names, inv.flags.get("selector") or "", False):
        name = node["metadata"]["name"]
        current = bool((node.get("spec") or {}).get("unschedulable"))
        verb = "cordoned" if unschedulable else "uncordoned"
        if current == unschedulable:
            inv.print(f"node/{name} already {verb}")
            continue
        if mode != "client":
            inv.api.patch("nodes", name, "", {"spec": {"unschedulable": True if unschedulable else None}},
                          "merge", dry_run=(mode == "server"), user="kubectl")
        inv.print(f"node/{name} {verb}{dry_run_suffix(mode)}")
    return 0


def _parse_taints(specs: list[str]) -> tuple[list[dict], list[dict]]:
    """``key=value:Effect`` to add, ``key[:Effect]-`` to remove (kubectl's parseTaints)."""
    adds, removes = [], []
    for spec in specs:
        if spec.endswith("-"):
            key, _, effect = spec[:-1].partition(":")
            if effect and effect not in _EFFECTS:
                raise CommandError(f"invalid taint effect: {effect}, unsupported taint effect")
            removes.append({"key": key, "effect": effect})
            continue
        body, colon, effect = spec.rpartition(":")
        if not colon:
            raise CommandError(f"invalid taint spec: {spec}")
        if effect not in _EFFECTS:
            raise CommandError(f"invalid taint effect: {effect}, unsupported taint effect")
        key, eq, value = body.partition("=")
        problems = namerules.is_qualified_name(key) + (namerules.is_valid_label_value(value) if eq else [])
        if problems:
            raise CommandError(f"invalid taint spec: {spec}, {'; '.join(problems)}")
        taint = {"key": key, "effect": effect}
        if eq:
            taint["value"] = value
        adds.append(taint)
    return adds, removes


def run_taint(inv: Invocation) -> int:
    mode = dry_run_mode(inv)
    if not inv.args:
        raise CommandError("at least one taint update is required", usage_of="taint")
    groups = parse_resource_args(inv.api, inv.args[:1])
    if not groups or groups[0][0].kind != "Node":
        raise CommandError("taints are only supported on nodes", usage_of="taint")
    names = list(groups[0][1])
    specs = []
    for arg in inv.args[1:]:
        if ":" in arg or arg.endswith("-") or "=" in arg:
            specs.append(arg)
        else:
            names.append(arg)
    if not specs:
        raise CommandError("at least one taint update is required")
    adds, removes = _parse_taints(specs)
    failed = False
    for node in _nodes(inv, names, inv.flags.get("selector") or "", bool(inv.flags.get("all"))):
        name = node["metadata"]["name"]
        taints = list((node.get("spec") or {}).get("taints") or [])
        try:
            for add in adds:
                same = [t for t in taints if t.get("key") == add["key"] and t.get("effect") == add["effect"]]
                if same and not inv.flags.get("overwrite"):
                    raise CommandError(f"node {name} already has {add['key']} taint(s) with same effect(s) "
                                       f"and --overwrite is false")
                taints = [t for t in taints if t not in same] + [add]
            for rem in removes:
                kept = [t for t in taints if not (t.get("key") == rem["key"]
                                                 and (not rem["effect"] or t.get("effect") == rem["effect"]))]
                if len(kept) == len(taints):
                    raise CommandError(f'taint "{rem["key"]}{":" + rem["effect"] if rem["effect"] else ""}" not found')
                taints = kept
            if mode != "client":
                node = inv.api.patch("nodes", name, "", {"spec": {"taints": taints or None}}, "merge",
                                     dry_run=(mode == "server"), user="kubectl")
            else:
                node = copy_json(node)
                node.setdefault("spec", {})["taints"] = taints
            verb = "untainted" if removes and not adds else "tainted"
            if inv.flags.get("output"):
                inv.out.out(printing.format_objects(inv, [node], inv.flags["output"], single=True, typed=True))
            else:
                inv.print(f"node/{name} {verb}")      # taint says nothing of a dry run (unlike cordon)
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
    return 1 if failed else 0
