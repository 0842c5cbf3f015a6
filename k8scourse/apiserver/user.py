"""Who a request is from, once authenticated: upstream's ``user.Info`` and the names it hard-codes.

:mod:`.authentication` turns credentials into a :class:`UserInfo`; service account tokens
(:mod:`.tokens`), the authorizers and impersonation read it.

>>> sa = service_account_user("default", "app")
>>> sa.name, sa.groups
('system:serviceaccount:default:app', ('system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'))
>>> sa.service_account
('default', 'app')
>>> certificate_user("masterclient", ["system:masters"]).groups
('system:masters', 'system:authenticated')
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Names and groups upstream hard-codes (k8s.io/apiserver/pkg/authentication/user).
SYSTEM_MASTERS = "system:masters"
AUTHENTICATED = "system:authenticated"
UNAUTHENTICATED = "system:unauthenticated"
ANONYMOUS = "system:anonymous"
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"
SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts"
NODE_PREFIX = "system:node:"
NODES_GROUP = "system:nodes"


@dataclass(frozen=True)
class UserInfo:
    """The authenticated user of one request (upstream ``user.Info``)."""
    name: str
    uid: str = ""
    groups: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def service_account(self) -> tuple[str, str] | None:
        """(namespace, name) when this user is a service account."""
        if not self.name.startswith(SERVICE_ACCOUNT_PREFIX):
            return None
        ns, _, name = self.name[len(SERVICE_ACCOUNT_PREFIX):].partition(":")
        return (ns, name) if ns and name else None


def with_authenticated(groups) -> tuple[str, ...]:
    """``groups`` plus ``system:authenticated`` (added once, last, as upstream's group adder does)."""
    groups = tuple(groups)
    return groups if AUTHENTICATED in groups else groups + (AUTHENTICATED,)


def certificate_user(cn: str, organizations=()) -> UserInfo:
    return UserInfo(cn, "", with_authenticated(organizations))


def service_account_user(namespace: str, name: str, uid: str = "", extra: dict | None = None) -> UserInfo:
    return UserInfo(f"{SERVICE_ACCOUNT_PREFIX}{namespace}:{name}", uid,
                    (SERVICE_ACCOUNTS_GROUP, f"{SERVICE_ACCOUNTS_GROUP}:{namespace}", AUTHENTICATED),
                    dict(extra or {}))


def node_user(node: str) -> UserInfo:
    return UserInfo(f"{NODE_PREFIX}{node}", "", (NODES_GROUP, AUTHENTICATED))


def anonymous() -> UserInfo:
    return UserInfo(ANONYMOUS, "", (UNAUTHENTICATED,))
