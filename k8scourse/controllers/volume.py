"""Persistent volumes: the PV binder of kube-controller-manager plus a dynamic provisioner.

Models pkg/controller/volume/persistentvolume (the ``persistentvolume-controller``) together with
what the CSI external-provisioner sidecar of the Azure Disk driver (``disk.csi.azure.com``) does,
so that claims — a StatefulSet's ``volumeClaimTemplates`` above all — get storage:

* a claim without ``storageClassName`` gets the default StorageClass (annotation
  ``storageclass.kubernetes.io/is-default-class: "true"``), as the DefaultStorageClass admission
  plugin and the retroactive default assignment of 1.28 do;
* a Pending claim binds to an Available PersistentVolume of its class that offers its access
  modes and at least its requested size (the smallest such; ``spec.volumeName`` pins one);
* otherwise, if its class names a provisioner, a volume is provisioned — at once for
  ``volumeBindingMode: Immediate``, or once a pod using the claim is scheduled for
  ``WaitForFirstConsumer`` (the claim gets ``volume.kubernetes.io/selected-node``) — taking
  :data:`PROVISION_MS`: a PV ``pvc-<claim uid>`` with the class's reclaim policy, a CSI source,
  and the claim's size and access modes. Events ``WaitForFirstConsumer``, ``ExternalProvisioning``,
  ``Provisioning``, ``ProvisioningSucceeded``, ``ProvisioningFailed`` as upstream;
* binding writes the PV (``claimRef``, phase ``Bound``) and then the claim (``volumeName``, the
  ``pv.kubernetes.io/bind-completed`` and ``bound-by-controller`` annotations, phase ``Bound``,
  ``capacity``, ``accessModes``);
* a new PV becomes ``Available``; a bound PV whose claim is gone is ``Released`` — and deleted
  when its reclaim policy is ``Delete`` (the disk is deprovisioned).

Deliberate differences: volumes have no node or zone affinity (the scheduler does not wait for a
WaitForFirstConsumer claim to bind before binding the pod); volume expansion, label selectors on claims and ``Recycle`` are not modelled; the claim is bound in one
pass, not over the controller's periodic resyncs.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = PersistentVolumeController(api).start()
>>> _ = api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast",
...     "annotations": {DEFAULT_CLASS: "true"}}, "provisioner": "disk.csi.azure.com"})
>>> _ = api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
...     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
>>> api.sim.run(seconds=10)
>>> claim = api.get("persistentvolumeclaims", "data")
>>> claim["status"]["phase"], claim["spec"]["storageClassName"], claim["spec"]["volumeName"].startswith("pvc-")
('Bound', 'fast', True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.objects import copy_json, dig
from ..api.quantity import parse_quantity
from ..apiserver.store import StoreError
from ..errors import APIError
from .runtime import Controller

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

COMPONENT = "persistentvolume-controller"
USER = "system:serviceaccount:kube-system:persistent-volume-binder"
PROVISION_MS = 4000          # creating a managed disk
DELETE_MS = 2000
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
SELECTED_NODE = "volume.kubernetes.io/selected-node"
PROVISIONER = "volume.kubernetes.io/storage-provisioner"
BETA_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"


def _size(obj: dict, *path) -> int:
    try:
        return int(parse_quantity(str(dig(obj, *path, default="0"))).value())
    except ValueError:  # QuantityError: a malformed quantity matches nothing
        return 0


class PersistentVolumeController(Controller):
    component = COMPONENT

    def __init__(self, server: "APIServer"):
        super().__init__(server)
        self._provisioning: set[str] = set()           # claim uids with a volume on its way

    def handlers(self) -> list:
        return [("persistentvolumeclaims", self._on_claim), ("persistentvolumes", self._on_volume),
                ("storageclasses", self._on_class), ("pods", self._on_pod)]

    # ------------------------------------------------------------------ event handlers
    @staticmethod
    def _claim_key(pvc: dict) -> str:
        return f"pvc|{pvc['metadata'].get('namespace', '')}/{pvc['metadata']['name']}"

    def _on_claim(self, event) -> None:
        if not self.running:
            return
        if event.type == "DELETED":
            name = dig(event.object, "spec", "volumeName")
            if name:
                self.queue.add(f"pv|{name}")
            return
        self.queue.add(self._claim_key(event.object))

    def _on_volume(self, event) -> None:
        if not self.running:
            return
        if event.type != "DELETED":
            self.queue.add(f"pv|{event.object['metadata']['name']}")
        ref = dig(event.object, "spec", "claimRef")
        if ref:
            self.queue.add(f"pvc|{ref.get('namespace', '')}/{ref.get('name', '')}")

    def _on_class(self, event) -> None:
        if self.running and event.type != "DELETED":
            for pvc in self.server.store.list("persistentvolumeclaims", None, copy=False):
                if dig(pvc, "status", "phase") != "Bound":
                    self.queue.add(self._claim_key(pvc))

    def _on_pod(self, event) -> None:
        """A scheduled pod is the first consumer its WaitForFirstConsumer claims were waiting for."""
        pod = event.object
        node = dig(pod, "spec", "nodeName")
        if not self.running or event.type == "DELETED" or not node:
            return
        ns = pod["metadata"].get("namespace", "")
        for vol in dig(pod, "spec", "volumes", default=[]) or []:
            name = dig(vol, "persistentVolumeClaim", "claimName")
            pvc = self.server.peek("persistentvolumeclaims", name, ns) if name else None
            if pvc is None or dig(pvc, "spec", "volumeName") or dig(pvc, "metadata", "annotations", SELECTED_NODE):
                continue
            try:
                self.server.patch("persistentvolumeclaims", name, ns,
                                  {"metadata": {"annotations": {SELECTED_NODE: node}}}, "merge", user=USER)
            except APIError:
                self.queue.add_rate_limited(self._claim_key(pvc))

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> None:
        kind, _, rest = key.partition("|")
        if kind == "pv":
            self._sync_volume(rest)
        else:
            ns, _, name = rest.partition("/")
            pvc = self.server.peek("persistentvolumeclaims", name, ns)
            if pvc is not None and not dig(pvc, "metadata", "deletionTimestamp"):
                self._sync_claim(copy_json(pvc))

    def _default_class(self) -> dict | None:
        found = [sc for sc in self.server.store.list(self.server.info("storageclasses").group_resource, None,
                                                     copy=False)
                 if dig(sc, "metadata", "annotations", DEFAULT_CLASS) == "true"]
        found.sort(key=lambda sc: (sc["metadata"].get("creationTimestamp", ""), sc["metadata"]["name"]))
        return found[-1] if found else None

    def _sync_claim(self, pvc: dict) -> None:
        md, spec = pvc["metadata"], pvc.get("spec") or {}
        if dig(pvc, "status", "phase") == "Bound":
            return
        if spec.get("storageClassName") is None:
            default = self._default_class()
            if default is not None:
                pvc["spec"]["storageClassName"] = default["metadata"]["name"]
                self.server.update(pvc, user=USER, trusted=True)
                return                                       # the update brings us back
        class_name = spec.get("storageClassName") or ""
        volume = self._matching_volume(pvc, class_name)
        if volume is not None:
            self._bind(volume, pvc)
            return
        if spec.get("volumeName"):
            return
        sc = self.server.peek("storageclasses", class_name, "") if class_name else None
        if sc is None:
            reason = f'storageclass.storage.k8s.io "{class_name}" not found' if class_name else \
                "no persistent volumes available for this claim and no storage class is set"
            self.recorder.event(pvc, "Warning", "ProvisioningFailed" if class_name else "FailedBinding", reason,
                                COMPONENT)
            return
        if sc.get("volumeBindingMode") == "WaitForFirstConsumer" and not dig(md, "annotations", SELECTED_NODE):
            self.recorder.event(pvc, "Normal", "WaitForFirstConsumer",
                                "waiting for first consumer to be created before binding", COMPONENT)
            return
        if md["uid"] in self._provisioning:
            return
        provisioner = sc.get("provisioner", "")
        if dig(md, "annotations", PROVISIONER) != provisioner:
            pvc["metadata"].setdefault("annotations", {}).update({PROVISIONER: provisioner,
                                                                 BETA_PROVISIONER: provisioner})
            self.server.update(pvc, user=USER, trusted=True)
        self.recorder.event(pvc, "Normal", "ExternalProvisioning",
                            f"Waiting for a volume to be created either by the external provisioner '{provisioner}' "
                            f"or manually by the system administrator. If volume creation is delayed, please verify "
                            f"that your external provisioner is running and correctly registered.", COMPONENT)
        self.recorder.event(pvc, "Normal", "Provisioning",
                            f'External provisioner is provisioning volume for claim "{md["namespace"]}/{md["name"]}"',
                            f"{provisioner}_csi-azuredisk-controller")
        self._provisioning.add(md["uid"])
        self.server.sim.schedule(PROVISION_MS, lambda: self._provisioned(md["namespace"], md["name"], md["uid"]),
                                 name=f"{COMPONENT} provision {md['name']}")

    def _matching_volume(self, pvc: dict, class_name: str) -> dict | None:
        spec = pvc.get("spec") or {}
        want = _size(pvc, "spec", "resources", "requests", "storage")
        modes = set(spec.get("accessModes") or [])
        fits = []
        for pv in self.server.store.list("persistentvolumes", None, copy=False):
            ref = dig(pv, "spec", "claimRef")
            if spec.get("volumeName") and pv["metadata"]["name"] != spec["volumeName"]:
                continue
            if ref and (ref.get("name"), ref.get("namespace")) != \
                    (pvc["metadata"]["name"], pvc["metadata"]["namespace"]):
                continue
            if ref and ref.get("uid") and ref["uid"] != pvc["metadata"]["uid"]:
                continue
            if not ref and dig(pv, "status", "phase") not in ("Available", "Pending"):
                continue
            if (dig(pv, "spec", "storageClassName") or "") != class_name or \
                    not modes <= set(dig(pv, "spec", "accessModes", default=[]) or []) or \
                    _size(pv, "spec", "capacity", "storage") < want:
                continue
            fits.append(pv)
        fits.sort(key=lambda pv: (not dig(pv, "spec", "claimRef"), _size(pv, "spec", "capacity", "storage"),
                                  pv["metadata"]["name"]))
        return fits[0] if fits else None

    def _provisioned(self, ns: str, name: str, uid: str) -> None:
        self._provisioning.discard(uid)
        pvc = self.server.peek("persistentvolumeclaims", name, ns)
        if not self.running or pvc is None or pvc["metadata"]["uid"] != uid or dig(pvc, "spec", "volumeName"):
            return
        sc = self.server.peek("storageclasses", dig(pvc, "spec", "storageClassName", default=""), "")
        if sc is None:
            self.queue.add(self._claim_key(pvc))
            return
        provisioner = sc.get("provisioner", "")
        pv_name = f"pvc-{uid}"
        size = dig(pvc, "spec", "resources", "requests", "storage", default="1Gi")
        pv = {"apiVersion": "v1", "kind": "PersistentVolume",
              "metadata": {"name": pv_name, "annotations": {
                  "pv.kubernetes.io/provisioned-by": provisioner,
                  "volume.kubernetes.io/provisioner-deletion-secret-name": "",
                  "volume.kubernetes.io/provisioner-deletion-secret-namespace": ""}},
              "spec": {"accessModes": copy_json(dig(pvc, "spec", "accessModes", default=[])),
                       "capacity": {"storage": size},
                       "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": name,
                                    "namespace": ns, "resourceVersion": pvc["metadata"].get("resourceVersion", ""),
                                    "uid": uid},
                       "csi": {"driver": provisioner, "volumeHandle": f"/subscriptions/00000000-0000-0000-0000-"
                               f"000000000000/resourceGroups/mc_rg/providers/Microsoft.Compute/disks/{pv_name}",
                               "volumeAttributes": {"csi.storage.k8s.io/pv/name": pv_name,
                                                    "csi.storage.k8s.io/pvc/name": name,
                                                    "csi.storage.k8s.io/pvc/namespace": ns,
                                                    **{k: str(v) for k, v in (sc.get("parameters") or {}).items()}}},
                       "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
                       "storageClassName": sc["metadata"]["name"],
                       "volumeMode": dig(pvc, "spec", "volumeMode", default="Filesystem")}}
        try:
            created = self.server.create(pv, user=USER, trusted=True)
        except APIError as exc:
            self.recorder.event(pvc, "Warning", "ProvisioningFailed", f"failed to provision volume with StorageClass "
                                f'"{sc["metadata"]["name"]}": {exc.message}', f"{provisioner}_csi-azuredisk-controller")
            self.queue.add_rate_limited(self._claim_key(pvc))
            return
        self.recorder.event(pvc, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {pv_name}",
                            f"{provisioner}_csi-azuredisk-controller")
        try:
            self._bind(created, pvc)
        except (APIError, StoreError):
            self.queue.add_rate_limited(self._claim_key(pvc))   # the claim's pass finds the volume again

    def _bind(self, pv: dict, pvc: dict) -> None:
        pmd, cmd = pv["metadata"], pvc["metadata"]
        pv = copy_json(self.server.peek("persistentvolumes", pmd["name"], "") or pv)
        pv["spec"]["claimRef"] = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": cmd["name"],
                                  "namespace": cmd["namespace"], "resourceVersion": cmd.get("resourceVersion", ""),
                                  "uid": cmd["uid"]}
        pv = self.server.update(pv, user=USER, trusted=True)
        pv["status"] = {"phase": "Bound"}
        self.server.update_status(pv, user=USER, resource="persistentvolumes")
        claim = copy_json(self.server.peek("persistentvolumeclaims", cmd["name"], cmd["namespace"]) or pvc)
        claim["spec"]["volumeName"] = pmd["name"]
        claim["metadata"].setdefault("annotations", {}).update({"pv.kubernetes.io/bind-completed": "yes",
                                                                 "pv.kubernetes.io/bound-by-controller": "yes"})
        claim = self.server.update(claim, user=USER, trusted=True)
        claim["status"] = {"phase": "Bound", "accessModes": copy_json(dig(pv, "spec", "accessModes", default=[])),
                           "capacity": copy_json(dig(pv, "spec", "capacity", default={}))}
        self.server.update_status(claim, user=USER, resource="persistentvolumeclaims")

    # ------------------------------------------------------------------ volumes
    def _sync_volume(self, name: str) -> None:
        pv = self.server.peek("persistentvolumes", name, "")
        if pv is None:
            return
        # a volume being deleted (held by pv-protection while Bound) still becomes Released when its
        # claim goes, which lets the protection controller finish the deletion
        deleting = bool(dig(pv, "metadata", "deletionTimestamp"))
        ref = dig(pv, "spec", "claimRef")
        phase = dig(pv, "status", "phase")
        if not ref:
            if phase != "Available" and not deleting:
                self._set_phase(pv, "Available")
            return
        claim = self.server.peek("persistentvolumeclaims", ref.get("name", ""), ref.get("namespace", ""))
        if claim is not None and (not ref.get("uid") or claim["metadata"]["uid"] == ref["uid"]):
            return
        if phase == "Bound" or (phase in ("Pending", "Available") and ref.get("uid")):
            self._set_phase(pv, "Released")
        if dig(pv, "spec", "persistentVolumeReclaimPolicy") == "Delete" and not deleting:
            self.server.sim.schedule(DELETE_MS, lambda: self._deprovision(name), name=f"{COMPONENT} delete {name}")

    def _deprovision(self, name: str) -> None:
        pv = self.server.peek("persistentvolumes", name, "")
        if self.running and pv is not None and dig(pv, "status", "phase") == "Released":
            try:
                self.server.delete("persistentvolumes", name, "", user=USER)
            except (APIError, StoreError):
                self.queue.add_rate_limited(f"pv|{name}")      # the volume's pass schedules it again

    def _set_phase(self, pv: dict, phase: str) -> None:
        body = copy_json(pv)
        body["status"] = {"phase": phase}
        self.server.update_status(body, user=USER, resource="persistentvolumes")
