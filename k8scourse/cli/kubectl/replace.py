"""``kubectl replace -f``: put the manifest in place of the live object (an HTTP PUT).

Unlike ``apply`` nothing is merged: the object becomes the manifest (the server keeps ``status``
and fills defaults), so fields the manifest leaves out are gone. The object must exist
(``NotFound`` otherwise). ``--force`` deletes the object, waits until it is gone, then creates it
from the manifest (``configmap "app" deleted`` then ``configmap/app replaced``).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("create configmap app --from-literal=colour=blue", echo=False)
>>> cm = "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: app}\\ndata: {colour: green}\\n"
>>> print(c.kubectl("replace -f -", stdin=cm, echo=False), end="")
configmap/app replaced
>>> c.get("configmap", "app")["data"]
{'colour': 'green'}
"""

from __future__ import annotations

from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import _with_source, dry_run_mode, dry_run_suffix, load_documents, resolve_document
from .command import CommandError, Invocation, kind_slash_name
from . import raw

REPLACE_FLAGS = (
    Flag("raw", "", "string", "", "Raw URI to send to the server (the file's bytes as the body)."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("filename", "f", "stringSlice", [], "The files that contain the configurations to replace."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("validate", "", "string", "strict", "Field validation: strict, warn or ignore.", no_value="strict"),
    Flag("force", "", "bool", False, "Delete and re-create the specified resource."),
    Flag("grace-period", "", "int", -1, "Period of time in seconds given to the old resource to terminate."),
    Flag("cascade", "", "string", "background", "background, orphan, or foreground.", no_value="background"),
    Flag("wait", "", "bool", False, "Wait for resources to be gone before returning (with --force)."),
    Flag("timeout", "", "string", "0s", "The length of time to wait before giving up on a delete."),
    Flag("save-config", "", "bool", False, "Save the configuration in an annotation."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
)

_PROPAGATION = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}


def run_replace(inv: Invocation) -> int:
    if not inv.flags.get("filename"):
        raise CommandError("must specify one of -f and -k")
    if inv.flags.get("raw"):
        return raw.run(inv)
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    failed = False
    for doc in load_documents(inv):
        try:
            info, namespace, name = resolve_document(inv, doc)
            if not name:
                raise CommandError(f'error when replacing "{doc.source}": resource name may not be empty')
            obj = dict(doc.object)
            if inv.flags.get("force"):
                result = _force(inv, info, namespace, name, obj, doc.source, mode)
            elif mode == "client":
                result = obj
            else:
                md = dict(obj.get("metadata") or {})
                if info.namespaced:
                    md["namespace"] = namespace
                obj["metadata"] = md
                try:
                    result = inv.api.update(obj, dry_run=(mode == "server"), user="kubectl", resource=info)
                except APIError as exc:
                    raise _with_source(exc, "replacing", doc.source) if exc.reason != "Invalid" else exc from None
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        if output:
            inv.out.out(printing.format_objects(inv, [result], output, single=True))
        else:
            inv.print(f"{kind_slash_name(info, name)} replaced{dry_run_suffix(mode)}")
    return 1 if failed else 0


def _force(inv: Invocation, info, namespace: str, name: str, obj: dict, source: str, mode: str) -> dict:
    """Delete (if there), wait until gone, create."""
    grace = inv.flags.get("grace-period")
    cascade = (inv.flags.get("cascade") or "background").lower()
    if cascade not in _PROPAGATION:
        raise CommandError(f'invalid cascade value ({inv.flags["cascade"]}). Must be "background", '
                           f'"foreground", or "orphan"')
    if mode == "none" and inv.api.peek(info, name, namespace) is not None:
        inv.api.delete(info, name, namespace, propagation=_PROPAGATION[cascade],
                       grace_period=None if grace is None or grace < 0 else grace, user="kubectl")
        inv.print(f'{info.singular}{"." + info.group if info.group else ""} "{name}" deleted')

        def gone() -> bool:
            return inv.api.peek(info, name, namespace) is None

        if not gone():
            inv.cluster.wait_until(gone, 3600)
    if mode == "client":
        return obj
    try:
        return inv.api.create(obj, namespace or None, dry_run=(mode == "server"), user="kubectl")
    except APIError as exc:
        raise _with_source(exc, "replacing", source) from None
