"""``kubectl patch``: change fields of a live object in place.

``kubectl patch deployment web -p '{"spec":{"replicas":3}}'`` sends a strategic merge patch (the
default ``--type strategic``; ``merge`` is RFC 7386, ``json`` is RFC 6902). The patch may be JSON
or YAML, inline (``-p``) or in a file (``--patch-file``). Printed: ``deployment.apps/web patched``,
or ``… patched (no change)`` when the object stays the same.
"""

from __future__ import annotations

import json


from ...errors import APIError
from .. import yamljson
from ..flags import Flag
from ..printers.gofmt import go_quote
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, kind_slash_name, parse_resource_args
from .record import cause_of, merge_patch

PATCH_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("patch", "p", "string", "", "The patch to be applied to the resource JSON file."),
    Flag("patch-file", "", "string", "", "A file containing a patch to be applied to the resource."),
    Flag("type", "", "string", "strategic", "The type of patch being provided; one of [json merge strategic]"),
    Flag("subresource", "", "string", "", "If specified, patch will operate on the subresource (status)."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("local", "", "bool", False, "If true, patch will operate on the content of the file, not the server-side resource."),
)


def _record(inv: Invocation, info, name: str, ns: str, patched: dict, mode: str) -> dict:
    """--record: kubectl sends a second merge patch with the change cause once its own has landed
    (whether the first one changed anything is decided before it)."""
    patch = merge_patch(patched, cause_of(inv))
    if patch is None:
        return patched
    return inv.api.patch(info, name, ns, patch, "merge", dry_run=(mode == "server"), user="kubectl")


def _load_patch(inv: Invocation):
    text = inv.flags.get("patch") or ""
    if inv.flags.get("patch-file"):
        import os
        path = inv.flags["patch-file"]
        full = path if os.path.isabs(path) or not inv.extra.get("cwd") else os.path.join(inv.extra["cwd"], path)
        try:
            with open(full, encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            raise CommandError(f"unable to read patch file: open {path}: no such file or directory") from None
    if not text:
        raise CommandError("must specify --patch or --patch-file containing the contents of the patch")
    if text.lstrip(" \t\r\n").startswith("{"):
        return text                     # apimachinery's yaml.ToJSON: what looks like JSON is sent as it is
    # kubectl turns the patch into JSON with sigs.k8s.io/yaml (JSON is YAML), and quotes --patch with
    # %q — the --patch flag's value, which is empty when the patch came from --patch-file
    try:
        return yamljson.load(text)
    except yamljson.YAMLError as exc:
        shown = inv.flags.get("patch") or ""
        raise CommandError(f"unable to parse {go_quote(shown)}: {exc}") from None


def run_patch(inv: Invocation) -> int:
    mode = dry_run_mode(inv)
    patch_type = inv.flags.get("type") or "strategic"
    if patch_type not in ("json", "merge", "strategic"):
        raise CommandError(f'--type must be one of [json merge strategic], not "{patch_type}"')
    groups = parse_resource_args(inv.api, inv.args)
    targets = [(info, name) for info, names in groups for name in names]
    if not targets:
        raise CommandError("resource(s) were provided, but no name was specified", usage_of="patch")
    patch = _load_patch(inv)
    failed = False
    for info, name in targets:
        ns = inv.namespace if info.namespaced else ""
        try:
            before = inv.api.get(info, name, ns)
            if mode == "client":            # kubectl patches its copy itself
                from ...apiserver.patch import apply_patch
                try:
                    after = apply_patch(before, patch, patch_type)
                except ValueError as exc:
                    raise CommandError(str(exc)) from None
                recorded = after
            else:
                after = inv.api.patch(info, name, ns, patch, patch_type, subresource=inv.flags.get("subresource") or "",
                                      dry_run=(mode == "server"), user="kubectl")
                recorded = _record(inv, info, name, ns, after, mode)
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        if inv.flags.get("output"):
            from . import printing
            inv.out.out(printing.format_objects(inv, [recorded], inv.flags["output"], single=True))
            continue
        if mode != "none":
            # kubectl 1.32 compares the objects and prints no "(dry run)" / "(server dry run)" for patch
            suffix = " (no change)" if after == before else ""
        else:
            same = after.get("metadata", {}).get("resourceVersion") == before.get("metadata", {}).get("resourceVersion")
            suffix = (" (no change)" if same and mode == "none" else "") + dry_run_suffix(mode)
        inv.print(f"{kind_slash_name(info, name)} patched{suffix}")
    return 1 if failed else 0
