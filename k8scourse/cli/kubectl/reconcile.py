"""``kubectl auth reconcile -f FILE``: merge RBAC objects into the cluster by rule coverage.

Models kubectl's ``auth reconcile`` with the reconciliation rules of
``k8s.io/component-helpers/auth/rbac/reconciliation`` (the same the API server uses for its
bootstrap roles). For every Role, ClusterRole, RoleBinding and ClusterRoleBinding of the files
(other kinds are skipped without a word):

* a role that does not exist is **created** (``reconciliation required create``, its rules listed as
  ``missing rules added``); a Role or RoleBinding whose namespace does not exist gets the namespace
  created first, as kubectl does;
* an existing role gets the rules it does not already **cover** appended, broken down to one verb
  and resource each (``{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}``
  — Go's ``%+v``); ``--remove-extra-permissions`` replaces its rules by the file's and lists the
  ``extra rules removed``; labels and annotations of the file are added;
* an existing binding gets the missing subjects appended (``--remove-extra-subjects``: exactly the
  file's); a binding whose ``roleRef`` differs — compared as written in the file, kubectl does not
  default ``apiGroup`` — is deleted and created again (``reconciliation required recreate``), since
  ``roleRef`` cannot be updated;
* an object annotated ``rbac.authorization.kubernetes.io/autoupdate: "false"`` is left alone
  (``…, but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)``).

``<kind>.rbac.authorization.k8s.io/<name> reconciled`` goes to stdout (`` (dry run)`` with
``--dry-run=client``), the details to stderr. Every read and write is the command user's, so
authorization and escalation prevention apply.

kubectl's own quirk is kept: a Role or RoleBinding without ``metadata.namespace`` in the file is
looked up at the cluster path (``-n`` does not fill it in) and fails with ``resource name may not
be empty`` when kubectl tries to ensure its (empty) namespace. Errors of several objects are listed
one per line without the ``error:`` prefix, as kubectl prints an aggregate.
"""

from __future__ import annotations

from ...api.objects import copy_json, dig
from ...apiserver.authorization.rbac import RBAC_GROUP, missing_rules
from ...errors import APIError
from .command import CommandError, Invocation
from .manifests import parse_documents, read_sources

AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate"
_KINDS = {"Role": "roles", "ClusterRole": "clusterroles", "RoleBinding": "rolebindings",
          "ClusterRoleBinding": "clusterrolebindings"}
_OUTPUTS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
            "template", "templatefile", "yaml")


class _Failed(Exception):
    """One object's error, kept for the aggregate kubectl prints at the end."""

    def __init__(self, text: str, api: bool = False):
        super().__init__(text)
        self.api = api


# ----------------------------------------------------------------------------- Go's %+v
def _go_list(values) -> str:
    return "[" + " ".join(str(v) for v in values or []) + "]"


def go_rule(rule: dict) -> str:
    """``rbacv1.PolicyRule`` as ``fmt.Printf("%+v")`` prints it.

    >>> go_rule({"apiGroups": ["", "apps"], "resources": ["pods"], "verbs": ["get"]})
    '{Verbs:[get] APIGroups:[ apps] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}'
    """
    return (f"{{Verbs:{_go_list(rule.get('verbs'))} APIGroups:{_go_list(rule.get('apiGroups'))} "
            f"Resources:{_go_list(rule.get('resources'))} ResourceNames:{_go_list(rule.get('resourceNames'))} "
            f"NonResourceURLs:{_go_list(rule.get('nonResourceURLs'))}}}")


def go_subject(subject: dict) -> str:
    """``rbacv1.Subject`` as ``%+v``: ``{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}``."""
    return (f"{{Kind:{subject.get('kind', '')} APIGroup:{subject.get('apiGroup', '')} "
            f"Name:{subject.get('name', '')} Namespace:{subject.get('namespace', '')}}}")


# ----------------------------------------------------------------------------- the command
def reconcile(inv: Invocation, args: list[str]) -> int:
    if args:
        raise CommandError("no arguments are allowed")
    mode = _dry_run(inv)
    output = inv.flags.get("output") or ""
    if output and output.split("=", 1)[0] not in _OUTPUTS:
        raise CommandError(f'unable to match a printer suitable for the output format "{output}", '
                           f'allowed formats are: {",".join(_OUTPUTS)}')
    files = inv.flags.get("filename") or []
    if not files:
        raise CommandError("must specify one of -f and -k")
    docs = []
    for source in read_sources(files, inv.flags.get("recursive", False), inv.stdin, cwd=inv.extra.get("cwd")):
        docs.extend(parse_documents(source))
    errors: list[_Failed] = []
    for doc in docs:
        obj = doc.object
        api_version = str(obj.get("apiVersion", ""))
        if obj.get("kind") not in _KINDS or api_version.split("/", 1)[0] != RBAC_GROUP:
            continue
        namespace = dig(obj, "metadata", "namespace", default="") or ""
        if obj["kind"] in ("Role", "RoleBinding") and inv.explicit_namespace and namespace and namespace != inv.namespace:
            errors.append(_Failed(f'the namespace from the provided object "{namespace}" does not match the '
                                  f'namespace "{inv.namespace}". You must pass \'--namespace={namespace}\' to '
                                  f'perform this operation.'))
            continue
        try:
            _reconcile_one(inv, copy_json(obj), mode == "client", output)
        except APIError as exc:
            errors.append(_Failed(exc.kubectl_text(), api=True))
        except _Failed as exc:
            errors.append(exc)
    if len(errors) == 1:
        text = str(errors[0])
        inv.out.err((text if errors[0].api else "error: " + text) + "\n")
    else:
        for exc in errors:
            inv.out.err(str(exc) + "\n")
    return 1 if errors else 0


def _dry_run(inv: Invocation) -> str:
    mode = inv.flags.get("dry-run") or "none"
    if mode == "unchanged":         # a bare --dry-run: kubectl 1.32 warns through klog and runs a client dry run
        inv.warn(_klog_warning(inv, "--dry-run is deprecated and can be replaced with --dry-run=client."))
        return "client"
    if mode not in ("none", "client", "server"):
        raise CommandError(f'error accessing --dry-run flag for command reconcile: Invalid dry-run value ({mode}). '
                           f'Must be "none", "server", or "client".')
    if mode == "server":
        raise CommandError("--dry-run=server for command reconcile is not supported yet")
    return mode


def _klog_warning(inv: Invocation, text: str) -> str:
    """``W1207 04:47:36.693497   29288 helpers.go:702] …`` at the simulated time (kubectl's pid is fixed)."""
    import datetime
    now = datetime.datetime.fromtimestamp(inv.now_unix_ms() / 1000, datetime.timezone.utc)
    return f"W{now:%m%d %H:%M:%S}.{now.microsecond:06d}   {_KUBECTL_PID} helpers.go:702] {text}"


_KUBECTL_PID = 4242         # any process id; a fixed one keeps notebooks byte-stable


def _reconcile_one(inv: Invocation, expected: dict, dry_run: bool, output: str) -> None:
    kind = expected["kind"]
    plural = _KINDS[kind]
    md = expected.setdefault("metadata", {})
    name, namespace = md.get("name", ""), md.get("namespace", "") or ""
    namespaced = kind in ("Role", "RoleBinding")
    api = inv.api
    existing = None
    if not namespaced or namespace:         # kubectl asks the cluster path for a namespace-less Role: 404
        try:
            existing = api.get(plural, name, namespace)
        except APIError as exc:
            if exc.reason != "NotFound":
                raise
    binding = kind.endswith("Binding")
    result = _compute(existing, expected, binding, inv.flags)
    operation, target = result["operation"], result["object"]
    if not dry_run and not result["protected"]:
        if operation == "create":
            if namespaced:
                _ensure_namespace(api, namespace)
            target = api.create(_for_write(target), namespace or None, resource=plural)
        elif operation == "update":
            target = api.update(_for_write(target), resource=plural)
        elif operation == "recreate":
            api.delete(plural, name, namespace)
            target = api.create(_for_write(target), namespace or None, resource=plural)
    _print(inv, target, kind, name, dry_run, output)
    caveat = f", but object opted out ({AUTOUPDATE}: false)" if result["protected"] else ""
    if operation != "none":
        inv.out.err(f"\treconciliation required {operation}{caveat}\n")
    for label, items, fmt in (("missing subjects added", result["added_subjects"], go_subject),
                              ("extra subjects removed", result["removed_subjects"], go_subject),
                              ("missing rules added", result["added_rules"], go_rule),
                              ("extra rules removed", result["removed_rules"], go_rule)):
        if items:
            inv.out.err(f"\t{label}:\n" + "".join(f"\t\t{fmt(item)}\n" for item in items))


def _for_write(obj: dict) -> dict:
    obj = copy_json(obj)
    if obj["metadata"].get("creationTimestamp") is None:
        obj["metadata"].pop("creationTimestamp", None)
    return obj


def _ensure_namespace(api, namespace: str) -> None:
    """kubectl's ``tryEnsureNamespace``: create it when missing; NotFound/Forbidden reads and Forbidden/AlreadyExists creates are fine."""
    if not namespace:
        raise _Failed("resource name may not be empty")
    try:
        api.get("namespaces", namespace, "")
        return
    except APIError as exc:
        if exc.reason not in ("NotFound", "Forbidden"):
            raise
    try:
        api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}, resource="namespaces")
    except APIError as exc:
        if exc.reason not in ("AlreadyExists", "Forbidden"):
            raise


def _compute(existing: dict | None, expected: dict, binding: bool, flags: dict) -> dict:
    result = {"operation": "none", "object": expected, "protected": False, "added_rules": [],
              "removed_rules": [], "added_subjects": [], "removed_subjects": []}
    if existing is None:
        result["operation"] = "create"
        if binding:
            result["added_subjects"] = list(expected.get("subjects") or [])
        else:
            result["added_rules"] = list(expected.get("rules") or [])
        return result
    result["protected"] = dig(existing, "metadata", "annotations", AUTOUPDATE, default="") == "false"
    if binding and _ref(expected) != _ref(existing):
        result["operation"] = "recreate"
        return result
    target = copy_json(existing)
    for key in ("annotations", "labels"):
        merged = {**(dig(expected, "metadata", key, default=None) or {}), **(dig(target, "metadata", key, default=None) or {})}
        if merged != (dig(existing, "metadata", key, default=None) or {}):
            target["metadata"][key] = merged
            result["operation"] = "update"
    if binding:
        _subjects(target, existing, expected, bool(flags.get("remove-extra-subjects")), result)
    else:
        _rules(target, existing, expected, bool(flags.get("remove-extra-permissions")), result)
    result["object"] = target
    return result


def _rules(target: dict, existing: dict, expected: dict, remove: bool, result: dict) -> None:
    have, want = list(existing.get("rules") or []), list(expected.get("rules") or [])
    missing = missing_rules(have, want)
    extra = missing_rules(want, have) if not (expected.get("aggregationRule") and existing.get("aggregationRule")) else []
    if not remove and missing:
        target["rules"] = have + missing
        result["operation"] = "update"
    elif remove and (missing or extra):
        target["rules"] = want
        result["operation"] = "update"
        result["removed_rules"] = extra
    result["added_rules"] = missing
    want_agg = (expected.get("aggregationRule") or {}).get("clusterRoleSelectors") or []
    have_agg = (existing.get("aggregationRule") or {}).get("clusterRoleSelectors") or []
    missing_sel = [s for s in want_agg if s not in have_agg]
    extra_sel = [s for s in have_agg if s not in want_agg]
    if not expected.get("aggregationRule") and existing.get("aggregationRule"):
        target.pop("aggregationRule", None)
        result["operation"] = "update"
    elif not remove and missing_sel:
        target["aggregationRule"] = {"clusterRoleSelectors": have_agg + missing_sel}
        result["operation"] = "update"
    elif remove and (missing_sel or extra_sel):
        target["aggregationRule"] = copy_json(expected["aggregationRule"])
        result["operation"] = "update"


def _subjects(target: dict, existing: dict, expected: dict, remove: bool, result: dict) -> None:
    have, want = list(existing.get("subjects") or []), list(expected.get("subjects") or [])
    have_keys, want_keys = [_subject_key(s) for s in have], [_subject_key(s) for s in want]
    missing = _unique(s for s in want if _subject_key(s) not in have_keys)
    extra = _unique(s for s in have if _subject_key(s) not in want_keys)
    if not remove and missing:
        target["subjects"] = have + missing
        result["operation"] = "update"
    elif remove and (missing or extra):
        target["subjects"] = want
        result["operation"] = "update"
        result["removed_subjects"] = extra
    result["added_subjects"] = missing


def _ref(binding: dict) -> tuple:
    """``roleRef`` as Go compares the struct: an absent field is the empty string."""
    ref = binding.get("roleRef") or {}
    return ref.get("apiGroup") or "", ref.get("kind") or "", ref.get("name") or ""


def _subject_key(subject: dict) -> tuple:
    return tuple(subject.get(k) or "" for k in ("kind", "apiGroup", "name", "namespace"))


def _unique(items) -> list:
    out: list = []
    seen = set()
    for item in items:
        if _subject_key(item) not in seen:
            seen.add(_subject_key(item))
            out.append(item)
    return out


def _print(inv: Invocation, obj: dict, kind: str, name: str, dry_run: bool, output: str) -> None:
    if output and output != "name":
        from . import printing
        shown = copy_json(obj)
        shown.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        inv.out.out(printing.format_objects(inv, [shown], output, single=True))
        return
    ref = f"{kind.lower()}.{RBAC_GROUP}/{name}"
    inv.print(ref if output == "name" else f"{ref} reconciled{' (dry run)' if dry_run else ''}")


__all__ = ["go_rule", "go_subject", "reconcile"]
