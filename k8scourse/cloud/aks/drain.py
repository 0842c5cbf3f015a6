"""Draining an AKS node: cordon it, then evict its pods through their disruption budgets.

Drain evicts like ``kubectl drain --ignore-daemonsets --delete-emptydir-data --force`` (the pod
filters of :mod:`k8scourse.client.drain`): DaemonSet and mirror pods stay; every other pod goes
through the API server's eviction subresource (:mod:`k8scourse.apiserver.eviction`), which consults
the PodDisruptionBudgets' status kept by the disruption controller — an eviction that would take a
budget below ``minAvailable`` (or above ``maxUnavailable``) is refused (429) and retried every 5 s
(upstream's drain helper retries the same way), so workloads with a PDB keep enough ready pods
while their controllers recreate the evicted ones on other nodes. Eviction deletes the pod with its
grace period. A drain still blocked after the drain timeout (30 minutes, AKS's default) fails the
operation with ``UpgradeFailed``. Upgrades, scale-downs and the cluster autoscaler all drain this way.

>>> list(parallel(iter([5, 5]), iter([1])))
[1, 5]
"""

from __future__ import annotations

from typing import Iterator

from ...client.drain import DrainFilters, pods_for_deletion
from ...errors import APIError
from ..errors import ARMError

DRAIN_POLL_MS = 5_000
DRAIN_TIMEOUT_MS = 30 * 60_000


_AKS_FILTERS = DrainFilters(ignore_daemonsets=True, delete_emptydir_data=True, force=True)


def drain(mc, node: str, timeout_ms: int = DRAIN_TIMEOUT_MS,
          reason: str = "upgrading") -> Iterator[int]:
    """Cordon ``node`` and evict its pods through their budgets; ends when none is left."""
    api = mc.api
    mc.cordon(node)
    deadline = mc.azure.sim.now_ms + timeout_ms
    while True:
        left, _, _ = pods_for_deletion(api, node, _AKS_FILTERS)
        if not left:
            return
        blocked = []
        for pod in left:
            md = pod["metadata"]
            if md.get("deletionTimestamp"):
                continue
            try:
                api.evict(md["namespace"], md["name"], user="aks-node-drainer")
            except APIError as exc:         # 429 (a budget), or any refusal: retried on the next poll
                if exc.reason != "NotFound":
                    blocked.append(f"{md['namespace']}/{md['name']}")
        if mc.azure.sim.now_ms >= deadline and blocked:
            raise ARMError("UpgradeFailed", f"Drain node {node} failed when evicting pod {blocked[0]} failed "
                           "with Too Many Requests error. This is often caused by a restrictive Pod "
                           "Disruption Budget (PDB) policy. See http://aka.ms/aks/debugdrainfailures. "
                           f"Original error: Cannot evict pod as it would violate the pod's disruption "
                           f"budget. PDB debug info: {blocked[0]} blocked while {reason} node {node}.")
        yield DRAIN_POLL_MS


def parallel(*gens: Iterator[int]) -> Iterator[int]:
    """Run several step generators side by side (each polls; the shortest wait wins)."""
    active = list(gens)
    while active:
        delays = []
        for gen in list(active):
            try:
                delays.append(next(gen))
            except StopIteration:
                active.remove(gen)
        if active:
            yield min(delays) if delays else 0
