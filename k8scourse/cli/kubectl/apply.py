"""``kubectl apply`` and ``kubectl create -f``: objects from manifests into the cluster.

``apply`` is client-side apply, as kubectl does it by default: an object that does not exist yet
is created with the manifest stored in the ``kubectl.kubernetes.io/last-applied-configuration``
annotation; an existing one is patched with a three-way strategic merge patch computed from the
last-applied configuration, the new manifest and the live object — fields the manifest no longer
has are removed, fields others set (defaults, status, a controller's changes) are kept. Printed:
``pod/web created``, ``… configured`` or ``… unchanged`` (plus `` (dry run)`` /
`` (server dry run)``). Each object is handled on its own: one failing does not stop the others,
but the exit code is then 1. ``--prune`` then deletes what an earlier apply made and the manifests
no longer have (:mod:`.prune`).
"""

from __future__ import annotations

import json
from typing import Iterator

from ... import defaults
from ...api.objects import copy_json
from ...apiserver.patch import MERGE_KEYS, _port_key
from ...errors import APIError
from ..flags import Flag
from . import csa_upgrade, klog, printing, prune
from .command import CommandError, Invocation, kind_slash_name
from . import record
from .record import cause_of
from .manifests import Document, parse_documents, read_sources

# The manifest flags apply and create -f share.
MANIFEST_FLAGS = (
    Flag("filename", "f", "stringSlice", [], "The files that contain the configurations to apply."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".",
         no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("validate", "", "string", "strict", "Field validation: strict, warn or ignore.",
         no_value="strict"),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("field-manager", "", "string", "kubectl-client-side-apply", "Name of the manager."),
)
APPLY_FLAGS = MANIFEST_FLAGS + (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("force", "", "bool", False, "Delete and re-create the resource when needed."),
    Flag("server-side", "", "bool", False, "Apply runs in the server instead of the client."),
    Flag("force-conflicts", "", "bool", False, "If true, server-side apply will force the changes against conflicts."),
    Flag("overwrite", "", "bool", True, "Automatically resolve conflicts."),
    Flag("prune", "", "bool", False, "Automatically delete resource objects, that do not appear in the configs "
         "and are created by either apply or create --save-config. Should be used with either -l or --all."),
    Flag("all", "", "bool", False, "Select all resources in the namespace of the specified resource types."),
    Flag("prune-allowlist", "", "stringArray", [], "Overwrite the default allowlist with <group/version/kind> "
         "for --prune"),
    Flag("wait", "", "bool", False, "Wait for resources to be gone before returning (with --prune)."),
)


def dry_run_mode(inv: Invocation) -> str:
    mode = inv.flags.get("dry-run") or "none"
    if mode == "unchanged":
        # a bare --dry-run still means client (kubectl 1.32 warns once)
        if not getattr(inv, "_dry_run_warned", False):
            inv.warn(klog.line(inv.now_unix_ms(), "helpers.go:702", "W",
                               "--dry-run is deprecated and can be replaced with --dry-run=client."))
            inv._dry_run_warned = True
        return "client"
    if mode not in ("none", "client", "server"):
        raise CommandError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    return mode


def dry_run_suffix(mode: str) -> str:
    return {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")


def load_documents(inv: Invocation) -> Iterator[Document]:
    """The ``-f`` documents, one at a time (a broken document raises when the stream reaches it)."""
    files = inv.flags.get("filename") or []
    if not files:
        raise CommandError("must specify one of -f and -k")
    selector = inv.flags.get("selector")
    sel = None
    if selector:
        from ...api.labels import parse_selector
        sel = parse_selector(selector)
    found = False
    for source in read_sources(files, inv.flags.get("recursive", False), inv.stdin, cwd=inv.extra.get("cwd")):
        for doc in parse_documents(source):
            found = True
            if sel is None or sel.matches((doc.object.get("metadata") or {}).get("labels") or {}):
                yield doc
    if not found:
        raise CommandError("no objects passed to " + inv.command)


_JSON_TYPES = {str: "string", int: "number", float: "number", bool: "bool", list: "array"}


# ObjectMeta's plainly typed fields, as kubectl's builder decodes them before anything is sent:
# field -> Go type ("string", "map[string]string", "[]string").
_OBJECT_META_TYPES = {"annotations": "map[string]string", "finalizers": "[]string", "generateName": "string",
                      "labels": "map[string]string", "name": "string", "namespace": "string",
                      "resourceVersion": "string", "uid": "string"}


def _object_meta_type_error(metadata: dict) -> str | None:
    """Go's ``UnmarshalTypeError`` text for the first mistyped ObjectMeta field (fields in the sorted
    order sigs.k8s.io/yaml's conversion gives them), or None."""
    def json_type(value) -> str:
        return "object" if isinstance(value, dict) else _JSON_TYPES.get(type(value), "value")

    for field in sorted(metadata):
        go_type, value = _OBJECT_META_TYPES.get(field), metadata[field]
        if go_type is None or value is None:
            continue
        where = f"Go struct field ObjectMeta.metadata.{field} of type"
        if go_type == "string" and not isinstance(value, str):
            return f"{json_type(value)} into {where} string"
        if go_type == "map[string]string":
            if not isinstance(value, dict):
                return f"{json_type(value)} into {where} {go_type}"
            for key in sorted(value, key=str):
                if value[key] is not None and not isinstance(value[key], str):
                    return f"{json_type(value[key])} into {where} string"
        if go_type == "[]string":
            if not isinstance(value, list):
                return f"{json_type(value)} into {where} {go_type}"
            for item in value:
                if item is not None and not isinstance(item, str):
                    return f"{json_type(item)} into {where} string"
    return None


def resolve_document(inv: Invocation, doc: Document):
    """Kind, namespace and name of a manifest, or the mapping error kubectl prints."""
    obj = doc.object
    metadata = obj.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise CommandError(
            f'unable to decode "{doc.source}": json: cannot unmarshal {_JSON_TYPES.get(type(metadata), "value")} '
            f'into Go struct field {obj.get("kind")}.metadata of type v1.ObjectMeta')
    wrong = _object_meta_type_error(metadata or {})
    if wrong is not None:
        raise CommandError(f'unable to decode "{doc.source}": json: cannot unmarshal {wrong}')
    api_version, kind = obj.get("apiVersion") or "", obj.get("kind") or ""
    name = (obj.get("metadata") or {}).get("name") or ""
    info = inv.api.registry.for_kind(api_version, kind)
    obj_ns = (obj.get("metadata") or {}).get("namespace") or ""
    if info is None:
        raise CommandError(
            f'resource mapping not found for name: "{name}" namespace: "{obj_ns}" from "{doc.source}": '
            f'no matches for kind "{kind}" in version "{api_version}"\nensure CRDs are installed first')
    namespace = ""
    if info.namespaced:
        if obj_ns and inv.explicit_namespace and obj_ns != inv.namespace:
            raise CommandError(
                f'the namespace from the provided object "{obj_ns}" does not match the namespace '
                f'"{inv.namespace}". You must pass \'--namespace={obj_ns}\' to perform this operation.')
        namespace = obj_ns or inv.namespace
    return info, namespace, name


def _with_source(exc: APIError, verb: str, source: str) -> APIError:
    """kubectl's AddSourceToErr: ``error when creating "pod.yaml": …``."""
    wrapped = APIError(exc.reason, exc.code, f'error when {verb} "{source}": {exc.message}')
    wrapped.details = exc.details
    return wrapped


def run_apply(inv: Invocation) -> int:
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    prune_kinds = prune.check(inv)
    failed = False
    results = []
    applied: set[tuple[str, str, str]] = set()
    cause = cause_of(inv)
    for doc in load_documents(inv):
        try:
            info, namespace, name = resolve_document(inv, doc)
            record.annotate(doc.object, cause)      # before the last-applied configuration is made
            if inv.flags.get("server-side"):
                obj, verb = apply_server_side(inv, info, namespace, doc, mode)
            else:
                obj, verb = apply_one(inv, info, namespace, doc, mode)
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        applied.add((info.kind, namespace if info.namespaced else "", obj["metadata"]["name"]))
        if output:
            results.append(obj)
        else:
            inv.print(f"{kind_slash_name(info, obj['metadata']['name'])} {verb}{dry_run_suffix(mode)}")
    if prune_kinds is not None and not failed:      # kubectl prunes only after every object applied
        results += prune.prune(inv, prune_kinds, applied, mode, dry_run_suffix(mode))
    if output and results:
        inv.out.out(printing.format_objects(inv, results, output))
    return 1 if failed else 0


# kubectl's words after a server-side apply conflict (apply.go), printed after the server's message.
_CONFLICT_HELP = """
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""


def apply_server_side(inv: Invocation, info, namespace: str, doc: Document, mode: str, *,
                      upgrade: bool = True) -> tuple[dict, str]:
    """``kubectl apply --server-side``: the manifest is sent as the applied configuration
    (:mod:`k8scourse.apiserver.apply`); the default field manager is ``kubectl``. ``upgrade``: then
    move an object's client-side managers to the applier (:mod:`.csa_upgrade`; ``kubectl diff``
    does not)."""
    from ...apiserver.apply import server_side_apply
    if mode == "client":
        raise CommandError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    manager = inv.flags.get("field-manager") or "kubectl"
    if manager == "kubectl-client-side-apply":
        manager = "kubectl"
    manifest = copy_json(doc.object)
    name = (manifest.get("metadata") or {}).get("name") or ""
    if info.namespaced and isinstance(manifest.get("metadata"), dict):
        manifest["metadata"]["namespace"] = namespace     # kubectl sends the object in its namespace
    force, dry_run = bool(inv.flags.get("force-conflicts")), mode == "server"
    try:
        obj, _created = server_side_apply(inv.api, info, namespace, name, copy_json(manifest), manager=manager,
                                          force=force, dry_run=dry_run, user="kubectl")
    except APIError as exc:
        if exc.reason == "Conflict" and exc.message.startswith("Apply failed"):
            raise CommandError(exc.message + _CONFLICT_HELP) from None
        raise _with_source(exc, "patching", doc.source) from None
    if not upgrade:
        return obj, "serverside-applied"
    # an object client-side applied before: its client-side managers move to the applier
    try:
        obj = csa_upgrade.save_last_applied(inv.api, info, namespace, name, obj, manager=manager,
                                            dry_run=dry_run, apply=server_side_apply)
    except APIError as exc:
        inv.warn(csa_upgrade.WARN_LAST_APPLIED.format(exc.message))
        return obj, "serverside-applied"
    try:
        obj, migrated = csa_upgrade.migrate(inv.api, info, namespace, name, obj, manager=manager, dry_run=dry_run)
    except APIError as exc:
        inv.warn(csa_upgrade.WARN_PATCH.format(exc.message))
        return obj, "serverside-applied"
    if migrated:
        try:
            obj, _created = server_side_apply(inv.api, info, namespace, name, copy_json(manifest), manager=manager,
                                              force=force, dry_run=dry_run, user="kubectl")
        except APIError as exc:
            inv.warn(csa_upgrade.WARN_REAPPLY.format(exc.message))
    return obj, "serverside-applied"


def _last_applied(obj: dict) -> str:
    """The annotation value: the manifest as compact JSON with sorted keys, plus a newline."""
    return json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n"


def apply_one(inv: Invocation, info, namespace: str, doc: Document, mode: str) -> tuple[dict, str]:
    manifest = copy_json(doc.object)
    if manifest.get("metadata") is None:
        manifest["metadata"] = {}
    md = manifest["metadata"]
    if info.namespaced:
        md["namespace"] = namespace
    if not md.get("name"):
        gv = f"{info.group}/{info.version}"        # Go's GroupVersionResource/Kind strings: "/v1" for core
        raise CommandError(f'error when retrieving current configuration of:\nResource: '
                           f'"{gv}, Resource={info.plural}", GroupVersionKind: "{gv}, '
                           f'Kind={info.kind}"\nName: "", Namespace: "{namespace}"\nfrom server for: '
                           f'"{doc.source}": resource name may not be empty')
    annotated = copy_json(manifest)
    if not annotated["metadata"].get("annotations"):
        annotated["metadata"]["annotations"] = {}
    annotations = annotated["metadata"]["annotations"]
    # kubectl stores the manifest as sent: namespace filled in, an (often empty) annotations map.
    stored_manifest = copy_json(manifest)
    if not stored_manifest["metadata"].get("annotations"):          # absent or null: an empty map
        stored_manifest["metadata"]["annotations"] = {}
    stored_manifest["metadata"]["annotations"].pop(defaults.LAST_APPLIED_ANNOTATION, None)
    annotations[defaults.LAST_APPLIED_ANNOTATION] = _last_applied(stored_manifest)
    # a name that is not a string is the server's to refuse (its decode error), never a lookup key
    live = inv.api.peek(info, md["name"], namespace) if isinstance(md["name"], str) else None
    if live is None:
        if mode == "client":
            return annotated, "created"
        try:
            created = inv.api.create(annotated, namespace, dry_run=(mode == "server"), user="kubectl")
        except APIError as exc:
            raise _with_source(exc, "creating", doc.source) from None
        return created, "created"
    live = copy_json(live)
    original_text = ((live.get("metadata") or {}).get("annotations") or {}).get(defaults.LAST_APPLIED_ANNOTATION)
    if mode == "client":
        # kubectl computes no patch on a client dry run: the live object is what it shows, "configured"
        return live, "configured"
    if original_text is None:
        inv.warn(f"Warning: resource {info.plural}/{md['name']} is missing the "
                 f"{defaults.LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply "
                 f"should only be used on resources created declaratively by either kubectl create --save-config "
                 f"or kubectl apply. The missing annotation will be patched automatically.")
    original = json.loads(original_text) if original_text else {}
    patch = three_way_patch(original, annotated, live)
    if not patch:
        return live, "unchanged"
    try:
        updated = inv.api.patch(info, md["name"], namespace, patch, "strategic",
                                dry_run=(mode == "server"), user="kubectl")
    except APIError as exc:
        # the patcher's error shows the patch and the target (a conflict after its retries with a
        # fresh GET, a patch the server refuses…)
        from ..printers.gofmt import go_json
        exc = _with_source(exc, "patching", doc.source)
        gv = f"{info.group}/{info.version}"        # Go's GroupVersion strings: "/v1" for core
        raise _with_source(exc, f'applying patch:\n{go_json(patch)}\nto:\nResource: "{gv}, '
                                f'Resource={info.plural}", GroupVersionKind: "{gv}, '
                                f'Kind={info.kind}"\nName: "{md["name"]}", Namespace: "{namespace}"\nfor:',
                           doc.source) from None
    return updated, "configured"


# ----------------------------------------------------------------------------- three-way merge
def three_way_patch(original, modified, current, field: str = ""):
    """The strategic merge patch that turns ``current`` into ``modified``, deleting what the
    previous manifest (``original``) had and the new one dropped. Empty dict = nothing to do."""
    patch: dict = {}
    original = original if isinstance(original, dict) else {}
    current = current if isinstance(current, dict) else {}
    for key, value in modified.items():
        if key == "status":
            continue
        cur = current.get(key)
        if isinstance(value, dict) and isinstance(cur, dict):
            sub = three_way_patch(original.get(key), value, cur, key)
            if sub:
                patch[key] = sub
        elif isinstance(value, list) and isinstance(cur, list) and key in MERGE_KEYS \
                and all(isinstance(v, dict) for v in value + cur):
            sub_list = _list_patch(original.get(key), value, cur, key)
            if sub_list is not None:
                patch[key] = sub_list
        elif value != cur:
            patch[key] = copy_json(value)
    for key in original:
        if key not in modified and key in current and key != "status":
            patch[key] = None
    return patch


def _list_patch(original, modified: list, current: list, field: str):
    key = MERGE_KEYS[field] or _port_key(modified + current)
    original = original if isinstance(original, list) else []
    by_key = {c.get(key): c for c in current}
    items = []
    changed = False
    for item in modified:
        live = by_key.get(item.get(key))
        prev = next((o for o in original if isinstance(o, dict) and o.get(key) == item.get(key)), None)
        if live is None:
            items.append(copy_json(item))
            changed = True
            continue
        sub = three_way_patch(prev, item, live, field)
        if sub:
            sub[key] = item.get(key)
            items.append(sub)
            changed = True
    modified_keys = {m.get(key) for m in modified}
    for prev in original:
        if isinstance(prev, dict) and prev.get(key) not in modified_keys and prev.get(key) in by_key:
            items.append({key: prev.get(key), "$patch": "delete"})
            changed = True
    order_differs = [m.get(key) for m in modified] != [c.get(key) for c in current
                                                       if c.get(key) in modified_keys]
    if not changed and not order_differs:
        return None
    return items if changed else None
