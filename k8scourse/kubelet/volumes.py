"""The kubelet's volume manager: a pod's volumes, set up before its sandbox, mounted into its containers.

A pod's ``spec.volumes`` become file stores (:class:`~k8scourse.runtime.filesystem.FileStore`)
and each container's ``volumeMounts`` become mounts of them (mount path, ``subPath``,
``readOnly``) in the container's file tree (:class:`~k8scourse.runtime.filesystem.ContainerFS`):

* ``emptyDir`` — one store per pod and volume, shared by every container that mounts it, kept
  across container restarts, deleted with the pod (``medium: Memory``: tmpfs, its files count as
  memory of the first container mounting it);
* ``hostPath`` — the node's own file tree at ``path`` (``DirectoryOrCreate`` makes the directory):
  what a pod writes there stays on that node;
* ``persistentVolumeClaim`` — the disk of the claim's bound PersistentVolume, kept by the cluster
  (keyed by the PV name), so its files outlive the pod and follow the claim to a pod on another
  node; network volumes (``nfs``, ``azureFile``, ``azureDisk``, ``csi`` …) likewise, keyed by their
  source;
* ``configMap`` / ``secret`` — a file per key (or per ``items`` entry, at its ``path``), Secret values
  decoded; ``downwardAPI`` — ``labels``/``annotations`` as ``key="value"`` lines, or a single field;
  ``projected`` — the sources together, among them the service account token volume every pod gets
  (``kube-api-access-…`` at ``/var/run/secrets/kubernetes.io/serviceaccount``: ``token``, ``ca.crt``,
  ``namespace``). These four are always read-only.

A ConfigMap/Secret/claim that does not exist (and is not ``optional``) keeps the pod in
``ContainerCreating``: event ``FailedMount`` ``MountVolume.SetUp failed for volume "config" :
configmap "app-config" not found``, retried with the volume manager's back-off (0.5 s doubling to
2 min 2 s).

Deliberate differences: ConfigMap/Secret/downward API files are (re)read when each container
starts, not refreshed while it runs; the token is a readable but unsigned JWT; hostPath ``type``
checks, ``subPathExpr``, ``sizeLimit`` and mount propagation are not modelled.
"""

from __future__ import annotations

import base64
import hashlib
import json

from ..api.objects import dig
from ..runtime.filesystem import FileStore, Mount

_ALWAYS_READ_ONLY = ("configMap", "secret", "downwardAPI", "projected")
_NETWORK = ("nfs", "azureFile", "azureDisk", "csi", "iscsi", "glusterfs", "cephfs", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo")
RETRY_INITIAL_MS, RETRY_MAX_MS = 500, 122_000


class MountError(Exception):
    """A volume cannot be set up (the message of the FailedMount event)."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def service_account_token(pod: dict, expiration_s: int, now_unix_s: int) -> str:
    """A bound service account token (JWT layout of the TokenRequest API; the signature is a stand-in)."""
    md, spec = pod["metadata"], pod.get("spec") or {}
    ns, sa = md.get("namespace", "default"), spec.get("serviceAccountName") or "default"
    audience = "https://kubernetes.default.svc.cluster.local"
    header = {"alg": "RS256", "kid": hashlib.sha256(b"k8scourse-sa-key").hexdigest()[:43]}
    claims = {"aud": [audience], "exp": now_unix_s + expiration_s, "iat": now_unix_s, "iss": audience,
              "jti": hashlib.sha256(f"{md.get('uid')}{now_unix_s}".encode()).hexdigest()[:36],
              "kubernetes.io": {"namespace": ns, "node": {"name": spec.get("nodeName", "")},
                                "pod": {"name": md.get("name", ""), "uid": md.get("uid", "")},
                                "serviceaccount": {"name": sa}},
              "nbf": now_unix_s, "sub": f"system:serviceaccount:{ns}:{sa}"}
    head = _b64url(json.dumps(header, separators=(",", ":")).encode())
    body = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{head}.{body}." + _b64url(hashlib.sha256(f"{head}.{body}".encode()).digest() * 8)


def _object_files(api, pod: dict, kind: str, src: dict, volume: str) -> dict:
    """Files of a configMap/secret source: key (or item path) → text."""
    ns = pod["metadata"].get("namespace", "default")
    name = src.get("name") or src.get("secretName") or ""
    obj = api.peek("configmaps" if kind == "configMap" else "secrets", name, ns)
    singular = "configmap" if kind == "configMap" else "secret"
    if obj is None:
        if src.get("optional"):
            return {}
        raise MountError(f'MountVolume.SetUp failed for volume "{volume}" : {singular} "{name}" not found')
    data = dict(obj.get("data") or {})
    if kind == "secret":
        data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in data.items()}
    else:
        binary = obj.get("binaryData") or {}
        data.update({k: base64.b64decode(v).decode("utf-8", "replace") for k, v in binary.items()})
    items = src.get("items")
    if not items:
        return data
    out = {}
    for item in items:
        key = item.get("key", "")
        if key not in data:
            if src.get("optional"):
                continue
            raise MountError(f'MountVolume.SetUp failed for volume "{volume}" : {singular} references '
                             f'non-existent {"config " if kind == "configMap" else "secret "}key: {key}')
        out[item.get("path") or key] = data[key]
    return out


def _format_map(values: dict) -> str:
    """``fieldpath.FormatMap``: sorted ``key="value"`` lines (no trailing newline)."""
    return "\n".join(f"{k}={json.dumps(str(v))}" for k, v in sorted((values or {}).items()))


def _downward_files(pod: dict, src: dict) -> dict:
    md = pod["metadata"]
    fields = {"metadata.name": md.get("name", ""), "metadata.namespace": md.get("namespace", ""),
              "metadata.uid": md.get("uid", ""), "metadata.labels": _format_map(md.get("labels")),
              "metadata.annotations": _format_map(md.get("annotations"))}
    out = {}
    for item in src.get("items") or []:
        path = dig(item, "fieldRef", "fieldPath")
        if path is not None:
            if path.startswith(("metadata.labels['", "metadata.annotations['")):
                group, key = path.split("['", 1)
                out[item["path"]] = str((md.get(group.split(".")[1]) or {}).get(key.rstrip("']"), ""))
            else:
                out[item["path"]] = fields.get(path, "")
        elif isinstance(item.get("resourceFieldRef"), dict):
            out[item["path"]] = "0"
    return out


class PodVolumes:
    """The volumes of one pod on this node: name → (store, always read-only)."""

    def __init__(self, kubelet, pod: dict):
        self.k, self.pod = kubelet, pod
        self.stores: dict[str, FileStore] = {}
        self.read_only: dict[str, bool] = {}
        self.roots: dict[str, str] = {}        # volume name -> path inside its store (hostPath)
        self.refresh()

    def refresh(self, pod: dict | None = None) -> None:
        """Set every volume up (again): reads ConfigMaps, Secrets, claims; raises :class:`MountError`."""
        self.pod = pod or self.pod
        for vol in dig(self.pod, "spec", "volumes", default=[]) or []:
            self._setup(vol)

    def _setup(self, vol: dict) -> None:
        name, k, pod = vol.get("name", ""), self.k, self.pod
        uid = pod["metadata"].get("uid", "")
        ns = pod["metadata"].get("namespace", "default")
        kind = next((key for key in vol if key != "name"), "emptyDir")
        src = vol.get(kind) if isinstance(vol.get(kind), dict) else {}
        self.read_only[name] = kind in _ALWAYS_READ_ONLY or bool(src.get("readOnly"))
        self.roots[name] = "/"
        if kind == "emptyDir":
            self.stores[name] = k.runtime.pod_volume(uid, name, src.get("medium", ""))
        elif kind == "hostPath":
            self.stores[name] = k.runtime.node_disk
            self.roots[name] = src.get("path") or "/"
            if src.get("type") in ("DirectoryOrCreate", "Directory", None, ""):
                k.runtime.node_disk.mkdir(k.sim.now_ms, self.roots[name])
        elif kind == "persistentVolumeClaim":
            claim = k.api.peek("persistentvolumeclaims", src.get("claimName", ""), ns)
            if claim is None:
                raise MountError(f'MountVolume.SetUp failed for volume "{name}" : persistentvolumeclaim '
                                 f'"{src.get("claimName", "")}" not found')
            pv = dig(claim, "spec", "volumeName")
            if not pv or dig(claim, "status", "phase") != "Bound":
                raise MountError(f"Unable to attach or mount volumes: unmounted volumes=[{name}], unattached "
                                 f"volumes=[{name}]: timed out waiting for the condition")
            disks = k.disks
            self.stores[name] = disks.setdefault(("pv", pv), FileStore(f"pv {pv}", kind="pv"))
        elif kind in ("configMap", "secret", "downwardAPI", "projected"):
            self.stores[name] = FileStore(f"{kind} {name}", base=self._projected_files(kind, src, name), kind=kind)
        elif kind in _NETWORK:
            key = (kind, json.dumps(src, sort_keys=True))
            self.stores[name] = k.disks.setdefault(key, FileStore(f"{kind} {name}", kind=kind))
        else:
            self.stores[name] = k.runtime.pod_volume(uid, name)

    def _projected_files(self, kind: str, src: dict, volume: str) -> dict:
        sources = (src.get("sources") or []) if kind == "projected" else [{kind: src}]
        files: dict[str, str] = {}
        for source in sources:
            if isinstance(source.get("configMap"), dict):
                files.update(_object_files(self.k.api, self.pod, "configMap", source["configMap"], volume))
            elif isinstance(source.get("secret"), dict):
                files.update(_object_files(self.k.api, self.pod, "secret", source["secret"], volume))
            elif isinstance(source.get("downwardAPI"), dict):
                files.update(_downward_files(self.pod, source["downwardAPI"]))
            elif isinstance(source.get("serviceAccountToken"), dict):
                sat = source["serviceAccountToken"]
                now_s = self.k.sim.clock.unix_ms() // 1000
                files[sat.get("path") or "token"] = service_account_token(
                    self.pod, int(sat.get("expirationSeconds") or 3600), now_s)
        return {"/" + path.lstrip("/"): text for path, text in files.items()}

    def mounts(self, container: dict) -> list[Mount]:
        """The container's ``volumeMounts`` as runtime mounts (unknown volume names are skipped)."""
        out = []
        for vm in container.get("volumeMounts") or []:
            name = vm.get("name", "")
            if name not in self.stores:
                continue
            sub = self.roots[name].rstrip("/") + "/" + (vm.get("subPath") or "").lstrip("/")
            out.append(Mount(vm.get("mountPath", "/"), self.stores[name], sub,
                             read_only=bool(vm.get("readOnly")) or self.read_only[name], volume=name))
        return out


def mount_volumes(worker) -> bool:
    """Set a pod worker's volumes up; on failure emit ``FailedMount`` and retry with back-off."""
    try:
        worker.volumes = PodVolumes(worker.k, worker.pod)
        return True
    except MountError as exc:
        worker.setup_failed("FailedMount", str(exc))
        return False


def container_mounts(worker, cs) -> list[Mount]:
    """The mounts of a container about to be created (ConfigMap/Secret/downward API files re-read)."""
    try:
        worker.volumes.refresh(worker.pod)
    except MountError as exc:           # deleted since the pod started: the container keeps the last files
        worker.event(cs, "Warning", "FailedMount", str(exc))
    return worker.volumes.mounts(cs.spec)


def retry_delay_ms(failures: int) -> int:
    """The volume manager's exponential back-off after ``failures`` failed set-ups."""
    return min(RETRY_INITIAL_MS * 2 ** max(0, failures - 1), RETRY_MAX_MS)
