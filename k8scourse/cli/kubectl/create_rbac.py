"""``kubectl create serviceaccount|role|clusterrole|rolebinding|clusterrolebinding|token``.

The objects kubectl 1.32 builds (recorded with the real kubectl, ``--dry-run=client -o yaml``):

* ``create role NAME --verb=… --resource=…[,…] [--resource-name=…]``: duplicate verbs dropped
  (``*`` alone when given), each resource resolved as the server names it (``deploy`` →
  ``deployments`` in ``apps``, ``pods/log`` keeps its subresource), one rule per API group in
  sorted order; a verb kubectl does not know warns ``Warning: 'fly' is not a standard resource
  verb``; ``bind``/``escalate``/``impersonate``/``use`` only on the resources they apply to;
* ``create clusterrole`` likewise, plus ``--non-resource-url`` (a rule of its own, last) and
  ``--aggregation-rule=key=value,…`` (no rules: the aggregation controller fills them in);
* ``create rolebinding|clusterrolebinding NAME --role|--clusterrole=… --user … --group …
  --serviceaccount NS:NAME``: subjects users first, then groups, then service accounts;
* ``create serviceaccount|sa NAME``;
* ``create token SA [--duration 10m] [--audience …] [--bound-object-kind Pod|Secret|Node
  --bound-object-name …]``: prints a TokenRequest's token (:mod:`k8scourse.apiserver.tokens`).
"""

from __future__ import annotations

from ...errors import APIError
from ..flags import Flag
from . import klog
from .command import CommandError, Invocation, RawError, warn_shadowed
from .wait import parse_go_duration

RBAC_FLAGS = (
    Flag("verb", "", "stringSlice", [], "Verb that applies to the resources contained in the rule"),
    Flag("resource", "", "stringSlice", [], "Resource that the rule applies to"),
    Flag("resource-name", "", "stringArray", [], "Resource in the white list that the rule applies to"),
    Flag("non-resource-url", "", "stringSlice", [], "A partial url that user should have access to."),
    Flag("aggregation-rule", "", "string", "", "An aggregation label selector for combining ClusterRoles."),
    Flag("role", "", "string", "", "Role this RoleBinding should reference"),
    Flag("clusterrole", "", "string", "", "ClusterRole this binding should reference"),
    Flag("user", "", "stringArray", [], "Usernames to bind to the role."),
    Flag("group", "", "stringArray", [], "Groups to bind to the role."),
    Flag("serviceaccount", "", "stringArray", [], "Service accounts to bind to the role, in the format <namespace>:<name>"),
    Flag("duration", "", "string", "0s", "Requested lifetime of the issued token."),
    Flag("audience", "", "stringArray", [], "Audience of the requested token."),
    Flag("bound-object-kind", "", "string", "", "Kind of an object to bind the token to."),
    Flag("bound-object-name", "", "string", "", "Name of an object to bind the token to."),
    Flag("bound-object-uid", "", "string", "", "UID of an object to bind the token to."),
)

RBAC_GROUP = "rbac.authorization.k8s.io"
# kubectl's lists (create_role.go / create_clusterrole.go)
_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
                   "deletecollection", "use", "bind", "escalate", "impersonate", "approve", "sign")
_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
_SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "escalate": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"),
                    ("authentication.k8s.io", "userextras")),
}


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _name(rest: list[str], what: str) -> str:
    if len(rest) != 1:
        raise CommandError(f"error: exactly one NAME is required, got {len(rest)}\n"
                           f"See 'kubectl create {what} -h' for help and examples")
    return rest[0]


def _meta(inv: Invocation, name: str, namespaced: bool) -> dict:
    md = {"name": name}
    if namespaced and inv.explicit_namespace:
        md["namespace"] = inv.namespace
    return md


def serviceaccount(inv: Invocation, rest: list[str]) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": _meta(inv, _name(rest, "serviceaccount"), True)}


# ----------------------------------------------------------------------------- roles
def _verbs(inv: Invocation) -> list[str]:
    verbs: list[str] = []
    for v in inv.flags.get("verb") or []:
        if v == "*":
            return ["*"]
        if v not in verbs:
            verbs.append(v)
    return verbs


def _resolve(inv: Invocation, spec: str) -> tuple[str, str, str]:
    """``deploy.apps/scale`` → ("apps", "deployments", "scale") as kubectl's REST mapper resolves it."""
    resource, _, sub = spec.partition("/")
    name, dot, group = resource.partition(".")
    if not name:
        raise CommandError("resource must be specified if apiGroup/subresource specified")
    if name == "*":
        return group, "*", sub
    info = inv.api.registry.by_name(resource)
    if info is None:
        raise RawError(f'the server doesn\'t have a resource type "{resource}"')
    for _ in range(2):      # kubectl maps each --resource twice (validating, then building): two warnings
        warn_shadowed(inv.api, resource)
    return info.group, info.plural, sub


def _check_special(verbs: list[str], group: str, resource: str) -> None:
    if resource == "*":
        return
    for verb in verbs:
        allowed = _SPECIAL_VERBS.get(verb)
        if allowed is not None and (group, resource) not in allowed:
            raise CommandError(f"can not perform '{verb}' on '{resource}' in group '{group}'")


def _resource_rules(inv: Invocation, verbs: list[str]) -> list[dict]:
    by_group: dict[str, list[str]] = {}
    for spec in inv.flags.get("resource") or []:
        group, resource, sub = _resolve(inv, spec)
        _check_special(verbs, group, resource)
        full = f"{resource}/{sub}" if sub else resource
        if full not in by_group.setdefault(group, []):
            by_group[group].append(full)
    names = _unique(inv.flags.get("resource-name") or [])
    rules = []
    for group in sorted(by_group):
        rule: dict = {"apiGroups": [group]}
        if names:
            rule["resourceNames"] = list(names)
        rule["resources"] = by_group[group]
        rule["verbs"] = list(verbs)
        rules.append(rule)
    return rules


def _warn_verbs(inv: Invocation, verbs: list[str]) -> None:
    for v in verbs:
        if v not in _RESOURCE_VERBS:
            inv.warn(f"Warning: '{v}' is not a standard resource verb")


def role(inv: Invocation, rest: list[str]) -> dict:
    name = _name(rest, "role")
    verbs = _verbs(inv)
    if not verbs:
        raise CommandError("at least one verb must be specified")
    _warn_verbs(inv, verbs)
    if not inv.flags.get("resource"):
        raise CommandError("at least one resource must be specified")
    return {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "Role", "metadata": _meta(inv, name, True),
            "rules": _resource_rules(inv, verbs)}


def clusterrole(inv: Invocation, rest: list[str]) -> dict:
    name = _name(rest, "clusterrole")
    verbs, urls = _verbs(inv), _unique(inv.flags.get("non-resource-url") or [])
    md = _meta(inv, name, False)
    if inv.flags.get("aggregation-rule"):
        if urls or verbs or inv.flags.get("resource") or inv.flags.get("resource-name"):
            raise CommandError("aggregation rule must be specified without nonResourceURLs, resources, "
                               "verbs or resourceNames")
        labels = {}
        for pair in inv.flags["aggregation-rule"].split(","):
            key, eq, value = pair.partition("=")
            if not eq:
                raise CommandError(f"invalid label selector: {inv.flags['aggregation-rule']}")
            labels[key] = value
        return {"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": labels}]},
                "apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRole", "metadata": md, "rules": None}
    if not verbs:
        raise CommandError("at least one verb must be specified")
    if not inv.flags.get("resource") and not urls:
        raise CommandError("one of resource or nonResourceURL must be specified")
    rules = []
    if inv.flags.get("resource"):
        _warn_verbs(inv, verbs)
        rules = _resource_rules(inv, verbs)
    if urls:
        for v in verbs:
            if v not in _NON_RESOURCE_VERBS:
                raise CommandError(f"invalid verb: '{v}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise CommandError("nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise CommandError("nonResourceURL only supports wildcard matches when '*' is at the end")
        rules.append({"nonResourceURLs": urls, "verbs": list(verbs)})
    return {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRole", "metadata": md, "rules": rules}


# ----------------------------------------------------------------------------- bindings
def _subjects(inv: Invocation) -> list[dict]:
    subjects = [{"apiGroup": RBAC_GROUP, "kind": "User", "name": u} for u in inv.flags.get("user") or []]
    subjects += [{"apiGroup": RBAC_GROUP, "kind": "Group", "name": g} for g in inv.flags.get("group") or []]
    for sa in inv.flags.get("serviceaccount") or []:
        parts = sa.split(":")
        if len(parts) != 2:
            raise CommandError("serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": parts[1], "namespace": parts[0]})
    return subjects


def rolebinding(inv: Invocation, rest: list[str]) -> dict:
    name = _name(rest, "rolebinding")
    role_name, cluster_role = inv.flags.get("role") or "", inv.flags.get("clusterrole") or ""
    if bool(role_name) == bool(cluster_role):
        raise CommandError("exactly one of clusterrole or role must be specified")
    subjects = _subjects(inv)
    binding = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "RoleBinding", "metadata": _meta(inv, name, True),
               "roleRef": {"apiGroup": RBAC_GROUP, "kind": "Role" if role_name else "ClusterRole",
                           "name": role_name or cluster_role}}
    if subjects:
        binding["subjects"] = subjects
    return binding


def clusterrolebinding(inv: Invocation, rest: list[str]) -> dict:
    name = _name(rest, "clusterrolebinding")
    if not inv.flags.get("clusterrole"):
        raise klog.required_flag(inv.now_unix_ms(), "clusterrole")
    subjects = _subjects(inv)
    binding = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRoleBinding", "metadata": _meta(inv, name, False),
               "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": inv.flags["clusterrole"]}}
    if subjects:
        binding["subjects"] = subjects
    return binding


# ----------------------------------------------------------------------------- token
def run_create_token(inv: Invocation, rest: list[str]) -> int:
    from ...apiserver import tokens
    if len(rest) != 1:
        raise CommandError(f"error: exactly one NAME is required, got {len(rest)}\n"
                           f"See 'kubectl create token -h' for help and examples")
    name = rest[0]
    audiences = inv.flags.get("audience") or []
    if any(a == "" for a in audiences):
        raise CommandError("--audience must not be an empty string")
    duration_ms = round(parse_go_duration(inv.flags.get("duration") or "0s") * 1000)
    if duration_ms < 0:
        raise CommandError("--duration must be greater than or equal to 0")
    if duration_ms % 1000:
        raise CommandError("--duration cannot be expressed in units less than seconds")
    kind = inv.flags.get("bound-object-kind") or ""
    if kind and kind not in ("Node", "Pod", "Secret"):
        raise CommandError("supported --bound-object-kind values are Node, Pod, Secret")
    if not kind and inv.flags.get("bound-object-name"):
        raise CommandError("--bound-object-name can only be set if --bound-object-kind is provided")
    if not kind and inv.flags.get("bound-object-uid"):
        raise CommandError("--bound-object-uid can only be set if --bound-object-kind is provided")
    if kind and not inv.flags.get("bound-object-name"):
        raise CommandError("--bound-object-name is required if --bound-object-kind is provided")
    spec: dict = {}
    if audiences:
        spec["audiences"] = list(audiences)
    if duration_ms:
        spec["expirationSeconds"] = duration_ms // 1000
    if kind:
        spec["boundObjectRef"] = {"kind": kind, "apiVersion": "v1", "name": inv.flags.get("bound-object-name") or ""}
        if inv.flags.get("bound-object-uid"):
            spec["boundObjectRef"]["uid"] = inv.flags["bound-object-uid"]
    try:
        inv.api.authorize("create", "serviceaccounts", inv.namespace, name, "token")
        answer = tokens.token_request(inv.cluster.api, inv.namespace, name, {"spec": spec})
    except APIError as exc:
        raise CommandError(f"failed to create token: {exc.message}") from None
    output = inv.flags.get("output") or ""
    if output:                  # kubectl prints the TokenRequest the server answered
        from . import printing
        inv.out.out(printing.format_objects(inv, [answer], output, single=True, typed=True))
    else:
        inv.print(answer["status"]["token"])
    return 0
