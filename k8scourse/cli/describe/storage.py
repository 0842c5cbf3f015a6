"""``kubectl describe`` for PersistentVolume, PersistentVolumeClaim and StorageClass.

Layouts of kubectl's ``describePersistentVolume`` (Finalizers as a Go slice ``[kubernetes.io/
pv-protection]``, ``Claim: <ns>/<name>``, Node Affinity, the typed ``Source:`` block),
``describePersistentVolumeClaim`` (Capacity and Access Modes only once bound, ``Used By`` — the
pods mounting the claim — and the conditions table) and ``describeStorageClass`` (annotations and
parameters on one line, ``IsDefaultClass: Yes|No``).

Deliberate difference: PersistentVolume sources other than hostPath, local, nfs and csi print
``<unknown>``.
"""

from __future__ import annotations

from ...api.objects import dig
from ...apiserver.tables.cells import format_labels, quantity_str
from ...apiserver.tables.storage import access_modes
from .common import go_list, list_items
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels, rfc1123z, since

_BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
_DEFAULT_CLASS = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")


def _class_of(obj: dict) -> str:
    beta = dig(obj, "metadata", "annotations", _BETA_CLASS)
    return beta if beta is not None else dig(obj, "spec", "storageClassName", default="") or ""


def _status(obj: dict, now_ms: int) -> str:
    deleted = dig(obj, "metadata", "deletionTimestamp")
    if deleted:
        return f"Terminating (lasts {since(deleted, now_ms)})"
    return dig(obj, "status", "phase", default="") or ""


def _node_affinity(w, affinity) -> None:
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required") if isinstance(affinity, dict) else None
    if not isinstance(required, dict):
        w.write_line("<none>")
        return
    w.write_line("")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        w.write(2, "Term %d:\t", i)
        exprs = term.get("matchExpressions") or []
        if not exprs:
            w.write_line("<none>")
            continue
        for j, req in enumerate(exprs):
            if j:
                w.write(2, "\t")
            text = f"{req.get('key', '')} {str(req.get('operator', '')).lower()}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(0, "%s\n", text)


def _pv_source(w, spec: dict) -> None:
    if isinstance(spec.get("hostPath"), dict):
        h = spec["hostPath"]
        w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
                h.get("path", ""), h.get("type") or "")   # defaulted to "" (HostPathUnset)
    elif isinstance(spec.get("local"), dict):
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t%s\n",
                spec["local"].get("path", ""))
    elif isinstance(spec.get("nfs"), dict):
        n = spec["nfs"]
        w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t%s\n    Path:\t%s\n"
                   "    ReadOnly:\t%s\n", n.get("server", ""), n.get("path", ""),
                "true" if n.get("readOnly") else "false")
    elif isinstance(spec.get("csi"), dict):
        c = spec["csi"]
        w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t%s\n    FSType:\t%s\n"
                   "    VolumeHandle:\t%s\n    ReadOnly:\t%s\n", c.get("driver", ""), c.get("fsType", ""),
                c.get("volumeHandle", ""), "true" if c.get("readOnly") else "false")
        attrs = c.get("volumeAttributes") or {}
        w.write(2, "VolumeAttributes:\t")
        if not attrs:
            w.write_line("<none>")
        for i, key in enumerate(sorted(attrs)):
            if i:
                w.write(2, "")
                w.write(2, "\t")
            line = f"{key}={attrs[key]}"
            w.write(2, "%s\n", line[:140] + "..." if len(line) > 140 else line)
    else:
        w.write(1, "<unknown>\n")


def describe_pv(server, pv: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec = pv.get("metadata") or {}, pv.get("spec") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Finalizers:\t%s\n", go_list(md.get("finalizers")))
    w.write(0, "StorageClass:\t%s\n", _class_of(pv))
    w.write(0, "Status:\t%s\n", _status(pv, now_ms))
    claim = spec.get("claimRef")
    w.write(0, "Claim:\t%s\n", f"{claim.get('namespace', '')}/{claim.get('name', '')}" if isinstance(claim, dict) else "")
    w.write(0, "Reclaim Policy:\t%s\n", spec.get("persistentVolumeReclaimPolicy", ""))
    w.write(0, "Access Modes:\t%s\n", access_modes(spec.get("accessModes")))
    if spec.get("volumeMode"):
        w.write(0, "VolumeMode:\t%s\n", spec["volumeMode"])
    w.write(0, "Capacity:\t%s\n", quantity_str(dig(spec, "capacity", "storage")))
    _node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, "Message:\t%s\n", dig(pv, "status", "message", default="") or "")
    w.write(0, "Source:\n")
    _pv_source(w, spec)
    if show_events:
        describe_events(w, find_events(server, pv, "PersistentVolume"), now_ms)
    return w.text()


def _pods_using(server, pvc: dict) -> list[str]:
    md = pvc.get("metadata") or {}
    pods = list_items(server, "pods", "", md.get("namespace") or None)
    names = []
    for pod in pods:
        for v in dig(pod, "spec", "volumes", default=[]) or []:
            if dig(v, "persistentVolumeClaim", "claimName") == md.get("name"):
                names.append(dig(pod, "metadata", "name", default=""))
    owners = {r.get("uid") for r in md.get("ownerReferences") or [] if r.get("kind") == "Pod"}
    for pod in pods:
        name = dig(pod, "metadata", "name", default="")
        if dig(pod, "metadata", "uid") in owners and name not in names:
            names.append(name)
    return sorted(names)


def describe_pvc(server, pvc: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = pvc.get("metadata") or {}, pvc.get("spec") or {}, pvc.get("status") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "StorageClass:\t%s\n", _class_of(pvc))
    w.write(0, "Status:\t%s\n", _status(pvc, now_ms))
    w.write(0, "Volume:\t%s\n", spec.get("volumeName", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Finalizers:\t%s\n", go_list(md.get("finalizers")))
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(st.get("accessModes"))
        capacity = quantity_str(dig(st, "capacity", "storage"))
    w.write(0, "Capacity:\t%s\n", capacity)
    w.write(0, "Access Modes:\t%s\n", modes)
    if spec.get("volumeMode"):
        w.write(0, "VolumeMode:\t%s\n", spec["volumeMode"])
    source = spec.get("dataSource")
    if isinstance(source, dict):
        w.write(0, "DataSource:\n")
        if source.get("apiGroup") is not None:
            w.write(1, "APIGroup:\t%s\n", source["apiGroup"])
        w.write(1, "Kind:\t%s\n", source.get("kind", ""))
        w.write(1, "Name:\t%s\n", source.get("name", ""))
    users = _pods_using(server, pvc)
    w.write(0, "Used By:\t")
    if not users:
        w.write_line("<none>")
    for i, name in enumerate(users):
        if i:
            w.write(0, "\t")
        w.write(0, "%s\n", name)
    if st.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in st["conditions"]:
            w.write(1, "%s \t%s \t%s \t%s \t%s \t%s\n", c.get("type", ""), c.get("status", ""),
                    rfc1123z(c.get("lastProbeTime")), rfc1123z(c.get("lastTransitionTime")),
                    c.get("reason", ""), c.get("message", ""))
    if show_events:
        describe_events(w, find_events(server, pvc, "PersistentVolumeClaim"), now_ms)
    return w.text()


def describe_storageclass(server, sc: dict, now_ms: int, show_events: bool = True) -> str:
    md = sc.get("metadata") or {}
    annotations = md.get("annotations") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    is_default = any(annotations.get(k) == "true" for k in _DEFAULT_CLASS)
    w.write(0, "IsDefaultClass:\t%s\n", "Yes" if is_default else "No")
    w.write(0, "Annotations:\t%s\n", format_labels(annotations))
    w.write(0, "Provisioner:\t%s\n", sc.get("provisioner", ""))
    w.write(0, "Parameters:\t%s\n", format_labels(sc.get("parameters")))
    expand = sc.get("allowVolumeExpansion")
    w.write(0, "AllowVolumeExpansion:\t%s\n", "<unset>" if expand is None else ("True" if expand else "False"))
    if not sc.get("mountOptions"):
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for option in sc["mountOptions"]:
            w.write(1, "%s\n", option)
    if sc.get("reclaimPolicy") is not None:
        w.write(0, "ReclaimPolicy:\t%s\n", sc["reclaimPolicy"])
    if sc.get("volumeBindingMode") is not None:
        w.write(0, "VolumeBindingMode:\t%s\n", sc["volumeBindingMode"])
    if sc.get("allowedTopologies") is not None:
        topologies = sc["allowedTopologies"]
        w.write(0, "AllowedTopologies:\t")
        if not topologies:
            w.write_line("<none>")
        else:
            w.write_line("")
            for i, term in enumerate(topologies):
                w.write(1, "Term %d:\t", i)
                reqs = term.get("matchLabelExpressions") or []
                if not reqs:
                    w.write_line("<none>")
                for j, req in enumerate(reqs):
                    if j:
                        w.write(1, "\t")
                    text = f"{req.get('key', '')} in"
                    if req.get("values"):
                        text += f" [{', '.join(req['values'])}]"
                    w.write(0, "%s\n", text)
    if show_events:
        describe_events(w, find_events(server, sc, "StorageClass"), now_ms)
    return w.text()
