"""``kubectl set serviceaccount|sa`` and ``kubectl set subject``: who a workload runs as, who a binding grants.

Texts recorded from the real kubectl 1.32:

* ``set serviceaccount deployment web app`` patches the pod template's ``serviceAccountName`` and prints
  ``deployment.apps/web serviceaccount updated`` — also when it already was ``app`` (kubectl sends the
  empty patch); the Deployment then rolls out pods that run as ``app``. A pod's service account cannot
  change (``error: failed to patch ServiceAccountName Pod "web" is invalid: spec: Forbidden: …``); an
  object without a pod template: ``error: serviceaccounts/app the object is not a pod or does not have
  a pod template: *v1.ServiceAccount``;
* ``set subject rolebinding|clusterrolebinding NAME --user U --group G --serviceaccount NS:NAME``
  appends the subjects the binding does not have yet (users, then groups, then service accounts; a
  service account with an empty namespace, ``:app``, is in the command's namespace) and prints
  ``rolebinding.rbac.authorization.k8s.io/NAME subjects updated``, or nothing when all were there.

Both take ``--dry-run=client|server``, ``-o``, ``-l``, ``--all`` and ``-f`` like the other ``set`` commands,
and run as the command's user (``patch`` on the object, and escalation prevention for bindings).
"""

from __future__ import annotations

from ...api.objects import copy_json, pod_spec
from ...apiserver.authorization.rbac import RBAC_GROUP
from ...errors import APIError
from .apply import dry_run_mode, dry_run_suffix
from . import record
from .command import CommandError, Invocation, kind_slash_name
from .scale import targets

_BINDINGS = ("RoleBinding", "ClusterRoleBinding")


def run_set_serviceaccount(inv: Invocation, args: list[str], cause: str) -> int:
    if not args:
        raise CommandError("serviceaccount is required")
    mode = dry_run_mode(inv)
    account = args[-1]
    inv.args = args[:-1]
    found = [(info, name, ns, inv.api.get(info, name, ns)) for info, name, ns in targets(inv)]
    errors: list[str] = []
    for info, name, namespace, obj in found:
        updated = copy_json(obj)
        spec = pod_spec(updated)
        if spec is None:
            errors.append(f"error: {info.plural}/{name} the object is not a pod or does not have a pod template: "
                          f"*{info.version}.{info.kind}\n")
            continue
        spec["serviceAccountName"] = account
        patch: dict = {}
        if updated != obj:
            patch = _template_patch(obj, {"serviceAccountName": account})
        if cause:
            record.annotate(patch, cause)
            record.annotate(updated, cause)
        if mode == "client":
            _print(inv, info, name, updated, "serviceaccount updated", mode)
            continue
        try:
            result = inv.api.patch(info, name, namespace, patch, "strategic", dry_run=(mode == "server"))
        except APIError as exc:
            errors.append(f"failed to patch ServiceAccountName {exc.message}")
            continue
        _print(inv, info, name, result, "serviceaccount updated", mode)
    return _report(inv, errors)


def _template_patch(obj: dict, change: dict) -> dict:
    """The strategic merge patch of the pod spec inside ``obj`` (kubectl computes it client-side)."""
    kind = obj.get("kind")
    if kind == "Pod":
        return {"spec": dict(change)}
    if kind == "CronJob":
        return {"spec": {"jobTemplate": {"spec": {"template": {"spec": dict(change)}}}}}
    return {"spec": {"template": {"spec": dict(change)}}}


def run_set_subject(inv: Invocation, args: list[str]) -> int:
    mode = dry_run_mode(inv)
    inv.args = args
    found = [(info, name, ns, inv.api.get(info, name, ns)) for info, name, ns in targets(inv)]
    wanted = _subjects(inv)         # kubectl validates the subjects once it has the objects
    errors: list[str] = []
    for info, name, namespace, obj in found:
        if info.kind not in _BINDINGS:
            errors.append(f"error: {info.plural}/{name} setting subjects is only supported for "
                          f"RoleBinding/ClusterRoleBinding\n")
            continue
        have = list(obj.get("subjects") or [])
        added = [s for s in wanted if _filled(s, namespace) not in [_filled(h, namespace) for h in have]]
        if not added:
            continue            # nothing to add: kubectl says nothing
        subjects = have + [_filled(s, namespace) for s in added]
        if mode == "client":
            updated = copy_json(obj)
            updated["subjects"] = subjects
            _print(inv, info, name, updated, "subjects updated", mode)
            continue
        try:
            result = inv.api.patch(info, name, namespace, {"subjects": subjects}, "strategic",
                                   dry_run=(mode == "server"))
        except APIError as exc:
            errors.append(f"failed to patch subjects to rolebinding: {exc.message}")
            continue
        _print(inv, info, name, result, "subjects updated", mode)
    return _report(inv, errors)


def _subjects(inv: Invocation) -> list[dict]:
    users, groups = inv.flags.get("user") or [], inv.flags.get("group") or []
    accounts = inv.flags.get("serviceaccount") or []
    if isinstance(users, str):          # the global --user (a kubeconfig user) is not a subject
        users = []
    if not users and not groups and not accounts:
        raise CommandError("you must specify at least one value of user, group or serviceaccount")
    out = [{"apiGroup": RBAC_GROUP, "kind": "User", "name": u} for u in users]
    out += [{"apiGroup": RBAC_GROUP, "kind": "Group", "name": g} for g in groups]
    for sa in accounts:
        parts = sa.split(":")
        if len(parts) != 2 or not parts[1]:
            raise CommandError("serviceaccount must be <namespace>:<name>")
        out.append({"kind": "ServiceAccount", "name": parts[1], "namespace": parts[0]})
    return out


def _filled(subject: dict, namespace: str) -> dict:
    """A service account subject with an empty namespace is in the command's namespace."""
    if subject.get("kind") == "ServiceAccount" and not subject.get("namespace"):
        return {**subject, "namespace": namespace or "default"}
    return subject


def _print(inv: Invocation, info, name: str, obj: dict, verb: str, mode: str) -> None:
    output = inv.flags.get("output") or ""
    if output and output != "name":
        from . import printing
        inv.out.out(printing.format_objects(inv, [obj], output, single=True))
        return
    inv.print(kind_slash_name(info, name) if output == "name" else f"{kind_slash_name(info, name)} {verb}"
              f"{dry_run_suffix(mode)}")


def _report(inv: Invocation, errors: list[str]) -> int:
    """kubectl's aggregate: one error keeps (or gets) its ``error: `` prefix, several are listed as they are.

    kubectl words the per-object errors ``"error: %s %v\n"``, so in a list of several each is followed by
    an empty line.
    """
    if len(errors) == 1:
        text = errors[0] if errors[0].startswith("error: ") else "error: " + errors[0]
        inv.out.err(text if text.endswith("\n") else text + "\n")
    else:
        for text in errors:
            inv.out.err(text + "\n")
    return 1 if errors else 0
