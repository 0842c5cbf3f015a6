"""``kubectl describe csr``: a CertificateSigningRequest with the subject of its PKCS#10 request.

Models kubectl's ``CertificateSigningRequestDescriber``: name, labels and annotations (one line
each, ``k=v`` comma-joined), creation time, the requesting user, the signer, the requested
duration (only when ``spec.expirationSeconds`` is set), the status (``Pending``, ``Approved``,
``Denied``, then ``,Failed`` and ``,Issued``), the request's subject (common name, serial number,
then organization, organizational unit, country, locality, province, street address, postal code
when present) and its subject alternative names (DNS names, e-mail addresses, IP addresses, URIs),
then the events. A request that does not parse is kubectl's error.
"""

from __future__ import annotations

import base64

from ...api.duration import human_duration
from ...apiserver.certificates import csr_status
from ...apiserver.tables.cells import format_labels
from ...apiserver.validation.certificates import parse_request
from ...errors import K8sCourseError
from .events import describe_events, find_events
from .writer import DescribeWriter, rfc1123z

_SUBJECT_LISTS = (("Organization", "2.5.4.10"), ("Organizational Unit", "2.5.4.11"), ("Country", "2.5.4.6"),
                  ("Locality", "2.5.4.7"), ("Province", "2.5.4.8"), ("StreetAddress", "2.5.4.9"),
                  ("PostalCode", "2.5.4.17"))


def _list(w: DescribeWriter, prefix: str, name: str, values: list[str]) -> None:
    """kubectl's ``printListHelper``."""
    if values:
        w.write(0, prefix + name + ":\t")
        w.write(0, ("\n" + prefix + "\t").join(values))
        w.write(0, "\n")


def describe_csr(server, csr: dict, now_ms: int, show_events: bool = True) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID, ObjectIdentifier
    md, spec = csr.get("metadata") or {}, csr.get("spec") or {}
    request, problem = parse_request(base64.b64decode(spec.get("request") or ""))
    if request is None:
        raise K8sCourseError(problem)

    def attrs(oid) -> list[str]:
        return [str(a.value) for a in request.subject.get_attributes_for_oid(oid)]
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Labels:\t%s\n", format_labels(md.get("labels")))
    w.write(0, "Annotations:\t%s\n", format_labels(md.get("annotations")))
    w.write(0, "CreationTimestamp:\t%s\n", rfc1123z(md.get("creationTimestamp")))
    w.write(0, "Requesting User:\t%s\n", spec.get("username", ""))
    if spec.get("signerName"):
        w.write(0, "Signer:\t%s\n", spec["signerName"])
    if spec.get("expirationSeconds") is not None:
        w.write(0, "Requested Duration:\t%s\n", human_duration(int(spec["expirationSeconds"]) * 1000))
    w.write(0, "Status:\t%s\n", csr_status(csr))
    w.write(0, "Subject:\n")
    cns = attrs(NameOID.COMMON_NAME)
    w.write(0, "\tCommon Name:\t%s\n", cns[0] if cns else "")
    serials = attrs(NameOID.SERIAL_NUMBER)
    w.write(0, "\tSerial Number:\t%s\n", serials[0] if serials else "")
    for title, oid in _SUBJECT_LISTS:
        _list(w, "\t", title, attrs(ObjectIdentifier(oid)))
    try:
        sans = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        sans = x509.SubjectAlternativeName([])
    kinds = ((x509.DNSName, "DNS Names"), (x509.RFC822Name, "Email Addresses"), (x509.IPAddress, "IP Addresses"),
             (x509.UniformResourceIdentifier, "URIs"))
    if len(list(sans)):
        w.write(0, "Subject Alternative Names:\n")
        for kind, title in kinds:
            _list(w, "\t", title, [str(v) for v in sans.get_values_for_type(kind)])
    if show_events:
        describe_events(w, find_events(server, csr, "CertificateSigningRequest"), now_ms)
    return w.text()
