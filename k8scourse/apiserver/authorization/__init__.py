"""Authorization: may this user do this?

Models kube-apiserver's authorizer chain for an AKS-like 1.32 cluster (``--authorization-mode=Node,RBAC``):

1. members of ``system:masters`` are allowed everything (the privileged-group authorizer, before
   any other — which is why AKS's local-account kubeconfigs are cluster admins);
2. the **Node** authorizer (:mod:`.node`) for kubelets (``system:node:<name>`` in ``system:nodes``);
3. **RBAC** (:mod:`.rbac`): Roles, ClusterRoles and their bindings, with the bootstrap policy
   (:mod:`.bootstrap`) every cluster starts with.

No authorizer allowing means ``403 Forbidden`` with the API server's words:
``pods is forbidden: User "system:serviceaccount:default:app" cannot list resource "pods" in API group
"" in the namespace "default"`` (a request for one named object: ``pods "web" is forbidden: …``; a
cluster-scoped one: ``… at the cluster scope``; a non-resource URL: ``forbidden: User "x" cannot get
path "/healthz"``). When a binding points at a role that does not exist, RBAC's reason is appended
(``: RBAC: role.rbac.authorization.k8s.io "x" not found``).

Deliberate difference: the engine's own components (scheduler, controllers, kubelets) call the API
server in-process and are trusted — their writes are recorded under their real identities
(``system:kube-scheduler``, ``system:node:<name>``, ``system:serviceaccount:kube-system:…``) but not
authorized. The bootstrap roles and bindings that would authorize them on a real cluster are all
there, so ``kubectl auth can-i … --as=system:kube-scheduler`` answers as a real cluster does; only
deleting or editing those system roles would break a real cluster and does not break this one.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.apiserver.authentication import service_account_user
>>> api = APIServer(Simulation(seed=0))
>>> attrs = Attributes(service_account_user("default", "app"), "list", "", "pods", namespace="default")
>>> print(forbidden(attrs, api.authorizer.authorize(attrs).reason))
pods is forbidden: User "system:serviceaccount:default:app" cannot list resource "pods" in API group "" in the namespace "default"
"""

from __future__ import annotations

from ...errors import APIError
from ..authentication import SYSTEM_MASTERS
from .attributes import Attributes, Decision
from .node import NodeAuthorizer
from .rbac import RBACAuthorizer


def forbidden_message(attrs: Attributes) -> str:
    """The API server's words for a refused request (``forbiddenMessage`` in responsewriters)."""
    user = attrs.user.name
    if not attrs.resource_request:
        return f'User "{user}" cannot {attrs.verb} path "{attrs.path}"'
    if attrs.namespace:
        return (f'User "{user}" cannot {attrs.verb} resource "{attrs.resource_with_sub}" in API group '
                f'"{attrs.api_group}" in the namespace "{attrs.namespace}"')
    return (f'User "{user}" cannot {attrs.verb} resource "{attrs.resource_with_sub}" in API group '
            f'"{attrs.api_group}" at the cluster scope')


def forbidden(attrs: Attributes, reason: str = "") -> APIError:
    """The ``403 Forbidden`` answer: ``<resource>[.<group>] ["<name>"] is forbidden: <message>[: <reason>]``."""
    message = forbidden_message(attrs) + (f": {reason}" if reason else "")
    if not attrs.resource_request or not attrs.resource:
        return APIError("Forbidden", 403, f"forbidden: {message}")
    return APIError.forbidden(attrs.resource, attrs.name, message, attrs.api_group)


class Authorizer:
    """The union: privileged groups, then Node, then RBAC; the first to allow wins."""

    def __init__(self, api):
        self.api = api
        self.node = NodeAuthorizer(api)
        self.rbac = RBACAuthorizer(api)

    def authorize(self, attrs: Attributes) -> Decision:
        if SYSTEM_MASTERS in attrs.user.groups:
            return Decision(True, "", "system:masters")
        reasons = []
        for authorizer in (self.node, self.rbac):
            decision = authorizer.authorize(attrs)
            if decision.allowed:
                return decision
            if decision.reason:
                reasons.append(decision.reason)
        return Decision(False, "\n".join(reasons))

    def check(self, attrs: Attributes) -> None:
        """Raise the Forbidden answer unless ``attrs`` is allowed."""
        decision = self.authorize(attrs)
        if not decision.allowed:
            raise forbidden(attrs, decision.reason)
