"""Admission plugins that complete every new pod: ServiceAccount, DefaultTolerationSeconds, Priority.

* ServiceAccount (plugin/pkg/admission/serviceaccount): ``serviceAccountName: default`` and the
  projected ``kube-api-access-<5 chars>`` token volume mounted read-only at
  ``/var/run/secrets/kubernetes.io/serviceaccount`` in every container.
* DefaultTolerationSeconds: tolerate ``node.kubernetes.io/not-ready`` and ``/unreachable``
  (NoExecute) for 300 s, so pods leave a dead node after five minutes.
* Priority: ``priority: 0`` unless a PriorityClass says otherwise (system classes included).
"""

from __future__ import annotations

from ... import defaults
from ...api import names as namerules
from ...api.objects import dig
from ...errors import APIError
from .plugin import AdmissionPlugin, Attributes

TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
# Built-in priority classes every cluster has (pkg/apis/scheduling).
SYSTEM_PRIORITY_CLASSES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}


class _PodCreate(AdmissionPlugin):
    operations = ("CREATE",)

    def handles(self, attrs: Attributes) -> bool:
        return attrs.operation == "CREATE" and attrs.info.kind == "Pod" and not attrs.subresource


class ServiceAccount(_PodCreate):
    name = "ServiceAccount"

    def admit(self, attrs: Attributes) -> None:
        spec = attrs.object.setdefault("spec", {})
        spec.setdefault("serviceAccountName", defaults.SERVICE_ACCOUNT)
        spec.setdefault("serviceAccount", spec["serviceAccountName"])
        if spec.get("automountServiceAccountToken") is False:
            return
        volumes = spec.setdefault("volumes", [])
        if any(v.get("name", "").startswith("kube-api-access-") for v in volumes):
            return
        name = "kube-api-access-" + namerules.generate_name_suffix(self.server.sim.rng)
        volumes.append({"name": name, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
        ]}})
        for group in ("initContainers", "containers"):
            for container in spec.get(group) or []:
                mounts = container.setdefault("volumeMounts", [])
                if not any(m.get("mountPath") == TOKEN_MOUNT_PATH for m in mounts):
                    mounts.append({"name": name, "readOnly": True, "mountPath": TOKEN_MOUNT_PATH})


class DefaultTolerationSeconds(_PodCreate):
    name = "DefaultTolerationSeconds"

    def admit(self, attrs: Attributes) -> None:
        tolerations = attrs.object.setdefault("spec", {}).setdefault("tolerations", [])
        for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
            if any(t.get("key") == key and t.get("effect") in ("NoExecute", None, "")
                   or (not t.get("key") and t.get("operator") == "Exists") for t in tolerations):
                continue
            tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                "tolerationSeconds": defaults.DEFAULT_TOLERATION_SECONDS})


class Priority(_PodCreate):
    name = "Priority"

    def admit(self, attrs: Attributes) -> None:
        spec = attrs.object.setdefault("spec", {})
        class_name = spec.get("priorityClassName")
        if not class_name:
            spec.setdefault("priority", 0)
            return
        value = SYSTEM_PRIORITY_CLASSES.get(class_name)
        if value is None:
            pc = self.server.peek("priorityclasses", class_name)
            if pc is None:
                raise APIError.forbidden("pods", attrs.name,
                                         f"no PriorityClass with name {class_name} was found")
            value = pc.get("value", 0)
            spec.setdefault("preemptionPolicy", pc.get("preemptionPolicy", "PreemptLowerPriority"))
        spec["priority"] = value
        spec.setdefault("preemptionPolicy", "PreemptLowerPriority")


def pod_priority(pod: dict) -> int:
    return dig(pod, "spec", "priority", default=0)
