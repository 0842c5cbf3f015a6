"""Authentication of the served API: who sent a request.

Models kube-apiserver's bearer-token authenticators in the order it runs them:

* the **static token** the server writes into its kubeconfig (``--token-auth-file`` upstream, the
  admin credentials ``az aks get-credentials --admin`` hands out on AKS): user ``kubernetes-admin``
  in the group ``system:masters``, which every authorizer lets do anything;
* **ServiceAccount tokens**: the ``token`` of a ``kubernetes.io/service-account-token`` Secret
  authenticates as ``system:serviceaccount:<namespace>:<name>`` (groups ``system:serviceaccounts``
  and ``system:serviceaccounts:<namespace>``) while that Secret exists.

A request without a token may read only the public information (``/healthz``, ``/livez``,
``/readyz``, ``/version``: the ``system:public-info-viewer`` role); anything else, and every unknown
token, is ``401 Unauthorized`` with the real ``Status`` body (kubectl prints ``error: You must be
logged in to the server (the server has asked for the client to provide credentials)``).

Over plain HTTP kubectl sends no credentials at all (client-go reads a kubeconfig's user only for
TLS connections), so a plain-HTTP endpoint is what ``kubectl proxy`` is: loopback only, and a request
without a token acts as the admin (``tokenless_admin``); a wrong token is still refused.

Deliberate difference: authorization is not modelled yet — every authenticated user may do anything
(RBAC is enforced once the API server has an authorizer).

>>> from k8scourse.engine import ClusterEngine
>>> auth = Authenticator(ClusterEngine(nodes=0, seed=0), token="s3cret")
>>> auth.authenticate("Bearer s3cret").name, auth.authenticate("Bearer nope")
('kubernetes-admin', None)
"""

from __future__ import annotations

import base64
import hmac
import secrets
from dataclasses import dataclass

from ..api.objects import dig

_PUBLIC = ("/healthz", "/livez", "/readyz", "/version")


@dataclass(frozen=True)
class UserInfo:
    name: str
    groups: tuple[str, ...] = ()


def new_token() -> str:
    """A fresh random bearer token (not from the cluster's seeded RNG: it is a secret, not state)."""
    return secrets.token_urlsafe(32)


class Authenticator:
    def __init__(self, engine, token: str | None, tokenless_admin: bool = False):
        self.engine = engine
        self.token = token
        self.tokenless_admin = tokenless_admin

    @staticmethod
    def public(path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in _PUBLIC)

    def authenticate(self, header: str) -> UserInfo | None:
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if not header and self.tokenless_admin:
            return UserInfo("kubernetes-admin", ("system:masters", "system:authenticated"))
        if scheme.lower() != "bearer" or not token:
            return None
        if self.token is not None and hmac.compare_digest(token.encode(), self.token.encode()):
            return UserInfo("kubernetes-admin", ("system:masters", "system:authenticated"))
        return self._service_account(token)

    def _service_account(self, token: str) -> UserInfo | None:
        store = self.engine.api.store
        for secret in store.list("secrets", None, copy=False):
            if secret.get("type") != "kubernetes.io/service-account-token":
                continue
            stored = dig(secret, "data", "token")
            try:
                value = base64.b64decode(stored or "").decode()
            except (ValueError, UnicodeDecodeError):
                continue
            if value and hmac.compare_digest(value.encode(), token.encode()):
                md = secret["metadata"]
                account = dig(md, "annotations", "kubernetes.io/service-account.name", default="")
                ns = md.get("namespace", "")
                return UserInfo(f"system:serviceaccount:{ns}:{account}",
                                ("system:serviceaccounts", f"system:serviceaccounts:{ns}", "system:authenticated"))
        return None
