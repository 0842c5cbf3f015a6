"""Validation of CertificateSigningRequests (``pkg/apis/certificates/validation``).

The rules upstream applies on create and on every update path (main resource, ``/status``,
``/approval``), with the same messages:

* ``spec.request`` must hold one PEM block of type ``CERTIFICATE REQUEST`` whose PKCS#10 request
  parses and whose signature checks (``PEM block type must be CERTIFICATE REQUEST``); the value is
  printed as Go prints a ``[]byte`` (``[]byte{0x2d, 0x2d, ...}``);
* ``spec.usages`` is required, each usage one of the known key usages, none twice;
* ``spec.signerName`` is required and a qualified name ``example.com/signer-name`` (the domain
  made of DNS-1123 labels, at least two of them; the path of DNS-1123 subdomains), and
  ``kubernetes.io/legacy-unknown`` is refused through ``certificates.k8s.io/v1``;
* ``spec.expirationSeconds`` is at least 600;
* conditions: a type is required, ``Approved``/``Denied``/``Failed`` may only be ``True``, the
  other types ``True``/``False``/``Unknown``, ``Approved`` and ``Denied`` are mutually exclusive,
  no type twice;
* ``status.certificate`` holds only ``CERTIFICATE`` PEM blocks (at least one);
* updates may not remove an ``Approved``/``Denied``/``Failed`` condition; only the ``approval``
  subresource may add or change ``Approved``/``Denied``; only ``/status`` may set the certificate,
  and never change one already issued.

The tolerances upstream keeps for objects already stored with these problems apply as well.

>>> [str(e) for e in validate_csr({"spec": {"request": "", "signerName": "example.com/x",
...                                          "usages": ["client auth"], "expirationSeconds": 60}})]
... # doctest: +NORMALIZE_WHITESPACE
['spec.request: Invalid value: []byte{}: PEM block type must be CERTIFICATE REQUEST',
 'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)']
>>> print(signer_name_errors("spec.signerName", "kubernetes")[0])
spec.signerName: Invalid value: "kubernetes": must be a fully qualified domain and path of the form 'example.com/signer-name'
"""

from __future__ import annotations

import base64
import binascii
import re

from ...api import names
from ...errors import FieldError
from .common import Errors, raw_invalid

__all__ = ["validate_csr", "validate_csr_update", "signer_name_errors", "parse_request", "KEY_USAGES",
           "LEGACY_UNKNOWN"]

LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown"
# certificates.KeyUsage values (sorted as sets.String.List() prints them)
KEY_USAGES = tuple(sorted((
    "signing", "digital signature", "content commitment", "key encipherment", "key agreement",
    "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any",
    "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system",
    "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc")))
_TRUE_ONLY = ("Approved", "Denied", "Failed")
_ALL_STATUS = ("False", "True", "Unknown")
_PEM = re.compile(rb"-----BEGIN ([^-\n]*)-----\r?\n(.*?)-----END \1-----", re.S)
_DOMAIN_MAX = 253                       # DNS1123SubdomainMaxLength
_SIGNER_MAX = _DOMAIN_MAX + (253 + 63 + 1) + 1


def go_bytes(data: bytes | None) -> str:
    """Go's ``%#v`` of a ``[]byte``."""
    if data is None:
        return "[]byte(nil)"
    return "[]byte{" + ", ".join(f"0x{b:x}" for b in data) + "}"


def _b64(value) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def pem_blocks(data: bytes) -> list[tuple[str, bytes, bool]]:
    """(type, DER bytes, has headers) of each PEM block of ``data``, as ``pem.Decode`` finds them."""
    out = []
    for match in _PEM.finditer(data):
        body = match.group(2)
        headers = b":" in body.split(b"\n\n")[0] if b"\n\n" in body else False
        lines = body.split(b"\n\n", 1)[-1] if headers else body
        try:
            der = base64.b64decode(b"".join(lines.split()), validate=True)
        except (binascii.Error, ValueError):
            continue
        out.append((match.group(1).decode("latin-1"), der, headers))
    return out


def parse_request(data: bytes):
    """``certificates.ParseCSR`` + ``CheckSignature``: (the ``x509.CertificateSigningRequest``, None)
    or (None, the error's text)."""
    blocks = pem_blocks(data)
    if not blocks or blocks[0][0] != "CERTIFICATE REQUEST":
        return None, "PEM block type must be CERTIFICATE REQUEST"
    from cryptography import x509
    try:
        csr = x509.load_der_x509_csr(blocks[0][1])
    except ValueError:
        return None, "asn1: structure error: tags don't match"
    try:
        if not csr.is_signature_valid:
            return None, "x509: signature verification failure"
    except Exception:           # noqa: BLE001 - an algorithm cryptography cannot check
        return None, "x509: cannot verify signature: algorithm unimplemented"
    return csr, None


def _certificate_error(data: bytes) -> str | None:
    """``validateCertificate``: only CERTIFICATE blocks, without headers, each parsing."""
    if not data:
        return None
    blocks = pem_blocks(data)
    if not blocks:
        return "must contain at least one CERTIFICATE PEM block"
    from cryptography import x509
    for kind, der, headers in blocks:
        if kind != "CERTIFICATE":
            return f'only CERTIFICATE PEM blocks are allowed, found "{kind}"'
        if headers:
            return "no PEM block headers are permitted"
        try:
            x509.load_der_x509_certificate(der)
        except ValueError:
            return "x509: malformed certificate"
    return None


def signer_name_errors(path: str, signer: str) -> Errors:
    """``ValidateSignerName``."""
    errs = Errors()
    if not signer:
        errs.required(path)
        return errs
    segments = signer.split("/")
    if len(segments) != 2:
        errs.invalid(path, signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'")
        return errs
    domain, rest = segments
    if len(domain) > _DOMAIN_MAX:
        errs.append(FieldError.too_long(path, domain, _DOMAIN_MAX))
    labels = domain.split(".")
    for label in labels:
        found = names.is_dns1123_label(label)
        if found:
            for msg in found:
                errs.invalid(path, domain, f'validating label "{label}": {msg}')
            break
    if len(labels) < 2:
        errs.invalid(path, domain, "should be a domain with at least two segments separated by dots")
    for label in rest.split("."):
        found = names.is_dns1123_subdomain(label)
        if found:
            for msg in found:
                errs.invalid(path, rest, f'validating label "{label}": {msg}')
            break
    if len(signer) > _SIGNER_MAX:
        errs.append(FieldError.too_long(path, signer, _SIGNER_MAX))
    return errs


def _conditions(obj: dict) -> list:
    status = obj.get("status") if isinstance(obj.get("status"), dict) else {}
    conds = status.get("conditions")
    return [c for c in conds if isinstance(c, dict)] if isinstance(conds, list) else []


def _usages(obj: dict) -> list:
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    usages = spec.get("usages")
    return usages if isinstance(usages, list) else []


def _certificate(obj: dict) -> bytes:
    status = obj.get("status") if isinstance(obj.get("status"), dict) else {}
    return _b64(status.get("certificate")) or b""


def validate_csr(obj: dict, old: dict | None = None) -> Errors:
    """``validateCertificateSigningRequest`` with the tolerances ``old`` (the stored object) grants."""
    errs = Errors()
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    request = _b64(spec.get("request")) or b""
    _, problem = parse_request(request)
    if problem:
        errs.append(raw_invalid("spec.request", go_bytes(request), problem))
    usages = _usages(obj)
    if not usages:
        errs.required("spec.usages")
    old_usages = _usages(old) if old else []
    if not (old and any(u not in KEY_USAGES for u in old_usages)):
        for i, usage in enumerate(usages):
            if usage not in KEY_USAGES:
                errs.not_supported(f"spec.usages[{i}]", usage, KEY_USAGES)
    if not (old and len(set(map(str, old_usages))) != len(old_usages)):
        seen: set = set()
        for i, usage in enumerate(usages):
            if usage in seen:
                errs.duplicate(f"spec.usages[{i}]", usage)
            seen.add(usage)
    signer = spec.get("signerName") or ""
    legacy_ok = bool(old) and (old.get("spec") or {}).get("signerName") == LEGACY_UNKNOWN
    if signer == LEGACY_UNKNOWN and not legacy_ok:
        errs.invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version")
    else:
        errs.extend(signer_name_errors("spec.signerName", signer))
    seconds = spec.get("expirationSeconds")
    if isinstance(seconds, int) and not isinstance(seconds, bool) and seconds < 600:
        errs.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)")
    errs.extend(_condition_errors(obj, old))
    cert = _certificate(obj)
    arbitrary = old is not None and (cert == _certificate(old) or _certificate_error(_certificate(old)) is not None)
    if not arbitrary:
        problem = _certificate_error(cert)
        if problem:
            errs.append(raw_invalid("status.certificate", '"<certificate data>"', problem))
    return errs


def _condition_errors(obj: dict, old: dict | None) -> Errors:
    errs = Errors()
    old_conds = _conditions(old) if old else []
    old_types = [c.get("type", "") for c in old_conds]
    allow_both = "Approved" in old_types and "Denied" in old_types
    allow_dup = len(set(old_types)) != len(old_types)
    allow_empty = "" in old_types
    seen: set = set()
    approved = denied = False
    for i, cond in enumerate(_conditions(obj)):
        path = f"status.conditions[{i}]"
        ctype, status = cond.get("type") or "", cond.get("status") or ""
        if not allow_empty and not ctype:
            errs.required(f"{path}.type")
        allowed = ("True",) if ctype in _TRUE_ONLY else _ALL_STATUS
        if not status:
            errs.required(f"{path}.status")
        elif status not in allowed:
            errs.not_supported(f"{path}.status", status, allowed)
        if not allow_both:
            if ctype == "Approved":
                approved = True
                if denied:
                    errs.invalid(f"{path}.type", ctype, "Approved and Denied conditions are mutually exclusive")
            elif ctype == "Denied":
                denied = True
                if approved:
                    errs.invalid(f"{path}.type", ctype, "Approved and Denied conditions are mutually exclusive")
        if not allow_dup:
            if ctype in seen:
                errs.duplicate(f"{path}.type", ctype)
            seen.add(ctype)
    return errs


def validate_csr_update(obj: dict, old: dict, path: str = "") -> Errors:
    """``validateCertificateSigningRequestUpdate`` for the update ``path``: ``""`` (main resource),
    ``"status"`` (may set the certificate) or ``"approval"`` (may set Approved/Denied)."""
    errs = validate_csr(obj, old)
    new_conds, old_conds = _conditions(obj), _conditions(old)

    def of(conds, ctype):
        return [c for c in conds if c.get("type") == ctype]
    for ctype in ("Approved", "Denied", "Failed"):
        if len(of(new_conds, ctype)) < len(of(old_conds, ctype)):
            errs.forbidden("status.conditions", f'updates may not remove a condition of type "{ctype}"')
    if path != "approval":
        for ctype in ("Approved", "Denied"):
            before, after = of(old_conds, ctype), of(new_conds, ctype)
            if len(after) > len(before):
                errs.forbidden("status.conditions", f'updates may not add a condition of type "{ctype}"')
            elif len(after) == len(before) and after != before:
                errs.forbidden("status.conditions", f'updates may not modify a condition of type "{ctype}"')
    if _certificate(obj) != _certificate(old):
        if path != "status":
            errs.forbidden("status.certificate", "updates may not set certificate content")
        elif _certificate(old):
            errs.forbidden("status.certificate", "updates may not modify existing certificate content")
    return errs
