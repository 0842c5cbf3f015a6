"""Impersonation: acting as another user (``kubectl --as``, ``--as-group``, ``--as-uid``).

Models the API server's impersonation filter. A request that asks to act as someone else is first
authorized for the ``impersonate`` verb, as the requesting user, on each thing it asks for:

* ``--as=NAME`` — ``users`` named NAME; a service account name
  (``system:serviceaccount:NS:SA``) is ``serviceaccounts`` SA in namespace NS instead, and then, when
  no group is asked for, brings that account's groups;
* ``--as-group=G`` (repeatable) — ``groups`` named G;
* ``--as-uid=U`` — ``uids`` named U in API group ``authentication.k8s.io``.

The impersonated user is then in ``system:authenticated`` as well (unless a group
``system:authenticated``/``system:unauthenticated`` was asked for, or the user is ``system:anonymous``,
who gets ``system:unauthenticated``), and the request goes on as that user. A refusal reads as the API
server's: ``users "jane" is forbidden: User "system:serviceaccount:default:app" cannot impersonate
resource "users" in API group "" at the cluster scope``.

>>> from k8scourse.apiserver.authentication import certificate_user
>>> class Everyone:
...     def check(self, attrs): pass
>>> impersonate(Everyone(), certificate_user("masterclient", ["system:masters"]),
...             "system:serviceaccount:dev:app").groups
('system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated')
"""

from __future__ import annotations

from ..errors import APIError
from .authentication import (ANONYMOUS, AUTHENTICATED, SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNTS_GROUP,
                             UNAUTHENTICATED, UserInfo)
from .authorization import Attributes


def impersonate(authorizer, requester: UserInfo, as_user: str = "", as_groups=(), as_uid: str = "",
                extra: dict | None = None) -> UserInfo:
    """The user a request acts as; raises Forbidden when ``requester`` may not impersonate it."""
    as_groups, extra = list(as_groups or ()), dict(extra or {})
    if not as_user:
        if as_groups or as_uid or extra:
            asked = ", ".join([f"Group {g}" for g in as_groups] + ([f"UID {as_uid}"] if as_uid else []))
            raise APIError.internal(f"requested [{asked}] without impersonating a user")
        return requester
    groups: list[str] = []
    if as_user.startswith(SERVICE_ACCOUNT_PREFIX) and as_user.count(":") == 3:
        ns, name = as_user[len(SERVICE_ACCOUNT_PREFIX):].split(":")
        authorizer.check(Attributes(requester, "impersonate", "", "serviceaccounts", "", ns, name))
        if not as_groups:
            groups = [SERVICE_ACCOUNTS_GROUP, f"{SERVICE_ACCOUNTS_GROUP}:{ns}"]
    else:
        authorizer.check(Attributes(requester, "impersonate", "", "users", "", "", as_user))
    for group in as_groups:
        authorizer.check(Attributes(requester, "impersonate", "", "groups", "", "", group))
        groups.append(group)
    for key, values in sorted(extra.items()):
        for value in values:
            authorizer.check(Attributes(requester, "impersonate", "authentication.k8s.io", "userextras", key,
                                        "", value))
    if as_uid:
        authorizer.check(Attributes(requester, "impersonate", "authentication.k8s.io", "uids", "", "", as_uid))
    marker = UNAUTHENTICATED if as_user == ANONYMOUS else AUTHENTICATED
    if AUTHENTICATED not in groups and UNAUTHENTICATED not in groups:
        groups.append(marker)
    return UserInfo(as_user, as_uid, tuple(groups), extra)
