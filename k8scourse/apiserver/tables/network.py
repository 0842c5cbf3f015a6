"""Server-side printers for Services and networking kinds (printers.go: printService, ...).

* Service: CLUSTER-IP is ``clusterIPs[0]`` (``None`` for headless, ``<none>`` when unset);
  EXTERNAL-IP is ``<none>`` for ClusterIP/NodePort without ``externalIPs``, the load balancer's
  ingress IPs/hostnames (``<pending>`` while there are none) for LoadBalancer, the
  ``externalName`` for ExternalName; PORT(S) ``80/TCP`` or ``80:30080/TCP``, comma-joined.
* Endpoints: ``ip:port`` pairs, at most three, then `` + N more...``; ``<none>`` without subsets.
* EndpointSlice: ADDRESSTYPE, PORTS and ENDPOINTS (``<unset>`` when empty).
* Ingress: CLASS, HOSTS (``*`` when no host), ADDRESS, PORTS (``80`` or ``80, 443`` with TLS).

>>> svc = {"metadata": {"name": "s"}, "spec": {"type": "NodePort", "clusterIPs": ["10.0.0.5"],
...        "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}], "selector": {"app": "s"}}}
>>> service_row(svc, 0)["cells"][1:5]
['NodePort', '10.0.0.5', '<none>', '80:30080/TCP']
"""

from __future__ import annotations

from ...api.objects import dig
from .cells import format_label_selector, format_labels, since

_NAME = ("Name", "string", "name", 0)
_AGE = ("Age", "string", "", 0)


def _age(obj, now_ms):
    return since(dig(obj, "metadata", "creationTimestamp"), now_ms)


def _name(obj):
    return dig(obj, "metadata", "name", default="")


def _join_host_port(host: str, port) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def load_balancer_ips(lb_status) -> str:
    """``loadBalancerStatusStringer`` (wide): ingress IPs or hostnames, sorted and de-duplicated."""
    seen = set()
    for ing in (lb_status or {}).get("ingress") or []:
        value = ing.get("ip") or ing.get("hostname")
        if value:
            seen.add(value)
    return ",".join(sorted(seen))


def service_external_ip(svc: dict) -> str:
    spec = svc.get("spec") or {}
    stype = spec.get("type", "ClusterIP")
    external = spec.get("externalIPs") or []
    if stype in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if stype == "LoadBalancer":
        lb = load_balancer_ips(dig(svc, "status", "loadBalancer"))
        if external:
            return ",".join(([*lb.split(",")] if lb else []) + external)
        return lb or "<pending>"
    if stype == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(ports) -> str:
    """``makePortString``: ``port/proto`` or ``port:nodePort/proto``, comma-joined."""
    pieces = []
    for p in ports or []:
        proto = p.get("protocol", "TCP")
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port')}/{proto}")
    return ",".join(pieces)


SERVICE_COLUMNS = [_NAME, ("Type", "string", "", 0), ("Cluster-IP", "string", "", 0),
                   ("External-IP", "string", "", 0), ("Port(s)", "string", "", 0), _AGE,
                   ("Selector", "string", "", 1)]


def service_row(obj, now_ms):
    spec = obj.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    return {"cells": [_name(obj), spec.get("type", "ClusterIP"), cluster_ips[0] if cluster_ips else "<none>",
                      service_external_ip(obj), service_ports(spec.get("ports")) or "<none>",
                      _age(obj, now_ms), format_labels(spec.get("selector"))]}


def format_endpoints(endpoints: dict, port_names=None) -> str:
    """``formatEndpoints``: up to three ``ip:port`` (or bare IPs when a subset has no ports)."""
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    shown, count, more = [], 0, False
    for ss in subsets:
        addresses = ss.get("addresses") or []
        ports = ss.get("ports") or []
        if not ports:
            count += len(addresses)
            for a in addresses:
                if len(shown) == 3:
                    more = True
                    break
                shown.append(a.get("ip", ""))
            continue
        for port in ports:
            if port_names is not None and port.get("name", "") not in port_names:
                continue
            count += len(addresses)
            for a in addresses:
                if len(shown) == 3:
                    more = True
                    break
                shown.append(_join_host_port(a.get("ip", ""), port.get("port")))
    text = ",".join(shown)
    return f"{text} + {count - 3} more..." if more else text


ENDPOINTS_COLUMNS = [_NAME, ("Endpoints", "string", "", 0), _AGE]


def endpoints_row(obj, now_ms):
    return {"cells": [_name(obj), format_endpoints(obj), _age(obj, now_ms)]}


def _list_with_more(items: list, count: int) -> str:
    text = ",".join(items)
    if count > 3:
        return f"{text} + {count - 3} more..."
    return text or "<unset>"


ENDPOINTSLICE_COLUMNS = [_NAME, ("AddressType", "string", "", 0), ("Ports", "string", "", 0),
                         ("Endpoints", "string", "", 0), _AGE]


def endpointslice_row(obj, now_ms):
    ports = obj.get("ports") or []
    port_items = []
    for p in ports[:3]:
        port_items.append(str(p["port"]) if p.get("port") is not None else (p.get("name") or "*"))
    addresses = [a for ep in obj.get("endpoints") or [] for a in ep.get("addresses") or []]
    return {"cells": [_name(obj), obj.get("addressType", ""), _list_with_more(port_items, len(ports)),
                      _list_with_more(addresses[:3], len(addresses)), _age(obj, now_ms)]}


INGRESS_COLUMNS = [_NAME, ("Class", "string", "", 0), ("Hosts", "string", "", 0),
                   ("Address", "string", "", 0), ("Ports", "string", "", 0), _AGE]


def _ingress_hosts(rules) -> str:
    rules = rules or []
    hosts = [r["host"] for r in rules[:3] if r.get("host")]
    if not hosts:
        return "*"
    text = ",".join(hosts)
    return f"{text} + {len(rules) - 3} more..." if len(rules) > 3 else text


def ingress_row(obj, now_ms):
    spec = obj.get("spec") or {}
    return {"cells": [_name(obj), spec.get("ingressClassName") or "<none>", _ingress_hosts(spec.get("rules")),
                      load_balancer_ips(dig(obj, "status", "loadBalancer")),
                      "80, 443" if spec.get("tls") else "80", _age(obj, now_ms)]}


INGRESSCLASS_COLUMNS = [_NAME, ("Controller", "string", "", 0), ("Parameters", "string", "", 0), _AGE]


def ingressclass_row(obj, now_ms):
    params = dig(obj, "spec", "parameters")
    text = "<none>"
    if isinstance(params, dict):
        text = params.get("kind", "")
        if params.get("apiGroup"):
            text += "." + params["apiGroup"]
        text += "/" + params.get("name", "")
    return {"cells": [_name(obj), dig(obj, "spec", "controller", default=""), text, _age(obj, now_ms)]}


NETWORKPOLICY_COLUMNS = [_NAME, ("Pod-Selector", "string", "", 0), _AGE]


def networkpolicy_row(obj, now_ms):
    return {"cells": [_name(obj), format_label_selector(dig(obj, "spec", "podSelector", default={})),
                      _age(obj, now_ms)]}
