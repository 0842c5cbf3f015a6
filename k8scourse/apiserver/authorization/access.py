"""Explaining the authorizer to a learner: why a request is allowed or forbidden, and who can do what.

:func:`explain_access` asks the same authorizer chain the API server uses (:mod:`k8scourse.apiserver.authorization`)
and keeps what decided: ``system:masters`` membership, the Node authorizer, or the RBAC binding, role
and rule that allowed the request. When nothing allows it, it lists every binding that applies to the
user with what its role says about that resource (``allows get, list on pods — not delete``), names
bindings whose role is missing, and suggests the two ``kubectl create`` commands that would grant it.
``cluster.explain_access(...)`` prints it.

:func:`access_matrix` is the table behind the ``AccessMatrix`` widget: for every subject bound in a
namespace (RoleBindings there and ClusterRoleBindings; ``system:`` subjects left out unless asked), the
verbs it may use on a few common resources there.

The words are the course's own (through :mod:`k8scourse.i18n`, English and Korean); the decisions are
the authorizer's.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> e = explain_access(api, "system:serviceaccount:default:app", "list", "pods")
>>> e.allowed, e.by
(False, '')
>>> print(e.suggestion[1])
kubectl create rolebinding app-list-pods --role=list-pods --serviceaccount=default:app -n default
>>> explain_access(api, "alice", "get", "pods", groups=["system:masters"]).by
'system:masters'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...api.objects import dig
from ...i18n import t
from ..authentication import AUTHENTICATED, NODE_PREFIX, UserInfo, node_user, service_account_user, with_authenticated
from .attributes import Attributes
from .rbac import RBAC_GROUP, Grant, resource_matches, rule_allows, subject_matches

# The columns of the access matrix: what a learner's exercises touch (resource, API group).
MATRIX_RESOURCES = (("pods", ""), ("pods/log", ""), ("deployments", "apps"), ("services", ""),
                    ("configmaps", ""), ("secrets", ""), ("roles", RBAC_GROUP), ("rolebindings", RBAC_GROUP))
# The verbs a cell can show, in kubectl's order.
MATRIX_VERBS = ("get", "list", "watch", "create", "update", "patch", "delete")


def user_info(user, groups=()) -> UserInfo:
    """A :class:`UserInfo` for ``user``: a name as ``kubectl --as`` takes it (service accounts and nodes
    get their groups), or a UserInfo as is."""
    if isinstance(user, UserInfo):
        return user
    name = str(user)
    if name.startswith("system:serviceaccount:") and name.count(":") == 3:
        ns, sa = name.split(":")[2:]
        base = service_account_user(ns, sa)
    elif name.startswith(NODE_PREFIX):
        base = node_user(name[len(NODE_PREFIX):])
    else:
        base = UserInfo(name, "", with_authenticated(()))
    extra = tuple(g for g in groups if g not in base.groups)
    if not extra:
        return base
    return UserInfo(base.name, base.uid, with_authenticated(tuple(g for g in base.groups if g != AUTHENTICATED) + extra))


@dataclass
class BindingNote:
    """One binding that applies to the user, and what its role says about the requested resource."""
    binding_kind: str
    binding: str
    role_kind: str
    role: str
    subject: str
    about: list = field(default_factory=list)     # rules of the role that mention the resource
    missing: bool = False                          # the role does not exist


@dataclass
class AccessExplanation:
    user: UserInfo
    verb: str
    resource: str            # "pods", "pods/log", or a path for a non-resource URL
    group: str
    namespace: str
    name: str
    allowed: bool
    by: str                  # "system:masters", "Node", "RBAC" or "" (nothing allowed)
    grant: Grant | None
    notes: list
    suggestion: list

    @property
    def question(self) -> str:
        what = f"{self.resource}/{self.name}" if self.name else self.resource
        where = t("access.in_namespace", namespace=self.namespace) if self.namespace else t("access.cluster_wide")
        return t("access.question", user=self.user.name, verb=self.verb, what=what, where=where)

    def text(self) -> str:
        lines = [f"{self.question}  {t('access.yes') if self.allowed else t('access.no')}",
                 "  " + t("access.who", user=self.user.name, groups=", ".join(self.user.groups))]
        if self.by == "system:masters":
            lines.append("  " + t("access.by_masters"))
        elif self.by == "Node":
            lines.append("  " + t("access.by_node"))
        elif self.grant is not None:
            g = self.grant
            lines.append("  " + t("access.by_binding", binding=f'{g.binding_kind} "{g.binding}"', subject=g.subject,
                                  role=f'{g.role_kind} "{g.role}"'))
            lines.append("    " + t("access.rule", rule=describe_rule(g.rule)))
        else:
            if self.notes:
                lines.append("  " + t("access.bindings"))
            for note in self.notes:
                head = f'{note.binding_kind} "{note.binding}" ({note.subject}) → {note.role_kind} "{note.role}"'
                if note.missing:
                    lines.append(f"    {head}: " + t("access.role_missing"))
                elif note.about:
                    lines.append(f"    {head}: " + "; ".join(describe_rule(r) for r in note.about))
                else:
                    lines.append(f"    {head}: " + t("access.nothing_about", resource=self.resource))
            if not self.notes:
                lines.append("  " + t("access.no_bindings"))
            lines.append("  " + t("access.no_rule", verb=self.verb, resource=self.resource, group=self.group))
            if self.suggestion:
                lines.append("  " + t("access.to_allow"))
                lines += [f"    {cmd}" for cmd in self.suggestion]
        return "\n".join(lines) + "\n"

    __str__ = text

    def _ipython_display_(self):
        """``cluster.explain_access`` has printed it already."""
        return None


def describe_rule(rule: dict) -> str:
    """``get, list, watch on pods`` (+ ``in API group "apps"``, ``only names [a b]``)."""
    verbs = ", ".join(rule.get("verbs") or [])
    if rule.get("nonResourceURLs"):
        return t("access.rule_urls", verbs=verbs, urls=", ".join(rule["nonResourceURLs"]))
    groups = [g for g in rule.get("apiGroups") or [] if g]
    text = t("access.rule_on", verbs=verbs, resources=", ".join(rule.get("resources") or []))
    if groups:
        text += " " + t("access.rule_groups", groups=", ".join(groups))
    if rule.get("resourceNames"):
        text += " " + t("access.rule_names", names=", ".join(rule["resourceNames"]))
    return text


def explain_access(api, user, verb: str, resource: str, namespace: str = "default", name: str = "",
                   groups=()) -> AccessExplanation:
    """Why ``user`` may (or may not) ``verb`` ``resource`` (``pods``, ``deployments.apps``, ``pods/log``,
    or a path such as ``/healthz``) in ``namespace``."""
    info_user = user_info(user, groups)
    resource_part, _, subresource = resource.partition("/") if not resource.startswith("/") else (resource, "", "")
    if resource.startswith("/"):
        attrs = Attributes(info_user, verb, path=resource)
        group, plural, ns = "", resource, ""
    else:
        found = api.registry.by_name(resource_part)
        group = found.group if found is not None else resource_part.partition(".")[2]
        plural = found.plural if found is not None else resource_part.partition(".")[0]
        ns = namespace if found is None or found.namespaced else ""
        attrs = Attributes(info_user, verb, group, plural, subresource, ns, name)
    api.rbac_aggregator.sync()
    decision = api.authorizer.authorize(attrs)
    shown = f"{plural}/{subresource}" if subresource else plural
    notes, suggestion = [], []
    if not decision.allowed:
        notes = _notes(api, info_user, attrs)
        suggestion = _suggest(info_user, verb, shown, group, ns, name) if attrs.resource_request else []
    return AccessExplanation(info_user, verb, shown, group, ns, name, decision.allowed, decision.by,
                             decision.detail if isinstance(decision.detail, Grant) else None, notes, suggestion)


def _notes(api, user: UserInfo, attrs: Attributes) -> list[BindingNote]:
    """Every binding that applies to ``user`` in the request's namespace, with what it says about the resource."""
    notes: dict[tuple, BindingNote] = {}
    for kind, plural, ns in (("ClusterRoleBinding", "clusterrolebindings", None),
                             ("RoleBinding", "rolebindings", attrs.namespace)):
        if kind == "RoleBinding" and not attrs.namespace:
            continue
        for binding in sorted(api.store.list(api.info(plural).group_resource, ns, copy=False),
                              key=lambda b: b["metadata"]["name"]):
            subject = next((s for s in binding.get("subjects") or []
                            if subject_matches(s, user, attrs.namespace if kind == "RoleBinding" else "")), None)
            if subject is None:
                continue
            ref = binding.get("roleRef") or {}
            role_kind, role_name = ref.get("kind", "Role"), ref.get("name", "")
            role = api.peek("clusterroles" if role_kind == "ClusterRole" else "roles", role_name,
                            "" if role_kind == "ClusterRole" else attrs.namespace)
            bname = binding["metadata"]["name"] + (f"/{attrs.namespace}" if kind == "RoleBinding" else "")
            subj = (f'ServiceAccount "{subject.get("namespace") or attrs.namespace}/{subject.get("name")}"'
                    if subject.get("kind") == "ServiceAccount" else f'{subject.get("kind")} "{subject.get("name")}"')
            note = BindingNote(kind, bname, role_kind, role_name, subj, missing=role is None)
            if role is not None:
                note.about = [r for r in role.get("rules") or [] if _mentions(r, attrs)]
            notes[(kind, bname)] = note
    return list(notes.values())


def _mentions(rule: dict, attrs: Attributes) -> bool:
    """Whether ``rule`` is about the request's resource (whatever its verbs and names)."""
    if not attrs.resource_request:
        return bool(rule.get("nonResourceURLs"))
    groups = rule.get("apiGroups") or []
    return ("*" in groups or attrs.api_group in groups) and \
        resource_matches(rule.get("resources") or [], attrs.resource, attrs.subresource)


def _suggest(user: UserInfo, verb: str, resource: str, group: str, namespace: str, name: str) -> list[str]:
    """The two commands a learner would type to grant exactly this."""
    plural = resource.split("/")[0]
    qualified = f"{plural}.{group}" if group else plural
    if "/" in resource:
        qualified += "/" + resource.split("/", 1)[1]
    role = f"{verb}-{plural}"
    names = f" --resource-name={name}" if name else ""
    sa = user.service_account
    who = (f"--serviceaccount={sa[0]}:{sa[1]}" if sa else f"--user={user.name}")
    if namespace:
        binding = f"{sa[1] if sa else user.name}-{role}".replace(":", "-")
        return [f"kubectl create role {role} --verb={verb} --resource={qualified}{names} -n {namespace}",
                f"kubectl create rolebinding {binding} --role={role} {who} -n {namespace}"]
    binding = f"{sa[1] if sa else user.name}-{role}".replace(":", "-")
    return [f"kubectl create clusterrole {role} --verb={verb} --resource={qualified}{names}",
            f"kubectl create clusterrolebinding {binding} --clusterrole={role} {who}"]


# ----------------------------------------------------------------------------- who can do what
@dataclass
class MatrixRow:
    subject: str             # 'ServiceAccount "default/app"', 'User "jane"', 'Group "devs"'
    via: list                # the bindings that bind it here
    verbs: dict              # resource -> the verbs allowed there (MATRIX_VERBS order)


def _subject_user(subject: dict, namespace: str) -> UserInfo:
    kind, name = subject.get("kind"), subject.get("name", "")
    if kind == "ServiceAccount":
        return service_account_user(subject.get("namespace") or namespace, name)
    if kind == "Group":
        return UserInfo(t("access.group_member", group=name), "", (name,))
    return UserInfo(name, "", with_authenticated(()))


def access_matrix(api, namespace: str = "default", include_system: bool = False,
                  resources=MATRIX_RESOURCES) -> list[MatrixRow]:
    """Who can do what in ``namespace``: one row per subject bound there, sorted by subject."""
    api.rbac_aggregator.sync()
    found: dict[str, tuple[dict, list]] = {}
    sources = [("ClusterRoleBinding", api.store.list(api.info("clusterrolebindings").group_resource, None, copy=False)),
               ("RoleBinding", api.store.list(api.info("rolebindings").group_resource, namespace, copy=False))]
    for kind, bindings in sources:
        for binding in bindings:
            for subject in binding.get("subjects") or []:
                if not include_system and str(subject.get("name", "")).startswith("system:"):
                    continue
                if not include_system and subject.get("kind") == "ServiceAccount" and \
                        (subject.get("namespace") or namespace) == "kube-system":
                    continue
                label = (f'ServiceAccount "{subject.get("namespace") or namespace}/{subject.get("name")}"'
                         if subject.get("kind") == "ServiceAccount" else f'{subject.get("kind")} "{subject.get("name")}"')
                entry = found.setdefault(label, (subject, []))
                entry[1].append(f'{kind} "{dig(binding, "metadata", "name")}"')
    rows = []
    for label in sorted(found):
        subject, via = found[label]
        user = _subject_user(subject, namespace)
        rules, _ = api.authorizer.rbac.rules_for(user, namespace)
        masters = "system:masters" in user.groups
        verbs = {}
        for resource, group in resources:
            plural, _, sub = resource.partition("/")
            allowed = [v for v in MATRIX_VERBS if masters or any(
                rule_allows(Attributes(user, v, group, plural, sub, namespace), r) for r in rules)]
            verbs[resource] = allowed
        rows.append(MatrixRow(label, sorted(set(via)), verbs))
    return rows


def _width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def matrix_text(rows: list[MatrixRow], namespace: str, resources=MATRIX_RESOURCES) -> str:
    """The matrix as a fixed-width table (``-`` where nothing is allowed, ``all`` for every verb)."""
    header = [t("access.subject")] + [r for r, _ in resources]
    table = [header]
    for row in rows:
        cells = [row.subject]
        for resource, _ in resources:
            verbs = row.verbs.get(resource) or []
            cells.append(t("access.all_verbs") if len(verbs) == len(MATRIX_VERBS) else (",".join(verbs) or "-"))
        table.append(cells)
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
    lines = [t("access.matrix_title", namespace=namespace)]
    lines += ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip() for r in table]
    if not rows:
        lines.append(t("access.matrix_empty"))
    return "\n".join(lines) + "\n"


__all__ = ["AccessExplanation", "MatrixRow", "access_matrix", "describe_rule", "explain_access", "matrix_text",
           "user_info"]
