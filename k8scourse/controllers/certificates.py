"""kube-controller-manager's certificate controllers: ``csrsigning`` and ``csrapproving``.

Models ``pkg/controller/certificates/signer`` and ``…/approver``.

**csrsigning** issues the certificate of an approved CertificateSigningRequest (not denied, not
failed, none issued yet) for the three signers it serves, with the cluster's CA
(:func:`k8scourse.apiserver.cluster_ca.authority`), each signer's rules first:

* ``kubernetes.io/kube-apiserver-client``: any subject; usages only ``digital signature``,
  ``key encipherment``, ``client auth`` (*invalid usage for client certificate: …*);
* ``kubernetes.io/kube-apiserver-client-kubelet``: organization exactly ``system:nodes``, common
  name ``system:node:…``, no subject alternative names, usages ``client auth`` + ``digital
  signature`` (+ ``key encipherment``);
* ``kubernetes.io/kubelet-serving``: organization ``system:nodes``, a DNS or IP subject
  alternative name, no e-mail/URI ones, usages ``server auth`` + ``digital signature``
  (+ ``key encipherment``), common name ``system:node:…``.

A request that breaks its signer's rules gets the condition ``Failed`` (reason
``SignerValidationFailure``, the rule's message) and no certificate. ``kubernetes.io/legacy-unknown``
and other signers are left alone (another signer's business). The certificate copies the request's
subject, subject alternative names and public key; it is valid from five minutes before signing
(the backdate; a duration under eight hours ends that long after *now* instead) for
``spec.expirationSeconds`` (at least ten minutes) or the cluster signing duration (one year, the
``--cluster-signing-duration`` default), never past the CA's own end, with the usages as key
usages and extended key usages, ``CA:FALSE``.

**csrcleaner** deletes, once an hour, the requests nobody needs any more: issued ones an hour after
their approval (or once the certificate expired), denied and failed ones an hour after that
condition, pending ones a day after their creation.

**csrapproving** approves the kubelets' own client certificates: a request to
``kubernetes.io/kube-apiserver-client-kubelet`` that is a valid kubelet client request, made by
the node it names (``system:node:<n>``, needs ``create`` on ``certificatesigningrequests/
selfnodeclient``) or by a bootstrap identity (``create`` on ``…/nodeclient``), gets ``Approved``
(reason ``AutoApproved``, *Auto approving kubelet client certificate after SubjectAccessReview.*).

Deliberate differences: the serial comes from the request's uid and the signing time (random upstream),
so the same cluster issues the same bytes every run; times are the simulated clock's; the
CA is :mod:`k8scourse.apiserver.cluster_ca`'s. AKS's signing duration is not documented: the
upstream default is used.

>>> signer_error(KUBE_APISERVER_CLIENT, None, ["client auth", "server auth"])
'invalid usage for client certificate: server auth'
>>> duration_s(None) // 86400, duration_s(60)
(365, 600)
"""

from __future__ import annotations

import base64
import datetime as _dt

from .. import defaults
from ..api.objects import dig
from ..apiserver.cluster_ca import Authority, authority, serial_number, utc
from ..apiserver.validation.certificates import parse_request
from ..errors import APIError
from .runtime import Controller, Loop, Result

SIGNING_USER = "system:serviceaccount:kube-system:certificate-controller"
KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client"
KUBELET_CLIENT = "kubernetes.io/kube-apiserver-client-kubelet"
KUBELET_SERVING = "kubernetes.io/kubelet-serving"
SIGNERS = (KUBE_APISERVER_CLIENT, KUBELET_CLIENT, KUBELET_SERVING)
_CLIENT_USAGES = ("client auth", "digital signature", "key encipherment")
_KUBELET_CLIENT_USAGES = ({"client auth", "digital signature", "key encipherment"}, {"client auth", "digital signature"})
_KUBELET_SERVING_USAGES = ({"digital signature", "key encipherment", "server auth"}, {"digital signature", "server auth"})
_NODE_PREFIX = "system:node:"


# ----------------------------------------------------------------------------- signer rules
def signer_error(signer: str, request, usages: list[str]) -> str | None:
    """Why ``request`` is not for ``signer`` (the ``SignerValidationFailure`` message), or None."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    if signer == KUBE_APISERVER_CLIENT:
        for usage in usages:
            if usage not in _CLIENT_USAGES:
                return f"invalid usage for client certificate: {usage}"
        return None
    orgs = [a.value for a in request.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    cns = [a.value for a in request.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    cn = cns[0] if cns else ""
    try:
        sans = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        sans = x509.SubjectAlternativeName([])
    dns, ips = sans.get_values_for_type(x509.DNSName), sans.get_values_for_type(x509.IPAddress)
    emails, uris = sans.get_values_for_type(x509.RFC822Name), sans.get_values_for_type(x509.UniformResourceIdentifier)
    if orgs != ["system:nodes"]:
        return "subject organization is not system:nodes"
    if signer == KUBELET_CLIENT:
        for present, what in ((dns, "DNS"), (emails, "Email"), (ips, "IP"), (uris, "URI")):
            if present:
                return f"{what} subjectAltNames are not allowed"
        if not cn.startswith(_NODE_PREFIX):
            return f"subject common name does not begin with {_NODE_PREFIX}"
        if set(usages) not in _KUBELET_CLIENT_USAGES or len(set(usages)) != len(usages):
            return f"usages did not match [{' '.join(sorted(_KUBELET_CLIENT_USAGES[0]))}]"
        return None
    if not dns and not ips:
        return "DNS or IP subjectAltName is required"
    for present, what in ((emails, "Email"), (uris, "URI")):
        if present:
            return f"{what} subjectAltNames are not allowed"
    if set(usages) not in _KUBELET_SERVING_USAGES or len(set(usages)) != len(usages):
        return f"usages did not match [{' '.join(sorted(_KUBELET_SERVING_USAGES[0]))}]"
    if not cn.startswith(_NODE_PREFIX):
        return f"subject common name does not begin with {_NODE_PREFIX}"
    return None


def duration_s(expiration_seconds) -> int:
    """The certificate's lifetime: the request's, within [10 minutes, the cluster signing duration]."""
    default = defaults.CLUSTER_SIGNING_DURATION_S
    if not isinstance(expiration_seconds, int) or isinstance(expiration_seconds, bool):
        return default
    return min(default, max(600, expiration_seconds))


_KEY_USAGE_BITS = {"signing": "digital_signature", "digital signature": "digital_signature",
                   "content commitment": "content_commitment", "key encipherment": "key_encipherment",
                   "key agreement": "key_agreement", "data encipherment": "data_encipherment",
                   "cert sign": "key_cert_sign", "crl sign": "crl_sign", "encipher only": "encipher_only",
                   "decipher only": "decipher_only"}


def sign(ca: Authority, csr_obj: dict, now_unix_ms: int) -> bytes:
    """The PEM certificate the signer issues for the (approved, valid) request ``csr_obj``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID
    spec = csr_obj.get("spec") or {}
    request, problem = parse_request(base64.b64decode(spec.get("request") or ""))
    if request is None:
        raise ValueError(problem)
    now = utc(now_unix_ms)
    ttl = _dt.timedelta(seconds=duration_s(spec.get("expirationSeconds")))
    not_before = now - _dt.timedelta(seconds=defaults.CSR_SIGNING_BACKDATE_S)
    not_after = now + ttl if ttl < _dt.timedelta(hours=8) else not_before + ttl
    not_after = min(not_after, ca.certificate.not_valid_after_utc)
    usages = list(spec.get("usages") or [])
    bits = {v: False for v in set(_KEY_USAGE_BITS.values())}
    for usage in usages:
        if usage in _KEY_USAGE_BITS:
            bits[_KEY_USAGE_BITS[usage]] = True
    ext = {"server auth": ExtendedKeyUsageOID.SERVER_AUTH, "client auth": ExtendedKeyUsageOID.CLIENT_AUTH,
           "code signing": ExtendedKeyUsageOID.CODE_SIGNING, "email protection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
           "timestamping": ExtendedKeyUsageOID.TIME_STAMPING, "ocsp signing": ExtendedKeyUsageOID.OCSP_SIGNING,
           "any": ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE}
    builder = (x509.CertificateBuilder().subject_name(request.subject).issuer_name(ca.certificate.subject)
               .public_key(request.public_key())
               .serial_number(serial_number(f"{dig(csr_obj, 'metadata', 'uid', default='')}:{now_unix_ms}"))
               .not_valid_before(not_before).not_valid_after(not_after))
    if any(bits.values()):
        builder = builder.add_extension(x509.KeyUsage(**bits), critical=True)
    ext_usages = [ext[u] for u in usages if u in ext]
    if ext_usages:
        builder = builder.add_extension(x509.ExtendedKeyUsage(ext_usages), critical=False)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
                                    critical=False)
    try:
        sans = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        builder = builder.add_extension(sans, critical=False)
    except x509.ExtensionNotFound:
        pass
    return builder.sign(ca.key, None).public_bytes(serialization.Encoding.PEM)


def _has(csr: dict, ctype: str) -> bool:
    return any(isinstance(c, dict) and c.get("type") == ctype and c.get("status", "True") == "True"
               for c in dig(csr, "status", "conditions", default=[]) or [])


# ----------------------------------------------------------------------------- the controllers
class CSRSigningController(Controller):
    """``csrsigning``: issues the certificates of approved requests to the signers it serves."""
    resource, kind, component = "certificatesigningrequests", "CertificateSigningRequest", "csrsigning-controller"

    def _sync(self, csr: dict) -> Result | None:
        signer = dig(csr, "spec", "signerName")
        if signer not in SIGNERS or not _has(csr, "Approved") or _has(csr, "Denied") or _has(csr, "Failed") \
                or dig(csr, "status", "certificate"):
            return None
        request, _ = parse_request(base64.b64decode(dig(csr, "spec", "request", default="") or ""))
        if request is None:
            return None
        problem = signer_error(signer, request, list(dig(csr, "spec", "usages", default=[]) or []))
        status = csr.setdefault("status", {})
        if problem:
            status.setdefault("conditions", []).append({
                "type": "Failed", "status": "True", "reason": "SignerValidationFailure", "message": problem,
                "lastUpdateTime": self.sim.clock.rfc3339()})
        else:
            pem = sign(authority(self.sim), csr, self.sim.clock.unix_ms())
            status["certificate"] = base64.b64encode(pem).decode()
        try:
            self.server.update_status(csr, user=SIGNING_USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                raise
        return None


class CSRApprovingController(Controller):
    """``csrapproving``: auto-approves the kubelets' client certificate requests."""
    resource, kind, component = "certificatesigningrequests", "CertificateSigningRequest", "csrapproving-controller"

    def _sync(self, csr: dict) -> Result | None:
        if dig(csr, "spec", "signerName") != KUBELET_CLIENT or _has(csr, "Approved") or _has(csr, "Denied") \
                or dig(csr, "status", "certificate"):
            return None
        request, _ = parse_request(base64.b64decode(dig(csr, "spec", "request", default="") or ""))
        if request is None or signer_error(KUBELET_CLIENT, request, list(dig(csr, "spec", "usages", default=[]) or [])):
            return None
        if not self._may_request(csr, request):
            return None
        csr.setdefault("status", {}).setdefault("conditions", []).append({
            "type": "Approved", "status": "True", "reason": "AutoApproved",
            "message": "Auto approving kubelet client certificate after SubjectAccessReview.",
            "lastUpdateTime": self.sim.clock.rfc3339()})
        try:
            self.server.update_approval(csr, user="system:serviceaccount:kube-system:certificate-controller")
        except APIError as exc:
            if exc.reason not in ("NotFound", "Conflict"):
                raise
        return None

    def _may_request(self, csr: dict, request) -> bool:
        """The SubjectAccessReview: ``create`` on ``certificatesigningrequests/selfnodeclient`` for a
        node renewing its own certificate, else on ``…/nodeclient``."""
        from cryptography.x509.oid import NameOID
        from ..apiserver.authorization import Attributes
        from ..apiserver.user import UserInfo
        spec = csr.get("spec") or {}
        user = UserInfo(spec.get("username", ""), spec.get("uid", ""), tuple(spec.get("groups") or ()))
        cns = [a.value for a in request.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        subresource = "selfnodeclient" if cns and cns[0] == user.name else "nodeclient"
        self.server.rbac_aggregator.sync()
        return self.server.authorizer.authorize(Attributes(user, "create", "certificates.k8s.io",
                                                           "certificatesigningrequests", subresource)).allowed


class CSRCleanerController(Controller):
    """``csrcleaner``: garbage-collects finished and stale requests, once an hour (its first pass at
    start)."""
    component = "csrcleaner"
    resource = ""

    def loops(self) -> list[Loop]:
        return [Loop("csr cleaner", defaults.CSR_CLEANER_PERIOD_S * 1000, self._pass, priority=6, first_ms=0)]

    def _pass(self) -> None:
        if not self.server.available:
            return
        resource = self.server.info("certificatesigningrequests").group_resource
        for csr in list(self.server.store.list(resource, None, copy=False)):
            if self._expired(csr):
                try:
                    self.server.delete("certificatesigningrequests", dig(csr, "metadata", "name"), "",
                                       user=SIGNING_USER)
                except APIError as exc:
                    if exc.reason != "NotFound":
                        raise

    def _expired(self, csr: dict) -> bool:
        clock = self.sim.clock
        now = clock.unix_ms()

        def older(stamp, seconds: int) -> bool:
            return bool(stamp) and clock.epoch_unix_ms + clock.sim_ms(stamp) + seconds * 1000 < now
        conds = [c for c in dig(csr, "status", "conditions", default=[]) or [] if isinstance(c, dict)]
        if not conds:
            return older(dig(csr, "metadata", "creationTimestamp"), defaults.CSR_PENDING_EXPIRATION_S)
        for cond in conds:
            ctype, stamp = cond.get("type"), cond.get("lastUpdateTime")
            if ctype in ("Denied", "Failed") and older(stamp, defaults.CSR_FINISHED_EXPIRATION_S):
                return True
            if ctype == "Approved" and dig(csr, "status", "certificate") \
                    and older(stamp, defaults.CSR_FINISHED_EXPIRATION_S):
                return True
        pem = dig(csr, "status", "certificate")
        if pem:
            from cryptography import x509
            try:
                cert = x509.load_pem_x509_certificate(base64.b64decode(pem))
            except ValueError:
                return False
            return cert.not_valid_after_utc < utc(now)
        return False
