"""Certificate signing requests for the CSR tests, made deterministically from committed keys.

The RSA keys in ``tests/data/certificates/`` were made once with ``openssl genrsa 2048``; a PKCS#10
request signed with PKCS#1 v1.5 is the same bytes every time, so manifests that carry one print the
same in every run (and in the recordings of the real kubectl).
"""

from __future__ import annotations

import base64
import ipaddress
from functools import lru_cache
from pathlib import Path

KEYS = Path(__file__).resolve().parent.parent / "data" / "certificates"


@lru_cache(maxsize=None)
def key(name: str):
    from cryptography.hazmat.primitives import serialization
    return serialization.load_pem_private_key((KEYS / f"{name}.key").read_bytes(), None)


@lru_cache(maxsize=None)
def request_pem(cn: str, orgs: tuple[str, ...] = (), dns: tuple[str, ...] = (), ips: tuple[str, ...] = (),
                key_name: str = "myuser") -> bytes:
    """A PEM ``CERTIFICATE REQUEST`` for ``CN=cn, O=orgs`` (with DNS/IP subject alternative names)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in orgs]
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs))
    sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return builder.sign(key(key_name), hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def request_b64(*args, **kwargs) -> str:
    return base64.b64encode(request_pem(*args, **kwargs)).decode()


def manifest(name: str, request: str, signer: str = "kubernetes.io/kube-apiserver-client",
             usages=("client auth",), expiration: int | None = 86400) -> str:
    """A ``certificates.k8s.io/v1`` CSR manifest (the walkthrough's shape)."""
    lines = ["apiVersion: certificates.k8s.io/v1", "kind: CertificateSigningRequest", "metadata:",
             f"  name: {name}", "spec:", f"  request: {request}", f"  signerName: {signer}"]
    if expiration is not None:
        lines.append(f"  expirationSeconds: {expiration}")
    lines.append("  usages:")
    lines.extend(f"  - {u}" for u in usages)
    return "\n".join(lines) + "\n"


def myuser(name: str = "myuser", **kwargs) -> str:
    """The walkthrough's request: ``CN=myuser`` for ``kubernetes.io/kube-apiserver-client``."""
    return manifest(name, request_b64(name if name != "myuser" else "myuser"), **kwargs)


def kubelet_client(node: str = "node1") -> str:
    return manifest(f"node-csr-{node}", request_b64(f"system:node:{node}", ("system:nodes",), key_name="node"),
                    signer="kubernetes.io/kube-apiserver-client-kubelet",
                    usages=("digital signature", "client auth"), expiration=None)


def kubelet_serving(node: str = "node1") -> str:
    return manifest(f"serving-{node}", request_b64(f"system:node:{node}", ("system:nodes",), dns=(node,),
                                                   ips=("10.224.0.4",), key_name="node"),
                    signer="kubernetes.io/kubelet-serving",
                    usages=("digital signature", "key encipherment", "server auth"), expiration=None)
