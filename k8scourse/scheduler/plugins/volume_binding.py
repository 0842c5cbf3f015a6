"""VolumeBinding (PreFilter) — minimal: a pod whose PersistentVolumeClaims are not bound waits.

Models the PreFilter half of ``plugins/volumebinding``: every ``persistentVolumeClaim`` volume
must name an existing claim (else ``persistentvolumeclaim "<name>" not found``), and a claim that
is not ``Bound`` makes the pod wait with ``pod has unbound immediate PersistentVolumeClaims``
(UnschedulableAndUnresolvable) — unless its StorageClass binds ``WaitForFirstConsumer``, which the
simulator lets through (no node-affine volumes: deliberate simplification). Pods without claims
Skip the plugin. Claims being added or changed re-queue the pod.
"""

from __future__ import annotations

from ..framework import NODE_ADD, PVC_CHANGE, Plugin, Status

REASON = "pod has unbound immediate PersistentVolumeClaims"


class VolumeBinding(Plugin):
    name = "VolumeBinding"
    events = (PVC_CHANGE, NODE_ADD)

    def pre_filter(self, state, pod_info) -> Status:
        claims = [v["persistentVolumeClaim"].get("claimName", "")
                  for v in (pod_info.pod.get("spec") or {}).get("volumes") or [] if v.get("persistentVolumeClaim")]
        if not claims:
            return Status.skip()
        api = self.handle.api
        for name in claims:
            pvc = api.peek("persistentvolumeclaims", name, pod_info.namespace)
            if pvc is None:
                return Status.unresolvable(f'persistentvolumeclaim "{name}" not found')
            if (pvc.get("status") or {}).get("phase") == "Bound":
                continue
            sc_name = (pvc.get("spec") or {}).get("storageClassName")
            sc = api.peek("storageclasses", sc_name, "") if sc_name else None
            if sc is not None and sc.get("volumeBindingMode") == "WaitForFirstConsumer":
                continue
            return Status.unresolvable(REASON)
        return Status.success()
