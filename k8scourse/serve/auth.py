"""Authentication of the served API: who sent a request.

Models kube-apiserver's bearer-token authenticators in the order it runs them:

* the **static token** the server writes into its kubeconfig (``--token-auth-file`` upstream, the
  admin credentials ``az aks get-credentials --admin`` hands out on AKS): user ``kubernetes-admin``
  in the group ``system:masters``, which every authorizer lets do anything;
* **ServiceAccount tokens** — bound tokens (``kubectl create token``, the projected volume of a pod)
  and legacy token Secrets — checked by the API server's token authenticator
  (:func:`k8scourse.apiserver.tokens.authenticate_token`): ``system:serviceaccount:<namespace>:<name>``
  in ``system:serviceaccounts`` and ``system:serviceaccounts:<namespace>``.

Over HTTPS a **client certificate** signed by the cluster CA (one issued for a CertificateSigningRequest,
``kubectl config set-credentials --client-certificate … --client-key …``) authenticates too, before
any token: its CN is the user, its O entries the groups, while it is valid on the simulated clock
(:func:`k8scourse.apiserver.authentication.authenticate_certificate`).

A request without a token may read only the public information (``/healthz``, ``/livez``,
``/readyz``, ``/version``: the ``system:public-info-viewer`` role); anything else, and every unknown
token, is ``401 Unauthorized`` with the real ``Status`` body (kubectl prints ``error: You must be
logged in to the server (the server has asked for the client to provide credentials)``).

Over plain HTTP kubectl sends no credentials at all (client-go reads a kubeconfig's user only for
TLS connections), so a plain-HTTP endpoint is what ``kubectl proxy`` is: loopback only, and a request
without a token acts as the admin (``tokenless_admin``); a wrong token is still refused.

What the user may do is then the API server's authorizer's answer (Node, RBAC), asked by
:class:`k8scourse.serve.rest.RestAPI` for every request; ``Impersonate-User``/``-Group``/``-Uid``
headers (``kubectl --as``) are honoured when the user may impersonate (:mod:`k8scourse.apiserver.impersonation`).

>>> from k8scourse.engine import ClusterEngine
>>> auth = Authenticator(ClusterEngine(nodes=0, seed=0), token="s3cret")
>>> auth.authenticate("Bearer s3cret").name, auth.authenticate("Bearer nope")
('kubernetes-admin', None)
"""

from __future__ import annotations

import hmac
import secrets

from ..apiserver.authentication import authenticate_certificate
from ..apiserver.tokens import authenticate_token
from ..apiserver.user import SYSTEM_MASTERS, UserInfo, with_authenticated

_PUBLIC = ("/healthz", "/livez", "/readyz", "/version")
# The static token's user: kube-apiserver's --token-auth-file admin, a cluster admin through its group.
ADMIN = UserInfo("kubernetes-admin", "", with_authenticated([SYSTEM_MASTERS]))


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

    def authenticate(self, header: str, client_cert: bytes = b"") -> UserInfo | None:
        """The request's user: a client certificate the cluster CA signed first (upstream's x509
        authenticator runs before the token authenticators), then the bearer token."""
        if client_cert:
            user = authenticate_certificate(self.engine.api, client_cert)
            if user is not None:
                return user
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if not header and self.tokenless_admin:
            return ADMIN
        if scheme.lower() != "bearer" or not token:
            return None
        if self.token is not None and hmac.compare_digest(token.encode(), self.token.encode()):
            return ADMIN
        return authenticate_token(self.engine.api, token)
