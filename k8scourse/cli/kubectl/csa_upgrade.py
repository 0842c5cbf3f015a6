"""Moving an object from client-side to server-side apply (kubectl's ``csaupgrade``).

When ``kubectl apply --server-side`` has applied an object that an earlier ``kubectl apply`` (client
side) made, kubectl 1.32 sends up to three more requests, each only when needed:

1. with the default field manager (``kubectl``) and a live
   ``kubectl.kubernetes.io/last-applied-configuration`` annotation no ``Apply`` entry owns yet: a
   server-side apply of just that annotation (its current value) as the manager
   ``kubectl-last-applied``, so the annotation outlives the fields the client-side manager owned;
2. a JSON patch (``application/json-patch+json``) of ``metadata.managedFields``: every ``Update``
   manager that owns the annotation (``kubectl-client-side-apply``, ``kubectl-create`` after
   ``create --save-config``, …) is merged into the applier's ``Apply`` entry (or, without one,
   its most recent entry becomes it) and its entries go; the patch also replaces
   ``metadata.resourceVersion`` with the one read, so a write in between answers 409 Conflict and
   kubectl reads the object again and retries (5 times);
3. when the patch went through: the same server-side apply again, which now removes the fields the
   client-side manager owned and the manifest no longer has.

A failure of 1 or 2 is a warning (the apply itself succeeded); the answer printed is the last one.
With ``--dry-run=server`` every request is a dry run.

>>> fields = {"f:data": {".": {}, "f:a": {}}, "f:metadata": {"f:annotations": {".": {}, f"f:{LAST_APPLIED}": {}}}}
>>> entries = [{"manager": "kubectl", "operation": "Apply", "apiVersion": "v1", "time": "T2",
...             "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:b": {}}}},
...            {"manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "v1",
...             "time": "T1", "fieldsType": "FieldsV1", "fieldsV1": fields}]
>>> sorted(update_owners_of_last_applied(entries))
['kubectl-client-side-apply']
>>> [(e["manager"], e["operation"], e["time"], sorted(e["fieldsV1"]["f:data"])) for e in
...  upgraded(entries, {"kubectl-client-side-apply"}, "kubectl")]
[('kubectl', 'Apply', 'T2', ['.', 'f:a', 'f:b'])]
>>> upgraded(entries, {"nobody"}, "kubectl") == entries
True
"""

from __future__ import annotations

import json

from ... import defaults
from ...api.objects import copy_json
from ...apiserver import managed_fields
from ...errors import APIError

LAST_APPLIED = defaults.LAST_APPLIED_ANNOTATION
# The manager kubectl saves the last-applied annotation under (apply.go's fieldManagerLastAppliedAnnotation).
LAST_APPLIED_MANAGER = "kubectl-last-applied"
# How often kubectl retries the managedFields patch after a Conflict (apply.go's maxPatchRetry).
MAX_PATCH_RETRY = 5

# kubectl's warnings when a step after the apply fails (apply.go); the apply itself stands.
WARN_LAST_APPLIED = ("Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side "
                     "Apply. This is non-fatal and will be retried next time you apply. Error: {}")
WARN_PATCH = ("Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and "
              "will be retried next time you apply. Error: {}")
WARN_REAPPLY = ("Warning: failed to re-apply configuration after performing Server-Side Apply migration. This "
                "is non-fatal and will be retried next time you apply. Error: {}")


def _owns_last_applied(entry: dict) -> bool:
    fields = entry.get("fieldsV1") or {}
    annotations = (fields.get("f:metadata") or {}).get("f:annotations") or {}
    return f"f:{LAST_APPLIED}" in annotations


def owners_of_last_applied(entries: list, operation: str) -> list[dict]:
    """The entries of ``operation`` whose fields hold the last-applied annotation (csaupgrade's
    FindFieldsOwners)."""
    return [e for e in entries or [] if isinstance(e, dict) and e.get("operation") == operation
            and _owns_last_applied(e)]


def update_owners_of_last_applied(entries: list) -> set[str]:
    """The client-side managers to migrate: ``Update`` owners of the annotation."""
    return {e.get("manager", "") for e in owners_of_last_applied(entries, "Update")}


def _is(entry: dict, manager: str, operation: str) -> bool:
    return (entry.get("manager") == manager and entry.get("operation") == operation
            and not entry.get("subresource"))


def _upgrade_one(entries: list[dict], csa: str, ssa: str) -> list[dict]:
    entries = [dict(e) for e in entries]
    target = next((i for i, e in enumerate(entries) if _is(e, ssa, "Apply")), None)
    if target is None:
        # no applier yet: the most recent (first) client-side entry becomes it
        target = next((i for i, e in enumerate(entries) if _is(e, csa, "Update")), None)
        if target is None:
            return entries
        entries[target]["manager"], entries[target]["operation"] = ssa, "Apply"
    api_version = entries[target].get("apiVersion")
    source = next((e for e in entries if _is(e, csa, "Update") and e.get("apiVersion") == api_version), None)
    if source is not None:
        entries[target]["fieldsV1"] = managed_fields.union(entries[target].get("fieldsV1") or {},
                                                           source.get("fieldsV1") or {})
    return [e for e in entries if not _is(e, csa, "Update")]


def upgraded(entries: list, csa_managers: set[str], ssa_manager: str) -> list[dict]:
    """``entries`` with the ``Update`` entries of ``csa_managers`` merged into ``ssa_manager``'s
    ``Apply`` entry (csaupgrade's UpgradeManagedFields)."""
    result = [e for e in entries or [] if isinstance(e, dict)]
    for csa in sorted(csa_managers):
        result = _upgrade_one(result, csa, ssa_manager)
    return result


def upgrade_patch(obj: dict, csa_managers: set[str], ssa_manager: str) -> list | None:
    """The JSON patch kubectl sends (managedFields and the resourceVersion read), or None when
    nothing is to move."""
    md = obj.get("metadata") or {}
    entries = md.get("managedFields") or []
    after = upgraded(entries, csa_managers, ssa_manager)
    if after == entries:
        return None
    return [{"op": "replace", "path": "/metadata/managedFields", "value": after or None},
            {"op": "replace", "path": "/metadata/resourceVersion", "value": md.get("resourceVersion", "")}]


def save_last_applied(api, info, namespace: str, name: str, obj: dict, *, manager: str, dry_run: bool,
                      apply) -> dict:
    """Step 1: the annotation applied on its own as ``kubectl-last-applied`` (only for the default
    manager, when the object has it and no applier owns it). Returns the object as it now is."""
    if manager != "kubectl":
        return obj
    md = obj.get("metadata") or {}
    value = (md.get("annotations") or {}).get(LAST_APPLIED)
    if value is None or owners_of_last_applied(md.get("managedFields"), "Apply"):
        return obj
    just = {"apiVersion": obj.get("apiVersion"), "kind": obj.get("kind"),
            "metadata": {"name": name, "annotations": {LAST_APPLIED: value}}}
    if info.namespaced:
        just["metadata"]["namespace"] = namespace
    result, _created = apply(api, info, namespace, name, just, manager=LAST_APPLIED_MANAGER, force=False,
                             dry_run=dry_run, user="kubectl")
    return result


def migrate(api, info, namespace: str, name: str, obj: dict, *, manager: str, dry_run: bool) -> tuple[dict, bool]:
    """Step 2: the managedFields patch, retried on Conflict with a fresh read. Returns (the object,
    whether a patch went through); raises the server's error otherwise."""
    csa = update_owners_of_last_applied((obj.get("metadata") or {}).get("managedFields"))
    error: APIError | None = None
    for _ in range(MAX_PATCH_RETRY):
        patch = upgrade_patch(obj, csa, manager)
        if patch is None:
            return obj, False
        try:
            return api.patch(info, name, namespace, json.dumps(patch), "json", dry_run=dry_run,
                             user="kubectl", manager=manager), True
        except APIError as exc:
            if exc.reason != "Conflict":
                raise
            error = exc
        obj = copy_json(api.get(info, name, namespace if info.namespaced else ""))
    assert error is not None
    raise error
