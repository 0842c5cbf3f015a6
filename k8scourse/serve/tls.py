"""The served cluster's certificates: a per-cluster certificate authority and the API server's
serving certificate, as ``kubeadm init`` (or AKS) creates them for a new cluster.

Upstream, ``kubeadm`` writes ``/etc/kubernetes/pki/ca.crt`` (CN ``kubernetes``) and an
``apiserver.crt`` signed by it whose subject alternative names are the names and addresses clients
dial; the kubeconfig carries the CA as ``certificate-authority-data`` so ``kubectl`` verifies the
server. Here the keys are ECDSA P-256 (fast to generate, accepted by Go's TLS stack) and the only
names are the loopback ones (``localhost``, ``127.0.0.1``, ``::1``), because the server never binds
anything else. The certificates are made with the ``cryptography`` package; nothing is written to
disk except by the caller.

Deliberate difference: the validity starts at the real wall-clock time (a TLS client checks it
against its own clock), so these bytes differ from run to run; nothing printed depends on them.

>>> bundle = new_bundle("demo")
>>> bundle.ca_pem.startswith(b"-----BEGIN CERTIFICATE-----"), bundle.key_pem.startswith(b"-----BEGIN")
(True, True)
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import defaults

# OpenSSL's X509_V_FLAG_NO_CHECK_TIME: certificate times are left to the authenticator (simulated clock)
_X509_V_FLAG_NO_CHECK_TIME = 0x200000


@dataclass(frozen=True)
class CertBundle:
    ca_pem: bytes           # the cluster CA's certificate (kubeconfig certificate-authority-data)
    cert_pem: bytes         # the API server's serving certificate
    key_pem: bytes          # its private key (PKCS#8, unencrypted: it never leaves this process)

    def server_context(self, client_ca_pem: bytes | None = None) -> ssl.SSLContext:
        """The TLS context the API server listens with (HTTP/1.1 only: no ALPN ``h2``).

        ``client_ca_pem`` (kube-apiserver's ``--client-ca-file``): client certificates it signed are
        asked for (optional); the handshake checks the chain and the key, not the validity dates —
        those are the simulated clock's, checked by the authenticator. Deliberate difference: a
        certificate from another CA fails the handshake (Python's TLS verifies what it asked for)
        where kube-apiserver, verifying in its authenticator, answers 401."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if client_ca_pem:
            context.load_verify_locations(cadata=client_ca_pem.decode("ascii"))
            context.verify_mode = ssl.CERT_OPTIONAL
            context.verify_flags |= _X509_V_FLAG_NO_CHECK_TIME
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = Path(tmp, "tls.crt"), Path(tmp, "tls.key")
            cert.write_bytes(self.cert_pem + self.ca_pem)
            key.write_bytes(self.key_pem)
            key.chmod(0o600)
            context.load_cert_chain(cert, key)
        context.set_alpn_protocols(["http/1.1"])
        return context


def new_bundle(cluster_name: str) -> CertBundle:
    """A fresh CA (``CN=kubernetes``) and a serving certificate for the loopback names."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(minutes=5)   # tolerate a little clock skew
    days = _dt.timedelta(days=defaults.SERVE_CERT_DAYS)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + days)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=True, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.DNSName("kubernetes"), x509.DNSName(cluster_name),
             x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1"))]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + days)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return CertBundle(
        ca_pem=ca.public_bytes(serialization.Encoding.PEM),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
