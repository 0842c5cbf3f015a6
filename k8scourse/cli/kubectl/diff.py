"""``kubectl diff -f``: what ``kubectl apply`` would change, as a unified diff.

kubectl writes each object twice as YAML — the live one into a ``LIVE-…`` folder, the one a
server-side dry run of the apply returns into a ``MERGED-…`` folder, both named
``<group>.<version>.<Kind>.<namespace>.<name>`` without ``managedFields`` — and runs
``diff -u -N`` on the two folders. The exit code is diff's: 0 when nothing would change, 1 when
something would, 2 (or more) on an error. The simulator builds the same two texts and prints the
same unified diff; the folder numbers and file times come from the simulated clock.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> cm = "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: app}\\ndata: {colour: blue}\\n"
>>> _ = c.apply(cm, echo=False)
>>> r = c.kubectl("diff -f -", stdin=cm.replace("blue", "green"), echo=False)
>>> r.exit_code, [line for line in r.stdout.splitlines() if line[:1] in "+-" and "colour" in line]
(1, ['-  colour: blue', '+  colour: green'])
>>> c.kubectl("diff -f -", stdin=cm, echo=False).exit_code
0
"""

from __future__ import annotations

import difflib
import json
import time

from ... import defaults
from ...api.objects import copy_json
from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import _with_source, apply_server_side, load_documents, resolve_document, three_way_patch
from .command import CommandError, Invocation

DIFF_FLAGS = (
    Flag("filename", "f", "stringSlice", [], "Filename, directory, or URL to files contains the configuration to diff."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("server-side", "", "bool", False, "If true, apply runs in the server instead of the client."),
    Flag("force-conflicts", "", "bool", False, "If true, server-side apply will force the changes against conflicts."),
    Flag("field-manager", "", "string", "kubectl-client-side-apply", "Name of the manager used to track field ownership."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("show-managed-fields", "", "bool", False, "If true, include managed fields in the diff."),
    Flag("prune", "", "bool", False, "Include resources that would be deleted by pruning (not modelled)."),
    Flag("concurrency", "", "int", 1, "Number of objects to process in parallel when diffing against the live version."),
)


class DiffError(CommandError):
    """kubectl diff's errors exit with 2 (1 means "differences found")."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=2)


def _file_name(info, namespace: str, name: str) -> str:
    return f"{info.group + '.' if info.group else ''}{info.version}.{info.kind}.{namespace}.{name}"


def _merged(inv: Invocation, info, namespace: str, name: str, doc) -> tuple[dict | None, dict]:
    """(live object or None, what applying the manifest would make of it)."""
    live = inv.api.peek(info, name, namespace)
    if inv.flags.get("server-side"):
        merged, _ = apply_server_side(inv, info, namespace, doc, "server", upgrade=False)
        return live, merged
    manifest = copy_json(doc.object)
    manifest.setdefault("metadata", {})
    if info.namespaced:
        manifest["metadata"]["namespace"] = namespace
    if live is None:
        try:
            return None, inv.api.create(manifest, namespace or None, dry_run=True, user="kubectl")
        except APIError as exc:
            raise _with_source(exc, "creating", doc.source) from None
    live = copy_json(live)
    # kubectl's modified configuration without the last-applied annotation: an (empty) annotations map
    annotations = manifest["metadata"].setdefault("annotations", {})
    if isinstance(annotations, dict):
        annotations.pop(defaults.LAST_APPLIED_ANNOTATION, None)
    original_text = ((live.get("metadata") or {}).get("annotations") or {}).get(defaults.LAST_APPLIED_ANNOTATION)
    original = json.loads(original_text) if original_text else {}
    patch = three_way_patch(original, manifest, live)
    if not patch:
        return live, live
    try:
        return live, inv.api.patch(info, name, namespace, patch, "strategic", dry_run=True, user="kubectl")
    except APIError as exc:
        raise _with_source(exc, "patching", doc.source) from None


def _yaml(inv: Invocation, obj: dict | None) -> str:
    return printing.format_objects(inv, [obj], "yaml", single=True) if obj is not None else ""


def _stamp(unix_ms: int) -> str:
    """A file time as GNU diff prints it: ``2026-03-02 09:00:30.000000000 +0000``."""
    seconds, ms = divmod(unix_ms, 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + f".{ms:03d}000000 +0000"


def unified(live_text: str, merged_text: str, live_path: str, merged_path: str, stamp: str) -> str:
    """``diff -u -N`` of two files ('' when they are the same)."""
    if live_text == merged_text:
        return ""
    lines = list(difflib.unified_diff(live_text.splitlines(keepends=True), merged_text.splitlines(keepends=True),
                                      live_path, merged_path, stamp, stamp))
    return f"diff -u -N {live_path} {merged_path}\n" + "".join(lines)


def run_diff(inv: Invocation) -> int:
    if not inv.flags.get("filename"):
        raise DiffError("must specify one of -f and -k")
    if inv.flags.get("prune"):
        raise DiffError("kubectl diff --prune is not modelled by the simulator")
    files: list[tuple[str, str, str]] = []
    try:
        docs = list(load_documents(inv))
    except CommandError as exc:
        raise DiffError(str(exc)) from None
    for doc in docs:
        try:
            info, namespace, name = resolve_document(inv, doc)
            live, merged = _merged(inv, info, namespace, name, doc)
        except APIError as exc:
            inv.error_line(exc)
            return 2
        except CommandError as exc:
            inv.error_line(exc)
            return 2
        files.append((_file_name(info, namespace, name), _yaml(inv, live), _yaml(inv, merged)))
    now = inv.now_unix_ms()
    # kubectl's folders get random suffixes; the simulator's come from its clock (deterministic)
    live_dir, merged_dir = f"/tmp/LIVE-{now % 4294967291}", f"/tmp/MERGED-{(now * 7) % 4294967291}"
    text = "".join(unified(live, merged, f"{live_dir}/{name}", f"{merged_dir}/{name}", _stamp(now))
                   for name, live, merged in sorted(files))
    inv.out.out(text)
    return 1 if text else 0
