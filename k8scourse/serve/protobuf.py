"""Request bodies in Kubernetes' protobuf encoding (``application/vnd.kubernetes.protobuf``).

kubectl's typed clients — ``kubectl create deployment|namespace|configmap|secret…``, ``autoscale``,
the evictions of ``drain``, ``auth can-i`` — send their bodies as protobuf, which kube-apiserver
decodes like JSON. The envelope (``k8s.io/apimachinery/pkg/runtime/serializer/protobuf``) is the
magic ``k8s\\x00`` followed by a ``runtime.Unknown``: the object's ``apiVersion``/``kind`` and its
bytes. Those bytes are decoded here with the field-number table generated from the release's
``generated.proto`` files (``protobuf_fields.json``, ``scripts/protobuf_fields.py``) into the JSON
object the same client would have sent, which then takes the ordinary request path.

The Go marshaller writes every non-pointer field, zero or not (an empty ``generateName``, a
``false`` ``hostNetwork``); Go's JSON encoder leaves those out (``omitempty``), so zero scalars and
empty messages are dropped — except for the pointer fields whose zero means something
(``replicas: 0``, ``gracePeriodSeconds: 0``, …). Deliberate difference: which fields are pointers
is not in the ``.proto`` files, so that list is kept by name. Special
messages decode to their JSON forms: ``Time``/``MicroTime`` (RFC 3339), ``Duration``, ``Quantity``,
``IntOrString``, ``RawExtension``/``FieldsV1`` (embedded JSON) and string lists (``ExtraValue``).
Responses are always JSON, which every client accepts (kubectl lists it after protobuf).

>>> body = bytes([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09]) + b"Namespace" \\
...     + bytes([0x12, 0x07, 0x0a, 0x05, 0x0a, 0x03]) + b"dev"
>>> decode(body)
{'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'dev'}}
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import struct
from pathlib import Path

MAGIC = b"k8s\x00"
CONTENT_TYPE = "application/vnd.kubernetes.protobuf"
_META = "k8s.io.apimachinery.pkg.apis.meta.v1."
_table: dict = {}
# Pointer fields (Go *int32, *bool…) whose zero value is meaningful and must survive decoding (a
# container's stdin/tty are plain bools with omitempty: false is dropped, as the real server does).
_KEEP_ZERO = frozenset({
    "replicas", "gracePeriodSeconds", "minReplicas", "suspend", "parallelism", "completions", "backoffLimit",
    "activeDeadlineSeconds", "terminationGracePeriodSeconds", "automountServiceAccountToken", "runAsUser",
    "runAsGroup", "runAsNonRoot", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem",
    "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds", "revisionHistoryLimit",
    "progressDeadlineSeconds", "ttlSecondsAfterFinished", "expirationSeconds", "immutable", "optional",
    "defaultMode", "orphanDependents", "allowed", "denied", "value",
})


class ProtobufError(ValueError):
    """A body that is not a well-formed Kubernetes protobuf message."""


def _messages() -> dict:
    if not _table:
        data = json.loads((Path(__file__).with_name("protobuf_fields.json")).read_text(encoding="utf-8"))
        _table.update(data["messages"])
    return _table


# --------------------------------------------------------------------------- wire format
def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("unexpected end of varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise ProtobufError("varint too long")


def _fields(data: bytes):
    """(field number, wire type, value) of every field: ints for varints, bytes for the rest."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
            if pos > len(data):
                raise ProtobufError("truncated field")
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        yield number, wire, value


def _signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


_WIRE = {"string": 2, "bytes": 2, "double": 1, "float": 5, "fixed64": 1, "fixed32": 5}


def _scalar(kind: str, wire: int, value):
    if wire != _WIRE.get(kind, 0):
        raise ProtobufError(f"field of type {kind} sent with wire type {wire}")
    if kind == "string":
        return value.decode("utf-8")
    if kind == "bytes":
        return base64.b64encode(value).decode()
    if kind == "bool":
        return bool(value)
    if kind in ("int32", "int64"):
        return _signed(value, 64 if kind == "int64" else 32) if wire == 0 else value
    if kind in ("uint32", "uint64"):
        return value
    if kind == "double":
        return struct.unpack("<d", value)[0]
    if kind == "float":
        return struct.unpack("<f", value)[0]
    raise ProtobufError(f"unsupported scalar type {kind}")


def _packed(kind: str, value: bytes) -> list:
    items, pos = [], 0
    while pos < len(value):
        item, pos = _varint(value, pos)
        items.append(_scalar(kind, 0, item))
    return items


# --------------------------------------------------------------------------- special messages
def _time(data: bytes, micro: bool) -> str | None:
    seconds = nanos = 0
    for number, _wire, value in _fields(data):
        if number == 1:
            seconds = _signed(value, 64)
        elif number == 2:
            nanos = _signed(value, 32)
    if seconds == 0 and nanos == 0:
        return None
    t = _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc)
    if micro:
        return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos // 1000:06d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _duration(data: bytes) -> str:
    """Go's ``time.Duration.String()`` of the nanoseconds."""
    ns = 0
    for number, _wire, value in _fields(data):
        if number == 1:
            ns = _signed(value, 64)
    if ns == 0:
        return "0s"
    sign, ns = ("-" if ns < 0 else ""), abs(ns)
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1000), ("ns", 1)):
            if ns >= size:
                text = f"{ns / size:.9f}".rstrip("0").rstrip(".")
                return f"{sign}{text}{unit}"
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = f"{rest / 10**9:.9f}".rstrip("0").rstrip(".")
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}s"
    if minutes:
        return f"{sign}{minutes}m{seconds}s"
    return f"{sign}{seconds}s"


def _special(name: str, data: bytes):
    if name == _META + "Time":
        return _time(data, micro=False)
    if name == _META + "MicroTime":
        return _time(data, micro=True)
    if name == _META + "Duration":
        return _duration(data)
    if name == "k8s.io.apimachinery.pkg.api.resource.Quantity":
        return next((v.decode() for n, _w, v in _fields(data) if n == 1), "0")
    if name == "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
        parts = {n: v for n, _w, v in _fields(data)}
        return parts.get(3, b"").decode() if parts.get(1) == 1 else _signed(parts.get(2, 0), 32)
    if name in ("k8s.io.apimachinery.pkg.runtime.RawExtension", _META + "FieldsV1"):
        raw = next((v for n, _w, v in _fields(data) if n == 1), b"")
        return json.loads(raw) if raw else None
    if name.endswith(".ExtraValue") or name == _META + "Verbs":
        return [v.decode() for n, _w, v in _fields(data) if n == 1]
    return _MISSING


_MISSING = object()


# Embedded Go structs tagged ``json:",inline"``: protobuf nests them in a field of their own, JSON puts
# their fields in the parent (an Ingress rule's ``http``, a volume's ``configMap``, a probe's ``httpGet``).
_INLINE = frozenset({
    ("k8s.io.api.core.v1.Volume", "volumeSource"),
    ("k8s.io.api.core.v1.PersistentVolumeSpec", "persistentVolumeSource"),
    ("k8s.io.api.core.v1.Probe", "handler"),
    ("k8s.io.api.core.v1.EphemeralContainer", "ephemeralContainerCommon"),
    ("k8s.io.api.networking.v1.IngressRule", "ingressRuleValue"),
})


def decode_message(name: str, data: bytes):
    """The JSON form of message ``name`` from its bytes."""
    special = _special(name, data)
    if special is not _MISSING:
        return special
    fields = _messages().get(name)
    if fields is None:
        raise ProtobufError(f"unknown message {name}")
    out: dict = {}
    for number, wire, value in _fields(data):
        spec = fields.get(str(number))
        if spec is None:
            continue            # an unknown field: newer clients may send it; the JSON decoder ignores none
        field_name, kind = spec[0], spec[1]
        if kind == "map":
            value_kind = spec[2]
            key = val = None
            for n, w, v in _fields(value):
                if n == 1:
                    key = v.decode()
                elif n == 2:
                    val = _decode_value(value_kind, w, v)
            if value_kind == "string" and val is None:
                val = ""
            out.setdefault(field_name, {})[key or ""] = val if val is not None else ""
            continue
        repeated = spec[2] == "repeated"
        if repeated and wire == 2 and kind not in ("string", "bytes") and "." not in kind:
            out.setdefault(field_name, []).extend(_packed(kind, value))
            continue
        decoded = _decode_value(kind, wire, value)
        if (name, field_name) in _INLINE and isinstance(decoded, dict):
            out.update(decoded)
            continue
        if repeated:
            out.setdefault(field_name, []).append(decoded)
        else:
            out[field_name] = decoded
    return {k: v for k, v in out.items() if not _empty(k, v)}


def _decode_value(kind: str, wire: int, value):
    if "." in kind:
        return decode_message(kind, value)
    return _scalar(kind, wire, value)


def _empty(name: str, value) -> bool:
    if value is None:
        return True
    if name in _KEEP_ZERO:
        return False
    return value in ("", 0, False) and not isinstance(value, float) or value == {}


def _message_for(api_version: str, kind: str) -> str:
    """``apps/v1`` + ``Deployment`` → ``k8s.io.api.apps.v1.Deployment``."""
    group, _, version = api_version.rpartition("/")
    if not group:
        package = f"k8s.io.api.core.{version}"
    else:
        package = f"k8s.io.api.{group.split('.')[0]}.{version}"
    if kind in ("DeleteOptions", "Status"):
        return _META + kind
    return f"{package}.{kind}"


def decode(body: bytes) -> dict:
    """A protobuf request body as the JSON object it stands for."""
    if not body.startswith(MAGIC):
        raise ProtobufError("provided data does not appear to be a protobuf message, expected prefix "
                            "[107 56 115 0]")
    type_meta, raw = {}, b""
    for number, _wire, value in _fields(body[len(MAGIC):]):
        if number == 1:
            type_meta = {n: v.decode() for n, _w, v in _fields(value)}
        elif number == 2:
            raw = value
    api_version, kind = type_meta.get(1, ""), type_meta.get(2, "")
    name = _message_for(api_version, kind)
    if name not in _messages():
        raise ProtobufError(f'no kind "{kind}" is registered for version "{api_version}"')
    obj = decode_message(name, raw)
    return {"apiVersion": api_version, "kind": kind, **obj}
