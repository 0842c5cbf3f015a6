"""``kubectl delete``: by name, by ``-f`` manifest, by ``-l`` selector or ``--all``.

Prints ``pod "web" deleted`` per object (kubectl 1.32's wording). Like kubectl, it waits for the
objects to be really gone (``--wait=true``, the default): a pod's graceful termination or a
namespace's clean-up takes simulated seconds, and those seconds pass before the command returns.
``--cascade`` chooses background (default), foreground or orphan propagation; ``--grace-period=0
--force`` deletes at once with kubectl's warning.
"""

from __future__ import annotations

from ...errors import APIError
from ..flags import Flag
from .apply import dry_run_mode, dry_run_suffix, load_documents, resolve_document
from .command import CommandError, Invocation, parse_resource_args
from . import raw

DELETE_FLAGS = (
    Flag("raw", "", "string", "", "Raw URI to send to the server (the file's bytes as the body)."),
    Flag("filename", "f", "stringSlice", [], "containing the resource to delete."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("field-selector", "", "string", "", "Selector (field query) to filter on."),
    Flag("all", "", "bool", False, "Delete all resources, in the namespace of the specified resource types."),
    Flag("all-namespaces", "A", "bool", False, "If present, list the requested object(s) across all namespaces."),
    Flag("grace-period", "", "int", -1, "Period of time in seconds given to the resource to terminate gracefully."),
    Flag("force", "", "bool", False, "Immediately remove resources from API and bypass graceful deletion."),
    Flag("now", "", "bool", False, "Resources are signaled for immediate shutdown (same as --grace-period=1)."),
    Flag("wait", "", "bool", True, "Wait for resources to be gone before returning."),
    Flag("timeout", "", "string", "0s", "The length of time to wait before giving up on a delete."),
    Flag("cascade", "", "string", "background", "background, orphan, or foreground.",
         no_value="background"),
    Flag("ignore-not-found", "", "bool", False, "Treat \"resource not found\" as a successful delete."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".",
         no_value="unchanged"),
    Flag("output", "o", "string", "", "Output mode. Use \"-o name\" for shorter output."),
)

# Longest a delete waits when --timeout is 0 (kubectl waits for a week; simulated time is cheap,
# but an object that can never go away must not hang the notebook).
_MAX_WAIT_S = 3600
_PROPAGATION = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan",
                "true": "Background", "false": "Orphan"}


def _parse_timeout(text: str) -> int:
    from .wait import parse_go_duration
    seconds = parse_go_duration(text)
    return _MAX_WAIT_S if seconds <= 0 else int(seconds)


def run_delete(inv: Invocation) -> int:
    if inv.flags.get("raw"):
        return raw.run(inv)
    mode = dry_run_mode(inv)
    cascade = (inv.flags.get("cascade") or "background").lower()
    if cascade not in _PROPAGATION:
        raise CommandError(f'invalid cascade value ({inv.flags["cascade"]}). Must be "background", '
                           f'"foreground", or "orphan"')
    grace = inv.flags.get("grace-period")
    if grace is None:
        grace = -1
    if inv.flags.get("now"):
        if grace != -1:
            raise CommandError("--now and --grace-period cannot be specified together")
        grace = 1
    if inv.flags.get("force") and grace < 0:
        grace = 0
    if inv.flags.get("force") and grace > 0:
        raise CommandError("--force and --grace-period greater than 0 cannot be specified together")
    if inv.flags.get("force") and grace == 0:
        inv.warn("Warning: Immediate deletion does not wait for confirmation that the running resource "
                 "has been terminated. The resource may continue to run on the cluster indefinitely.")
    elif grace == 0:
        grace = 1   # kubectl: --grace-period=0 without --force means "as fast as possible" (1 s)
    targets = _collect(inv)
    failed = False
    deleted = []
    for info, name, namespace in targets:
        try:
            inv.api.delete(info, name, namespace, propagation=_PROPAGATION[cascade],
                           grace_period=None if grace is None or grace < 0 else grace,
                           dry_run=(mode != "none"), user="kubectl")
        except APIError as exc:
            if exc.reason == "NotFound" and inv.flags.get("ignore-not-found"):
                continue
            inv.error_line(exc)
            failed = True
            continue
        deleted.append((info, name, namespace))
        if inv.flags.get("output") == "name":
            from .command import kind_slash_name
            inv.print(kind_slash_name(info, name))
        else:
            forced = "force " if inv.flags.get("force") and grace == 0 else ""    # kubectl says so
            inv.print(f'{info.singular}{"." + info.group if info.group else ""} "{name}" {forced}deleted'
                      f'{dry_run_suffix(mode)}')
    if deleted and mode == "none" and inv.flags.get("wait"):
        _wait_gone(inv, deleted, _parse_timeout(inv.flags.get("timeout") or "0s"))
    return 1 if failed else 0


def _collect(inv: Invocation) -> list[tuple]:
    if inv.flags.get("filename"):
        if inv.args:
            raise CommandError("resource(s) were provided, but no name was specified")
        found = []
        for doc in load_documents(inv):
            info, namespace, name = resolve_document(inv, doc)
            found.append((info, name, namespace))
        return found
    groups = parse_resource_args(inv.api, inv.args)
    if not groups:
        raise CommandError("You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                           "   '<resource>'")
    selector = inv.flags.get("selector") or ""
    by_query = bool(selector or inv.flags.get("all") or inv.flags.get("field-selector"))
    found = []
    for info, names in groups:
        if names:
            if selector:
                raise CommandError("name cannot be provided when a selector is specified")
            found.extend((info, n, inv.namespace) for n in names)
        elif by_query:
            ns = None if inv.flags.get("all-namespaces") else inv.namespace
            listed = inv.api.list(info, ns, selector, inv.flags.get("field-selector") or "")
            found.extend((info, o["metadata"]["name"], o["metadata"].get("namespace", ""))
                         for o in listed["items"])
        else:
            raise CommandError("resource(s) were provided, but no name was specified")
    if by_query and not found:
        inv.print("No resources found")     # kubectl delete says it on stdout, without a namespace
    return found


def _wait_gone(inv: Invocation, deleted: list[tuple], timeout_s: int) -> None:
    cluster = inv.cluster

    def all_gone() -> bool:
        return all(inv.api.peek(info, name, ns) is None for info, name, ns in deleted)

    if not all_gone():
        cluster.wait_until(all_gone, timeout_s)
