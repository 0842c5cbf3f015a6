"""``kubectl edit``: the live object as YAML in an editor; what is saved is patched back.

Outside a notebook the editor is the program ``KUBE_EDITOR`` (else ``EDITOR``, else ``vi``) names,
run on a temporary file as kubectl runs it (through ``sh -c`` when the setting has arguments). The
file starts with kubectl's header comment; after the editor exits the comments are dropped and:

* nothing changed → ``Edit cancelled, no changes made.``; an empty file → ``Edit cancelled, saved
  file was empty.``;
* a file that does not parse (or holds no object) → ``error: configmaps "app" is invalid`` and the
  editor opens again with the reasons in the header; saving it unchanged gives up
  (``A copy of your changes has been stored to "/tmp/kubectl-edit-….yaml"``, then ``error: Edit
  cancelled, no valid changes were saved.``);
* a changed ``apiVersion``, ``kind`` or ``name`` → ``error: At least one of apiVersion, kind and
  name was changed``;
* otherwise each object is patched (a two-way strategic merge patch from the original):
  ``deployment.apps/web edited`` (or ``… skipped`` when it did not change). An object the API
  server finds invalid reopens the editor; any other failure suggests ``kubectl replace -f FILE``.

In a notebook, :mod:`k8scourse.widgets` registers :func:`set_notebook_editor`: ``%kubectl edit
deploy/x`` then shows the manifest editor with the same text, and its Save button applies the
edit through :func:`save_edit` (the same rules, without reopening anything).

>>> import os
>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("create configmap app --from-literal=colour=blue", echo=False)
>>> os.environ["KUBE_EDITOR"] = "sed -i s/blue/red/"
>>> print(c.kubectl("edit configmap app", echo=False), end="")
configmap/app edited
>>> del os.environ["KUBE_EDITOR"]
>>> c.get("configmap", "app")["data"]
{'colour': 'red'}
>>> print(HEADER, end="")
# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from typing import Callable

import yaml

from ... import defaults
from ...api.objects import copy_json
from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import load_documents, resolve_document, three_way_patch
from .command import CommandError, Invocation, RawError, kind_slash_name, parse_resource_args
from . import record
from .record import cause_of

EDIT_FLAGS = (
    Flag("output", "o", "string", "yaml", "Output format. One of: (json, yaml)."),
    Flag("filename", "f", "stringSlice", [], "Filename, directory, or URL to files to use to edit the resource"),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("save-config", "", "bool", False, "Save the configuration of the current object in its annotation."),
    Flag("validate", "", "string", "strict", "Field validation: strict, warn or ignore.", no_value="strict"),
    Flag("windows-line-endings", "", "bool", False, "Defaults to the line ending native to your platform."),
    Flag("field-manager", "", "string", "kubectl-edit", "Name of the manager used to track field ownership."),
    Flag("subresource", "", "string", "", "If specified, edit will operate on the subresource of the requested object."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects."),
)

HEADER = """# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
"""

# A notebook front end's editor: hook(title, text, save) shows ``text``; ``save(new_text)`` applies
# it and returns (message, ok). Registered by k8scourse.widgets; the engine never imports widgets.
_NOTEBOOK_EDITOR: list[Callable] = []


def set_notebook_editor(hook: Callable | None) -> None:
    """Register (or with None remove) the notebook's editor for ``kubectl edit``."""
    _NOTEBOOK_EDITOR.clear()
    if hook is not None:
        _NOTEBOOK_EDITOR.append(hook)


def strip_comments(text: str) -> str:
    """The text without its ``#`` comment lines (kubectl compares edits without them)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#"))


def _header(reasons: list[tuple[str, list[str]]]) -> str:
    out = [HEADER]
    for head, other in reasons:
        out.append(f"# {head}{':' if other else ''}\n")
        out.extend(f"# * {line}\n" for line in other)
        out.append("#\n")
    return "".join(out)


def _resource_string(info) -> str:
    return f"{info.plural}.{info.group}" if info.group else info.plural


class _Outcome:
    def __init__(self) -> None:
        self.invalid: list[tuple[str, list[str]]] = []
        self.retryable = 0
        self.messages: list[tuple[str, str]] = []     # (stream, text)


def _editor_argv(path: str) -> list[str]:
    editor = os.environ.get("KUBE_EDITOR") or os.environ.get("EDITOR") or "vi"
    if " " in editor.strip():
        return ["sh", "-c", f"{editor} {shlex.quote(path)}"]
    return [editor, path]


def _temp_path(inv: Invocation) -> str:
    base = inv.now_unix_ms() % 4294967291
    folder = os.environ.get("TMPDIR") or "/tmp"       # Go's os.TempDir, as kubectl uses it
    while os.path.exists(os.path.join(folder, f"kubectl-edit-{base}.yaml")):
        base += 1
    return os.path.join(folder, f"kubectl-edit-{base}.yaml")


def _objects(inv: Invocation) -> list[tuple]:
    if inv.flags.get("filename"):
        if inv.args:
            raise CommandError("resource/name arguments cannot be provided when a path is specified")
        # -f names the objects to edit; the editor gets their live state, not the file's
        found = []
        for doc in load_documents(inv):
            info, namespace, name = resolve_document(inv, doc)
            found.append((info, inv.api.get(info, name, namespace if info.namespaced else "")))
        return found
    groups = parse_resource_args(inv.api, inv.args)
    if not groups:
        raise CommandError("You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                           "   '<resource>'")
    found = []
    for info, names in groups:
        if not names:
            listed = inv.api.list(info, inv.namespace if info.namespaced else None)["items"]
            names = [o["metadata"]["name"] for o in listed]
        for name in names:
            found.append((info, inv.api.get(info, name, inv.namespace if info.namespaced else "")))
    return found


def _document(inv: Invocation, objects: list[tuple]) -> str:
    items = [printing._without_managed_fields(o) if not inv.flags.get("show-managed-fields") else o
             for _, o in objects]
    subject = items[0] if len(items) == 1 else {"apiVersion": "v1", "items": items, "kind": "List",
                                                 "metadata": {"resourceVersion": ""}}
    return printing.format_objects(inv, [subject], inv.flags.get("output") or "yaml", single=True)


def _parse(text: str):
    """The edited objects, or None when the text is no object kubectl could validate."""
    try:
        doc = yaml.safe_load(strip_comments(text))
    except yaml.YAMLError:
        return None
    if not isinstance(doc, dict) or not doc.get("kind"):
        return None
    if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
        return [d for d in doc["items"] if isinstance(d, dict)]
    return [doc]


def _apply(inv: Invocation, objects: list[tuple], edited: list[dict], outcome: _Outcome) -> None:
    """Patch each edited object (two-way strategic merge patch from what was shown)."""
    for (info, original), new in zip(objects, edited):
        name = original["metadata"]["name"]
        namespace = original["metadata"].get("namespace", "")
        shown = printing._without_managed_fields(original)
        new = copy_json(new)
        if inv.flags.get("save-config"):
            # --save-config: the edited object becomes the last-applied configuration
            bare = copy_json(new)
            (bare.setdefault("metadata", {}).get("annotations") or {}).pop(defaults.LAST_APPLIED_ANNOTATION, None)
            new.setdefault("metadata", {}).setdefault("annotations", {})[defaults.LAST_APPLIED_ANNOTATION] = \
                json.dumps(bare, separators=(",", ":"), sort_keys=True) + "\n"
        record.annotate(new, cause_of(inv))     # --record: after the last-applied configuration is made
        if new == shown:        # unchanged: "skipped", or the object as read under an explicit -o
            outcome.messages.append(("out", printing.format_objects(inv, [original], inv.flags["output"], single=True)
                                     if _output_given(inv) else f"{kind_slash_name(info, name)} skipped\n"))
            continue
        patch = three_way_patch(shown, new, shown)
        try:
            result = inv.api.patch(info, name, namespace, patch, "strategic", user="kubectl")
        except APIError as exc:
            resource = _resource_string(info)
            if exc.reason == "Invalid":
                causes = [f"{c.get('field', '')}: {c.get('message', '')}" for c in
                          ((exc.details or {}).get("causes") or []) if isinstance(c, dict)]
                outcome.invalid.append((f'{resource} "{name}" was not valid', causes))
                outcome.messages.append(("err", f'error: {resource} "{name}" is invalid\n'))
            elif exc.reason == "NotFound":
                outcome.messages.append(("err", f'error: {resource} "{name}" could not be found on the server\n'))
            else:
                outcome.retryable += 1
                outcome.messages.append(("err", f'error: {resource} "{name}" could not be patched: {exc.message}\n'))
            continue
        if _output_given(inv):     # an explicit -o prints the edited object instead of "edited"
            outcome.messages.append(("out", printing.format_objects(inv, [result], inv.flags["output"], single=True)))
            continue
        outcome.messages.append(("out", f"{kind_slash_name(info, name)} edited\n"))


def _output_given(inv: Invocation) -> bool:
    """Whether -o/--output was typed (its default, yaml, only chooses the editor's format)."""
    return any(w.startswith(("-o", "--output")) for w in inv.extra.get("argv") or [])


def _identity(obj: dict) -> tuple:
    return obj.get("apiVersion"), obj.get("kind"), (obj.get("metadata") or {}).get("name")


def save_edit(inv: Invocation, objects: list[tuple], text: str) -> tuple[str, bool]:
    """Apply one saved edit (the notebook editor's Save): (kubectl's words, whether it was applied)."""
    if strip_comments(text) == strip_comments(_document(inv, objects)):
        return "Edit cancelled, no changes made.\n", True
    edited = _parse(text)
    if edited is None:
        info, obj = objects[0]
        return f'error: {_resource_string(info)} "{obj["metadata"]["name"]}" is invalid\n', False
    if [_identity(e) for e in edited] != [_identity(printing._without_managed_fields(o)) for _, o in objects]:
        return "error: At least one of apiVersion, kind and name was changed\n", False
    outcome = _Outcome()
    _apply(inv, objects, edited, outcome)
    ok = not outcome.invalid and not outcome.retryable
    return "".join(text for _, text in outcome.messages), ok


def run_edit(inv: Invocation) -> int:
    output = inv.flags.get("output") or "yaml"
    if output not in ("yaml", "json"):
        raise CommandError(f'unable to match a printer suitable for the output format "{output}", '
                           f'allowed formats are: json,yaml')
    objects = _objects(inv)
    if _NOTEBOOK_EDITOR:
        title = ", ".join(kind_slash_name(info, o["metadata"]["name"]) for info, o in objects)
        _NOTEBOOK_EDITOR[0](title, HEADER + _document(inv, objects), lambda text: save_edit(inv, objects, text))
        return 0
    return _edit_loop(inv, objects)


def _launch(path: str, text: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    argv = _editor_argv(path)
    try:
        code = subprocess.run(argv, check=False).returncode
    except OSError:
        code = -1
    if code != 0:
        raise CommandError(f'there was a problem with the editor "{os.environ.get("KUBE_EDITOR") or os.environ.get("EDITOR") or "vi"}"')
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _preserved(inv: Invocation, path: str, message: str) -> RawError:
    inv.warn(f'A copy of your changes has been stored to "{path}"')
    return RawError(f"error: {message}")


def _edit_loop(inv: Invocation, objects: list[tuple]) -> int:
    original = _document(inv, objects)
    reasons: list[tuple[str, list[str]]] = []
    edited, retrying, path = "", False, ""
    for _ in range(defaults.EDIT_MAX_ROUNDS):
        body = strip_comments(edited) if retrying else original
        previous = edited
        path = path or _temp_path(inv)
        edited = _launch(path, _header(reasons) + body)
        if retrying and strip_comments(previous) == strip_comments(edited):
            raise _preserved(inv, path, "Edit cancelled, no valid changes were saved.")
        parsed = _parse(edited)
        if parsed is None:
            info, obj = objects[0]
            name = obj["metadata"]["name"]
            inv.warn(f'error: {_resource_string(info)} "{name}" is invalid')
            reasons = [(f'{_resource_string(info)} "{name}" was not valid', ["<nil>: Invalid value: \"The edited "
                                                                          "file failed validation\""])]
            retrying = True
            continue
        if strip_comments(original) == strip_comments(edited):
            os.remove(path)
            inv.warn("Edit cancelled, no changes made.")
            return 0
        if not strip_comments(edited).strip():
            os.remove(path)
            inv.warn("Edit cancelled, saved file was empty.")
            return 0
        if [_identity(e) for e in parsed] != [_identity(o) for _, o in objects]:
            raise _preserved(inv, path, "At least one of apiVersion, kind and name was changed")
        outcome = _Outcome()
        _apply(inv, objects, parsed, outcome)
        for stream, text in outcome.messages:
            (inv.out.out if stream == "out" else inv.out.err)(text)
        if outcome.retryable:
            inv.warn(f"You can run `kubectl replace -f {path}` to try this update again.")
            return 1
        if not outcome.invalid:
            os.remove(path)
            return 0
        reasons, retrying = outcome.invalid, True
        objects = [(info, inv.api.get(info, o["metadata"]["name"], o["metadata"].get("namespace", "")))
                   for info, o in objects]
    raise _preserved(inv, path, "Edit cancelled, no valid changes were saved.")
