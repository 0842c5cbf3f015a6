"""``kubectl label`` and ``kubectl annotate``: set (``key=value``) or remove (``key-``) metadata.

Changing an existing key needs ``--overwrite``; without it kubectl refuses with
``'app' already has a value (web), and --overwrite is false``. Printed: ``pod/web labeled`` (or
``annotated``); ``… not labeled`` when nothing changes.
"""

from __future__ import annotations

import json

from ...api import names as namerules
from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from ..printers.gofmt import go_quote
from .command import CommandError, Invocation, kind_slash_name, parse_resource_args
from .record import CHANGE_CAUSE, cause_of, merge_patch

META_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("overwrite", "", "bool", False, "If true, allow labels to be overwritten."),
    Flag("all", "", "bool", False, "Select all resources, in the namespace of the specified resource types."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all-namespaces", "A", "bool", False, "If true, check the specified action in all namespaces."),
    Flag("list", "", "bool", False, "If true, display the labels for a given resource."),
    Flag("local", "", "bool", False, "If true, will NOT contact api-server (not supported)."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".",
         no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("resource-version", "", "string", "", "Only update if the resource version matches."),
)


def _parse_changes(args: list[str], what: str) -> tuple[list[str], dict, list[str]]:
    """Split positional args into resource args, ``k=v`` pairs and ``k-`` removals."""
    resource_args, sets, removes = [], {}, []
    for arg in args:
        if "=" in arg:
            key, _, value = arg.partition("=")
            if what == "label":             # kubectl checks the value; the key is the server's to check
                if arg.count("=") != 1:
                    raise CommandError(f"invalid label spec: {arg}")
                problems = namerules.is_valid_label_value(value)
                if problems:
                    raise CommandError(f"invalid label value: {go_quote(arg)}: {';'.join(problems)}")
            sets[key] = value
        elif arg.endswith("-") and len(arg) > 1 and resource_args:
            removes.append(arg[:-1])
        else:
            resource_args.append(arg)
    return resource_args, sets, removes


def _json_length(obj: dict) -> int:
    return len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


def run_meta(inv: Invocation, field: str) -> int:
    what = "label" if field == "labels" else "annotate"
    past = "labeled" if field == "labels" else "annotated"
    mode = dry_run_mode(inv)
    resource_args, sets, removes = _parse_changes(inv.args, what)
    if not resource_args and not inv.flags.get("filename"):   # kubectl asks for resources first
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not sets and not removes and not inv.flags.get("list"):
        raise CommandError(f"at least one {'label' if field == 'labels' else 'annotation'} update is required")
    for key in sets:
        if key in removes:
            raise CommandError(f"can not both modify and remove {'a label' if field == 'labels' else 'an annotation'} in the same command")
    groups = parse_resource_args(inv.api, resource_args)
    if not groups:
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    selector = inv.flags.get("selector") or ""
    if selector and any(names for _, names in groups):     # kubectl's resource builder refuses both
        raise CommandError("name cannot be provided when a selector is specified")
    cause = cause_of(inv)
    targets = []
    for info, names in groups:
        if names:
            targets.extend((info, n, inv.namespace) for n in names)
        elif selector or inv.flags.get("all"):
            listed = inv.api.list(info, None if inv.flags.get("all-namespaces") else inv.namespace, selector)
            targets.extend((info, o["metadata"]["name"], o["metadata"].get("namespace", ""))
                           for o in listed["items"])
        else:
            raise CommandError("resource(s) were provided, but no name was specified")
    failed = False
    for info, name, namespace in targets:
        try:
            obj = inv.api.get(info, name, namespace)
            current = dict((obj.get("metadata") or {}).get(field) or {})
            if inv.flags.get("list"):
                for key in sorted(current):
                    inv.print(f"{key}={current[key]}")
                continue
            for key, value in sets.items():
                if key in current and current[key] != value and not inv.flags.get("overwrite"):
                    raise CommandError(f"'{key}' already has a value ({current[key]}), and --overwrite is false")
            updated = dict(current)
            updated.update(sets)
            for key in removes:
                if field == "labels" and key not in updated:
                    inv.print(f'label "{key}" not found.')
                updated.pop(key, None)
            # --record writes the command line into the annotations before kubectl compares the
            # object with what it read: a recorded command always counts as a change
            annotations = dict((obj.get("metadata") or {}).get("annotations") or {})
            if cause and field == "annotations":
                updated[CHANGE_CAUSE] = cause
            recorded = field == "labels" and merge_patch(obj, cause) is not None
            if updated == current and not recorded:
                # kubectl compares the object before and after: an object with no labels at all gets
                # an empty map (which the server then drops), so it counts as labeled
                absent = (obj.get("metadata") or {}).get(field) is None
                if field == "labels" and not (absent and removes):
                    inv.print(f"{kind_slash_name(info, name)} not {past}")
                elif inv.flags.get("output"):
                    inv.out.out(printing.format_objects(inv, [obj], inv.flags["output"], single=True))
                else:
                    inv.print(f"{kind_slash_name(info, name)} {past}{dry_run_suffix(mode)}")
                continue
            changed = {**obj, "metadata": {**obj.get("metadata", {}), field: updated}}
            if recorded:
                changed["metadata"]["annotations"] = {**annotations, CHANGE_CAUSE: cause}
            verb = past
            # kubectl says "unlabeled" when, without --overwrite, the object's JSON only got shorter
            if field == "labels" and not inv.flags.get("overwrite") and _json_length(changed) < _json_length(obj):
                verb = "unlabeled"
            patch = {"metadata": {field: {**{k: None for k in current if k not in updated},
                                          **{k: v for k, v in updated.items() if current.get(k) != v}}}}
            if recorded:
                patch["metadata"]["annotations"] = {CHANGE_CAUSE: cause}
            rv = inv.flags.get("resource-version")
            if rv:
                patch["metadata"]["resourceVersion"] = rv
            if mode != "client":
                result = inv.api.patch(info, name, namespace, patch, "merge", dry_run=(mode == "server"),
                                       user="kubectl")
            else:
                result = changed
            output = inv.flags.get("output") or ""
            if output:          # -o prints the object instead of the verb line: label prints its own
                # changed copy (the resourceVersion it read), annotate the server's answer
                shown = changed if field == "labels" else result
                inv.out.out(printing.format_objects(inv, [shown], output, single=True))
                continue
            inv.print(f"{kind_slash_name(info, name)} {verb}{dry_run_suffix(mode)}")
        except (APIError, CommandError) as exc:     # report and continue with the next object
            inv.error_line(exc)
            failed = True
    return 1 if failed else 0
