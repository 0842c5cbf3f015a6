"""The checks the ACI resource provider makes before a container group exists, with their errors.

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

The ``az container create`` arguments and YAML files become a group in the front end
(:mod:`k8scourse.cli.az.commands.container_spec`).

Deliberate differences: the per-group ceiling is the 4 vCPU / 16 GB "standard" regional offer of
the quotas page (current docs allow up to 31 vCPU / 240 GB where capacity exists); the error codes
for container count, ports per IP and Windows multi-container groups are the simulator's own
wording (the real texts were not found).

>>> valid_label("aci-demo"), valid_label("Node")
(True, False)
"""

from __future__ import annotations

import re

from ..acr import admin_passwords, find_registry, resolve_image
from ..errors import ARMError
from .group import ContainerGroup, groups

LIMITS = {"max_group_cpu": 4.0, "max_group_memory_gb": 16.0, "max_containers": 60, "max_ports_per_ip": 5,
          "quota_groups_per_region": 100, "quota_cores_per_region": 100}
_DNS = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL = re.compile(r"^[a-z][a-z0-9-]{3,61}[a-z0-9]$")


def valid_label(label: str) -> bool:
    return bool(_LABEL.match(label))


def check(az, g: ContainerGroup, registry_password: str | None = None) -> None:
    """Every check the CLI and the resource provider make; raises the real error, changes nothing."""
    for n in [g.name] + [c.name for c in g.containers]:
        if len(n) > 63 or not _DNS.match(n):
            what = "container group" if n == g.name else "container"
            raise ARMError("InvalidContainerGroupName" if n == g.name else "InvalidContainerName",
                           f"The {what} name '{n}' is invalid. The {what} name must contain no more than 63 "
                           f"characters and must match the regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. 'my-name').")
    for c in g.containers:
        if c.cpu <= 0 or c.memory <= 0:
            raise ARMError("InvalidContainerResourceRequests",
                           f"The resource requests of container '{c.name}' in container group '{g.name}' are "
                           f"invalid: CPU and memory must be greater than 0.")
        c.stored = _image(az, g, c, registry_password)
    if g.dns_label is not None:
        if not valid_label(g.dns_label):
            raise ARMError("InvalidDnsNameLabel",
                           f"The DNS name label '{g.dns_label}' in container group '{g.name}' is invalid. It can "
                           f"contain only lowercase letters, numbers and hyphens. The first character must be a "
                           f"letter. The last character must be a letter or number. The value must be between 5 "
                           f"and 63 characters long.")
        if any(o.fqdn == g.fqdn and o is not g for o in groups(az)):
            raise ARMError("DnsNameLabelNotAvailable",
                           f"The DNS name label '{g.dns_label}' in container group '{g.name}' not available. Try "
                           f"using a different label.")
    if len(g.containers) > LIMITS["max_containers"]:
        raise ARMError("ContainerGroupContainerCountExceeded",
                       f"The container group '{g.name}' has {len(g.containers)} containers; a container group can "
                       f"have at most {LIMITS['max_containers']}.")
    if g.os_type == "Windows" and len(g.containers) > 1:
        raise ARMError("UnsupportedWindowsMultiContainerGroup",
                       f"The container group '{g.name}' runs Windows: Windows container groups can have only one "
                       f"container.")
    if g.ip_type and len(g.ports) > LIMITS["max_ports_per_ip"]:
        raise ARMError("IpAddressPortsExceeded",
                       f"The IP address of container group '{g.name}' has {len(g.ports)} ports; an IP address can "
                       f"have at most {LIMITS['max_ports_per_ip']}.")
    if g.cpu > LIMITS["max_group_cpu"] or g.memory > LIMITS["max_group_memory_gb"]:
        raise ARMError("ServiceUnavailable",
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
    return ARMError("ContainerGroupQuotaReached",
                    f"Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota '{quota}' "
                    f"exceeded in region '{g.location}'. Limit: '{limit}', Usage: '{usage}' Requested: '{requested}'.")


def _num(x: float):
    return int(x) if float(x).is_integer() else x


def _image(az, g, c, registry_password):
    stored = resolve_image(az.subscription, c.image)
    host = c.image.split("/", 1)[0]
    if stored is not None and host.endswith(".azurecr.io"):
        reg = find_registry(az.subscription, host)
        if not registry_password or not reg.admin_enabled or registry_password not in admin_passwords(reg):
            stored = None
    if stored is None:
        raise ARMError("InaccessibleImage", f"The image '{c.image}' in container group '{g.name}' is not accessible. "
                                             f"Please check the image and registry credential.")
    return stored
