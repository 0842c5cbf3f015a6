"""The API server's CertificateSigningRequest registry (``pkg/registry/certificates``) and its
admission plugins (``plugin/pkg/admission/certificates``).

* **create**: the requesting user's name, uid, groups and extra go into ``spec.username``,
  ``spec.uid``, ``spec.groups``, ``spec.extra`` (whatever the client sent there is replaced) and
  the status is reset: nobody creates a pre-approved request;
* **update** of the main resource keeps ``spec`` and ``status`` as stored (only metadata changes);
* the **approval** subresource (``PUT …/certificatesigningrequests/NAME/approval``) changes only
  ``status.conditions``; the *CertificateApproval* plugin lets it through only for a user who may
  ``approve`` the resource ``signers`` named after the request's signer (or ``<domain>/*``):
  ``user not permitted to approve requests with signerName "…"``;
* the **status** subresource keeps ``spec`` (the signer sets ``status.certificate`` there);
* conditions without times get ``lastUpdateTime`` now and ``lastTransitionTime`` now, or the time
  of the stored condition of the same type and status;
* *CertificateSubjectRestriction*: a request to ``kubernetes.io/kube-apiserver-client`` may not
  ask for the group ``system:masters``.

Who creates is the request's authenticated user; :func:`requesting` sets it for one call (the
user's session and the served REST front do), else the API server's ``user`` name alone is used.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> obj = {"metadata": {"name": "x"}, "spec": {"username": "forged"}, "status": {"conditions": [{}]}}
>>> prepare_csr(api, obj)
>>> obj["spec"], obj["status"]
({'username': 'admin'}, {})
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import TYPE_CHECKING

from ..api.objects import copy_json, dig
from ..errors import APIError
from .authorization import Attributes
from .user import SYSTEM_MASTERS, UserInfo
from .reviews import user_info

if TYPE_CHECKING:  # pragma: no cover
    from .server import APIServer

GROUP = "certificates.k8s.io"
KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client"
_REQUESTER: contextvars.ContextVar[UserInfo | None] = contextvars.ContextVar("csr_requester", default=None)
_ACTING_USER: contextvars.ContextVar[str] = contextvars.ContextVar("csr_acting_user", default="admin")


@contextlib.contextmanager
def requesting(user: UserInfo | None):
    """Within this block, CSRs are created by (and approvals checked for) ``user``."""
    token = _REQUESTER.set(user)
    try:
        yield
    finally:
        _REQUESTER.reset(token)


def requester() -> UserInfo | None:
    return _REQUESTER.get()


def prepare_csr(server: "APIServer", obj: dict) -> None:
    """``csrStrategy.PrepareForCreate``: the requester into the spec, the status reset."""
    user = _REQUESTER.get() or UserInfo(_ACTING_USER.get())
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        spec = obj["spec"] = {}
    for key in ("username", "uid", "groups", "extra"):
        spec.pop(key, None)
    spec.update({key: value for key, value in user_info(user).items() if value})
    obj["status"] = {}


def csr_status(csr: dict) -> str:
    """What ``kubectl get csr`` (CONDITION) and ``describe csr`` (Status) print: ``Denied`` before
    ``Approved`` before ``Pending``, then ``,Failed`` and ``,Issued`` (condition statuses are not read).

    >>> csr_status({"status": {"conditions": [{"type": "Approved"}], "certificate": "Zm9v"}})
    'Approved,Issued'
    """
    types = {c.get("type") for c in dig(csr, "status", "conditions", default=[]) or [] if isinstance(c, dict)}
    status = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        status += ",Failed"
    if dig(csr, "status", "certificate"):
        status += ",Issued"
    return status


def keep_csr(old: dict, new: dict) -> None:
    """``csrStrategy.PrepareForUpdate``: the spec as stored (the status is kept by the caller)."""
    new["spec"] = copy_json(old.get("spec") or {})


@contextlib.contextmanager
def acting(user: str):
    """The API server's ``user`` name for the requester of a create without an authenticated user."""
    token = _ACTING_USER.set(user or "admin")
    try:
        yield
    finally:
        _ACTING_USER.reset(token)


def stamp_conditions(new: dict, old: dict, now: str) -> None:
    """``populateConditionTimestamps``."""
    old_conds = dig(old, "status", "conditions", default=[]) or []
    for cond in dig(new, "status", "conditions", default=[]) or []:
        if not isinstance(cond, dict):
            continue
        if not cond.get("lastUpdateTime"):
            cond["lastUpdateTime"] = now
        if not cond.get("lastTransitionTime"):
            when = now
            for prev in old_conds:
                if isinstance(prev, dict) and prev.get("type") == cond.get("type") and \
                        prev.get("status") == cond.get("status") and prev.get("lastTransitionTime"):
                    when = prev["lastTransitionTime"]
                    break
            cond["lastTransitionTime"] = when


def authorized_for_signer(api, user: UserInfo, verb: str, signer: str) -> bool:
    """``IsAuthorizedForSignerName``: ``verb`` on ``signers/<signer>`` or on ``signers/<domain>/*``."""
    if SYSTEM_MASTERS in user.groups:
        return True
    api.rbac_aggregator.sync()
    for name in (signer, signer.split("/", 1)[0] + "/*"):
        if api.authorizer.authorize(Attributes(user, verb, GROUP, "signers", "", "", name)).allowed:
            return True
    return False


def check_approval(api, user: UserInfo | None, name: str, obj: dict) -> None:
    """The CertificateApproval admission plugin (``approve`` on the signer)."""
    if user is None:
        return
    signer = dig(obj, "spec", "signerName", default="") or ""
    if not authorized_for_signer(api, user, "approve", signer):
        raise APIError.forbidden("certificatesigningrequests", name,
                                 f'user not permitted to approve requests with signerName "{signer}"', GROUP)


def check_signing(api, user: UserInfo | None, name: str, obj: dict, old: dict) -> None:
    """The CertificateSigning admission plugin: setting ``status.certificate`` needs ``sign``."""
    if user is None or dig(obj, "status", "certificate") == dig(old, "status", "certificate"):
        return
    signer = dig(old, "spec", "signerName", default="") or ""
    if not authorized_for_signer(api, user, "sign", signer):
        raise APIError.forbidden("certificatesigningrequests", name,
                                 f'user not permitted to sign requests with signerName "{signer}"', GROUP)


def check_subject(obj: dict) -> None:
    """The CertificateSubjectRestriction admission plugin."""
    if dig(obj, "spec", "signerName") != KUBE_APISERVER_CLIENT:
        return
    from .validation.certificates import _b64, parse_request
    csr, _ = parse_request(_b64(dig(obj, "spec", "request")) or b"")
    if csr is None:
        return
    from cryptography.x509.oid import NameOID
    orgs = [a.value for a in csr.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if SYSTEM_MASTERS in orgs:
        raise APIError.forbidden("certificatesigningrequests", dig(obj, "metadata", "name", default=""),
                                 f"use of {KUBE_APISERVER_CLIENT} signer with {SYSTEM_MASTERS} group is not allowed",
                                 GROUP)
