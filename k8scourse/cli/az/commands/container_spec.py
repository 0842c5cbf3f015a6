"""From ``az container create`` arguments or a YAML file to a container group (the CLI's side).

The CLI builds the container group from its arguments (one container named like the group, the
defaults of ``--cpu 1 --memory 1.5 --ports 80``) or reads it from a YAML file, the form ``az
container export`` writes (``apiVersion``, ``location``, ``name``, ``properties.containers[].
properties.{image,resources.requests.{cpu,memoryInGb},ports,command,environmentVariables}``,
``properties.{osType,restartPolicy,ipAddress}``); the service rejects a bad document with the path
of the offending field (``InvalidRequestContent``). The resource provider's own checks are
:mod:`k8scourse.cloud.aci.checks`.

>>> _split_command('/bin/sh -c "echo hi"')
['/bin/sh', '-c', 'echo hi']
"""

from __future__ import annotations

import yaml

from ....cloud.aci import Container, ContainerGroup
from ....cloud.errors import ARMError
from ..framework import AzError

DEFAULTS = {"cpu": 1.0, "memory": 1.5, "restart_policy": "Always", "os_type": "Linux", "ports": [80],
            "protocol": "TCP"}


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
    return ARMError("InvalidRequestContent", f"The request content was invalid and could not be deserialized: "
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
