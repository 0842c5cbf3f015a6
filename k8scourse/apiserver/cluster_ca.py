"""The cluster's certificate authority: signs the certificates of CertificateSigningRequests and is
the API server's ``--client-ca-file``.

kubeadm writes ``/etc/kubernetes/pki/ca.crt`` (``CN=kubernetes``, ten years); kube-controller-manager
signs approved requests with it (:mod:`k8scourse.controllers.certificates`) and kube-apiserver
authenticates a client certificate it signed: the subject's common name is the user, its
organizations the groups (:func:`certificate_identity`), while the certificate is valid.

Deliberate differences: the key is Ed25519, derived from the cluster's seed (Ed25519 signatures
are deterministic, so the same cluster issues the same bytes on every run; kubeadm and AKS make an
RSA CA), and its validity starts at the cluster's epoch on the simulated clock. The CA of the
served HTTPS endpoint's *serving* certificate is another one (:mod:`k8scourse.serve.tls`), as the
serving and client CAs may be on a real cluster.

>>> from k8scourse.sim import Simulation
>>> ca = authority(Simulation(seed=0))
>>> ca.certificate.subject.rfc4514_string(), ca is authority(Simulation(seed=0))
('CN=kubernetes', True)
>>> certificate_identity(Simulation(seed=0), ca.pem) is None      # a CA certificate is no client's
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from .. import defaults


@dataclass(frozen=True)
class Authority:
    key: object             # Ed25519PrivateKey
    certificate: object     # x509.Certificate (CN=kubernetes)

    @property
    def pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def authority(sim) -> Authority:
    """The cluster's CA: ``CN=kubernetes``, valid for ten years from the cluster's epoch."""
    return _authority(sim.seed, sim.clock.epoch_unix_ms)


def utc(unix_ms: int) -> _dt.datetime:
    """A simulated time as an aware datetime, whole seconds (what an X.509 time holds)."""
    return _dt.datetime.fromtimestamp(unix_ms // 1000, tz=_dt.timezone.utc)


def serial_number(text: str) -> int:
    """A positive 127-bit serial number derived from ``text``."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:16], "big") >> 1 or 1


@lru_cache(maxsize=8)
def _authority(seed: int, epoch_ms: int) -> Authority:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import NameOID
    key = ed25519.Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(f"k8scourse-cluster-ca:{seed}".encode()).digest())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    start = utc(epoch_ms)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(serial_number(f"ca:{seed}")).not_valid_before(start)
            .not_valid_after(start + _dt.timedelta(days=defaults.CLUSTER_CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=False,
                                         content_commitment=False, key_encipherment=True, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, None))
    return Authority(key, cert)


def certificate_identity(sim, data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """(common name, organizations) of the client certificate ``data`` (PEM or DER) when the cluster
    CA signed it, it is valid now on the simulated clock and may authenticate a client; else None."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    try:
        cert = x509.load_pem_x509_certificate(data) if data.lstrip().startswith(b"-----") \
            else x509.load_der_x509_certificate(data)
    except ValueError:
        return None
    ca = authority(sim)
    if cert.issuer != ca.certificate.subject:
        return None
    try:
        ca.key.public_key().verify(cert.signature, cert.tbs_certificate_bytes)
    except (InvalidSignature, ValueError, TypeError):
        return None
    now = utc(sim.clock.unix_ms())
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return None
    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return None
    except x509.ExtensionNotFound:
        pass
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.CLIENT_AUTH not in usages and ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in usages:
            return None
    except x509.ExtensionNotFound:
        pass
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    orgs = tuple(str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))
    return (str(cns[0].value) if cns else "", orgs)
