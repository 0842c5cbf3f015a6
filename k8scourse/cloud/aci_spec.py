"""From ``az container create`` arguments or a YAML file to a checked container group.

Models what the CLI and the ACI resource provider check before a group exists, with their errors:

* names: group and container names are DNS labels (``[a-z0-9]([-a-z0-9]*[a-z0-9])?``, ≤ 63);
* the image must be pullable: the public catalogue, or an ACR in the subscription with its admin
  credentials given (``--registry-password``, username = registry name) — otherwise
  ``(InaccessibleImage) The image '…' in container group '…' is not accessible. Please check the
  image and registry credential.``;
* a DNS name label is 5–63 lowercase letters, digits and hyphens starting with a letter, and unique
  per region (``(DnsNameLabelNotAvailable)``);
* capacity and quota (:data:`LIMITS`): the group's total CPU/memory must fit what the region offers
  (``(ServiceUnavailable) The requested resource is not available in the location 'eastus' at this
  moment…``), at most 60 containers, 5 ports per IP address, Windows groups one container, and the
  subscription's regional quota of 100 groups and 100 cores (``(ContainerGroupQuotaReached)``).

The YAML form is the one ``az container export`` writes (``apiVersion``, ``location``, ``name``,
``properties.containers[].properties.{image,resources.requests.{cpu,memoryInGb},ports,command,
environmentVariables}``, ``properties.{osType,restartPolicy,ipAddress}``); a bad document is
rejected with the path of the offending field.

Deliberate differences: the per-group ceiling is the 4 vCPU / 16 GB "standard" regional offer of
the quotas page (current docs allow up to 31 vCPU / 240 GB where capacity exists); the error codes
for container count, ports per IP and Windows multi-container groups are the simulator's own
wording (the real texts were not found).

>>> valid_label("aci-demo"), valid_label("Node")
(True, False)
"""

from __future__ import annotations

import hashlib
import re

import yaml

from ..cli.az.framework import AzError
from .aci import Container, ContainerGroup, groups
from .acr import find_registry, resolve_image
from .subscription import arm_error

LIMITS = {"max_group_cpu": 4.0, "max_group_memory_gb": 16.0, "max_containers": 60, "max_ports_per_ip": 5,
          "quota_groups_per_region": 100, "quota_cores_per_region": 100}
DEFAULTS = {"cpu": 1.0, "memory": 1.5, "restart_policy": "Always", "os_type": "Linux", "ports": [80],
            "protocol": "TCP"}
_DNS = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL = re.compile(r"^[a-z][a-z0-9-]{3,61}[a-z0-9]$")
_IP_PREFIXES = ("20.42", "20.121", "40.117", "52.146", "52.168")


def valid_label(label: str) -> bool:
    return bool(_LABEL.match(label))


def _env(items) -> dict:
    env = {}
    for item in items or []:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def from_args(az, group: str, location: str, v: dict) -> ContainerGroup:
    """The group ``az container create --image …`` describes (one container named like the group)."""
    name = v["name"]
    if not name:
        raise AzError("the --name/-n argument is required unless specified with a passed in file.", 1)
    if not v.get("image"):
        raise AzError("the --image argument is required unless specified with a passed in file.", 1)
    raw_ports = v.get("ports") or DEFAULTS["ports"]
    bad = [p for p in raw_ports if not str(p).isdigit() or not 1 <= int(p) <= 65535]
    if bad:
        raise AzError(f"argument --ports: invalid int value: '{bad[0]}'", 2)
    ports = [int(p) for p in raw_ports]
    ip_type = v.get("ip_address") or ("Public" if v.get("dns_name_label") else None)
    command = _split_command(v.get("command_line"))
    env = {**_env(v.get("environment_variables")), **_env(v.get("secure_environment_variables"))}
    c = Container(name, v["image"], round(float(v.get("cpu") or DEFAULTS["cpu"]), 1),
                  round(float(v.get("memory") or DEFAULTS["memory"]), 1), ports, env, command)
    subnet = None
    if ip_type == "Private" or v.get("vnet") or v.get("subnet"):
        subnet = az.subscription.resource_id("Microsoft.Network/virtualNetworks", group,
                                             f"{v.get('vnet') or name + 'Vnet'}/subnets/{v.get('subnet') or name + 'Subnet'}")
        ip_type = "Private"
    return ContainerGroup(az, name, group, location, v.get("os_type") or "Linux",
                          v.get("restart_policy") or "Always", ip_type, v.get("dns_name_label"), ports, [c],
                          v.get("protocol") or "TCP", subnet)


def _split_command(text: str | None) -> list | None:
    if not text:
        return None
    import shlex
    try:
        return shlex.split(text)
    except ValueError:
        raise AzError(f"invalid --command-line: {text!r}", 2) from None


def _yaml_error(path: str, what: str):
    return arm_error("InvalidRequestContent", f"The request content was invalid and could not be deserialized: "
                                              f"'{what} Path '{path}'.'")


def from_yaml(az, group: str, default_location: str, text: str) -> ContainerGroup:
    """The group a YAML file describes (``az container create -f group.yaml``)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AzError(f"Error parsing yaml file: {exc}", 1) from None
    if not isinstance(doc, dict):
        raise _yaml_error("", "The document must be a mapping.")
    props = doc.get("properties")
    if not isinstance(props, dict):
        raise _yaml_error("properties", "Required property 'properties' not found in JSON.")
    name = doc.get("name")
    if not isinstance(name, str) or not name:
        raise _yaml_error("name", "Required property 'name' not found in JSON.")
    items = props.get("containers")
    if not isinstance(items, list) or not items:
        raise _yaml_error("properties.containers", "Required property 'containers' not found in JSON.")
    containers = []
    for i, item in enumerate(items):
        where = f"properties.containers[{i}]"
        cp = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(cp, dict) or not item.get("name"):
            raise _yaml_error(where, "Required properties 'name' and 'properties' not found in JSON.")
        if not cp.get("image"):
            raise _yaml_error(f"{where}.properties", "Required property 'image' not found in JSON.")
        req = ((cp.get("resources") or {}).get("requests") or {})
        if "cpu" not in req or "memoryInGb" not in req:
            raise _yaml_error(f"{where}.properties.resources.requests",
                              "Required properties 'cpu' and 'memoryInGb' not found in JSON.")
        try:
            cpu, mem = round(float(req["cpu"]), 1), round(float(req["memoryInGb"]), 1)
            ports = [int(p["port"]) for p in cp.get("ports") or []]
        except (TypeError, ValueError, KeyError):
            raise _yaml_error(f"{where}.properties", "Could not convert a value of 'cpu', 'memoryInGb' or "
                                                     "'ports[].port' to a number.") from None
        env = {e.get("name"): str(e.get("value", e.get("secureValue", ""))) for e in cp.get("environmentVariables") or []
               if isinstance(e, dict)}
        command = cp.get("command")
        containers.append(Container(str(item["name"]), str(cp["image"]), cpu, mem, ports, env,
                                    [str(w) for w in command] if isinstance(command, list) else None))
    ip = props.get("ipAddress") or {}
    ip_type = ip.get("type")
    if ip_type is not None and str(ip_type).lower() not in ("public", "private"):
        raise _yaml_error("properties.ipAddress.type", f"Error converting value \"{ip_type}\".")
    ip_type = None if ip_type is None else str(ip_type).capitalize()
    ip_ports = [int(p["port"]) for p in ip.get("ports") or [] if isinstance(p, dict) and "port" in p]
    protocol = str(((ip.get("ports") or [{}])[0] or {}).get("protocol", "TCP")).upper()
    location = doc.get("location") or default_location
    return ContainerGroup(az, name, group, location, props.get("osType", "Linux"),
                          props.get("restartPolicy", "Always"), ip_type, ip.get("dnsNameLabel"),
                          ip_ports or sorted({p for c in containers for p in c.ports}), containers, protocol)


def check(az, g: ContainerGroup, registry_password: str | None = None) -> None:
    """Every check the CLI and the resource provider make; raises the real error, changes nothing."""
    for n in [g.name] + [c.name for c in g.containers]:
        if len(n) > 63 or not _DNS.match(n):
            what = "container group" if n == g.name else "container"
            raise arm_error("InvalidContainerGroupName" if n == g.name else "InvalidContainerName",
                            f"The {what} name '{n}' is invalid. The {what} name must contain no more than 63 "
                            f"characters and must match the regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. 'my-name').")
    for c in g.containers:
        if c.cpu <= 0 or c.memory <= 0:
            raise arm_error("InvalidContainerResourceRequests",
                            f"The resource requests of container '{c.name}' in container group '{g.name}' are "
                            f"invalid: CPU and memory must be greater than 0.")
        c.stored = _image(az, g, c, registry_password)
    if g.dns_label is not None:
        if not valid_label(g.dns_label):
            raise arm_error("InvalidDnsNameLabel",
                            f"The DNS name label '{g.dns_label}' in container group '{g.name}' is invalid. It can "
                            f"contain only lowercase letters, numbers and hyphens. The first character must be a "
                            f"letter. The last character must be a letter or number. The value must be between 5 "
                            f"and 63 characters long.")
        if any(o.fqdn == g.fqdn and o is not g for o in groups(az)):
            raise arm_error("DnsNameLabelNotAvailable",
                            f"The DNS name label '{g.dns_label}' in container group '{g.name}' not available. Try "
                            f"using a different label.")
    if len(g.containers) > LIMITS["max_containers"]:
        raise arm_error("ContainerGroupContainerCountExceeded",
                        f"The container group '{g.name}' has {len(g.containers)} containers; a container group can "
                        f"have at most {LIMITS['max_containers']}.")
    if g.os_type == "Windows" and len(g.containers) > 1:
        raise arm_error("UnsupportedWindowsMultiContainerGroup",
                        f"The container group '{g.name}' runs Windows: Windows container groups can have only one "
                        f"container.")
    if g.ip_type and len(g.ports) > LIMITS["max_ports_per_ip"]:
        raise arm_error("IpAddressPortsExceeded",
                        f"The IP address of container group '{g.name}' has {len(g.ports)} ports; an IP address can "
                        f"have at most {LIMITS['max_ports_per_ip']}.")
    if g.cpu > LIMITS["max_group_cpu"] or g.memory > LIMITS["max_group_memory_gb"]:
        raise arm_error("ServiceUnavailable",
                        f"The requested resource is not available in the location '{g.location}' at this moment. "
                        f"Please retry with a different resource request or in another location. Resource "
                        f"requested: '{_num(g.cpu)}' CPU '{_num(g.memory)}' GB memory '{g.os_type}' OS")
    others = [o for o in groups(az) if o.location == g.location and o is not g
              and not (o.group.lower() == g.group.lower() and o.name == g.name)]
    if len(others) + 1 > LIMITS["quota_groups_per_region"]:
        raise _quota(g, "ContainerGroups", LIMITS["quota_groups_per_region"], len(others), 1)
    cores = sum(o.cpu for o in others if o.state not in ("Stopped",))
    if cores + g.cpu > LIMITS["quota_cores_per_region"]:
        raise _quota(g, "StandardCores", LIMITS["quota_cores_per_region"], _num(cores), _num(g.cpu))


def _quota(g, quota, limit, usage, requested):
    return arm_error("ContainerGroupQuotaReached",
                     f"Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota '{quota}' "
                     f"exceeded in region '{g.location}'. Limit: '{limit}', Usage: '{usage}' Requested: '{requested}'.")


def _num(x: float):
    return int(x) if float(x).is_integer() else x


def _image(az, g, c, registry_password):
    stored = resolve_image(az.subscription, c.image)
    host = c.image.split("/", 1)[0]
    if stored is not None and host.endswith(".azurecr.io"):
        reg = find_registry(az.subscription, host)
        if not registry_password:
            raise AzError("Please specify --registry-password in order to use custom image registry.", 1)
        if not reg.admin_enabled or registry_password not in admin_passwords(reg):
            stored = None
    if stored is None:
        raise arm_error("InaccessibleImage", f"The image '{c.image}' in container group '{g.name}' is not accessible. "
                                             f"Please check the image and registry credential.")
    return stored


def admin_passwords(reg) -> list[str]:
    """The two admin passwords of a registry (``az acr credential show``), stable per registry."""
    return [hashlib.sha256(f"{reg.name.lower()}:{i}:{reg.created_ms}".encode()).hexdigest()[:32] + "+ACR"
            for i in (1, 2)]


def allocate_ip(az, g: ContainerGroup) -> str:
    """A public address from the simulated Azure ranges (never one in use), or a VNet address."""
    from .aci import state
    used = {o.ip for o in groups(az) if o.ip}
    if g.ip_type == "Private":
        n = 4
        while f"10.0.0.{n}" in used:
            n += 1
        return f"10.0.0.{n}"
    st = state(az)
    while True:
        st.ip_seq += 1
        h = hashlib.sha256(f"aci-ip:{az.sim.seed}:{st.ip_seq}".encode()).digest()
        ip = f"{_IP_PREFIXES[h[0] % len(_IP_PREFIXES)]}.{h[1]}.{1 + h[2] % 254}"
        if ip not in used:
            return ip
