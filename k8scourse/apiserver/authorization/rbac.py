"""The RBAC authorizer: Roles, ClusterRoles and the bindings that grant them.

Models ``plugin/pkg/auth/authorizer/rbac``. For a request by a user in a namespace, the rules that
apply are those of every ClusterRoleBinding whose subjects include the user (by name, one of its
groups, or as a ServiceAccount), then of every RoleBinding in that namespace that does (a RoleBinding
may grant a Role of its namespace or a ClusterRole, which then applies in that namespace only).
A rule allows a request when each of its parts matches:

* ``verbs``: the verb or ``*``;
* ``apiGroups``: the group (``""`` is the core group) or ``*``;
* ``resources``: ``pods``, ``pods/log`` for a subresource (``pods`` does *not* cover ``pods/log``),
  ``*/scale`` for a subresource of any resource, or ``*``;
* ``resourceNames``: empty (any object) or one that names the object — never a ``list`` or a
  ``create``, which name no object;
* ``nonResourceURLs``: the path, a prefix ending in ``*``, or ``*`` (ClusterRoles only).

There is no deny rule: permissions only add up. A binding to a role that does not exist grants
nothing; the Forbidden answer then ends with ``RBAC: role.rbac.authorization.k8s.io "x" not found``.

Escalation prevention (``pkg/registry/rbac``): a user may create or update a Role/ClusterRole only
with rules they hold themselves (or with the ``escalate`` verb on roles), and bind a role only if
they hold its rules (or the ``bind`` verb on it): ``user "…" (groups=[…]) is attempting to grant
RBAC permissions not currently held:`` followed by the missing rules.

>>> rule = {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}
>>> from k8scourse.apiserver.authentication import UserInfo
>>> from k8scourse.apiserver.authorization import Attributes
>>> rule_allows(Attributes(UserInfo("u"), "list", "", "pods", namespace="dev"), rule)
True
>>> rule_allows(Attributes(UserInfo("u"), "get", "", "pods", "log", "dev", "web"), rule)
False
>>> compact_string({"apiGroups": [""], "resources": ["pods"], "verbs": ["delete"]})
'{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}'
"""

from __future__ import annotations

from dataclasses import dataclass

from ...api.objects import dig
from ..authentication import SERVICE_ACCOUNT_PREFIX, UserInfo
from .attributes import Attributes, Decision

RBAC_GROUP = "rbac.authorization.k8s.io"


@dataclass(frozen=True)
class Grant:
    """Where a rule comes from: the binding, the role it grants, and the subject that matched."""
    binding_kind: str            # RoleBinding or ClusterRoleBinding
    binding: str                 # name (RoleBindings: namespace/name)
    role_kind: str               # Role or ClusterRole
    role: str
    subject: str                 # 'User "x"', 'Group "y"', 'ServiceAccount "ns/sa"'
    rule: dict

    def describe(self) -> str:
        """Upstream's words (the audit reason ``RBAC: allowed by …``)."""
        return f'{self.binding_kind} "{self.binding}" of {self.role_kind} "{self.role}" to {self.subject}'


# ----------------------------------------------------------------------------- rule matching
def _has(values, wanted) -> bool:
    return "*" in values or wanted in values


def resource_matches(rule_resources, resource: str, subresource: str) -> bool:
    combined = f"{resource}/{subresource}" if subresource else resource
    for r in rule_resources:
        if r == "*" or r == combined:
            return True
        if subresource and r.startswith("*/") and r[2:] == subresource:
            return True
    return False


def url_matches(rule_urls, path: str) -> bool:
    for u in rule_urls:
        if u == "*" or u == path or (u.endswith("*") and path.startswith(u[:-1])):
            return True
    return False


def rule_allows(attrs: Attributes, rule: dict) -> bool:
    verbs = rule.get("verbs") or []
    if not _has(verbs, attrs.verb):
        return False
    if not attrs.resource_request:
        return url_matches(rule.get("nonResourceURLs") or [], attrs.path)
    names = rule.get("resourceNames") or []
    return (_has(rule.get("apiGroups") or [], attrs.api_group)
            and resource_matches(rule.get("resources") or [], attrs.resource, attrs.subresource)
            and (not names or attrs.name in names))


def subject_matches(subject: dict, user: UserInfo, binding_namespace: str = "") -> bool:
    kind, name = subject.get("kind"), subject.get("name")
    if kind == "User":
        return user.name == name
    if kind == "Group":
        return name in user.groups
    if kind == "ServiceAccount":
        ns = subject.get("namespace") or binding_namespace
        return user.name == f"{SERVICE_ACCOUNT_PREFIX}{ns}:{name}"
    return False


def describe_subject(subject: dict, binding_namespace: str = "") -> str:
    if subject.get("kind") == "ServiceAccount":
        return f'ServiceAccount "{subject.get("namespace") or binding_namespace}/{subject.get("name")}"'
    return f'{subject.get("kind")} "{subject.get("name")}"'


# ----------------------------------------------------------------------------- resolution
class RBACAuthorizer:
    """Rules for a user from the stored roles and bindings (read at each request: always current)."""

    def __init__(self, api):
        self.api = api

    def _role_rules(self, kind: str, name: str, namespace: str) -> tuple[list, str]:
        """(rules, error) of the referenced role; error is upstream's not-found text."""
        if kind == "ClusterRole":
            role = self.api.peek("clusterroles", name)
            if role is None:
                return [], f'clusterrole.{RBAC_GROUP} "{name}" not found'
        else:
            role = self.api.peek("roles", name, namespace)
            if role is None:
                return [], f'role.{RBAC_GROUP} "{name}" not found'
        return list(role.get("rules") or []), ""

    def grants(self, user: UserInfo, namespace: str = ""):
        """Yield (Grant | None, error) for every rule that applies to ``user`` in ``namespace``."""
        store = self.api.store
        crbs = store.list(self.api.info("clusterrolebindings").group_resource, None, copy=False)
        for crb in sorted(crbs, key=_name):
            subject = next((s for s in crb.get("subjects") or [] if subject_matches(s, user)), None)
            if subject is None:
                continue
            ref = crb.get("roleRef") or {}
            rules, error = self._role_rules("ClusterRole", ref.get("name", ""), "")
            if error:
                yield None, error
            for rule in rules:
                yield Grant("ClusterRoleBinding", _name(crb), "ClusterRole", ref.get("name", ""),
                            describe_subject(subject), rule), ""
        if not namespace:
            return
        rbs = store.list(self.api.info("rolebindings").group_resource, namespace, copy=False)
        for rb in sorted(rbs, key=_name):
            subject = next((s for s in rb.get("subjects") or [] if subject_matches(s, user, namespace)), None)
            if subject is None:
                continue
            ref = rb.get("roleRef") or {}
            kind = ref.get("kind", "Role")
            rules, error = self._role_rules(kind, ref.get("name", ""), namespace)
            if error:
                yield None, error
            for rule in rules:
                yield Grant("RoleBinding", f"{_name(rb)}/{namespace}", kind, ref.get("name", ""),
                            describe_subject(subject, namespace), rule), ""

    def rules_for(self, user: UserInfo, namespace: str = "") -> tuple[list[dict], list[str]]:
        """Every rule ``user`` holds in ``namespace`` (cluster-wide ones included), and resolution errors."""
        rules, errors = [], []
        for grant, error in self.grants(user, namespace):
            if error:
                errors.append(error)
            else:
                rules.append(grant.rule)
        return rules, errors

    def authorize(self, attrs: Attributes) -> Decision:
        errors = []
        for grant, error in self.grants(attrs.user, attrs.namespace):
            if error:
                errors.append(error)
            elif rule_allows(attrs, grant.rule):
                return Decision(True, f"RBAC: allowed by {grant.describe()}", "RBAC", grant)
        reason = ""
        if errors:
            reason = "RBAC: " + (errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
        return Decision(False, reason, "")


def _name(obj: dict) -> str:
    return dig(obj, "metadata", "name", default="")


# ----------------------------------------------------------------------------- escalation checks
def breakdown(rule: dict) -> list[dict]:
    """One rule per (group, resource, verb[, name]) or (URL, verb), in upstream's order."""
    out = []
    verbs = list(rule.get("verbs") or [])
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in verbs:
                names = rule.get("resourceNames") or []
                if names:
                    for name in names:
                        out.append({"apiGroups": [group], "resources": [resource], "resourceNames": [name],
                                    "verbs": [verb]})
                else:
                    out.append({"apiGroups": [group], "resources": [resource], "verbs": [verb]})
    for url in rule.get("nonResourceURLs") or []:
        for verb in verbs:
            out.append({"nonResourceURLs": [url], "verbs": [verb]})
    return out


def _resource_covers(owner, sub: str) -> bool:
    if sub in owner:
        return True
    resource, slash, subresource = sub.partition("/")
    return bool(slash) and (f"{resource}/*" in owner or f"*/{subresource}" in owner)


def rule_covers(owner: dict, sub: dict) -> bool:
    o_verbs, o_groups = owner.get("verbs") or [], owner.get("apiGroups") or []
    o_resources, o_names = owner.get("resources") or [], owner.get("resourceNames") or []
    o_urls = owner.get("nonResourceURLs") or []
    if not ("*" in o_verbs or all(v in o_verbs for v in sub.get("verbs") or [])):
        return False
    if not ("*" in o_groups or all(g in o_groups for g in sub.get("apiGroups") or [])):
        return False
    if not ("*" in o_resources or all(_resource_covers(o_resources, r) for r in sub.get("resources") or [])):
        return False
    if not all(url_matches(o_urls, u) if u != "*" else "*" in o_urls for u in sub.get("nonResourceURLs") or []):
        return False
    names = sub.get("resourceNames") or []
    return not o_names if not names else (not o_names or all(n in o_names for n in names))


def missing_rules(owner_rules: list[dict], requested: list[dict]) -> list[dict]:
    """The broken-down requested rules no owner rule covers (upstream ``Covers``)."""
    missing = []
    for rule in requested:
        for sub in breakdown(rule):
            if not any(rule_covers(o, sub) for o in owner_rules):
                missing.append(sub)
    return missing


def compact_rules(rules: list[dict]) -> list[dict]:
    """Merge simple rules that differ only in verbs (upstream ``CompactRules``)."""
    out, simple = [], {}
    for rule in rules:
        if (len(rule.get("apiGroups") or []) == 1 and len(rule.get("resources") or []) == 1
                and not rule.get("resourceNames") and not rule.get("nonResourceURLs")):
            key = (rule["apiGroups"][0], rule["resources"][0])
            if key in simple:
                for verb in rule["verbs"]:
                    if verb not in simple[key]["verbs"]:
                        simple[key]["verbs"].append(verb)
                continue
            simple[key] = {"apiGroups": list(rule["apiGroups"]), "resources": list(rule["resources"]),
                           "verbs": list(rule["verbs"])}
            out.append(simple[key])
        else:
            out.append(rule)
    return out


def _go_quoted_list(values) -> str:
    return "[" + " ".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "]"


def compact_string(rule: dict) -> str:
    """``{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`` (rbacv1helpers.CompactString)."""
    parts = []
    for key, label in (("apiGroups", "APIGroups"), ("resources", "Resources"),
                       ("nonResourceURLs", "NonResourceURLs"), ("resourceNames", "ResourceNames"),
                       ("verbs", "Verbs")):
        if rule.get(key):
            parts.append(f"{label}:{_go_quoted_list(rule[key])}")
    return "{" + ", ".join(parts) + "}"


def escalation_message(user: UserInfo, missing: list[dict], errors: list[str]) -> str:
    lines = sorted({compact_string(r) for r in compact_rules(missing)})
    msg = (f'user "{user.name}" (groups={_go_quoted_list(user.groups)}) is attempting to grant RBAC '
           f"permissions not currently held:\n" + "\n".join(lines))
    if errors:
        msg += "; resolution errors: [" + ", ".join(errors) + "]"
    return msg
