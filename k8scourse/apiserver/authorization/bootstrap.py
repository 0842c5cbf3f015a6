"""The default RBAC policy every cluster starts with, and ClusterRole aggregation.

Models kube-apiserver's ``rbac/bootstrap-roles`` post-start hook and kube-controller-manager's
``clusterrole-aggregation`` controller:

* the roles and bindings of ``bootstrap_policy.yaml`` (``cluster-admin``, ``admin``, ``edit``,
  ``view``, ``system:basic-user``, ``system:discovery``, ``system:node``, ``system:kube-scheduler``,
  … and the kube-system leader-election roles) exist from the start, labelled
  ``kubernetes.io/bootstrapping: rbac-defaults`` and annotated
  ``rbac.authorization.kubernetes.io/autoupdate: "true"``;
* a ClusterRole with an ``aggregationRule`` (``admin``, ``edit``, ``view``, or a learner's) has as its
  rules the union of the rules of every other ClusterRole its selectors match, in name order, kept
  up to date as those change — so a ClusterRole labelled
  ``rbac.authorization.k8s.io/aggregate-to-view: "true"`` extends ``view``, ``edit`` and ``admin``.

The bootstrap objects are written with UIDs derived from their names, not drawn from the cluster's
random generator, so adding them does not shift the generated names of anything else.

>>> rules = cluster_role_rules("view")
>>> [r["resources"] for r in rules if "pods" in r.get("resources", [])][0][:3]
['configmaps', 'endpoints', 'persistentvolumeclaims']
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from importlib import resources

import yaml

from ...api.labels import parse_selector
from ...api.objects import copy_json, dig
from ...errors import APIError
from .rbac import RBAC_GROUP

BOOTSTRAP_LABELS = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
AGGREGATOR = "system:serviceaccount:kube-system:clusterrole-aggregation-controller"
_VERBS = {"R": ["get", "list", "watch"], "W": ["create", "delete", "deletecollection", "patch", "update"]}


def _rule(short: dict) -> dict:
    verbs = short["v"]
    verbs = _VERBS[verbs] if isinstance(verbs, str) else list(verbs)
    if "u" in short:
        return {"nonResourceURLs": list(short["u"]), "verbs": verbs}
    rule = {"apiGroups": list(short["g"]), "resources": list(short["r"])}
    if "n" in short:
        rule["resourceNames"] = list(short["n"])
    rule["verbs"] = verbs
    return rule


def _subject(text: str) -> dict:
    kind, _, rest = text.partition(":")
    if kind == "ServiceAccount":
        ns, _, name = rest.partition(":")
        return {"kind": "ServiceAccount", "name": name, "namespace": ns}
    return {"apiGroup": RBAC_GROUP, "kind": kind, "name": rest}


@functools.lru_cache(maxsize=1)
def policy() -> tuple[dict, ...]:
    """The bootstrap objects (without server-set metadata), cluster roles first."""
    # libyaml's safe loader when PyYAML has it (8x faster on this file, the same data): every new
    # cluster's first API server pays for this parse
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(resources.files(__package__).joinpath("bootstrap_policy.yaml").read_text(), Loader=loader)
    out = []
    for name, spec in data["clusterroles"].items():
        md = {"name": name, "labels": {**BOOTSTRAP_LABELS, **(spec.get("labels") or {})},
              "annotations": dict(AUTOUPDATE)}
        role = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRole", "metadata": md}
        if spec.get("aggregate"):
            role["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": {spec["aggregate"]: "true"}}]}
        role["rules"] = [_rule(r) for r in spec.get("rules") or []]
        out.append(role)
    for name, (role, subjects) in data["clusterrolebindings"].items():
        binding = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRoleBinding",
                   "metadata": {"name": name, "labels": dict(BOOTSTRAP_LABELS), "annotations": dict(AUTOUPDATE)},
                   "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": role}}
        if subjects:
            binding["subjects"] = [_subject(s) for s in subjects]
        out.append(binding)
    for key, rules in data["roles"].items():
        ns, _, name = key.partition("/")
        out.append({"apiVersion": f"{RBAC_GROUP}/v1", "kind": "Role", "metadata": {
            "name": name, "namespace": ns, "labels": dict(BOOTSTRAP_LABELS), "annotations": dict(AUTOUPDATE)},
            "rules": [_rule(r) for r in rules]})
    for key, (ref, subjects) in data["rolebindings"].items():
        ns, _, name = key.partition("/")
        kind, _, role = ref.partition(":")
        out.append({"apiVersion": f"{RBAC_GROUP}/v1", "kind": "RoleBinding", "metadata": {
            "name": name, "namespace": ns, "labels": dict(BOOTSTRAP_LABELS), "annotations": dict(AUTOUPDATE)},
            "roleRef": {"apiGroup": RBAC_GROUP, "kind": kind, "name": role},
            "subjects": [_subject(s) for s in subjects]})
    return tuple(out)


def resolve_aggregation(cluster_roles: list[dict]) -> list[dict]:
    """Copies of ``cluster_roles`` with every aggregated role's rules filled in (to a fixed point)."""
    roles = [copy_json(r) for r in cluster_roles]
    for _ in range(8):
        changed = False
        for role in roles:
            if "aggregationRule" in role:
                rules = aggregate_rules(role, roles)
                if rules != (role.get("rules") or []):
                    role["rules"], changed = rules, True
        if not changed:
            break
    return roles


@functools.lru_cache(maxsize=1)
def _fresh_cluster_roles() -> dict:
    resolved = resolve_aggregation([o for o in policy() if o["kind"] == "ClusterRole"])
    return {r["metadata"]["name"]: r for r in resolved}


def cluster_role_rules(name: str) -> list[dict]:
    """The rules of a bootstrap ClusterRole as a fresh cluster has them (aggregation applied).

    Shared, read-only: callers must not change them.
    """
    role = _fresh_cluster_roles().get(name)
    return role.get("rules") or [] if role else []


def aggregate_rules(role: dict, cluster_roles: list[dict]) -> list[dict]:
    """The rules an aggregated ClusterRole gets from the others' current rules (the controller's order)."""
    selectors = dig(role, "aggregationRule", "clusterRoleSelectors", default=None)
    if selectors is None:
        return list(role.get("rules") or [])
    rules: list[dict] = []
    by_name = {r["metadata"]["name"]: r for r in cluster_roles}
    for selector in selectors:
        matches = _selector(selector)
        for name in sorted(by_name):
            other = by_name[name]
            if name == role["metadata"]["name"] or not matches(dig(other, "metadata", "labels", default={})):
                continue
            for rule in other.get("rules") or []:
                if rule not in rules:
                    rules.append(copy_json(rule))
    return rules


def _selector(selector: dict):
    labels = selector.get("matchLabels") or {}
    parts = [f"{k}={v}" for k, v in sorted(labels.items())]
    for expr in selector.get("matchExpressions") or []:
        op, values = expr.get("operator"), ",".join(expr.get("values") or [])
        key = expr.get("key", "")
        parts.append({"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})",
                      "Exists": key, "DoesNotExist": f"!{key}"}.get(op, key))
    if not parts:
        return lambda labels: False     # an empty selector selects nothing here, as upstream
    parsed = parse_selector(",".join(parts))
    return parsed.matches


def _uid(kind: str, namespace: str, name: str) -> str:
    digest = hashlib.sha256(f"bootstrap {kind} {namespace}/{name}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def install(api) -> None:
    """Write the bootstrap policy into the store (the API server's post-start hook)."""
    now = api.sim.clock.rfc3339()
    fresh = _fresh_cluster_roles()
    for obj in policy():
        obj = copy_json(fresh[obj["metadata"]["name"]] if obj["kind"] == "ClusterRole" else obj)
        info = api.info(obj["kind"].lower() + "s")
        md = obj["metadata"]
        md["uid"] = _uid(obj["kind"], md.get("namespace", ""), md["name"])
        md["creationTimestamp"] = now
        key = (info.group_resource, md.get("namespace", ""), md["name"])
        if api.store.peek(key) is None:
            api.store.create(key, obj, "system:apiserver", True)


class ClusterRoleAggregator:
    """The clusterrole-aggregation controller: keeps aggregated ClusterRoles' rules current."""

    def __init__(self, api):
        self.api = api
        self.dirty = False
        self._writing = False
        self._pending = None
        self._resource = api.info("clusterroles").group_resource
        self._watch = api.store.watch(self._resource, self._on_event)

    def _on_event(self, event) -> None:
        if self._writing:
            return
        self.dirty = True
        if self._pending is None:
            self._pending = self.api.sim.schedule(0, self.sync, name="clusterrole-aggregation")

    def sync(self) -> None:
        """Recompute every aggregated ClusterRole until nothing changes (chains: view → edit → admin)."""
        self._pending = None
        if not self.dirty:
            return
        self.dirty = False
        for _ in range(8):
            changed = False
            roles = self.api.store.list(self._resource, None, copy=False)
            for role in sorted(roles, key=lambda r: r["metadata"]["name"]):
                if "aggregationRule" not in role:
                    continue
                rules = aggregate_rules(role, roles)
                if rules != (role.get("rules") or []):
                    updated = copy_json(role)
                    updated["rules"] = rules
                    self._writing = True
                    try:
                        self.api.update(updated, user=AGGREGATOR, trusted=True)
                    except APIError:
                        continue
                    finally:
                        self._writing = False
                    changed = True
                    break
            if not changed:
                return
