"""``az aks nodepool add|list|show|scale|delete|upgrade``, ``az aks update`` (ACR, cluster autoscaler)
and ``az aks enable-addons|disable-addons`` (the ``virtual-node`` add-on).

A node pool is an ``agentPools`` child resource of the cluster (``az aks nodepool show`` prints it
with its own ``id``); user pools default to ``--mode User`` and may scale to 0, system pools may
not. Add-ons other than ``virtual-node`` are accepted and recorded in ``addonProfiles`` only.
"""

from __future__ import annotations

from ..framework import Arg, AzError, command
from ....cloud.quota import Nodes, check_kubenet_nodes, check_pod_cidr, check_pool_count, check_vcpus
from ....cloud.aks import autoscaler
from ....cloud.aks import operations
from ....cloud.aks import versions
from ....cloud.aks import AgentPool
from ....cloud.errors import ARMError
from ....cloud.virtual_node import ADDON_KEY, VirtualNode
from .aks_common import (NO_WAIT, RG, YES, _find_acr, _size, _tags, ensure_idle, get_mc, pool_row, run, set_table,
                         table, validate_autoscaler, validate_nodepool_name, validate_version)

CLUSTER = Arg(("--cluster-name",), "cluster_name", required=True, help="The cluster name.")
POOL = Arg(("--name", "--nodepool-name", "-n"), "name", required=True, help="The node pool name.")
_ADDON_KEYS = {"virtual-node": ADDON_KEY, "monitoring": "omsagent", "azure-policy": "azurepolicy",
               "http_application_routing": "httpApplicationRouting", "open-service-mesh": "openServiceMesh",
               "azure-keyvault-secrets-provider": "azureKeyvaultSecretsProvider", "confcom": "ACCSGXDevicePlugin"}


def _pool(mc, name):
    pool = mc.pools.get(name)
    if pool is None:
        raise ARMError("NotFound", f"Agent Pool '{name}' not found. For more details please go to "
                       "https://aka.ms/ARMResourceNotFoundFix")
    return pool


@command("aks nodepool add", (
    RG, CLUSTER, POOL,
    Arg(("--node-count", "-c"), "node_count", type="int", default=3, help="Number of nodes."),
    Arg(("--node-vm-size", "-s"), "node_vm_size", help="Size of the node VMs."),
    Arg(("--max-pods", "-m"), "max_pods", type="int", help="Max pods per node."),
    Arg(("--mode",), "mode", choices=("Gateway", "System", "User"), default="User", help="Node pool mode."),
    Arg(("--kubernetes-version", "-k"), "kubernetes_version", help="Kubernetes version of the pool."),
    Arg(("--enable-cluster-autoscaler", "-e"), "enable_cluster_autoscaler", type="flag", help="Enable autoscaler."),
    Arg(("--min-count",), "min_count", type="int", help="Autoscaler minimum node count."),
    Arg(("--max-count",), "max_count", type="int", help="Autoscaler maximum node count."),
    Arg(("--labels",), "labels", type="list", help="Node labels: key=value ..."),
    Arg(("--node-taints",), "node_taints", help="Comma-separated taints key=value:Effect."),
    Arg(("--zones", "-z"), "zones", type="list", help="Availability zones."),
    Arg(("--max-surge",), "max_surge", help="Extra nodes used to speed upgrade (e.g. 1 or 33%)."),
    Arg(("--os-type",), "os_type", default="Linux", help="The OS type (Linux only in the simulator)."),
    Arg(("--tags",), "tags", type="list", help="Space-separated tags."),
    NO_WAIT,
), summary="Add a node pool to the managed Kubernetes cluster.", long_running=True, model="AgentPool")
def nodepool_add(ctx, resource_group, cluster_name, name, node_count=3, node_vm_size=None, max_pods=None, mode="User",
                 kubernetes_version=None, enable_cluster_autoscaler=False, min_count=None, max_count=None,
                 labels=None, node_taints=None, zones=None, max_surge=None, os_type="Linux", tags=None,
                 no_wait=False):
    validate_nodepool_name(name)
    validate_version(kubernetes_version)
    validate_autoscaler(enable_cluster_autoscaler, min_count, max_count, node_count)
    mc = get_mc(ctx, resource_group, cluster_name)
    if name in mc.pools:
        raise AzError(f"Node pool {name} already exists, please try a different name, use 'aks nodepool list' to "
                      "get current list of node pool", 1)
    version = versions.resolve(kubernetes_version or mc.version)
    if version is None or versions.key(version) > versions.key(mc.version):
        raise ARMError("AgentPoolK8sVersionNotSupported", f"Version {kubernetes_version} is not supported in this "
                       "region. Please use [az aks get-versions] command to get the supported version list in "
                       "this region. For more information, please check https://aka.ms/supported-version-list")
    size = _size(node_vm_size or "Standard_DS2_v2", mc.location)
    ensure_idle(mc)
    check_pool_count(node_count, mode)
    sizes = [*mc.pools.values(), Nodes(max(node_count, max_count or 0))]
    check_kubenet_nodes(mc.network_plugin, sizes)
    check_pod_cidr(mc.pod_cidr, sizes)
    check_vcpus(ctx.azure, mc.name, mc.node_resource_group, mc.location, size, node_count)
    first = next(iter(mc.pools.values()))
    pool = AgentPool(name, node_count, size, max_pods or first.max_pods, version,
                     f"{ctx.azure.sim.rng.randrange(10 ** 8):08d}", mode=mode, zones=zones,
                     enable_auto_scaling=enable_cluster_autoscaler, min_count=min_count, max_count=max_count,
                     labels={k: v for k, _, v in (i.partition("=") for i in labels or [])} or None,
                     taints=[t.strip() for t in node_taints.split(",") if t.strip()] if node_taints else None,
                     max_surge=max_surge or "10%", tags={k: v for k, _, v in (i.partition("=") for i in tags)}
                     if tags else None)
    mc.pools[name] = pool

    def steps():
        yield from operations.scale_steps(mc, pool, node_count)
        autoscaler.ensure(mc)
    if not run(ctx, mc, steps(), "create agent pool"):
        return None
    return mc.pool_json(pool, standalone=True)


@command("aks nodepool list", (RG, CLUSTER), summary="List node pools in the managed Kubernetes cluster.",
         model="AgentPool")
def nodepool_list(ctx, resource_group, cluster_name):
    mc = get_mc(ctx, resource_group, cluster_name)
    return [mc.pool_json(p, standalone=True) for p in mc.pools.values()]


@command("aks nodepool show", (RG, CLUSTER, POOL), summary="Show the details for a node pool.", model="AgentPool")
def nodepool_show(ctx, resource_group, cluster_name, name):
    mc = get_mc(ctx, resource_group, cluster_name)
    return mc.pool_json(_pool(mc, name), standalone=True)


@command("aks nodepool scale", (
    RG, CLUSTER, POOL,
    Arg(("--node-count", "-c"), "node_count", type="int", default=3, help="Number of nodes."),
    NO_WAIT,
), summary="Scale the node pool in a managed Kubernetes cluster.", long_running=True, model="AgentPool")
def nodepool_scale(ctx, resource_group, cluster_name, name, node_count=3, no_wait=False):
    mc = get_mc(ctx, resource_group, cluster_name)
    pool = _pool(mc, name)
    if pool.enable_auto_scaling:
        raise AzError("Cannot scale cluster autoscaler enabled node pool.", 1)
    if node_count == pool.count:
        raise AzError("The new node count is the same as the current node count.", 1)
    if node_count == 0 and pool.mode == "System":
        raise ARMError("InvalidParameter", "The value of parameter agentPoolProfile.count is invalid. A system "
                       "node pool must have at least one node.")
    ensure_idle(mc)
    check_pool_count(node_count, pool.mode)
    sizes = [p if p is not pool else Nodes(node_count) for p in mc.pools.values()]
    check_kubenet_nodes(mc.network_plugin, sizes)
    check_pod_cidr(mc.pod_cidr, sizes)
    check_vcpus(ctx.azure, mc.name, mc.node_resource_group, mc.location, pool.vm_size, node_count - pool.count)
    if not run(ctx, mc, operations.scale_steps(mc, pool, node_count), "scale agent pool"):
        return None
    return mc.pool_json(pool, standalone=True)


@command("aks nodepool delete", (RG, CLUSTER, POOL, NO_WAIT), summary="Delete the node pool.", long_running=True)
def nodepool_delete(ctx, resource_group, cluster_name, name, no_wait=False):
    mc = get_mc(ctx, resource_group, cluster_name)
    pool = _pool(mc, name)
    if pool.mode == "System" and sum(p.mode == "System" for p in mc.pools.values()) == 1:
        raise ARMError("OperationNotAllowed", "There has to be at least one system agent pool.")
    ensure_idle(mc)

    def steps():
        yield from operations.scale_steps(mc, pool, 0)
        del mc.pools[name]
    run(ctx, mc, steps(), "delete agent pool")
    return None


@command("aks nodepool upgrade", (
    RG, CLUSTER, POOL,
    Arg(("--kubernetes-version", "-k"), "kubernetes_version", help="Version to upgrade the pool to."),
    Arg(("--node-image-only",), "node_image_only", type="flag", help="Only upgrade the node image."),
    Arg(("--max-surge",), "max_surge", help="Extra nodes used to speed upgrade."),
    NO_WAIT, YES,
), summary="Upgrade the node pool in a managed Kubernetes cluster.", long_running=True, model="AgentPool")
def nodepool_upgrade(ctx, resource_group, cluster_name, name, kubernetes_version=None, node_image_only=False,
                     max_surge=None, no_wait=False, yes=False):
    mc = get_mc(ctx, resource_group, cluster_name)
    pool = _pool(mc, name)
    validate_version(kubernetes_version)
    target = pool.version if node_image_only else (versions.resolve(kubernetes_version or mc.version)
                                                   or kubernetes_version)
    if versions.key(target) > versions.key(mc.version):
        raise ARMError("NodePoolMcVersionIncompatible", f"Node pool version {target} and control plane version "
                       f"{mc.version} are incompatible. Minor version of node pool version {versions.minor_of(target)} "
                       f"is bigger than control plane version {versions.minor_of(mc.version)}. For more "
                       "information, please check https://aka.ms/aks/UpgradeVersionRules.")
    if max_surge:
        pool.max_surge = max_surge
    ensure_idle(mc)

    def steps():
        mc.provisioning_state = "Upgrading"
        yield from operations.upgrade_pool(mc, pool, target)
        mc.provisioning_state = "Succeeded"
    if not run(ctx, mc, steps(), "upgrade agent pool"):
        return None
    return mc.pool_json(pool, standalone=True)


@command("aks update", (
    RG, Arg(("--name", "-n"), "name", required=True, help="Name of the managed cluster."),
    Arg(("--attach-acr",), "attach_acr", help="Grant AcrPull on this registry."),
    Arg(("--detach-acr",), "detach_acr", help="Remove the AcrPull grant of this registry."),
    Arg(("--enable-cluster-autoscaler", "-e"), "enable_cluster_autoscaler", type="flag", help="Enable autoscaler."),
    Arg(("--disable-cluster-autoscaler", "-d"), "disable_cluster_autoscaler", type="flag",
        help="Disable autoscaler."),
    Arg(("--update-cluster-autoscaler", "-u"), "update_cluster_autoscaler", type="flag",
        help="Change min/max count of the autoscaler."),
    Arg(("--min-count",), "min_count", type="int", help="Autoscaler minimum node count."),
    Arg(("--max-count",), "max_count", type="int", help="Autoscaler maximum node count."),
    Arg(("--tags",), "tags", help="Space-separated tags: key[=value] [key[=value] ...]; none clears them."),
    NO_WAIT, YES,
), summary="Update a managed Kubernetes cluster.", long_running=True, model="ManagedCluster")
def aks_update(ctx, resource_group, name, attach_acr=None, detach_acr=None, enable_cluster_autoscaler=False,
               disable_cluster_autoscaler=False, update_cluster_autoscaler=False, min_count=None, max_count=None,
               no_wait=False, yes=False, tags=None):
    flags = enable_cluster_autoscaler + disable_cluster_autoscaler + update_cluster_autoscaler
    if flags > 1:
        raise AzError('Can only specify one of "--enable-cluster-autoscaler", "--disable-cluster-autoscaler" and '
                      '"--update-cluster-autoscaler"', 1)
    if not flags and not attach_acr and not detach_acr and tags is None:
        raise AzError('Please specify one or more of "--enable-cluster-autoscaler" or "--disable-cluster-autoscaler" '
                      'or "--update-cluster-autoscaler" or "--attach-acr" or "--detach-acr" ...', 1)
    mc = get_mc(ctx, resource_group, name)
    if len(mc.pools) > 1 and flags:
        raise AzError('There are more than one node pool in the cluster. Please use "az aks nodepool" command to '
                      "update per node pool auto scaler settings", 1)
    pool = next(iter(mc.pools.values()))
    if enable_cluster_autoscaler or update_cluster_autoscaler:
        validate_autoscaler(True, min_count, max_count, None)
        if enable_cluster_autoscaler and pool.enable_auto_scaling:
            ctx.warn('Cluster autoscaler is already enabled for this node pool.\nPlease run "az aks --update-cluster'
                     '-autoscaler" if you want to update min-count or max-count.')
            return mc.to_json()
        if update_cluster_autoscaler and not pool.enable_auto_scaling:
            raise AzError('Cluster autoscaler is not enabled for this node pool.\nRun "az aks nodepool update '
                          '--enable-cluster-autoscaler" to enable cluster with min-count and max-count.', 1)
        pool.enable_auto_scaling, pool.min_count, pool.max_count = True, min_count, max_count
        if not pool.count or pool.count < min_count or pool.count > max_count:
            pool.count = min(max(pool.count, min_count), max_count)
        from ....cloud.aks.autoscaler import PROFILE
        mc.autoscaler_profile = mc.autoscaler_profile or dict(PROFILE)
    if disable_cluster_autoscaler:
        if not pool.enable_auto_scaling:
            ctx.warn("Cluster autoscaler is already disabled for this node pool.")
            return mc.to_json()
        pool.enable_auto_scaling, pool.min_count, pool.max_count = False, None, None
    if attach_acr:
        acr = _find_acr(ctx, attach_acr)
        if acr not in mc.attached_acrs:
            mc.attached_acrs.append(acr)
    if detach_acr:
        acr = _find_acr(ctx, detach_acr)
        if acr in mc.attached_acrs:
            mc.attached_acrs.remove(acr)
    if tags is not None:
        mc.tags = _tags(tags)
    ensure_idle(mc)

    def steps():
        mc.provisioning_state = "Updating"
        nodes = len(mc.pool_nodes(pool.name))
        if nodes != pool.count:
            yield from operations.scale_steps(mc, pool, pool.count)
        else:
            yield 60_000
        autoscaler.ensure(mc)
        mc.provisioning_state = "Succeeded"
    if not run(ctx, mc, steps(), "update"):
        return None
    return mc.to_json()


def enable_virtual_node(mc, subnet: str) -> None:
    mc.virtual_node = VirtualNode(mc, subnet)
    mc.virtual_node.register()
    mc.addons[ADDON_KEY] = mc.virtual_node.profile()


_ADDONS = (RG, Arg(("--name", "-n"), "name", required=True, help="Name of the managed cluster."),
           Arg(("--addons", "-a"), "addons", required=True, help="Comma-separated add-ons."))


@command("aks enable-addons", _ADDONS + (
    Arg(("--subnet-name", "-s"), "subnet_name", help="Subnet for the virtual node add-on."),
    NO_WAIT,
), summary="Enable Kubernetes add-ons.", long_running=True, model="ManagedCluster")
def enable_addons(ctx, resource_group, name, addons, subnet_name=None, no_wait=False):
    mc = get_mc(ctx, resource_group, name)
    wanted = [a.strip() for a in addons.split(",") if a.strip()]
    for addon in wanted:
        if addon not in _ADDON_KEYS:
            raise AzError(f"The addon \"{addon}\" is not a recognized addon option. Did you mean "
                          f"virtual-node? Possible values: {', '.join(sorted(_ADDON_KEYS))}", 1)
    if "virtual-node" in wanted:
        if ADDON_KEY in mc.addons and mc.addons[ADDON_KEY].get("enabled"):
            raise AzError("The virtual-node addon is already enabled for this managed cluster.\nTo change "
                          'virtual-node configuration, run "az aks disable-addons -a virtual-node -g '
                          '{resource_group_name}" before enabling it again.', 1)
        if not subnet_name:
            raise AzError("The aci-connector addon requires setting a subnet name.", 1)
        if mc.network_plugin != "azure":
            raise ARMError("BadRequest", f"Network plugin {mc.network_plugin} is not supported to use with "
                           "aciConnectorLinux addon.")
    ensure_idle(mc)

    def steps():
        mc.provisioning_state = "Updating"
        yield 90_000
        for addon in wanted:
            if addon == "virtual-node":
                enable_virtual_node(mc, subnet_name)
            else:
                mc.addons[_ADDON_KEYS[addon]] = {"config": None, "enabled": True, "identity": None}
        mc.provisioning_state = "Succeeded"
    if not run(ctx, mc, steps(), "update"):
        return None
    return mc.to_json()


# --yes answers a question the CLI asks only for add-ons the simulator does not have: accepted, no effect.
@command("aks disable-addons", _ADDONS + (NO_WAIT,), summary="Disable Kubernetes add-ons.", long_running=True,
         model="ManagedCluster", ignored=("yes",))
def disable_addons(ctx, resource_group, name, addons, no_wait=False):
    mc = get_mc(ctx, resource_group, name)
    wanted = [a.strip() for a in addons.split(",") if a.strip()]
    for addon in wanted:
        if _ADDON_KEYS.get(addon) not in mc.addons:
            raise AzError(f"The addon {addon} is not installed.", 1)
    ensure_idle(mc)

    def steps():
        mc.provisioning_state = "Updating"
        yield 60_000
        for addon in wanted:
            if addon == "virtual-node" and mc.virtual_node is not None:
                mc.virtual_node.remove()
                mc.virtual_node = None
            mc.addons[_ADDON_KEYS[addon]] = {"config": None, "enabled": False, "identity": None}
        mc.provisioning_state = "Succeeded"
    if not run(ctx, mc, steps(), "update"):
        return None
    return mc.to_json()


for _path in ("aks nodepool list", "aks nodepool show", "aks nodepool add", "aks nodepool scale",
              "aks nodepool upgrade"):
    set_table(_path, table(pool_row))
