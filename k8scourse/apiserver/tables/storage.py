"""Server-side printers for storage and the remaining built-in kinds (printers.go).

PersistentVolume, PersistentVolumeClaim, StorageClass (``standard (default)`` for the default
class), the CSI kinds, VolumeAttachment, RuntimeClass, admission webhook/policy configurations,
APIService and CertificateSigningRequest.

>>> pvc = {"metadata": {"name": "data"}, "spec": {"volumeName": "pv1", "storageClassName": "fast"},
...        "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}}
>>> pvc_row(pvc, 0)["cells"][:6]
['data', 'Bound', 'pv1', '1Gi', 'RWO', 'fast']
"""

from __future__ import annotations

from ...api.objects import dig
from .cells import quantity_str, since

_NAME = ("Name", "string", "name", 0)
_AGE = ("Age", "string", "", 0)
_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
          ("ReadWriteOncePod", "RWOP"))


def _age(obj, now_ms):
    return since(dig(obj, "metadata", "creationTimestamp"), now_ms)


def _name(obj):
    return dig(obj, "metadata", "name", default="")


def access_modes(modes) -> str:
    """``GetAccessModesAsString``: RWO,ROX,RWX,RWOP in that fixed order."""
    modes = set(modes or [])
    return ",".join(short for long, short in _MODES if long in modes)


def _storage_class(obj) -> str:
    beta = dig(obj, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class")
    return beta if beta is not None else dig(obj, "spec", "storageClassName", default="")


PV_COLUMNS = [_NAME, ("Capacity", "string", "", 0), ("Access Modes", "string", "", 0),
              ("Reclaim Policy", "string", "", 0), ("Status", "string", "", 0), ("Claim", "string", "", 0),
              ("StorageClass", "string", "", 0), ("VolumeAttributesClass", "string", "", 0),
              ("Reason", "string", "", 0), _AGE, ("VolumeMode", "string", "", 1)]


def pv_row(obj, now_ms):
    spec = obj.get("spec") or {}
    claim = ""
    if isinstance(spec.get("claimRef"), dict):
        claim = f"{spec['claimRef'].get('namespace', '')}/{spec['claimRef'].get('name', '')}"
    phase = "Terminating" if dig(obj, "metadata", "deletionTimestamp") else dig(obj, "status", "phase", default="")
    return {"cells": [_name(obj), quantity_str(dig(spec, "capacity", "storage")), access_modes(spec.get("accessModes")),
                      spec.get("persistentVolumeReclaimPolicy", ""), phase, claim, _storage_class(obj),
                      spec.get("volumeAttributesClassName") or "<unset>",
                      dig(obj, "status", "reason", default=""), _age(obj, now_ms),
                      spec.get("volumeMode") or "<unset>"]}


PVC_COLUMNS = [_NAME, ("Status", "string", "", 0), ("Volume", "string", "", 0), ("Capacity", "string", "", 0),
               ("Access Modes", "string", "", 0), ("StorageClass", "string", "", 0),
               ("VolumeAttributesClass", "string", "", 0), _AGE, ("VolumeMode", "string", "", 1)]


def pvc_row(obj, now_ms):
    spec = obj.get("spec") or {}
    phase = "Terminating" if dig(obj, "metadata", "deletionTimestamp") else dig(obj, "status", "phase", default="")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(dig(obj, "status", "accessModes"))
        capacity = quantity_str(dig(obj, "status", "capacity", "storage"))
    return {"cells": [_name(obj), phase, spec.get("volumeName", ""), capacity, modes, _storage_class(obj),
                      spec.get("volumeAttributesClassName") or "<unset>", _age(obj, now_ms),
                      spec.get("volumeMode") or "<unset>"]}


STORAGECLASS_COLUMNS = [_NAME, ("Provisioner", "string", "", 0), ("ReclaimPolicy", "string", "", 0),
                        ("VolumeBindingMode", "string", "", 0), ("AllowVolumeExpansion", "string", "", 0), _AGE]


def storageclass_row(obj, now_ms):
    name = _name(obj)
    annotations = dig(obj, "metadata", "annotations", default={}) or {}
    if "true" in (annotations.get("storageclass.kubernetes.io/is-default-class"),
                  annotations.get("storageclass.beta.kubernetes.io/is-default-class")):
        name += " (default)"
    return {"cells": [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
                      obj.get("volumeBindingMode") or "Immediate",
                      str(bool(obj.get("allowVolumeExpansion"))).lower(), _age(obj, now_ms)]}


CSIDRIVER_COLUMNS = [_NAME, ("AttachRequired", "boolean", "", 0), ("PodInfoOnMount", "boolean", "", 0),
                     ("StorageCapacity", "boolean", "", 0), ("TokenRequests", "string", "", 0),
                     ("RequiresRepublish", "boolean", "", 0), ("Modes", "string", "", 0), _AGE]


def csidriver_row(obj, now_ms):
    spec = obj.get("spec") or {}
    tokens = ",".join(f"{t.get('audience', '')}" for t in spec.get("tokenRequests") or []) or "<unset>"
    modes = ",".join(spec.get("volumeLifecycleModes") or []) or "<none>"
    return {"cells": [_name(obj), spec.get("attachRequired", True), bool(spec.get("podInfoOnMount")),
                      bool(spec.get("storageCapacity")), tokens, bool(spec.get("requiresRepublish")),
                      modes, _age(obj, now_ms)]}


CSINODE_COLUMNS = [_NAME, ("Drivers", "integer", "", 0), _AGE]


def csinode_row(obj, now_ms):
    return {"cells": [_name(obj), len(dig(obj, "spec", "drivers", default=[]) or []), _age(obj, now_ms)]}


CSISTORAGECAPACITY_COLUMNS = [_NAME, ("StorageClassName", "string", "", 0), ("Capacity", "string", "", 0)]


def csistoragecapacity_row(obj, now_ms):
    cap = obj.get("capacity")
    return {"cells": [_name(obj), obj.get("storageClassName", ""),
                      quantity_str(cap) if cap is not None else "<unset>"]}


VOLUMEATTACHMENT_COLUMNS = [_NAME, ("Attacher", "string", "", 0), ("PV", "string", "", 0),
                            ("Node", "string", "", 0), ("Attached", "boolean", "", 0), _AGE]


def volumeattachment_row(obj, now_ms):
    spec = obj.get("spec") or {}
    return {"cells": [_name(obj), spec.get("attacher", ""), dig(spec, "source", "persistentVolumeName", default=""),
                      spec.get("nodeName", ""), bool(dig(obj, "status", "attached")), _age(obj, now_ms)]}


RUNTIMECLASS_COLUMNS = [_NAME, ("Handler", "string", "", 0), _AGE]


def runtimeclass_row(obj, now_ms):
    return {"cells": [_name(obj), obj.get("handler", ""), _age(obj, now_ms)]}


WEBHOOK_COLUMNS = [_NAME, ("Webhooks", "integer", "", 0), _AGE]


def webhook_row(obj, now_ms):
    return {"cells": [_name(obj), len(obj.get("webhooks") or []), _age(obj, now_ms)]}


VAP_COLUMNS = [_NAME, ("Validations", "integer", "", 0), ("ParamKind", "string", "", 0), _AGE]


def vap_row(obj, now_ms):
    kind = dig(obj, "spec", "paramKind")
    param = f"{kind.get('apiVersion', '')}/{kind.get('kind', '')}" if isinstance(kind, dict) else "<unset>"
    return {"cells": [_name(obj), len(dig(obj, "spec", "validations", default=[]) or []), param,
                      _age(obj, now_ms)]}


VAPB_COLUMNS = [_NAME, ("PolicyName", "string", "", 0), ("ParamRef", "string", "", 0), _AGE]


def vapb_row(obj, now_ms):
    ref = dig(obj, "spec", "paramRef")
    param = "<unset>"
    if isinstance(ref, dict):
        param = f"{ref['namespace']}/{ref.get('name', '')}" if ref.get("namespace") else ref.get("name", "*")
    return {"cells": [_name(obj), dig(obj, "spec", "policyName", default=""), param, _age(obj, now_ms)]}


APISERVICE_COLUMNS = [_NAME, ("Service", "string", "", 0), ("Available", "string", "", 0), _AGE]


def apiservice_row(obj, now_ms):
    svc = dig(obj, "spec", "service")
    service = f"{svc.get('namespace', '')}/{svc.get('name', '')}" if isinstance(svc, dict) else "Local"
    available = "Unknown"
    for c in dig(obj, "status", "conditions", default=[]):
        if c.get("type") == "Available":
            available = c.get("status", "Unknown")
            if available != "True":
                available = f"{available} ({c.get('reason', '')})"
    return {"cells": [_name(obj), service, available, _age(obj, now_ms)]}


CSR_COLUMNS = [_NAME, _AGE, ("SignerName", "string", "", 0), ("Requestor", "string", "", 0),
               ("RequestedDuration", "string", "", 0), ("Condition", "string", "", 0)]


def csr_row(obj, now_ms):
    from ...api.duration import human_duration
    from ..certificates import csr_status
    spec = obj.get("spec") or {}
    duration = spec.get("expirationSeconds")
    return {"cells": [_name(obj), _age(obj, now_ms), spec.get("signerName", ""), spec.get("username", ""),
                      human_duration(int(duration) * 1000) if duration else "<none>", csr_status(obj)]}

