"""What the ``az aks`` command modules share: finding a cluster, waiting for operations, SSH keys,
the kubeconfig file, the CLI's validators and its table formats."""

from __future__ import annotations

import base64
import hashlib
import re

from ..framework import Arg, AzError
from ....node import vm_size as lookup_vm_size
from ....cloud.aks import TYPE, ManagedCluster
from ....cloud.files import HOME
from ....cloud.errors import ARMError

RG = Arg(("--resource-group", "-g"), "resource_group", required=True, help="Name of resource group.")
NAME = Arg(("--name", "-n"), "name", required=True, help="Name of the managed cluster.")
NO_WAIT = Arg(("--no-wait",), "no_wait", type="flag", help="Do not wait for the long-running operation to finish.")
YES = Arg(("--yes", "-y"), "yes", type="flag", help="Do not prompt for confirmation.")
NO_TTY = "Unable to prompt for confirmation as no tty available. Use --yes."
PUB_KEY = f"{HOME}/.ssh/id_rsa.pub"
KUBECONFIG = f"{HOME}/.kube/config"


def get_mc(ctx, group: str, name: str) -> ManagedCluster:
    ctx.sub.group(group)
    resource = ctx.sub.get(TYPE, group, name)
    if resource is None:
        raise ARMError("ResourceNotFound", f"The Resource 'Microsoft.ContainerService/managedClusters/{name}' "
                       f"under resource group '{group}' was not found. For more details please go to "
                       "https://aka.ms/ARMResourceNotFoundFix")
    return resource.model


def ensure_idle(mc: ManagedCluster) -> None:
    """ARM refuses a second operation while one is in progress."""
    op = mc.operation
    if op is not None and not op.done:
        kind = op.name.split(":", 1)[-1]
        raise ARMError("OperationNotAllowed", f"Operation is not allowed because there's an in progress {kind} "
                       "managed cluster operation. Please wait for it to finish before starting a new operation. "
                       "See https://aka.ms/aks-pending-operation for more details")


def run(ctx, mc: ManagedCluster, steps, name: str):
    """Start an operation; unless --no-wait, print the progress line and wait for it."""
    op = mc.start_operation(steps, name)
    if ctx.values.get("no_wait"):
        return False
    ctx.progress(0)
    op.wait()
    return True


def confirm(yes: bool) -> None:
    if not yes:
        raise AzError(NO_TTY, 1)


# --------------------------------------------------------------------------- validators (client side)
def validate_name(name: str) -> None:
    if not re.match(r"^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$", name):
        raise AzError("--name cannot exceed 63 characters and can only contain letters, numbers, underscores (_) "
                      "or dashes (-).", 1)


def validate_nodepool_name(name: str) -> None:
    if len(name) > 12:
        raise AzError("--nodepool-name can contain at most 12 characters", 1)
    if not name.isalnum():
        raise AzError("--nodepool-name should contain only alphanumeric characters", 1)


def validate_version(version: str | None) -> None:
    if version and not re.match(r"^[vV]?\d+\.\d+(\.\d+)?$", version):
        raise AzError('--kubernetes-version should be the full version number or major.minor version number, '
                      'such as "1.7.12" or "1.7"', 1)


def validate_nodes_count(min_count, max_count) -> None:
    if min_count is not None and not 0 <= min_count <= 1000:
        raise AzError("--min-count must be in the range [0,1000]", 1)
    if max_count is not None and not 0 <= max_count <= 1000:
        raise AzError("--max-count must be in the range [0,1000]", 1)


def validate_vm_set_type(vm_set_type: str | None) -> None:
    if not vm_set_type:
        return
    kinds = ("VirtualMachineScaleSets", "AvailabilitySet", "VirtualMachines")
    if vm_set_type.lower() not in (k.lower() for k in kinds):
        raise AzError("--vm-set-type can only be VirtualMachineScaleSets or AvailabilitySet or VirtualMachines", 1)
    if vm_set_type.lower() != "virtualmachinescalesets":
        from ....i18n import t
        raise AzError(t("az.not_modelled.value", value=vm_set_type, option="--vm-set-type"), 1)


def validate_autoscaler(enable: bool, min_count, max_count, node_count) -> None:
    if enable:
        if min_count is None or max_count is None:
            raise AzError("Please specify both min-count and max-count when --enable-cluster-autoscaler enabled", 1)
        if min_count > max_count:
            raise AzError("Value of min-count should be less than or equal to value of max-count", 1)
        if node_count is not None and not min_count <= node_count <= max_count:
            raise AzError("node-count is not in the range of min-count and max-count", 1)
    elif min_count is not None or max_count is not None:
        raise AzError("min-count and max-count are required for --enable-cluster-autoscaler, please use the flag", 1)


def validate_max_pods(max_pods, node_count) -> None:
    if max_pods:
        need = -(-(node_count * 2 + 6 + 1) // max(node_count, 1))
        if max_pods < need:
            raise AzError(f"--max-pods must be at least {need} for a managed Kubernetes cluster to function.", 1)


# --------------------------------------------------------------------------- SSH keys
def _home_path(path: str) -> str:
    return HOME + path[1:] if path.startswith("~") else path


def ssh_key(ctx, value: str | None, generate: bool, no_ssh_key: bool) -> str | None:
    """The CLI's SSH key validator: a key file, key text, generated keys — or none (server-side keys)."""
    if no_ssh_key:
        return None
    files = ctx.azure.files
    path = _home_path(value) if value else PUB_KEY
    if path in files:
        return files[path].strip()
    content = value or PUB_KEY
    if content.startswith("ssh-rsa AAAA"):
        return content.strip()
    if generate:
        private = path[:-4] if path.lower().endswith(".pub") else path + ".private"
        rng = ctx.azure.sim.rng
        blob = base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00"
                                + bytes(rng.randrange(256) for _ in range(256))).decode()
        public = f"ssh-rsa {blob}"
        body = base64.b64encode(bytes(rng.randrange(256) for _ in range(1190))).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        files[private] = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----\n"
        files[path] = public + "\n"
        ctx.warn(f"SSH key files '{private}' and '{path}' have been generated under ~/.ssh to allow SSH access to "
                 "the VM. If using machines without permanent storage like Azure Cloud Shell without an attached "
                 "file share, back up your keys to a safe location")
        return public
    if content == PUB_KEY:
        return None
    raise AzError("The SSH key provided is not a valid RSA public key. Provide the contents of a valid SSH public "
                  "key (for example, '~/.ssh/id_rsa.pub'), specify a path to a public key file, or add "
                  "--generate-ssh-keys as a parameter to create a new key pair.", 1)


# --------------------------------------------------------------------------- kubeconfig file
def kubeconfig_text(config, only: str | None = None) -> str:
    """``~/.kube/config`` as YAML for the contexts of ``config`` (or just ``only``)."""
    import yaml
    clusters, contexts, users = [], [], []
    for name, c in sorted(config.contexts.items()):
        if only is not None and name != only:
            continue
        server = getattr(c.cluster, "server_url", "https://localhost:6443")
        token = hashlib.sha256(f"{name} {server}".encode()).hexdigest()[:32]
        clusters.append({"cluster": {"certificate-authority-data": base64.b64encode(
            f"CA of {c.cluster_name}".encode()).decode(), "server": server}, "name": c.cluster_name})
        contexts.append({"context": {"cluster": c.cluster_name, "user": c.user}, "name": name})
        users.append({"name": c.user, "user": {"client-certificate-data": base64.b64encode(
            f"cert of {c.user}".encode()).decode(), "client-key-data": base64.b64encode(
            f"key of {c.user}".encode()).decode(), "token": token}})
    doc = {"apiVersion": "v1", "clusters": clusters, "contexts": contexts,
           "current-context": only or config.current_context, "kind": "Config", "preferences": {}, "users": users}
    return yaml.safe_dump(doc, default_flow_style=False, sort_keys=True)


# --------------------------------------------------------------------------- table formats
def cluster_row(result: dict) -> dict:
    return {k: result.get(k) for k in ("name", "location", "resourceGroup", "kubernetesVersion",
                                        "currentKubernetesVersion", "provisioningState", "fqdn")}


def pool_row(result: dict) -> dict:
    return {"name": result.get("name"), "osType": result.get("osType"),
            "kubernetesVersion": result.get("orchestratorVersion"), "vmSize": result.get("vmSize"),
            "osDiskSizeGB": result.get("osDiskSizeGb"), "count": result.get("count"),
            "maxPods": result.get("maxPods"), "provisioningState": result.get("provisioningState"),
            "mode": result.get("mode")}


def set_table(path: str, transform) -> None:
    from ..framework import REGISTRY
    REGISTRY[path].extra["table_transformer"] = transform


def table(row):
    def transform(result):
        return [row(r) for r in result] if isinstance(result, list) else [row(result)]
    return transform


# --------------------------------------------------------------------------- lookups
def _size(name: str, location: str) -> str:
    size = lookup_vm_size(name)
    if size is None:
        raise ARMError("BadRequest", f"The VM size of {name} is not allowed in your subscription in location "
                       f"'{location}'.")
    return size.name


def _find_acr(ctx, name_or_id: str) -> str:
    name = name_or_id.rstrip("/").split("/")[-1]
    found = ctx.sub.find("Microsoft.ContainerRegistry/registries", name)
    if found is None:
        raise AzError(f"ACR {name_or_id} not found. Have you provided the right ACR name?", 1)
    return found.name


def _tags(values):
    if values is None:
        return None
    return {k: v for k, _, v in (item.partition("=") for item in values if item)}
