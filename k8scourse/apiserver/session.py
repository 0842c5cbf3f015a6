"""The API server as one authenticated user reaches it: every call authorized before it runs.

What kubectl (and anything else outside the engine) holds instead of the bare
:class:`~k8scourse.apiserver.server.APIServer`: the same methods — ``get``, ``list``, ``create``,
``update``, ``patch``, ``delete``, ``evict``, ``update_status``, ``update_approval``, ``peek``, ``watch``, ``pod_log``,
``pod_exec`` — each first put
to the authorizer chain (:mod:`k8scourse.apiserver.authorization`) as the request the real client
would send (``list pods in default``, ``patch deployments.apps/web``, ``create pods/eviction``), so
a refusal is the API server's ``403 Forbidden``. Creating or changing Roles, ClusterRoles and their
bindings is also checked for escalation (:func:`check_escalation`).

Anything else (the kinds registry, the clock) passes through unchanged.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.apiserver.authentication import service_account_user
>>> api = APIServer(Simulation(seed=0))
>>> app = UserSession(api, service_account_user("default", "app"))
>>> app.list("pods", "default")
Traceback (most recent call last):
...
k8scourse.errors.APIError: pods is forbidden: User "system:serviceaccount:default:app" cannot list resource "pods" in API group "" in the namespace "default"
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..errors import APIError
from .authentication import SYSTEM_MASTERS, UserInfo
from .authorization import Attributes, forbidden
from .authorization.rbac import RBAC_GROUP, escalation_message, missing_rules
from .patch import apply_patch


class UserSession:
    def __init__(self, api, user: UserInfo, field_manager: str | None = None):
        self._api = api
        self.user = user
        # the ``fieldManager`` this client sends with its writes (kubectl: its command's --field-manager)
        self.field_manager = field_manager

    def __getattr__(self, name):
        return getattr(self._api, name)

    # ------------------------------------------------------------------ the authorization step
    def authorize(self, verb: str, resource, namespace: str = "", name: str = "", subresource: str = "") -> None:
        info = self._api.info(resource)
        ns = namespace if info.namespaced else ""
        self._api.authorize(self.user, verb, info, ns, name, subresource)

    def can(self, verb: str, resource, namespace: str = "", name: str = "", subresource: str = "") -> bool:
        try:
            self.authorize(verb, resource, namespace, name, subresource)
        except APIError:
            return False
        return True

    def _settled(self, result):
        """A ClusterRole write is followed by the aggregation controller (milliseconds on a real cluster)."""
        self._api.rbac_aggregator.sync()
        return result

    # ------------------------------------------------------------------ reads
    def get(self, resource, name: str, namespace: str = "default") -> dict:
        self.authorize("get", resource, namespace, name)
        return self._api.get(resource, name, namespace)

    def peek(self, resource, name: str, namespace: str = "") -> dict | None:
        self.authorize("get", resource, namespace, name)
        return self._api.peek(resource, name, namespace)

    def list(self, resource, namespace: str | None = None, label_selector: str = "", field_selector: str = "") -> dict:
        self.authorize("list", resource, namespace or "")
        return self._api.list(resource, namespace, label_selector, field_selector)

    def watch(self, resource, callback, namespace: str | None = None):
        self.authorize("watch", resource, namespace or "")
        return self._api.watch(resource, callback, namespace)

    def pod_log(self, namespace: str, name: str, container: str | None = None, **options) -> str:
        self.authorize("get", "pods", namespace, name, "log")
        return self._api.pod_log(namespace, name, container, **options)

    def pod_files(self, namespace: str, name: str, container: str):
        self.authorize("create", "pods", namespace, name, "exec")
        return self._api.pod_files(namespace, name, container)

    def pod_exec(self, namespace: str, name: str, container: str, argv: list[str], emit) -> int:
        self.authorize("create", "pods", namespace, name, "exec")
        return self._api.pod_exec(namespace, name, container, argv, emit)

    # ------------------------------------------------------------------ writes
    def create(self, body: dict, namespace: str | None = None, *, resource=None, dry_run: bool = False,
               user: str = "", trusted: bool = False, manager: str | None = None) -> dict:
        info = self._api._resolve_body(body, resource)
        ns = self._api._namespace_for(info, namespace, body if isinstance(body, dict) else None)
        self.authorize("create", info, ns, "")
        check_escalation(self._api, self.user, info, ns, body, None)
        from .certificates import requesting
        with requesting(self.user):     # a CSR records who asked for it
            return self._settled(self._api.create(body, namespace, resource=resource, dry_run=dry_run,
                                                  user=self.user.name, manager=manager or self.field_manager))

    def update(self, body: dict, *, dry_run: bool = False, user: str = "", trusted: bool = False,
               resource=None, manager: str | None = None) -> dict:
        info = self._api._resolve_body(body, resource)
        ns = self._api._namespace_for(info, None, body)
        name = dig(body, "metadata", "name", default="")
        self.authorize("update", info, ns, name)
        check_escalation(self._api, self.user, info, ns, body, self._api.peek(info, name, ns))
        return self._settled(self._api.update(body, dry_run=dry_run, user=self.user.name, resource=resource,
                                              manager=manager or self.field_manager))

    def update_status(self, body: dict, *, user: str = "", resource=None, dry_run: bool = False,
                      trusted: bool = False, manager: str | None = None) -> dict:
        info = self._api._resolve_body(body, resource)
        self.authorize("update", info, self._api._namespace_for(info, None, body),
                       dig(body, "metadata", "name", default=""), "status")
        from .certificates import requesting
        with requesting(self.user):     # a CSR's certificate needs ``sign`` on its signer
            return self._api.update_status(body, user=self.user.name, resource=resource, dry_run=dry_run,
                                           trusted=False, manager=manager or self.field_manager)

    def update_approval(self, body: dict, *, user: str = "", dry_run: bool = False, manager: str | None = None) -> dict:
        """``PUT …/certificatesigningrequests/NAME/approval``: ``update`` on the subresource, then
        ``approve`` on the signer (checked by the API server for this user)."""
        from .certificates import requesting
        self.authorize("update", "certificatesigningrequests", "", dig(body, "metadata", "name", default=""),
                       "approval")
        with requesting(self.user):
            return self._api.update_approval(body, user=self.user.name, dry_run=dry_run,
                                             manager=manager or self.field_manager)

    def finalize_namespace(self, body: dict, *, user: str = "") -> dict:
        self.authorize("update", "namespaces", "", dig(body, "metadata", "name", default=""), "finalize")
        return self._api.finalize_namespace(body, user=self.user.name)

    def patch(self, resource, name: str, namespace: str, patch, patch_type: str = "strategic", *,
              subresource: str = "", dry_run: bool = False, user: str = "", manager: str | None = None) -> dict:
        info = self._api.info(resource)
        self.authorize("patch", info, namespace, name, subresource)
        if info.group == RBAC_GROUP and not subresource:
            current = self._api.get(info, name, namespace if info.namespaced else "")
            try:
                patched = apply_patch(current, patch, patch_type)
            except ValueError as exc:
                raise APIError.bad_request(str(exc)) from None
            check_escalation(self._api, self.user, info, namespace if info.namespaced else "", patched, current)
        from .certificates import requesting
        with requesting(self.user):     # a CSR's approval needs ``approve``, its certificate ``sign``
            return self._settled(self._api.patch(info, name, namespace, patch, patch_type, subresource=subresource,
                                                 dry_run=dry_run, user=self.user.name,
                                                 manager=manager or self.field_manager))

    def delete(self, resource, name: str, namespace: str = "default", **kwargs) -> dict:
        self.authorize("delete", resource, namespace, name)
        kwargs["user"] = self.user.name
        return self._settled(self._api.delete(resource, name, namespace, **kwargs))

    def evict(self, namespace: str, name: str, user: str = "", grace_period: int | None = None,
              dry_run: bool = False) -> dict:
        self.authorize("create", "pods", namespace, name, "eviction")
        return self._api.evict(namespace, name, user=self.user.name, grace_period=grace_period, dry_run=dry_run)


# ----------------------------------------------------------------------------- escalation prevention
def check_escalation(api, user: UserInfo, info, namespace: str, obj: dict, old: dict | None) -> None:
    """Refuse a Role/ClusterRole/binding write that would grant what ``user`` does not hold.

    Models ``pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased``:
    ``system:masters`` may do anything; otherwise the ``escalate`` verb on the role (or ``bind`` on the
    bound role) lifts the check; otherwise every rule granted must be covered by the user's own rules
    in that namespace.
    """
    if info.group != RBAC_GROUP or not isinstance(obj, dict) or SYSTEM_MASTERS in user.groups:
        return
    name = dig(obj, "metadata", "name", default="")
    authz = api.authorizer
    if info.kind in ("Role", "ClusterRole"):
        if authz.authorize(Attributes(user, "escalate", RBAC_GROUP, info.plural, "", namespace, name)).allowed:
            return
        requested = list(obj.get("rules") or [])
        if info.kind == "ClusterRole" and obj.get("aggregationRule"):
            requested = []      # an aggregated role's rules are the controller's to fill in
    elif info.kind in ("RoleBinding", "ClusterRoleBinding"):
        ref = obj.get("roleRef") or {}
        kind, ref_name = ref.get("kind", ""), ref.get("name", "")
        plural = "clusterroles" if kind == "ClusterRole" else "roles"
        # checked in the binding's namespace: bind may be delegated per namespace (BindingAuthorized)
        if authz.authorize(Attributes(user, "bind", RBAC_GROUP, plural, "", namespace, ref_name)).allowed:
            return
        role = api.peek(plural, ref_name, namespace if kind == "Role" else "")
        if role is None:
            singular = "clusterrole" if kind == "ClusterRole" else "role"
            raise APIError.forbidden(info.plural, name, f'{singular}.{RBAC_GROUP} "{ref_name}" not found', info.group)
        requested = list(role.get("rules") or [])
    else:
        return
    owner, errors = authz.rbac.rules_for(user, namespace)
    from .authorization.node import node_name
    if node_name(user):
        from .authorization.bootstrap import cluster_role_rules
        owner = owner + copy_json(cluster_role_rules("system:node"))
    missing = missing_rules(owner, requested)
    if missing:
        raise APIError.forbidden(info.plural, name, escalation_message(user, missing, errors), info.group)


__all__ = ["UserSession", "check_escalation", "forbidden"]
