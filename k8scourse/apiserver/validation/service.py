"""Networking validation: Service (core), Ingress, IngressClass and NetworkPolicy (networking/v1).

Service rules (``ValidateService``): ports are required unless the Service is headless
(``clusterIP: None``) or ``ExternalName``; each port is 1–65535 with a supported protocol and a
valid ``targetPort`` (number or IANA name); with more than one port every port needs a unique
DNS-label name; ``(port, protocol)`` pairs are unique; ``type`` and ``sessionAffinity`` take
upstream's values; ``nodePort`` is forbidden on ClusterIP Services; ExternalName Services need
``externalName``; the selector's labels must be valid.

Deliberate differences from upstream: IP-family and ``clusterIPs`` rules belong to the allocator
(:mod:`k8scourse.apiserver.allocators`); Ingress TLS and NetworkPolicy IP blocks are checked only
in basic shape.

>>> errs = validate_service({"spec": {"type": "ClusterIP", "sessionAffinity": "None", "ports": [
...     {"port": 80, "protocol": "TCP", "targetPort": 80}, {"port": 443, "protocol": "TCP", "targetPort": 443}]}})
>>> [str(e) for e in errs]
['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']
"""

from __future__ import annotations

import ipaddress

from ...api import names
from ...errors import FieldError
from .common import (Errors, children, dns_label, dns_subdomain, go_string, is_int, port_num_or_name,
                     port_number, protocol, validate_label_selector, validate_labels)

SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
SESSION_AFFINITIES = ("ClientIP", "None")
TRAFFIC_POLICIES = ("Cluster", "Local")
PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
POLICY_TYPES = ("Ingress", "Egress")


def _spec(obj: dict) -> dict:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


def _go_service_port(port: dict) -> str:
    return (f'core.ServicePort{{Name:"", Protocol:{go_string(port.get("protocol") or "")}, '
            f'AppProtocol:(*string)(nil), Port:{port.get("port") or 0}, '
            f'TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}')


def validate_service(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    stype = spec.get("type")
    headless = spec.get("clusterIP") == "None"
    ports = children(spec, "ports")
    if not ports and not headless and stype != "ExternalName":
        errs.required("spec.ports")
    if stype == "ExternalName":
        external = spec.get("externalName")
        if not external:
            errs.required("spec.externalName")
        else:
            for msg in names.is_dns1123_subdomain(str(external).rstrip(".")):
                errs.invalid("spec.externalName", external, msg)
        if spec.get("clusterIP") not in (None, ""):
            errs.forbidden("spec.clusterIP", "may not be set for ExternalName services")
    seen_names: set[str] = set()
    require_name = len(ports) > 1
    for i, port in ports:
        ppath = f"spec.ports[{i}]"
        name = port.get("name")
        if require_name and not name:
            errs.required(f"{ppath}.name")
        elif name:
            dns_label(name, f"{ppath}.name", errs)
            if name in seen_names:
                errs.duplicate(f"{ppath}.name", name)
            seen_names.add(name)
        value = port.get("port")
        port_number(value if value is not None else 0, f"{ppath}.port", errs)
        protocol(port.get("protocol"), f"{ppath}.protocol", errs)
        port_num_or_name(port.get("targetPort"), f"{ppath}.targetPort", errs)
    if stype not in SERVICE_TYPES:
        errs.not_supported("spec.type", stype, SERVICE_TYPES)
    if stype == "ClusterIP":
        for i, port in ports:
            if port.get("nodePort"):
                errs.forbidden(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
    seen_pairs: set[tuple] = set()
    for i, port in ports:
        key = (port.get("protocol"), port.get("port"))
        if key in seen_pairs:
            errs.append(FieldErrorDuplicateRaw(f"spec.ports[{i}]", _go_service_port(port)))
        seen_pairs.add(key)
    affinity = spec.get("sessionAffinity")
    if affinity not in SESSION_AFFINITIES:
        errs.not_supported("spec.sessionAffinity", affinity, SESSION_AFFINITIES)
    validate_labels(spec.get("selector"), "spec.selector", errs)
    etp = spec.get("externalTrafficPolicy")
    if etp:
        if stype not in ("NodePort", "LoadBalancer"):
            errs.invalid("spec.externalTrafficPolicy", etp,
                         "may only be set when `type` is 'NodePort' or 'LoadBalancer'")
        elif etp not in TRAFFIC_POLICIES:
            errs.not_supported("spec.externalTrafficPolicy", etp, TRAFFIC_POLICIES)
    itp = spec.get("internalTrafficPolicy")
    if itp is not None and itp not in TRAFFIC_POLICIES:
        errs.not_supported("spec.internalTrafficPolicy", itp, TRAFFIC_POLICIES)
    for i, ip in enumerate(spec.get("externalIPs") or []):
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            errs.invalid(f"spec.externalIPs[{i}]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
    return errs


def FieldErrorDuplicateRaw(path: str, shown: str) -> FieldError:
    return FieldError("Duplicate value", path, None, shown, show_value=False)


def validate_service_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    new_spec, old_spec = _spec(new), _spec(old)
    old_ip, new_ip = old_spec.get("clusterIP"), new_spec.get("clusterIP")
    if old_ip and new_ip and old_ip != new_ip and old_spec.get("type") != "ExternalName" \
            and new_spec.get("type") != "ExternalName":
        errs.invalid("spec.clusterIPs[0]", new_ip, "may not change once set")
    return errs


# --------------------------------------------------------------------------- networking/v1
def _backend(backend, path: str, errs: Errors) -> None:
    if not isinstance(backend, dict):
        return
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        errs.invalid(path, "", "cannot set both resource and service backends")
    elif service is None and resource is None:
        errs.invalid(path, "", "resource or service backend is required")
    if isinstance(service, dict):
        if not service.get("name"):
            errs.required(f"{path}.service.name")
        else:
            for msg in names.is_dns1035_label(service["name"]):
                errs.invalid(f"{path}.service.name", service["name"], msg)
        port = service.get("port") if isinstance(service.get("port"), dict) else {}
        has_name, has_number = bool(port.get("name")), port.get("number") is not None
        if has_name and has_number:
            errs.invalid(f"{path}.service.port", "", "cannot set both port name & port number")
        elif has_name:
            for msg in names.is_valid_port_name(port["name"]):
                errs.invalid(f"{path}.service.port.name", port["name"], msg)
        elif has_number:
            port_number(port["number"], f"{path}.service.port.number", errs)
        else:
            errs.required(f"{path}.service.port", "port name or number is required")


def validate_ingress(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    rules = children(spec, "rules")
    if not rules and spec.get("defaultBackend") is None:
        errs.invalid("spec", "", "either `defaultBackend` or `rules` must be specified")
    _backend(spec.get("defaultBackend"), "spec.defaultBackend", errs)
    for i, rule in rules:
        rpath = f"spec.rules[{i}]"
        host = rule.get("host")
        if host:
            check = host[2:] if host.startswith("*.") else host
            for msg in names.is_dns1123_subdomain(check):
                errs.invalid(f"{rpath}.host", host, msg)
        http = rule.get("http")
        if isinstance(http, dict):
            paths = children(http, "paths")
            if not paths:
                errs.required(f"{rpath}.http.paths")
            for j, item in paths:
                ppath = f"{rpath}.http.paths[{j}]"
                ptype = item.get("pathType")
                path = item.get("path")
                if not ptype:
                    errs.required(f"{ppath}.pathType", "pathType must be specified")
                elif ptype not in PATH_TYPES:
                    errs.not_supported(f"{ppath}.pathType", ptype, PATH_TYPES)
                if ptype in ("Exact", "Prefix") and not (isinstance(path, str) and path.startswith("/")):
                    errs.invalid(f"{ppath}.path", path or "", "must be an absolute path")
                _backend(item.get("backend"), f"{ppath}.backend", errs)
                if item.get("backend") is None:
                    errs.required(f"{ppath}.backend")
    class_name = spec.get("ingressClassName")
    if isinstance(class_name, str) and class_name:
        dns_subdomain(class_name, "spec.ingressClassName", errs)
    return errs


def validate_ingress_class(obj: dict) -> Errors:
    errs = Errors()
    controller = _spec(obj).get("controller")
    if not controller:
        errs.required("spec.controller")
    return errs


def _peer_ports(rule: dict, path: str, errs: Errors) -> None:
    for k, port in children(rule, "ports"):
        ppath = f"{path}.ports[{k}]"
        proto = port.get("protocol")
        if proto is not None:
            protocol(proto, f"{ppath}.protocol", errs)
        if port.get("port") is not None:
            port_num_or_name(port["port"], f"{ppath}.port", errs)
        end = port.get("endPort")
        if end is not None:
            if isinstance(port.get("port"), str):
                errs.forbidden(f"{ppath}.endPort", "may not be specified when `port` is non-numeric")
            elif is_int(end) and is_int(port.get("port")) and end < port["port"]:
                errs.invalid(f"{ppath}.endPort", end, "must be greater than or equal to `port`")


def _peers(rule: dict, key: str, path: str, errs: Errors) -> None:
    for k, peer in children(rule, key):
        ppath = f"{path}.{key}[{k}]"
        used = [p for p in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(p) is not None]
        if not used:
            errs.required(ppath, "must specify a peer")
        elif "ipBlock" in used and len(used) > 1:
            errs.forbidden(ppath, "may not specify both ipBlock and another peer")
        for selector in ("podSelector", "namespaceSelector"):
            validate_label_selector(peer.get(selector), f"{ppath}.{selector}", errs)
        block = peer.get("ipBlock")
        if isinstance(block, dict):
            try:
                ipaddress.ip_network(block.get("cidr") or "", strict=False)
            except ValueError:
                errs.invalid(f"{ppath}.ipBlock.cidr", block.get("cidr") or "",
                             "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")


def validate_network_policy(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    validate_label_selector(spec.get("podSelector"), "spec.podSelector", errs)
    for i, rule in children(spec, "ingress"):
        _peer_ports(rule, f"spec.ingress[{i}]", errs)
        _peers(rule, "from", f"spec.ingress[{i}]", errs)
    for i, rule in children(spec, "egress"):
        _peer_ports(rule, f"spec.egress[{i}]", errs)
        _peers(rule, "to", f"spec.egress[{i}]", errs)
    types = spec.get("policyTypes") or []
    for i, ptype in enumerate(types):
        if ptype not in POLICY_TYPES:
            errs.not_supported(f"spec.policyTypes[{i}]", ptype, POLICY_TYPES)
    if len(types) > 2:
        errs.invalid("spec.policyTypes", types, "may not specify more than two policyTypes")
    return errs

