"""Admission plugins that complete every new pod: ServiceAccount, DefaultTolerationSeconds, Priority.

* ServiceAccount (plugin/pkg/admission/serviceaccount): ``serviceAccountName: default``; the account
  must exist (``pods "web-7d4b9c-" is forbidden: error looking up service account default/app:
  serviceaccount "app" not found`` — a generated name is still its ``generateName`` prefix at that
  point); unless the pod or else its account says ``automountServiceAccountToken: false``, the
  projected ``kube-api-access-<5 chars>`` token volume mounted read-only at
  ``/var/run/secrets/kubernetes.io/serviceaccount`` in every container. Deliberate difference: a
  missing ``default`` account is accepted — the real plugin waits up to about two seconds for the
  service account controller to create it, which here happens in the same instant.
* DefaultTolerationSeconds: tolerate ``node.kubernetes.io/not-ready`` and ``/unreachable``
  (NoExecute) for 300 s, so pods leave a dead node after five minutes.
* Priority: ``priority: 0`` and ``preemptionPolicy: PreemptLowerPriority`` unless a PriorityClass —
  the one named, else the ``globalDefault`` one — says otherwise (system classes included).
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
        md = attrs.object.get("metadata") or {}
        if MIRROR_ANNOTATION in (md.get("annotations") or {}):
            return                  # a static pod's mirror: the kubelet's, never changed
        account = spec["serviceAccountName"]
        sa = self.server.peek("serviceaccounts", account, attrs.namespace)
        if sa is None and account != defaults.SERVICE_ACCOUNT:
            raise APIError.forbidden("pods", _shown_name(attrs.name, md), f"error looking up service account "
                                     f'{attrs.namespace}/{account}: serviceaccount "{account}" not found')
        automount = spec.get("automountServiceAccountToken")
        if automount is None and sa is not None:
            automount = sa.get("automountServiceAccountToken")
        if automount is False:
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


MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


def _shown_name(name: str, md: dict) -> str:
    """The name admission errors show: a generated one does not exist yet, its prefix does."""
    prefix = (md.get("generateName") or "")[:defaults.GENERATE_NAME_MAX_PREFIX]
    if prefix and name.startswith(prefix) and len(name) == len(prefix) + defaults.GENERATE_NAME_SUFFIX_LENGTH:
        return md["generateName"]
    return name


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
            # the globalDefault PriorityClass if there is one, else priority 0 (both preempt lower)
            default = next((pc for pc in self.server.list("priorityclasses")["items"] if pc.get("globalDefault")),
                           None)
            if default is not None:
                spec["priorityClassName"] = class_name = default["metadata"]["name"]
            else:
                spec.setdefault("priority", 0)
                spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
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
