"""``kubectl scale``: set ``spec.replicas`` of deployments, replica sets, replication controllers and
stateful sets.

``kubectl scale deployment/web --replicas=5`` prints ``deployment.apps/web scaled``; the controllers
then do the rest when simulated time runs. ``--current-replicas`` is a precondition
(``error: Expected replicas to be 2, was 3``); ``--dry-run``, ``-o name``, ``-l`` and ``--all`` work
as in kubectl. Scaling an already-sized object still prints ``scaled``, as kubectl does.

Deliberate difference: the write is a merge patch of ``spec.replicas`` rather than a PUT of the
``/scale`` subresource; the stored result is the same.
"""

from __future__ import annotations

from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix, load_documents, resolve_document
from . import klog
from .command import CommandError, Invocation, kind_slash_name, parse_resource_args
from .record import cause_of, merge_patch

SCALE_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("replicas", "", "int", None, "The new desired number of replicas. Required."),
    Flag("current-replicas", "", "int", -1, "Precondition for current size."),
    Flag("resource-version", "", "string", "", "Precondition for resource version."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all", "", "bool", False, "Select all resources in the namespace of the specified resource types"),
    Flag("filename", "f", "stringSlice", [], "Filename identifying the resource to set a new size."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("timeout", "", "string", "0s", "The length of time to wait before giving up on a scale operation."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format. One of: name."),
    Flag("record", "", "bool", False, "Record current kubectl command in the resource annotation (deprecated)."),
)

SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")
_NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                 "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                 "   '<resource> <name>'\n   '<resource>'")


def targets(inv: Invocation, type_means_all: bool = False) -> list[tuple]:
    """(KindInfo, name, namespace) for the resource arguments, ``-f``, ``-l`` or ``--all``;
    ``type_means_all``: a type without names is every object of it (``kubectl rollout``)."""
    if inv.flags.get("filename"):
        found = []
        for doc in load_documents(inv):
            info, namespace, name = resolve_document(inv, doc)
            found.append((info, name, namespace))
        return found
    groups = parse_resource_args(inv.api, inv.args)
    if not groups:
        raise CommandError(_NO_RESOURCES)
    selector = inv.flags.get("selector") or ""
    found = []
    for info, names in groups:
        if names:
            found.extend((info, n, inv.namespace) for n in names)
        elif selector or inv.flags.get("all") or type_means_all:
            found.extend((info, o["metadata"]["name"], o["metadata"].get("namespace", ""))
                         for o in inv.api.list(info, inv.namespace, selector)["items"])
        else:
            raise CommandError("resource(s) were provided, but no name was specified")
    return found


def _record(inv: Invocation, info, name: str, namespace: str, read: dict) -> None:
    """--record: once scaled, kubectl sends a merge patch with the change cause unless the object as
    it read it already carries that cause — not a dry run even under ``--dry-run=server`` (kubectl
    1.32 builds that request without the flag)."""
    patch = merge_patch(read, cause_of(inv))
    if patch is not None:
        inv.api.patch(info, name, namespace, patch, "merge", user="kubectl")


def run_scale(inv: Invocation) -> int:
    count = inv.flags.get("replicas")
    if count is None:                   # cobra checks required flags before the command runs
        raise klog.required_flag(inv.now_unix_ms(), "replicas")
    mode = dry_run_mode(inv)
    if count is None or count < 0:
        raise CommandError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    failed = False
    found = []
    wanted = targets(inv)
    for info, name, namespace in wanted:
        try:
            current = inv.api.get(info, name, namespace) if info.kind in SCALABLE else None
        except APIError as exc:
            if exc.code != 404:
                raise
            if len(wanted) == 1:
                # kubectl's builder found nothing to scale: its words, then the server's
                raise CommandError(f"no objects passed to scale {exc.message}") from None
            inv.error_line(exc)
            failed = True
            continue
        found.append((info, name, namespace, current))
    for info, name, namespace, current in found:
        try:
            if current is None:
                raise APIError.no_such_path()
            expected = inv.flags.get("current-replicas")
            have = int((current.get("spec") or {}).get("replicas", 1))
            if expected is not None and expected >= 0 and expected != have:
                raise CommandError(f"Expected replicas to be {expected}, was {have}")
            rv = inv.flags.get("resource-version")
            if rv and rv != current["metadata"].get("resourceVersion"):
                raise CommandError(f"Expected resource version to be {rv}, was "
                                   f"{current['metadata'].get('resourceVersion')}")
            if mode != "client":
                inv.api.patch(info, name, namespace, {"spec": {"replicas": count}}, "merge", subresource="scale",
                              dry_run=(mode == "server"), user="kubectl")
                _record(inv, info, name, namespace, current)
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        output = inv.flags.get("output") or ""
        if output:       # kubectl prints the object as it read it, before the new scale
            inv.out.out(printing.format_objects(inv, [current], output, single=True))
        else:
            inv.print(f"{kind_slash_name(info, name)} scaled{dry_run_suffix(mode)}")
    return 1 if failed else 0
