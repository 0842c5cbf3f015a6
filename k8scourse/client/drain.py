"""Which pods a drain may remove: the pod filters of ``k8s.io/kubectl/pkg/drain``.

Shared by ``kubectl drain`` and the AKS node operations (upgrade, scale-in, cluster autoscaler),
as upstream's drain helper is shared by kubectl and the cluster autoscaler. For each pod bound to
the node (by namespace and name) the filters run in kubectl's order, the first one that keeps the
pod deciding, otherwise the last verdict stands (so, as upstream, a controlled pod with an emptyDir
gets no local-storage warning):

* **DaemonSet** pods (not finished) — an error ``cannot delete DaemonSet-managed Pods (use
  --ignore-daemonsets to ignore)`` unless ignored, then the warning ``ignoring DaemonSet-managed
  Pods``; they stay (their controller would put them right back);
* **mirror** (static) pods — silently left alone;
* pods with **emptyDir** volumes (not finished) — ``cannot delete Pods with local storage (use
  --delete-emptydir-data to override)``, or the warning ``deleting Pods with local storage``;
* pods **without a controller** (not finished) — ``cannot delete cannot delete Pods that declare no
  controller (use --force to override)`` (the words doubled, as kubectl 1.32 prints them), or the
  warning ``deleting Pods that declare no controller``.

Warnings and errors group pods by message: ``<message>: ns/a, ns/b``; several messages are joined
with ``; `` (warnings) — sorted, where upstream's order follows a Go map.

>>> pod = {"metadata": {"name": "solo", "namespace": "default"}, "spec": {}, "status": {"phase": "Running"}}
>>> verdict(pod, DrainFilters())
(False, 'error', 'cannot delete cannot delete Pods that declare no controller (use --force to override)')
>>> verdict(pod, DrainFilters(force=True))
(True, 'warning', 'deleting Pods that declare no controller')
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api.objects import dig

DAEMONSET_FATAL = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "cannot delete Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
# kubectl 1.32 prefixes its own "cannot delete" to a message that already starts with it
UNMANAGED_FATAL = "cannot delete cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


@dataclass(frozen=True)
class DrainFilters:
    ignore_daemonsets: bool = False
    delete_emptydir_data: bool = False
    force: bool = False


def _finished(pod: dict) -> bool:
    return dig(pod, "status", "phase") in ("Succeeded", "Failed")


def _controller(pod: dict) -> dict | None:
    return next((r for r in dig(pod, "metadata", "ownerReferences", default=[]) or [] if r.get("controller")), None)


def _daemonset(pod, filters, exists):
    ref = _controller(pod)
    if ref is None or ref.get("kind") != "DaemonSet" or _finished(pod):
        return True, "ok", ""
    if not exists(dig(pod, "metadata", "namespace", default="default"), ref.get("name", "")):
        message = 'daemonsets.apps "' + ref.get("name", "") + '" not found'
        return (True, "warning", message) if filters.force else (False, "error", message)
    if not filters.ignore_daemonsets:
        return False, "error", DAEMONSET_FATAL
    return False, "warning", DAEMONSET_WARNING


def _mirror(pod, filters, exists):
    if MIRROR_ANNOTATION in (dig(pod, "metadata", "annotations", default={}) or {}):
        return False, "skip", ""
    return True, "ok", ""


def _local_storage(pod, filters, exists):
    if _finished(pod) or not any("emptyDir" in v for v in dig(pod, "spec", "volumes", default=[]) or []):
        return True, "ok", ""
    if not filters.delete_emptydir_data:
        return False, "error", LOCAL_STORAGE_FATAL
    return True, "warning", LOCAL_STORAGE_WARNING


def _unreplicated(pod, filters, exists):
    if _finished(pod) or _controller(pod) is not None:
        return True, "ok", ""
    if filters.force:
        return True, "warning", UNMANAGED_WARNING
    return False, "error", UNMANAGED_FATAL


_FILTERS = (_daemonset, _mirror, _local_storage, _unreplicated)


def verdict(pod: dict, filters: DrainFilters, daemonset_exists=lambda ns, name: True) -> tuple[bool, str, str]:
    """(delete?, "ok"|"warning"|"error"|"skip", message): the filters run until one keeps the pod;
    the last verdict stands (as upstream, a later "ok" hides an earlier warning)."""
    status = (True, "ok", "")
    for check in _FILTERS:
        status = check(pod, filters, daemonset_exists)
        if not status[0]:
            break
    return status


def _grouped(entries: list[tuple[str, str]]) -> list[str]:
    by_message: dict[str, list[str]] = {}
    for message, who in entries:
        by_message.setdefault(message, []).append(who)
    return [f"{message}: {', '.join(pods)}" for message, pods in sorted(by_message.items())]


def pods_for_deletion(api, node: str, filters: DrainFilters, pod_selector=None) -> tuple[list[dict], str, list[str]]:
    """(pods to remove, the warning line or "", error messages) for the pods bound to ``node``."""
    pods = sorted((p for p in api.list("pods", None, "", f"spec.nodeName={node}")["items"]
                   if pod_selector is None or pod_selector.matches(dig(p, "metadata", "labels", default={}) or {})),
                  key=lambda p: (p["metadata"].get("namespace", ""), p["metadata"]["name"]))

    def ds_exists(ns: str, name: str) -> bool:
        return api.peek("daemonsets", name, ns) is not None

    remove, warnings, errors = [], [], []
    for pod in pods:
        delete, kind, message = verdict(pod, filters, ds_exists)
        who = f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"
        if kind == "error":
            errors.append((message, who))
            continue
        if kind == "warning":
            warnings.append((message, who))
        if delete:
            remove.append(pod)
    return remove, "; ".join(_grouped(warnings)), _grouped(errors)
