"""Authentication: who is making a request.

Models kube-apiserver's authenticators. Every request that reaches the API server from outside
(kubectl, a pod calling ``https://kubernetes.default.svc``) carries a credential, and the API server
turns it into a :class:`UserInfo` — name, uid, groups, extra — before anything else happens:

* a **client certificate**: the subject's CN is the user name and its O entries are the groups
  (one signed by the cluster CA, valid on the simulated clock: :mod:`.cluster_ca`; a certificate
  issued for a CertificateSigningRequest is one).
  AKS's local-account kubeconfigs (``clusterUser_<rg>_<name>`` and, with ``--admin``,
  ``clusterAdmin_<rg>_<name>``) carry a certificate with ``CN=masterclient, O=system:masters``:
  the student is a cluster admin, as on AKS without Entra ID integration;
* a **bearer token**: a service account token (:mod:`k8scourse.apiserver.tokens`) authenticates as
  ``system:serviceaccount:<namespace>:<name>`` in the groups ``system:serviceaccounts``,
  ``system:serviceaccounts:<namespace>`` and ``system:authenticated``, while the account (and the
  pod or Secret it is bound to) still exists and the token has not expired;
* nothing at all: ``system:anonymous`` in ``system:unauthenticated``.

Every authenticated user is also in ``system:authenticated``. A credential that does not
authenticate is answered ``401 Unauthorized`` (kubectl: ``error: You must be logged in to the server
(Unauthorized)``).

The user types and names live in :mod:`.user` (re-exported here).

>>> Credentials.aks_local_account().describe()
{'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED'}
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import APIError
from .tokens import authenticate_token
from .user import (AUTHENTICATED, ANONYMOUS, NODE_PREFIX, NODES_GROUP, SERVICE_ACCOUNT_PREFIX,
                   SERVICE_ACCOUNTS_GROUP, SYSTEM_MASTERS, UNAUTHENTICATED, UserInfo, anonymous,
                   certificate_user, node_user, service_account_user, with_authenticated)

__all__ = ["AKS_CLIENT_CN", "AUTHENTICATED", "ANONYMOUS", "Credentials", "authenticate_certificate", "NODE_PREFIX", "NODES_GROUP",
           "SERVICE_ACCOUNT_PREFIX", "SERVICE_ACCOUNTS_GROUP", "SYSTEM_MASTERS", "UNAUTHENTICATED", "UserInfo",
           "anonymous", "authenticate", "certificate_user", "node_user", "service_account_user", "unauthorized",
           "with_authenticated"]

# AKS local accounts: the certificate subject of clusterUser_* and clusterAdmin_* kubeconfigs.
AKS_CLIENT_CN = "masterclient"


@dataclass(frozen=True)
class Credentials:
    """What a kubeconfig user (or an HTTP request) presents: a client certificate or a bearer token.

    A certificate is either the AKS local account's (``certificate_cn``/``certificate_groups``: the
    subject alone) or a real one (``certificate_pem``, from ``kubectl config set-credentials
    --client-certificate``), checked against the cluster CA (:mod:`.cluster_ca`)."""
    certificate_cn: str = ""
    certificate_groups: tuple[str, ...] = ()
    token: str = ""
    username: str = ""           # basic auth: no 1.32 API server accepts it (401)
    certificate_pem: bytes = b""
    certificate_path: str = ""   # where the certificate and key were read from (not embedded)
    key_path: str = ""

    @classmethod
    def aks_local_account(cls) -> "Credentials":
        return cls(AKS_CLIENT_CN, (SYSTEM_MASTERS,))

    def describe(self) -> dict:
        """The ``user:`` entry ``kubectl config view`` shows (secrets redacted as kubectl does)."""
        shown: dict = {}
        if self.certificate_path or self.key_path:
            shown.update({k: v for k, v in (("client-certificate", self.certificate_path),
                                            ("client-key", self.key_path)) if v})
        elif self.certificate_cn or self.certificate_pem:
            shown.update({"client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED"})
        if self.username:
            shown.update({"password": "REDACTED", "username": self.username})
        if self.token:
            shown["token"] = "REDACTED"
        return shown


def authenticate_certificate(api, data: bytes) -> UserInfo | None:
    """The user of a client certificate the cluster CA signed (CN the name, O the groups), or None
    when it was not signed by it, is not valid now, or is not for client authentication."""
    from .cluster_ca import certificate_identity
    identity = certificate_identity(api.sim, data)
    if identity is None or not identity[0]:
        return None
    return certificate_user(identity[0], identity[1])


def unauthorized() -> APIError:
    return APIError("Unauthorized", 401, "Unauthorized")


def authenticate(api, credentials: Credentials | None) -> UserInfo:
    """The user ``credentials`` authenticate as on ``api``, or ``401 Unauthorized``."""
    if credentials is None or not (credentials.token or credentials.certificate_cn or credentials.username
                                   or credentials.certificate_pem):
        return anonymous()
    if credentials.certificate_pem:     # the x509 authenticator runs before the token authenticators
        user = authenticate_certificate(api, credentials.certificate_pem)
        if user is not None:
            return user
        if not credentials.token:
            raise unauthorized()
    if credentials.username and not credentials.token and not credentials.certificate_cn:
        raise unauthorized()        # basic auth was removed from kube-apiserver in 1.19
    if credentials.token:
        user = authenticate_token(api, credentials.token)
        if user is None:
            raise unauthorized()
        return user
    return certificate_user(credentials.certificate_cn, credentials.certificate_groups)
