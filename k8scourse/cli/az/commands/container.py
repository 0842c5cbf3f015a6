"""``az container create|show|list|logs|exec|attach|restart|stop|start|delete``: Azure Container Instances.

Parameter names, short flags, allowed values and defaults follow Azure CLI 2.91 (golden 12–13):
``-g`` is the only argument argparse requires; ``--name``/``--image`` are required unless ``-f``
gives a YAML file. The model is :mod:`k8scourse.cloud.aci`; the checks are
:mod:`k8scourse.cloud.aci.checks`. ``az container create`` waits (simulated time passes) until the
containers run, as the real command waits for the deployment; ``--no-wait`` returns at once.

Deliberate differences: ``exec`` runs one command with its arguments through the simulator's
busybox-like shell (the real ``az container exec`` opens a terminal and takes no arguments on
Linux groups); ``attach`` prints the events and the logs so far instead of streaming.
"""

from __future__ import annotations

import shlex

from ..framework import REGISTRY, Arg, AzError, command
from ....cloud.aci import delete, find_group, groups, register
from ....cloud.aci import check
from ....cloud.acr import find_registry
from .container_spec import from_args, from_yaml
from ....cloud.files import read_text
from ....cloud.regions import region
from ....cloud.errors import ARMError

_RG = Arg(("--resource-group", "-g"), "resource_group", required=True, help="Name of resource group.")
_NAME = Arg(("--name", "-n"), "name", required=True, help="The name of the container group.")
_NO_WAIT = Arg(("--no-wait",), "no_wait", type="flag", help="Do not wait for the long-running operation to finish.")
_CONTAINER = Arg(("--container-name",), "container_name",
                 help="The container name; needed when the group has more than one container.")


@command("container create", (
    _RG,
    Arg(("--name", "-n"), "name", help="The name of the container group."),
    Arg(("--image",), "image", help="The container image name."),
    Arg(("--file", "-f"), "file", help="The path to the input YAML file."),
    Arg(("--location", "-l"), "location", help="Location; the resource group's location if omitted."),
    Arg(("--cpu",), "cpu", type="float", help="CPU cores of the container, one decimal place. Default: 1."),
    Arg(("--memory",), "memory", type="float", help="Memory of the container in GB, one decimal place. Default: 1.5."),
    Arg(("--ports",), "ports", type="list", default=[80], help="Space-separated ports to open."),
    Arg(("--protocol",), "protocol", choices=("TCP", "UDP"), help="The network protocol of the ports."),
    Arg(("--ip-address",), "ip_address", choices=("Private", "Public"), help="IP address type of the group."),
    Arg(("--dns-name-label",), "dns_name_label", help="DNS name label of a group with a public IP."),
    Arg(("--restart-policy",), "restart_policy", choices=("Always", "Never", "OnFailure"),
        help="Restart policy for all containers of the group."),
    Arg(("--os-type",), "os_type", choices=("Linux", "Windows"), help="The OS type of the containers."),
    Arg(("--command-line",), "command_line", help="The command line to run when the container starts."),
    Arg(("--environment-variables", "-e"), "environment_variables", type="list",
        help="Space-separated environment variables in 'key=value' format."),
    Arg(("--secure-environment-variables",), "secure_environment_variables", type="list",
        help="Space-separated secure environment variables in 'key=value' format."),
    Arg(("--registry-login-server",), "registry_login_server", help="The image registry login server."),
    Arg(("--registry-username",), "registry_username", help="The username for the image registry."),
    Arg(("--registry-password",), "registry_password", help="The password for the image registry."),
    Arg(("--vnet",), "vnet", help="Name of the VNet to deploy the group into."),
    Arg(("--subnet",), "subnet", help="Name of the subnet to deploy the group into."),
    _NO_WAIT,
), summary="Create a container group.", long_running=True, model="ContainerGroup")
def container_create(ctx, resource_group, **v):
    rg = ctx.sub.group(resource_group)
    found = region(v.get("location") or rg["location"])
    if found is None:
        raise ARMError("LocationNotAvailableForResourceType",
                       f"The provided location '{v.get('location')}' is not available for resource type "
                       f"'Microsoft.ContainerInstance/containerGroups'.")
    if v.get("file"):
        text = read_text(ctx.azure, v["file"])
        if text is None:
            raise AzError(f"[Errno 2] No such file or directory: '{v['file']}'", 1)
        g = from_yaml(ctx.azure, rg["name"], found["name"], text)
    else:
        g = from_args(ctx.azure, rg["name"], found["name"], v)
    existing = find_group(ctx.azure, rg["name"], g.name)
    if existing is not None and (existing.cpu, existing.memory, existing.os_type, existing.restart_policy) != \
            (g.cpu, g.memory, g.os_type, g.restart_policy):
        raise ARMError("InvalidContainerGroupUpdate",
                       f"The updates on container group '{g.name}' are invalid. If you are going to update the os "
                       f"type, restart policy, network profile, CPU, memory or GPU resources for a container group, "
                       f"you must delete it first and then create a new one.")
    if not v.get("registry_password") and any(
            c.image.split("/", 1)[0].endswith(".azurecr.io") and find_registry(ctx.sub, c.image) is not None
            for c in g.containers):
        raise AzError("Please specify --registry-password in order to use custom image registry.", 1)
    check(ctx.azure, g, v.get("registry_password"))
    if existing is not None:
        delete(ctx.azure, existing)
    register(ctx.azure, g)
    ready_ms = g.start()
    if v.get("no_wait"):
        return None
    ctx.progress(ready_ms / 1000)
    return g.to_json()


def _group(ctx, resource_group, name):
    ctx.sub.group(resource_group)
    g = find_group(ctx.azure, resource_group, name)
    if g is None:
        raise ARMError("ResourceNotFound",
                       f"The Resource 'Microsoft.ContainerInstance/containerGroups/{name}' under resource group "
                       f"'{resource_group}' was not found. For more details please go to "
                       f"https://aka.ms/ARMResourceNotFoundFix")
    return g


def _container(g, container_name):
    if container_name is None:
        if len(g.containers) > 1:
            raise AzError(f"--container-name is required when the container group '{g.name}' has more than one "
                          f"container: {', '.join(c.name for c in g.containers)}", 2)
        return g.containers[0]
    for c in g.containers:
        if c.name == container_name:
            return c
    raise AzError(f"The container '{container_name}' is not found in container group '{g.name}'.", 3)


def table_row(group: dict) -> dict:
    """The CLI's table view of a container group."""
    ip = group.get("ipAddress") or {}
    ports = ",".join(str(p["port"]) for p in ip.get("ports") or [])
    cpu = sum(c["resources"]["requests"]["cpu"] for c in group["containers"])
    mem = sum(c["resources"]["requests"]["memoryInGb"] for c in group["containers"])
    state = (group.get("instanceView") or {}).get("state") or group.get("provisioningState")
    return {"Name": group["name"], "ResourceGroup": group["resourceGroup"], "Status": state,
            "Image": ",".join(c["image"] for c in group["containers"]),
            "IP:ports": f"{ip.get('ip')}:{ports}" if ip.get("ip") else "",
            "Network": ip.get("type") or "", "CPU/Memory": f"{float(cpu):.1f} core/{float(mem):.1f} gb",
            "OsType": group["osType"], "Location": group["location"]}


def _table(result):
    return [table_row(g) for g in result] if isinstance(result, list) else table_row(result)


@command("container show", (_RG, _NAME), summary="Get the details of a container group.", model="ContainerGroup")
def container_show(ctx, resource_group, name):
    return _group(ctx, resource_group, name).to_json()


@command("container list", (Arg(("--resource-group", "-g"), "resource_group", help="Name of resource group."),),
         summary="List container groups.", model="ContainerGroup")
def container_list(ctx, resource_group=None):
    if resource_group:
        ctx.sub.group(resource_group)
    return [g.to_json() for g in groups(ctx.azure, resource_group)]


@command("container logs", (_RG, _NAME, _CONTAINER,
                            Arg(("--follow",), "follow", type="flag", help="Stream the logs (prints them so far)."),),
         summary="Examine the logs for a container in a container group.")
def container_logs(ctx, resource_group, name, container_name=None, follow=False):
    g = _group(ctx, resource_group, name)
    ctx.out.out(g.logs(_container(g, container_name)))
    return None


@command("container exec", (_RG, _NAME, _CONTAINER,
                            Arg(("--exec-command",), "exec_command", required=True,
                                help="The command to run from within the container."),),
         summary="Execute a command from within a running container of a container group.")
def container_exec(ctx, resource_group, name, exec_command, container_name=None):
    from ....runtime.shell import Shell
    from ....cloud.http import BASE_FILES, SITES
    g = _group(ctx, resource_group, name)
    c = _container(g, container_name)
    if c.state != "Running" or c.program is None:
        raise AzError(f"The container '{c.name}' in container group '{g.name}' is not running; its state is "
                      f"'{c.state}'.", 1)
    argv = shlex.split(exec_command)
    if argv and argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "ash") and len(argv) == 1:
        raise AzError("the simulator has no interactive terminal: give one command to run, for example "
                      "--exec-command \"ls /\"", 1)
    now = ctx.azure.sim.now_ms
    files = {"/etc/hostname": g.hostname + "\n", "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'}
    files.update(BASE_FILES.get(c.program.name, {}))
    site = SITES.get(c.program.name)
    if site and site[0]:
        files[site[0]] = site[1]
    files.update(c.stored.files_dict)
    files.update(c.program.files_at(now))
    env = {k: v for k, v in {**dict(c.stored.info.env), **c.env}.items() if not k.startswith("_")}
    shell = Shell(env, lambda: ctx.azure.sim.clock.unix_ms(now), files, g.hostname)
    lines = [step[1] for step in shell.run_argv(argv) if step[0] == "out"]
    if argv and argv[0] == "ls":
        lines = list(dict.fromkeys(lines))
    ctx.out.out("".join(line + "\n" for line in lines))
    return None


@command("container attach", (_RG, _NAME, _CONTAINER),
         summary="Attach local standard output and error streams to a container in a container group.")
def container_attach(ctx, resource_group, name, container_name=None):
    g = _group(ctx, resource_group, name)
    c = _container(g, container_name)
    text = f"Container '{c.name}' is in state '{c.state}'...\n"
    for e in c.events:
        stamp = e["lastTimestamp"].replace("T", " ").replace("Z", "+00:00")
        text += f"(count: {e['count']}) (last timestamp: {stamp}) {e['message']}\n"
    text += "\nStart streaming logs:\n" + g.logs(c)
    ctx.out.out(text)
    return None


@command("container restart", (_RG, _NAME, _NO_WAIT), summary="Restarts all containers in a container group.",
         long_running=True)
def container_restart(ctx, resource_group, name, no_wait=False):
    g = _group(ctx, resource_group, name)
    if g.state == "Stopped":
        raise ARMError("ContainerGroupStopped", f"The container group '{g.name}' is stopped; use "
                                                 f"'az container start' to start it.")
    g.stop(release_ip=False)
    ctx.progress(g.start(new_ip=False) / 1000)
    return None


@command("container stop", (_RG, _NAME), summary="Stops all containers in a container group.")
def container_stop(ctx, resource_group, name):
    _group(ctx, resource_group, name).stop()
    return None


@command("container start", (_RG, _NAME, _NO_WAIT), summary="Starts all containers in a container group.",
         long_running=True)
def container_start(ctx, resource_group, name, no_wait=False):
    g = _group(ctx, resource_group, name)
    if g.state != "Stopped":
        ctx.progress(0)
        return None
    for c in g.containers:
        c.restart_count, c.previous = 0, None
    ctx.progress(g.start() / 1000)
    return None


@command("container delete", (_RG, _NAME, Arg(("--yes", "-y"), "yes", type="flag",
                                               help="Do not prompt for confirmation.")),
         summary="Delete a container group.", model="ContainerGroup")
def container_delete(ctx, resource_group, name, yes=False):
    g = _group(ctx, resource_group, name)      # the CLI confirmed first (its --yes)
    body = g.to_json()
    delete(ctx.azure, g)
    return body


for _path in ("container list", "container show", "container create"):
    REGISTRY[_path].extra["table_transformer"] = _table
