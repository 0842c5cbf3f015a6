"""AKS operations on the simulated clock: create, upgrade, scale, stop, start and delete.

Upgrade (kubernetes-facts §7.3, AKS "upgrade-aks-node-pools-rolling"): the control plane first
(about 5 minutes), then per node pool: add ``maxSurge`` buffer nodes (10 % of the pool, rounded
up — at least one) on the new version; then, as many at a time as there are surge nodes, *cordon*
an old node, *drain* it, and *reimage* it on the new version (its Node object is deleted and
registers again under the same name); finally drain and delete the buffer nodes, so the pool ends
at its size, every node on the new version. Three nodes take about 20 simulated minutes, as the
lecture says.

Nodes are drained as :mod:`k8scourse.cloud.aks.drain` describes.
"""

from __future__ import annotations

import math
from typing import Iterator

from ...addons.kube_proxy import follow_version
from . import autoscaler
from .cluster import AgentPool, ManagedCluster
from .drain import drain, parallel
from .operation import CLUSTER_DELETE_MS, NODE_BOOT_MS, NODE_DELETE_MS, node_index

CONTROL_PLANE_UPGRADE_MS = 5 * 60_000
REIMAGE_MS = 200_000


def create_steps(mc: ManagedCluster) -> Iterator[int]:
    """Control plane (about 2 min), then the nodes register, then the add-ons settle."""
    yield 120_000
    pool = next(iter(mc.pools.values()))
    for i in range(pool.count):
        yield 3_000 if i else 0
        mc.add_node(pool)
    yield 150_000
    pool.provisioning_state = "Succeeded"
    mc.provisioning_state = "Succeeded"
    if pool.enable_auto_scaling:
        autoscaler.ensure(mc)


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
        # AKS's add-on manager moves kube-proxy to the new version (its DaemonSet rolls)
        follow_version(mc.api, target, aks=True)
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
    mc.cluster.dns_published = False        # a stopped cluster's API server name no longer resolves
    mc.power_state, mc.provisioning_state = "Stopped", "Succeeded"


def start_steps(mc: ManagedCluster) -> Iterator[int]:
    mc.provisioning_state = "Starting"
    yield 120_000
    mc.api.available = True
    mc.cluster.dns_published = True
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


def delete_steps(mc: ManagedCluster, gone) -> Iterator[int]:
    """``az aks delete``: the cluster shows ``Deleting``, its nodes go after a minute, the resource
    after five (``gone()`` removes it from the subscription). Deleting its resource group meanwhile
    releases it at once and ends this operation."""
    mc.provisioning_state = "Deleting"
    yield 60_000
    for pool in mc.pools.values():
        for node in mc.pool_nodes(pool.name):
            mc.remove_node(node["metadata"]["name"])
    yield CLUSTER_DELETE_MS - 60_000
    mc.release()
    gone()
