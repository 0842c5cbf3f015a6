"""AKS node operations on the simulated clock: drain, upgrade, scale, stop and start.

Upgrade (kubernetes-facts §7.3, AKS "upgrade-aks-node-pools-rolling"): the control plane first
(about 5 minutes), then per node pool: add ``maxSurge`` buffer nodes (10 % of the pool, rounded
up — at least one) on the new version; then, as many at a time as there are surge nodes, *cordon*
an old node, *drain* it, and *reimage* it on the new version (its Node object is deleted and
registers again under the same name); finally drain and delete the buffer nodes, so the pool ends
at its size, every node on the new version. Three nodes take about 20 simulated minutes, as the
lecture says.

Drain evicts like ``kubectl drain --ignore-daemonsets --delete-emptydir-data --force`` (the pod
filters of :mod:`k8scourse.client.drain`): DaemonSet and mirror pods stay; every other pod goes
through the API server's eviction subresource (:mod:`k8scourse.apiserver.eviction`), which consults
the PodDisruptionBudgets' status kept by the disruption controller — an eviction that would take a
budget below ``minAvailable`` (or above ``maxUnavailable``) is refused (429) and retried every 5 s
(upstream's drain helper retries the same way), so workloads with a PDB keep enough ready pods
while their controllers recreate the evicted ones on other nodes. Eviction deletes the pod with its
grace period. A drain still blocked after the drain timeout (30 minutes, AKS's default) fails the
operation with ``UpgradeFailed``.
"""

from __future__ import annotations

import math
from typing import Iterator

from ..client.drain import DrainFilters, pods_for_deletion
from ..errors import APIError
from .aks import NODE_BOOT_MS, NODE_DELETE_MS, AgentPool, ManagedCluster
from .subscription import arm_error

CONTROL_PLANE_UPGRADE_MS = 5 * 60_000
REIMAGE_MS = 200_000
DRAIN_POLL_MS = 5_000
DRAIN_TIMEOUT_MS = 30 * 60_000


# --------------------------------------------------------------------------- eviction
_AKS_FILTERS = DrainFilters(ignore_daemonsets=True, delete_emptydir_data=True, force=True)


def drain(mc: ManagedCluster, node: str, timeout_ms: int = DRAIN_TIMEOUT_MS,
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
            raise arm_error("UpgradeFailed", f"Drain node {node} failed when evicting pod {blocked[0]} failed "
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


# --------------------------------------------------------------------------- operations
def surge_count(pool: AgentPool, nodes: int) -> int:
    surge = pool.max_surge or "1"
    count = math.ceil(int(surge[:-1]) * nodes / 100) if surge.endswith("%") else int(surge)
    return max(1, min(count, max(nodes, 1)))


def upgrade_pool(mc: ManagedCluster, pool: AgentPool, target: str) -> Iterator[int]:
    pool.provisioning_state = "Upgrading"
    old = [n["metadata"]["name"] for n in mc.pool_nodes(pool.name)]
    surge = surge_count(pool, len(old))
    yield NODE_BOOT_MS
    buffers = [mc.add_node(pool, version=target) for _ in range(surge)]
    for start in range(0, len(old), surge):
        batch = old[start:start + surge]
        yield from parallel(*(drain(mc, n) for n in batch))
        for name in batch:
            mc.remove_node(name)
        yield REIMAGE_MS
        from .aks import node_index
        for name in batch:
            mc.add_node(pool, index=node_index(name), version=target)
    yield from parallel(*(drain(mc, n) for n in buffers))
    for name in buffers:
        mc.remove_node(name)
    yield NODE_DELETE_MS
    pool.version = target
    pool.provisioning_state = "Succeeded"


def upgrade_steps(mc: ManagedCluster, target: str, pools: list[AgentPool], control_plane: bool,
                  requested: str) -> Iterator[int]:
    mc.provisioning_state = "Upgrading"
    if control_plane and mc.version != target:
        yield CONTROL_PLANE_UPGRADE_MS
        mc.version = mc.cluster.kubernetes_version = target
        mc.kubernetes_version = requested
    for pool in pools:
        yield from upgrade_pool(mc, pool, target)
    mc.provisioning_state = "Succeeded"


def scale_steps(mc: ManagedCluster, pool: AgentPool, count: int) -> Iterator[int]:
    """Scale out (new VMSS instances boot) or in (the highest-index nodes are drained and deleted)."""
    mc.provisioning_state = pool.provisioning_state = "Scaling"
    pool.count = count
    nodes = [n["metadata"]["name"] for n in mc.pool_nodes(pool.name)]
    if count > len(nodes):
        yield NODE_BOOT_MS
        for i in range(count - len(nodes)):
            yield 2_000 if i else 0
            mc.add_node(pool)
        yield 30_000
    elif count < len(nodes):
        victims = nodes[count:]
        for name in victims:
            mc.cordon(name)
        yield from parallel(*(drain(mc, n, reason="scaling down") for n in victims))
        yield NODE_DELETE_MS
        for name in victims:
            mc.remove_node(name)
    else:
        yield 30_000
    mc.provisioning_state = pool.provisioning_state = "Succeeded"


def stop_steps(mc: ManagedCluster) -> Iterator[int]:
    """Deallocate every node, then the control plane (its state in etcd is kept)."""
    mc.provisioning_state = "Stopping"
    yield 60_000
    for pool in mc.pools.values():
        for node in mc.pool_nodes(pool.name):
            mc.remove_node(node["metadata"]["name"])
        pool.power_state = "Stopped"
    if mc.virtual_node is not None:
        mc.virtual_node.remove()
    yield 120_000
    mc.api.available = False
    mc.power_state, mc.provisioning_state = "Stopped", "Succeeded"


def start_steps(mc: ManagedCluster) -> Iterator[int]:
    mc.provisioning_state = "Starting"
    yield 120_000
    mc.api.available = True
    mc.power_state = "Running"
    for pool in mc.pools.values():
        pool.power_state = "Running"
        for index in range(pool.count):
            yield 3_000 if index else 0
            mc.add_node(pool, index=index)
    if mc.virtual_node is not None:
        mc.virtual_node.register()
    yield 120_000
    mc.provisioning_state = "Succeeded"
