"""The storage protection controllers of kube-controller-manager: finalizers that keep storage in use.

Models pkg/controller/volume/pvcprotection and pvprotection. A claim or volume carries its
protection finalizer from birth (the StorageObjectInUseProtection admission plugin,
:mod:`k8scourse.apiserver.admission.storage_protection`); deleting it only marks it
(``deletionTimestamp``; ``kubectl get pvc`` shows ``Terminating``) and these controllers remove the
finalizer once nothing uses it, so the API server lets it go:

* ``pvc-protection-controller``: a claim is in use while a pod that is scheduled to a node
  (``spec.nodeName``) and has not finished (phase not ``Succeeded``/``Failed``) names it in a
  ``persistentVolumeClaim`` volume; the claim goes when the last such pod is gone;
* ``pv-protection-controller``: a volume is in use while it is ``Bound`` to a claim.

Deliberate differences: generic ephemeral volumes are not modelled; the controllers do not add the
finalizer to objects that lack it (every claim and volume here went through admission).

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = PVCProtectionController(api).start()
>>> _ = api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
...     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
>>> api.delete("persistentvolumeclaims", "data")["metadata"]["deletionTimestamp"] is not None
True
>>> api.sim.run(seconds=1); api.peek("persistentvolumeclaims", "data", "default") is None
True
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import copy_json, dig
from ..apiserver.store import StoreError
from ..errors import APIError
from .runtime import Controller, Result, split_key

_FINISHED = ("Succeeded", "Failed")


def pod_uses_claim(pod: dict, claim: str) -> bool:
    """Whether ``pod`` keeps claim ``claim`` (same namespace) in use: scheduled, not finished, naming it."""
    if not dig(pod, "spec", "nodeName") or dig(pod, "status", "phase") in _FINISHED:
        return False
    return any(dig(vol, "persistentVolumeClaim", "claimName") == claim
               for vol in dig(pod, "spec", "volumes", default=[]) or [] if isinstance(vol, dict))


def _without(server, resource: str, obj: dict, finalizer: str, user: str) -> Result | None:
    """Remove ``finalizer`` from ``obj`` (the API server then deletes it); retried on failure."""
    body = copy_json(obj)
    body["metadata"]["finalizers"] = [f for f in body["metadata"].get("finalizers") or [] if f != finalizer]
    try:
        server.update(body, user=user, trusted=True, resource=resource)
    except (APIError, StoreError):
        return Result(requeue=True)
    return None


class PVCProtectionController(Controller):
    resource, kind, component = "persistentvolumeclaims", "PersistentVolumeClaim", "pvc-protection-controller"
    USER = "system:serviceaccount:kube-system:pvc-protection-controller"

    def watches(self) -> dict:
        return {"pods": self._on_pod}

    def on_primary(self, event) -> None:
        if self.running and event.type != "DELETED" and dig(event.object, "metadata", "deletionTimestamp"):
            self.enqueue(event.object)

    def _on_pod(self, event) -> None:
        """A pod that stops using its claims (finished, deleted) may free one being deleted."""
        if not self.running:
            return
        pod = event.object
        ns = pod["metadata"].get("namespace", "")
        for vol in dig(pod, "spec", "volumes", default=[]) or []:
            name = dig(vol, "persistentVolumeClaim", "claimName") if isinstance(vol, dict) else None
            claim = self.server.peek("persistentvolumeclaims", name, ns) if name else None
            if claim is not None and dig(claim, "metadata", "deletionTimestamp"):
                self.enqueue(claim)

    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        claim = self.server.peek("persistentvolumeclaims", name, ns)
        if claim is None or not dig(claim, "metadata", "deletionTimestamp") \
                or defaults.PVC_PROTECTION_FINALIZER not in (claim["metadata"].get("finalizers") or []):
            return None
        pods = self.server.store.list("pods", ns, copy=False)
        if any(pod_uses_claim(pod, name) for pod in pods):
            return None                               # a pod event brings the claim back
        return _without(self.server, "persistentvolumeclaims", claim, defaults.PVC_PROTECTION_FINALIZER, self.USER)


class PVProtectionController(Controller):
    resource, kind, component = "persistentvolumes", "PersistentVolume", "pv-protection-controller"
    USER = "system:serviceaccount:kube-system:pv-protection-controller"

    def on_primary(self, event) -> None:
        if self.running and event.type != "DELETED" and dig(event.object, "metadata", "deletionTimestamp"):
            self.enqueue(event.object)

    def reconcile(self, key: str) -> Result | None:
        _, name = split_key(key)
        volume = self.server.peek("persistentvolumes", name, "")
        if volume is None or not dig(volume, "metadata", "deletionTimestamp") \
                or defaults.PV_PROTECTION_FINALIZER not in (volume["metadata"].get("finalizers") or []):
            return None
        if dig(volume, "status", "phase") == "Bound":
            return None                               # its status update brings it back
        return _without(self.server, "persistentvolumes", volume, defaults.PV_PROTECTION_FINALIZER, self.USER)
