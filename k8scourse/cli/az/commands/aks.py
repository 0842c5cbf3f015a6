"""``az aks create|show|list|delete|get-credentials|install-cli|get-versions|get-upgrades|upgrade|scale|
stop|start|browse`` — the lecture's AKS workflow; node pools, update and add-ons are in :mod:`.aks_pools`.

Arguments are the real CLI's (:mod:`..reference`); the handlers model the ones they list, with the
simulator's own help wording, and run the CLI's client-side checks in its order (``aks create``:
the name, the SSH key — generating one prints its warning —, the version, the node pool name,
the node counts, the VM set type) before asking the simulated Azure. Creation takes about 5
simulated minutes, an upgrade of three nodes about 20, a scale about 2 — each printing the CLI's
`` - Running ..`` while it waits. Results print as the CLI prints the SDK's ``ManagedCluster``.

Deliberate differences: without a terminal the real ``az aks upgrade`` fails on its confirmation
prompt with a traceback; the simulator says ``Unable to prompt for confirmation as no tty
available. Use --yes.`` instead. ``az aks create`` without ``--generate-ssh-keys`` and without
``~/.ssh/id_rsa.pub`` creates the cluster without an SSH key, as CLI 2.91 does (older CLIs refused).
"""

from __future__ import annotations

import re

from ..framework import Arg, AzError, command
from ....cloud.aks import operations as ops
from ....cloud.aks import versions
from ....cloud.aks import TYPE, AgentPool, ManagedCluster
from ....cloud.regions import region
from ....cloud.subscription import Resource
from ....cloud.errors import ARMError
from .... import defaults
from ....cloud.quota import Nodes, check_kubenet_nodes, check_pod_cidr, check_pool_count, check_vcpus
from .aks_common import (KUBECONFIG, NAME, NO_WAIT, RG, YES, _find_acr, _size, _tags, cluster_row, confirm,
                         ensure_idle, get_mc, kubeconfig_text, run, set_table, ssh_key, table, validate_autoscaler,
                         validate_max_pods, validate_name, validate_nodepool_name, validate_nodes_count,
                         validate_version, validate_vm_set_type)


@command("aks create", (
    RG, NAME,
    Arg(("--node-count", "-c"), "node_count", type="int", default=3, help="Number of nodes in the node pool."),
    Arg(("--node-vm-size", "-s"), "node_vm_size", help="Size of the node VMs (default Standard_DS2_v2)."),
    Arg(("--kubernetes-version", "-k"), "kubernetes_version", help="Kubernetes version, e.g. 1.32.4 or 1.32."),
    Arg(("--generate-ssh-keys",), "generate_ssh_keys", type="flag", help="Create ~/.ssh/id_rsa[.pub] if missing."),
    Arg(("--ssh-key-value",), "ssh_key_value", help="Public key text or path.  Default: ~/.ssh/id_rsa.pub."),
    Arg(("--no-ssh-key", "-x"), "no_ssh_key", type="flag", help="Use no local SSH key."),
    Arg(("--admin-username", "-u"), "admin_username", default="azureuser", help="User for SSH access to nodes."),
    Arg(("--network-plugin",), "network_plugin", choices=("kubenet", "azure", "none"), help="Network plugin."),
    Arg(("--network-plugin-mode",), "network_plugin_mode", choices=("overlay",), help="Network plugin mode."),
    Arg(("--pod-cidr",), "pod_cidr", help="Pods' address range (kubenet, Azure CNI Overlay; default 10.244.0.0/16)."),
    Arg(("--network-policy",), "network_policy", choices=("azure", "calico", "cilium", "none"),
        help="The network policy engine (none: NetworkPolicy objects are stored but not enforced)."),
    Arg(("--max-pods", "-m"), "max_pods", type="int", help="Max pods per node (30 azure, 110 kubenet, 250 none)."),
    Arg(("--enable-cluster-autoscaler",), "enable_cluster_autoscaler", type="flag", help="Enable the autoscaler."),
    Arg(("--min-count",), "min_count", type="int", help="Autoscaler minimum node count [1, 1000]."),
    Arg(("--max-count",), "max_count", type="int", help="Autoscaler maximum node count [1, 1000]."),
    Arg(("--attach-acr",), "attach_acr", help="Grant AcrPull on this registry (name or ID)."),
    Arg(("--enable-addons", "-a"), "enable_addons", help="Comma-separated add-ons, e.g. virtual-node."),
    Arg(("--aci-subnet-name",), "aci_subnet_name", help="Subnet for the virtual node."),
    Arg(("--vnet-subnet-id",), "vnet_subnet_id", help="Subnet ID for the nodes."),
    Arg(("--location", "-l"), "location", help="Location (default: the resource group's)."),
    Arg(("--nodepool-name",), "nodepool_name", default="nodepool1", help="Node pool name, up to 12 alphanumerics."),
    Arg(("--zones", "-z"), "zones", type="list", help="Availability zones, e.g. 1 2 3."),
    Arg(("--tags",), "tags", type="list", help="Space-separated tags: key[=value] ..."),
    Arg(("--dns-name-prefix", "-p"), "dns_name_prefix", help="Prefix for host names."),
    Arg(("--load-balancer-sku",), "load_balancer_sku", choices=("basic", "standard"), help="Load balancer SKU."),
    Arg(("--tier",), "tier", choices=("free", "premium", "standard"), help="SKU tier."),
    Arg(("--vm-set-type",), "vm_set_type", help="Agent pool VM set type (the simulator has VirtualMachineScaleSets)."),
    NO_WAIT, YES,
), summary="Create a new managed Kubernetes cluster.", long_running=True, model="ManagedCluster")
def aks_create(ctx, resource_group, name, node_count=3, node_vm_size=None, kubernetes_version=None,
               generate_ssh_keys=False, ssh_key_value=None, no_ssh_key=False, admin_username="azureuser",
               network_plugin=None, network_plugin_mode=None, max_pods=None, enable_cluster_autoscaler=False,
               min_count=None, max_count=None, attach_acr=None, enable_addons=None, aci_subnet_name=None,
               vnet_subnet_id=None, location=None, nodepool_name="nodepool1", zones=None, tags=None,
               dns_name_prefix=None, load_balancer_sku=None, tier=None, no_wait=False, yes=False,
               network_policy=None, vm_set_type=None, pod_cidr=None):
    # The CLI's validators, in the order it runs them (before it asks Azure anything)
    validate_name(name)
    key = ssh_key(ctx, ssh_key_value, generate_ssh_keys, no_ssh_key)
    validate_version(kubernetes_version)
    validate_nodepool_name(nodepool_name)
    validate_nodes_count(min_count, max_count)
    validate_vm_set_type(vm_set_type)
    # ... then the command's own checks (the decorator's network plugin check first)
    if network_plugin == "azure" and pod_cidr and network_plugin_mode != "overlay":
        raise AzError("Please specify network plugin mode `overlay` when using --pod-cidr or use network plugin "
                      "`kubenet`. For more information about Azure CNI Overlay please see "
                      "https://aka.ms/aks/azure-cni-overlay", 1)
    validate_max_pods(max_pods, node_count)
    validate_autoscaler(enable_cluster_autoscaler, min_count, max_count, node_count)
    addons = [a.strip() for a in (enable_addons or "").split(",") if a.strip()]
    if "virtual-node" in addons and (not aci_subnet_name or not vnet_subnet_id):
        raise AzError('"--enable-addons virtual-node" requires "--aci-subnet-name" and "--vnet-subnet-id".', 1)
    group = ctx.sub.group(resource_group)
    if ctx.sub.get(TYPE, resource_group, name) is not None:
        raise AzError(f"The cluster '{name}' under resource group '{resource_group}' already exists. Please use "
                      "command 'az aks update' to update the existing cluster, or select a different cluster name "
                      "to create a new cluster.", 1)
    loc = region(location or group["location"])
    if loc is None:
        raise ARMError("LocationNotAvailableForResourceType", f"The provided location '{location}' is not "
                       f"available for resource type '{TYPE}'.")
    version = versions.resolve(kubernetes_version)
    if version is None:
        raise ARMError("AgentPoolK8sVersionNotSupported", f"Version {kubernetes_version} is not supported in this "
                       "region. Please use [az aks get-versions] command to get the supported version list in "
                       "this region. For more information, please check https://aka.ms/supported-version-list")
    size = _size(node_vm_size or "Standard_DS2_v2", loc["name"])
    plugin = network_plugin or "kubenet"
    if "virtual-node" in addons and plugin != "azure":
        raise ARMError("BadRequest", f"Network plugin {plugin} is not supported to use with aciConnectorLinux addon.")
    acr = _find_acr(ctx, attach_acr) if attach_acr else None
    mode = network_plugin_mode if plugin == "azure" else None
    default_pods = 250 if plugin == "none" or mode == "overlay" else (30 if plugin == "azure" else 110)
    # AKS's validation and preflight: the pool's size, then the region's vCPU quotas (nothing is created)
    check_pool_count(node_count, "System")
    check_kubenet_nodes(plugin, [Nodes(node_count)])
    if plugin == "kubenet" or mode == "overlay":
        check_pod_cidr(pod_cidr or defaults.POD_CIDR, [Nodes(node_count)])
    check_vcpus(ctx.azure, name, f"MC_{group['name']}_{name}_{loc['name']}", loc["name"], size, node_count)
    pool = AgentPool(nodepool_name, node_count, size, max_pods or default_pods, version,
                     f"{ctx.azure.sim.rng.randrange(10 ** 8):08d}", zones=zones,
                     enable_auto_scaling=enable_cluster_autoscaler, min_count=min_count, max_count=max_count)
    mc = ManagedCluster(ctx.azure, group["name"], name, loc["name"], version=version,
                        kubernetes_version=kubernetes_version.lstrip("vV") if kubernetes_version else version,
                        network_plugin=plugin, network_plugin_mode=mode, pool=pool, ssh_key=key,
                        tags=_tags(tags), dns_prefix=dns_name_prefix, vnet_subnet_id=vnet_subnet_id,
                        pod_cidr=pod_cidr)
    if enable_cluster_autoscaler:
        from ....cloud.aks.autoscaler import PROFILE
        mc.autoscaler_profile = dict(PROFILE)
    # AKS enforces NetworkPolicy only with a policy engine; without --network-policy it has none.
    mc.network_policy = network_policy or "none"
    mc.cluster.network_policy = mc.network_policy
    if acr is not None:
        mc.attached_acrs.append(acr)
    resource = ctx.sub.add(Resource(TYPE, group["name"], name, {}, mc))

    def steps():
        yield from ops.create_steps(mc)
        if "virtual-node" in addons:
            from .aks_pools import enable_virtual_node
            enable_virtual_node(mc, aci_subnet_name)
    if not run(ctx, mc, steps(), "create"):
        return None
    resource.body = mc.to_json()
    return resource.body


@command("aks show", (RG, NAME), summary="Show the details for a managed Kubernetes cluster.", model="ManagedCluster")
def aks_show(ctx, resource_group, name):
    return get_mc(ctx, resource_group, name).to_json()


@command("aks list", (
    Arg(("--resource-group", "-g"), "resource_group", help="Name of resource group."),
), summary="List managed Kubernetes clusters.", model="ManagedCluster")
def aks_list(ctx, resource_group=None):
    if resource_group:
        ctx.sub.group(resource_group)
    return [r.model.to_json() for r in ctx.sub.list(TYPE, resource_group)]


@command("aks delete", (RG, NAME, NO_WAIT, YES), summary="Delete a managed Kubernetes cluster.", long_running=True)
def aks_delete(ctx, resource_group, name, no_wait=False, yes=False):
    mc = get_mc(ctx, resource_group, name)      # the CLI confirmed first (its --yes)
    resource = ctx.sub.get(TYPE, resource_group, name)
    if mc.operation is not None and not mc.operation.done:
        mc.operation.cancel()                    # a delete supersedes what the cluster was doing
    run(ctx, mc, ops.delete_steps(mc, lambda: ctx.sub.remove(resource)), "delete")
    return None


@command("aks get-credentials", (
    RG, NAME,
    Arg(("--admin", "-a"), "admin", type="flag", help="Get cluster administrator credentials."),
    Arg(("--context",), "context", help="Name the context this instead of the cluster's name."),
    Arg(("--file", "-f"), "file", default="~/.kube/config", help='Kubeconfig file to update; "-" prints it.'),
    Arg(("--format",), "format", help="Credential format (exec, azure) for AAD clusters."),
    Arg(("--overwrite-existing",), "overwrite_existing", type="flag", help="Overwrite an entry of the same name."),
    Arg(("--public-fqdn",), "public_fqdn", type="flag", help="Use the public FQDN of a private cluster."),
), summary="Get access credentials for a managed Kubernetes cluster.")
def aks_get_credentials(ctx, resource_group, name, admin=False, context=None, file="~/.kube/config", format=None,
                        overwrite_existing=False, public_fqdn=False):
    if format and format.lower() not in ("azure", "exec"):
        raise AzError("--format can only be azure or exec.", 1)
    mc = get_mc(ctx, resource_group, name)
    from ...kubeconfig import KubeConfig
    entry = context or name
    ctx_name = f"{entry}-admin" if admin else entry
    user = f"{'clusterAdmin' if admin else 'clusterUser'}_{mc.group}_{mc.name}"
    if file == "-":
        single = KubeConfig()
        single.add_context(ctx_name, mc.cluster, cluster_name=entry, user=user)
        ctx.out.out(kubeconfig_text(single))
        return None
    path = KUBECONFIG if file in ("~/.kube/config", KUBECONFIG) else file.replace("~", "/home/student", 1)
    config = ctx.azure.kubeconfig if path == KUBECONFIG else KubeConfig()
    existing = config.context(ctx_name) or next((c for c in config.contexts.values() if c.cluster_name == entry),
                                                None)
    if existing is not None and existing.cluster is not mc.cluster and not overwrite_existing:
        raise AzError(f"A different object named {entry} already exists in clusters in your kubeconfig file.", 1)
    if existing is not None and existing.name != ctx_name and existing.cluster is not mc.cluster:
        config.remove_context(existing.name)
    config.add_context(ctx_name, mc.cluster, cluster_name=entry, user=user)
    ctx.azure.files[path] = kubeconfig_text(config)
    ctx.warn(f'Merged "{ctx_name}" as current context in {path}')
    return None


@command("aks browse", (
    RG, NAME,
    Arg(("--disable-browser",), "disable_browser", help="Do not open a web browser."),
    Arg(("--listen-address",), "listen_address", help="The address the dashboard proxy listened on (unused now)."),
    Arg(("--listen-port",), "listen_port", help="The port the dashboard proxy listened on (unused now)."),
), summary="Show the dashboard for a Kubernetes cluster in a web browser.")
def aks_browse(ctx, resource_group, name, disable_browser=False, listen_address=None, listen_port=None):
    """Kubernetes 1.19 and later have no dashboard add-on: the CLI points at the Azure portal's
    Kubernetes resources view instead (in Cloud Shell, to open in a new tab)."""
    get_mc(ctx, resource_group, name)
    url = (f"https://portal.azure.com/#resource/subscriptions/{ctx.sub.id}/resourceGroups/{resource_group}/providers/"
           f"Microsoft.ContainerService/managedClusters/{name}/workloads")
    ctx.warn(f"To view the Kubernetes resources view, please open {url} in a new tab")
    return None


@command("aks install-cli", (
    Arg(("--client-version",), "client_version", default="latest", help="Version of kubectl to install."),
    Arg(("--install-location",), "install_location", default="/usr/local/bin/kubectl", help="Path of kubectl."),
    Arg(("--base-src-url",), "base_src_url", help="Base download URL for kubectl releases."),
    Arg(("--kubelogin-version",), "kubelogin_version", default="latest", help="Version of kubelogin to install."),
    Arg(("--kubelogin-install-location",), "kubelogin_install_location", default="/usr/local/bin/kubelogin",
        help="Path of kubelogin."),
    Arg(("--kubelogin-base-src-url", "-l"), "kubelogin_base_src_url", help="Base download URL for kubelogin."),
    Arg(("--gh-token",), "gh_token", help="GitHub token for kubelogin downloads."),
), summary="Download and install kubectl and kubelogin.")
def aks_install_cli(ctx, client_version="latest", install_location="/usr/local/bin/kubectl", base_src_url=None,
                    kubelogin_version="latest", kubelogin_install_location="/usr/local/bin/kubelogin",
                    kubelogin_base_src_url=None, gh_token=None):
    for flag, value, example in (("--client-version", client_version, '"1.11.8" or "1.12.6"'),
                                 ("--kubelogin-version", kubelogin_version, '"0.0.4"')):
        if not re.match(r"^[vV]?(\d+\.\d+\.\d+.*|latest)$", value):
            raise AzError(f'{flag} should be the full version number (such as {example}) or "latest"', 1)
    source = (base_src_url or "https://dl.k8s.io/release").rstrip("/")
    ctx.warn('The detected architecture of current device is "x86_64", and the binary for "amd64" will be '
             'downloaded. If the detection is wrong, please download and install the binary corresponding to the '
             'appropriate architecture.')
    if client_version == "latest":
        ctx.warn(f'No version specified, will get the latest version of kubectl from "{source}/stable.txt"')
        client_version = "v1.32.4"
    else:
        client_version = "v" + client_version.lstrip("vV")
    directory, binary = install_location.rsplit("/", 1)
    ctx.warn(f'Downloading client to "{install_location}" from "{source}/{client_version}/bin/linux/amd64/{binary}"')
    ctx.warn(f"Please ensure that {directory} is in your search PATH, so the `{binary}` command can be found.")
    if kubelogin_version == "latest":
        ctx.warn('No version specified, will get the latest version of kubelogin from '
                 '"https://api.github.com/repos/Azure/kubelogin/releases/latest"')
        kubelogin_version = "v0.2.10"
    else:
        kubelogin_version = "v" + kubelogin_version.lstrip("vV")
    rng = ctx.azure.sim.rng
    tmp = "/tmp/tmp" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(8))
    base = (kubelogin_base_src_url or "https://github.com/Azure/kubelogin/releases/download").rstrip("/")
    ctx.warn(f'Downloading client to "{tmp}/kubelogin.zip" from "{base}/{kubelogin_version}/kubelogin.zip"')
    ctx.warn(f'Moving binary to "{kubelogin_install_location}" from "{tmp}/bin/linux_amd64/kubelogin"')
    directory, binary = kubelogin_install_location.rsplit("/", 1)
    ctx.warn(f"Please ensure that {directory} is in your search PATH, so the `{binary}` command can be found.")
    return None


@command("aks get-versions", (
    Arg(("--location", "-l"), "location", required=True, help="Location."),
), summary="Get the versions available for creating a managed Kubernetes cluster.", model="KubernetesVersionListResult")
def aks_get_versions(ctx, location):
    found = region(location)
    if found is None:
        raise ARMError("NoRegisteredProviderFound", f"No registered resource provider found for location "
                       f"'{location}' and API version '2025-10-01' for type 'locations'.")
    return versions.versions_json(found["name"], ctx.sub.id)


@command("aks get-upgrades", (RG, NAME), summary="Get the upgrade versions available for a managed cluster.",
         model="ManagedClusterUpgradeProfile")
def aks_get_upgrades(ctx, resource_group, name):
    return get_mc(ctx, resource_group, name).upgrade_profile()


@command("aks upgrade", (
    RG, NAME,
    Arg(("--kubernetes-version", "-k"), "kubernetes_version", help="Version to upgrade to (see get-upgrades)."),
    Arg(("--control-plane-only",), "control_plane_only", type="flag", help="Upgrade only the control plane."),
    Arg(("--node-image-only",), "node_image_only", type="flag", help="Only upgrade the node image."),
    Arg(("--enable-force-upgrade",), "enable_force_upgrade", type="flag", help="Enable forceUpgrade override."),
    Arg(("--disable-force-upgrade",), "disable_force_upgrade", type="flag", help="Disable forceUpgrade override."),
    Arg(("--tier",), "tier", choices=("free", "premium", "standard"), help="SKU tier."),
    Arg(("--k8s-support-plan",), "k8s_support_plan", choices=("AKSLongTermSupport", "KubernetesOfficial"),
        help="Support plan."),
    NO_WAIT, YES,
), summary="Upgrade a managed Kubernetes cluster to a newer version.", long_running=True, model="ManagedCluster")
def aks_upgrade(ctx, resource_group, name, kubernetes_version=None, control_plane_only=False, node_image_only=False,
                enable_force_upgrade=False, disable_force_upgrade=False, tier=None, k8s_support_plan=None,
                no_wait=False, yes=False):
    mc = get_mc(ctx, resource_group, name)
    validate_version(kubernetes_version)
    if node_image_only:
        if kubernetes_version or control_plane_only:
            raise AzError("Conflicting flags. Upgrading the Kubernetes version will also upgrade node image "
                          "version. If you only want to upgrade the node version please use the "
                          '"--node-image-only" option only.', 1)
        confirm(yes)
        ensure_idle(mc)
        pools = list(mc.pools.values())

        def image_steps():
            mc.provisioning_state = "Upgrading"
            for pool in pools:
                yield from ops.upgrade_pool(mc, pool, pool.version)
            mc.provisioning_state = "Succeeded"
        run(ctx, mc, image_steps(), "upgrade")
        return mc.to_json()
    if not kubernetes_version:
        raise AzError('Please specify "--kubernetes-version" or "--node-image-only".', 1)
    confirm(yes)
    ensure_idle(mc)
    target = versions.resolve(kubernetes_version) or kubernetes_version.lstrip("vV")
    if target == mc.version:
        if mc.provisioning_state == "Succeeded":
            ctx.warn(f"The cluster is already on version {mc.version} and is not in a failed state. No operations "
                     "will occur when upgrading to the same version if the cluster is not in a failed state.")
    elif target not in versions.upgrades_for(mc.version):
        available = " ".join(sorted(versions.upgrades_for(mc.version), key=versions.key, reverse=True))
        raise ARMError("OperationNotAllowed", f"Upgrading Kubernetes version {mc.version} to {target} is not "
                       f"allowed. Available upgrades: [{available}]. Please see https://aka.ms/aks-supported-k8s-ver "
                       "for version details.")
    pools = [] if control_plane_only else [p for p in mc.pools.values() if p.version != target]
    run(ctx, mc, ops.upgrade_steps(mc, target, pools, True, kubernetes_version.lstrip("vV")), "upgrade")
    return mc.to_json()


@command("aks scale", (
    RG, NAME,
    Arg(("--node-count", "-c"), "node_count", required=True, type="int", help="Number of nodes in the node pool."),
    Arg(("--nodepool-name",), "nodepool_name", help="Node pool name, up to 12 alphanumeric characters."),
    NO_WAIT,
), summary="Scale the node pool in a managed Kubernetes cluster.", long_running=True, model="ManagedCluster")
def aks_scale(ctx, resource_group, name, node_count, nodepool_name=None, no_wait=False):
    mc = get_mc(ctx, resource_group, name)
    if nodepool_name is None and len(mc.pools) > 1:
        raise AzError("There are more than one node pool in the cluster. Please specify nodepool name or use az aks "
                      "nodepool command to scale node pool", 1)
    pool = mc.pools.get(nodepool_name) if nodepool_name else next(iter(mc.pools.values()))
    if pool is None:
        raise AzError(f'The nodepool "{nodepool_name}" was not found.', 1)
    if pool.enable_auto_scaling:
        raise AzError("Cannot scale cluster autoscaler enabled node pool.", 1)
    ensure_idle(mc)
    check_pool_count(node_count, pool.mode)
    sizes = [p if p is not pool else Nodes(node_count) for p in mc.pools.values()]
    check_kubenet_nodes(mc.network_plugin, sizes)
    check_pod_cidr(mc.pod_cidr, sizes)
    check_vcpus(ctx.azure, mc.name, mc.node_resource_group, mc.location, pool.vm_size, node_count - pool.count)
    run(ctx, mc, ops.scale_steps(mc, pool, node_count), "scale")
    return mc.to_json()


@command("aks stop", (RG, NAME, NO_WAIT), summary="Stop a managed cluster.", long_running=True)
def aks_stop(ctx, resource_group, name, no_wait=False):
    mc = get_mc(ctx, resource_group, name)
    ensure_idle(mc)
    if mc.power_state != "Stopped":
        run(ctx, mc, ops.stop_steps(mc), "stop")
    return None


@command("aks start", (RG, NAME, NO_WAIT), summary="Start a previously stopped managed cluster.", long_running=True)
def aks_start(ctx, resource_group, name, no_wait=False):
    mc = get_mc(ctx, resource_group, name)
    ensure_idle(mc)
    if mc.power_state != "Running":
        run(ctx, mc, ops.start_steps(mc), "start")
    return None


set_table("aks list", table(cluster_row))
set_table("aks show", table(cluster_row))
set_table("aks create", table(cluster_row))
set_table("aks upgrade", table(cluster_row))
set_table("aks scale", table(cluster_row))
set_table("aks get-upgrades", versions.upgrades_table)
set_table("aks get-versions", versions.versions_table)

from . import aks_pools  # noqa: E402,F401  (registers nodepool, update and add-on commands)
