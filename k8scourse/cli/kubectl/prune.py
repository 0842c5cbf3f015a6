"""``kubectl apply --prune``: delete what an earlier apply created and the manifests no longer have.

After applying, kubectl lists the objects of a fixed set of kinds (the *allowlist*, or
``--prune-allowlist=group/version/Kind`` entries, ``core`` for the core group) in every namespace it
applied something to — and cluster-scoped kinds cluster-wide — that match ``-l`` (or all of them
with ``--all``). Each one that carries the ``last-applied-configuration`` annotation (so an apply
made it) and was not among the objects just applied is deleted, and kubectl prints
``configmap/stale pruned``. Objects made by ``create`` or by controllers have no annotation and
are never pruned. Without an allowlist kubectl 1.32 warns (a klog line) that namespaced runs will
stop pruning cluster-scoped kinds by default.

Refused before anything is applied: ``--prune`` without ``-l`` or ``--all``, both together, and an
allowlist entry that is not ``group/version/Kind``.
"""

from __future__ import annotations

from ... import defaults
from .command import CommandError, Invocation, kind_slash_name
from . import klog

# kubectl 1.32's default prune allowlist, in its order (which is the order objects are pruned in).
DEFAULT_ALLOWLIST = (
    "core/v1/ConfigMap", "core/v1/Endpoints", "core/v1/Namespace", "core/v1/PersistentVolumeClaim",
    "core/v1/PersistentVolume", "core/v1/Pod", "core/v1/ReplicationController", "core/v1/Secret",
    "core/v1/Service", "batch/v1/Job", "batch/v1/CronJob", "networking.k8s.io/v1/Ingress",
    "apps/v1/DaemonSet", "apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/StatefulSet",
)
_DEPRECATION = ("Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used "
                "with the --namespace flag in a future release. To preserve the current behaviour, list the "
                "resources you want to target explicitly in the --prune-allowlist flag.")


def check(inv: Invocation) -> list | None:
    """The kinds to prune (``KindInfo`` list), ``None`` without ``--prune``; kubectl's refusals."""
    if not inv.flags.get("prune"):
        return None
    selector, everything = inv.flags.get("selector"), inv.flags.get("all")
    if everything and selector:
        raise CommandError("cannot set --all and --selector at the same time")
    if not everything and not selector:
        raise CommandError("all resources selected for prune without explicitly passing --all. To prune all "
                           "resources, pass the --all flag. If you did not mean to prune all resources, specify "
                           "a label selector")
    kinds = []
    for entry in inv.flags.get("prune-allowlist") or DEFAULT_ALLOWLIST:
        parts = entry.split("/")
        if len(parts) != 3:
            raise CommandError(f"invalid GroupVersionKind format: {entry}, please follow <group/version/kind>")
        group, version, kind = parts
        api_version = f"{group}/{version}" if group not in ("", "core") else version
        try:
            kinds.append(inv.api.registry.for_kind(api_version, kind))
        except KeyError:
            raise CommandError(f"no matches for kind \"{kind}\" in version \"{api_version}\"") from None
    return kinds


def prune(inv: Invocation, kinds: list, applied: set[tuple[str, str, str]], mode: str, suffix: str) -> list[dict]:
    """Delete (or, on a dry run, only name) what an earlier apply left behind; returns the objects.

    ``applied`` holds ``(kind, namespace, name)`` of every object this apply visited; ``suffix`` is
    what follows ``pruned`` on a dry run."""
    if not inv.flags.get("prune-allowlist"):
        inv.warn(klog.line(inv.now_unix_ms(), "prune.go:71", "W", _DEPRECATION))
    selector = inv.flags.get("selector") or ""
    namespaces = sorted({ns for _kind, ns, _name in applied if ns})
    scopes = [(info, ns) for ns in namespaces for info in kinds if info.namespaced] + \
             [(info, None) for info in kinds if not info.namespaced]
    pruned = []
    for info, ns in scopes:
        for obj in inv.api.list(info, ns, selector)["items"]:
            md = obj["metadata"]
            if (info.kind, md.get("namespace", ""), md["name"]) in applied:
                continue
            if defaults.LAST_APPLIED_ANNOTATION not in (md.get("annotations") or {}):
                continue
            if mode != "client":
                inv.api.delete(info, md["name"], md.get("namespace", ""), propagation="Background",
                               dry_run=(mode == "server"), user="kubectl")
            pruned.append(obj)
            if not inv.flags.get("output"):
                inv.print(f"{kind_slash_name(info, md['name'])} pruned{suffix}")
    return pruned
