"""``kubectl get``: list or fetch objects and print them as a table or in an ``-o`` format
(``-w``/``--watch-only``: :mod:`.get_watch`).

The table's columns come from the API server's Table conversion (:mod:`k8scourse.apiserver.tables`),
as they do for real kubectl; kubectl adds NAMESPACE for ``-A``, LABELS for ``--show-labels``, label
columns for ``-L`` and sorts for ``--sort-by``. An empty list prints ``No resources found in
<ns> namespace.`` on standard error; a missing named object is ``Error from server (NotFound)``
and exit code 1, printed after whatever was found.
"""

from __future__ import annotations

from ...errors import APIError
from ..printers.gofmt import go_quote
from ..flags import Flag
from . import printing
from .command import CommandError, Invocation, RawError, no_resources_message, parse_resource_args
from . import raw

GET_FLAGS = (
    Flag("output", "o", "string", "", "Output format."),
    Flag("raw", "", "string", "", "Raw URI to request from the server."),
    Flag("template", "", "string", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("field-selector", "", "string", "", "Selector (field query) to filter on."),
    Flag("all-namespaces", "A", "bool", False, "List the requested object(s) across all namespaces."),
    Flag("show-labels", "", "bool", False, "Show all labels as the last column."),
    Flag("label-columns", "L", "stringSlice", [], "Labels to present as columns."),
    Flag("sort-by", "", "string", "", "Sort list types using this field specification."),
    Flag("no-headers", "", "bool", False, "Don't print headers."),
    Flag("filename", "f", "stringSlice", [], "Files identifying the resources to get."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("ignore-not-found", "", "bool", False, "Treat \"resource not found\" as a successful retrieval."),
    Flag("show-kind", "", "bool", False, "List the resource type for the requested object(s)."),
    Flag("watch", "w", "bool", False, "After listing/getting the requested object, watch for changes."),
    Flag("watch-only", "", "bool", False, "Watch for changes to the requested object(s), without listing/getting first."),
    Flag("chunk-size", "", "int", 500, "Return large lists in chunks."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
)

_MISSING_TYPE = ("You must specify the type of resource to get. Use \"kubectl api-resources\" for a "
                 "complete list of supported resources.\n\nerror: Required resource not specified.\n"
                 "Use \"kubectl explain <resource>\" for a detailed description of that resource "
                 "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples")


def _listing_error(exc: APIError, info, labels: str, fields: str) -> APIError:
    """kubectl rewords a list's BadRequest/NotFound (still an error from the server): it names the
    resource (``/v1, Resource=pods``) and the selectors."""
    if exc.reason not in ("BadRequest", "NotFound"):
        return exc
    resource = go_quote(f"{info.group}/{info.version}, Resource={info.plural}")
    if not labels and not fields:
        message = f"Unable to list {resource}: {exc.message}"
    else:
        message = (f"Unable to find {resource} that match label selector {go_quote(labels)}, "
                   f"field selector {go_quote(fields)}: {exc.message}")
    return APIError(exc.reason, exc.code, message, kind=exc.details.get("kind", ""),
                    name=exc.details.get("name", ""), group=exc.details.get("group", ""))


def _targets(inv: Invocation):
    """[(info, names or None)] from positional arguments or -f manifests."""
    if inv.flags.get("filename"):
        from .apply import load_documents, resolve_document
        groups: list = []
        for doc in load_documents(inv):
            info, namespace, name = resolve_document(inv, doc)
            groups.append((info, [name], namespace))
        return groups
    groups = parse_resource_args(inv.api, inv.args)
    if not groups:
        raise RawError(_MISSING_TYPE)
    return [(info, names or None, None) for info, names in groups]


def run_get(inv: Invocation) -> int:
    if inv.flags.get("raw"):
        return raw.run(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output, allow_wide=True)
    all_ns = bool(inv.flags.get("all-namespaces"))
    targets = _targets(inv)
    if inv.flags.get("watch") or inv.flags.get("watch-only"):
        from .get_watch import run_watch
        return run_watch(inv, targets, all_ns)
    errors: list[Exception] = []
    found: list[tuple] = []        # (info, [objects])
    asked_by_name = False
    for info, names, namespace in targets:
        ns = namespace if namespace is not None else inv.namespace
        if names:
            asked_by_name = True
            objs = []
            for name in names:
                try:
                    objs.append(inv.api.get(info, name, ns))
                except APIError as exc:
                    if not (exc.reason == "NotFound" and inv.flags.get("ignore-not-found")):
                        errors.append(exc)
            found.append((info, objs))
        else:
            labels, fields = inv.flags.get("selector") or "", inv.flags.get("field-selector") or ""
            try:
                listed = inv.api.list(info, None if all_ns else ns, labels, fields)
            except APIError as exc:
                raise _listing_error(exc, info, labels, fields) from None
            found.append((info, listed["items"]))
    sort_by = inv.flags.get("sort-by") or ""
    if sort_by:
        import k8scourse.cli.printers as printers
        try:
            found = [(info, printers.sort_objects(objs, sort_by)) for info, objs in found]
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    everything = [o for _, objs in found for o in objs]
    if output and output != "wide":
        single = asked_by_name and len(targets) == 1 and len(targets[0][1] or []) == 1 and not errors
        if everything or not asked_by_name:
            if everything or output.startswith(("yaml", "json")):
                inv.out.out(printing.format_objects(inv, everything, output, single=single and bool(everything)))
    else:
        _print_tables(inv, found, all_ns, output == "wide", len(targets))
    if not everything and not errors and not asked_by_name and not inv.flags.get("ignore-not-found") \
            and (not output or output == "wide"):
        inv.warn(no_resources_message(inv, all_ns, found[0][0] if len(found) == 1 else None).rstrip("\n"))
    for exc in errors:
        inv.error_line(exc)
    return 1 if errors else 0


def _print_tables(inv: Invocation, found, all_ns: bool, wide: bool, n_targets: int) -> None:
    from ...apiserver.tables import to_table
    import k8scourse.cli.printers as printers

    non_empty = [(info, objs) for info, objs in found if objs]
    prefix = inv.flags.get("show-kind") or len(non_empty) > 1 or (
        n_targets > 1 and len({info for info, _ in found}) > 1)
    blocks = []
    for info, objs in non_empty:
        table = to_table(info, objs, inv.now_unix_ms())
        blocks.append(printers.print_table(
            table, wide=wide, no_headers=bool(inv.flags.get("no-headers")),
            show_labels=bool(inv.flags.get("show-labels")),
            label_columns=list(inv.flags.get("label-columns") or []),
            with_namespace=all_ns and info.namespaced,
            sort_by="", with_kind_prefix=(info if prefix else None)))
    if blocks:
        inv.out.out("\n".join(blocks))
