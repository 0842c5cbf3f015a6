"""The StorageObjectInUseProtection admission plugin: claims and volumes are born protected.

Every new PersistentVolumeClaim gets the ``kubernetes.io/pvc-protection`` finalizer and every new
PersistentVolume ``kubernetes.io/pv-protection`` (plugin/pkg/admission/storage/
storageobjectinuseprotection). Deleting one then only marks it (``deletionTimestamp``, STATUS
``Terminating``) until the protection controllers of kube-controller-manager
(:mod:`k8scourse.controllers.protection`) see it is no longer in use and remove the finalizer.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation())
>>> api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
...     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
...     )["metadata"]["finalizers"]
['kubernetes.io/pvc-protection']
"""

from __future__ import annotations

from ... import defaults
from .plugin import AdmissionPlugin, Attributes

# kind -> the finalizer a new object of that kind gets
_FINALIZERS = {"PersistentVolumeClaim": defaults.PVC_PROTECTION_FINALIZER,
               "PersistentVolume": defaults.PV_PROTECTION_FINALIZER}


class StorageObjectInUseProtection(AdmissionPlugin):
    name = "StorageObjectInUseProtection"
    operations = ("CREATE",)

    def admit(self, attrs: Attributes) -> None:
        finalizer = _FINALIZERS.get(attrs.info.kind)
        if finalizer is None or not isinstance(attrs.object, dict):
            return
        md = attrs.object.setdefault("metadata", {})
        finalizers = md.get("finalizers")
        if not isinstance(finalizers, list):
            finalizers = md["finalizers"] = []
        if finalizer not in finalizers:
            finalizers.append(finalizer)
