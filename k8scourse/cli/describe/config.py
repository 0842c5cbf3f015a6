"""``kubectl describe`` for ConfigMap and Secret (kubectl's ConfigMapDescriber / SecretDescriber).

A ConfigMap shows each data key with its value under a ``----`` rule, then BinaryData sizes; a
Secret shows its type and the *size* of each value (``5 bytes``), never the value itself (except
the token of a service-account-token secret). Secrets show no events.

Deliberate difference: keys are printed sorted (kubectl walks a Go map, in varying order).
"""

from __future__ import annotations

import base64
import binascii

from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels


def _header(w, md: dict) -> None:
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError):
        return (value or "").encode()


def describe_configmap(server, cm: dict, now_ms: int, show_events: bool = True) -> str:
    w = DescribeWriter()
    _header(w, cm.get("metadata") or {})
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(0, "%s:\n----\n", key)
        w.write(0, "%s\n", data[key])
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, "%s: %s bytes\n", key, len(_decoded(binary[key])))
    w.write(0, "\n")
    if show_events:
        describe_events(w, find_events(server, cm, "ConfigMap"), now_ms)
    return w.text()


def describe_secret(server, secret: dict, now_ms: int, show_events: bool = True) -> str:
    w = DescribeWriter()
    _header(w, secret.get("metadata") or {})
    stype = secret.get("type", "Opaque")
    w.write(0, "\nType:\t%s\n", stype)
    w.write(0, "\nData\n====\n")
    data = dict(secret.get("data") or {})
    for key, value in (secret.get("stringData") or {}).items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    for key in sorted(data):
        raw = _decoded(data[key])
        if key == "token" and stype == "kubernetes.io/service-account-token":
            w.write(0, "%s:\t%s\n", key, raw.decode(errors="replace"))
        else:
            w.write(0, "%s:\t%d bytes\n", key, len(raw))
    return w.text()
