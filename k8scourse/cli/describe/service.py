"""``kubectl describe service`` (kubectl's ``ServiceDescriber``).

Per port: ``Port: <name or <unset>>  80/TCP``, ``TargetPort``, ``NodePort`` and ``Endpoints`` — up
to three ready ``ip:port`` of the service's EndpointSlices (label
``kubernetes.io/service-name``), then `` + N more...``, ``<none>`` when there are none.

Deliberate difference: when no EndpointSlice exists for the service but an Endpoints object
does, its addresses are shown (the simulator may maintain only Endpoints).
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.objects import dig
from ...apiserver.tables.cells import format_labels
from ...apiserver.tables.network import format_endpoints
from ...errors import APIError
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels


def _join(host: str, port) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def format_endpoint_slices(slices: list[dict], port_name: str) -> str:
    """``formatEndpointSlices``: ready endpoints of the named port, at most three shown."""
    if not slices:
        return "<none>"
    shown, count = [], 0
    for sl in slices:
        endpoints = [e for e in sl.get("endpoints") or []
                     if dig(e, "conditions", "ready") is not False and e.get("addresses")]
        ports = sl.get("ports") or []
        if not ports:
            for e in endpoints:
                if len(shown) < 3:
                    shown.append(e["addresses"][0])
                count += 1
            continue
        for p in ports:
            if (p.get("name") or "") != port_name:
                continue
            for e in endpoints:
                if len(shown) < 3:
                    shown.append(_join(e["addresses"][0], p.get("port")))
                count += 1
    text = ",".join(shown)
    return f"{text} + {count - 3} more..." if count > 3 else text


def describe_service(server, svc: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec = svc.get("metadata") or {}, svc.get("spec") or {}
    name, namespace = md.get("name", ""), md.get("namespace", "")
    slices = [s for s in server.list(REGISTRY.by_plural("endpointslices", "discovery.k8s.io"), namespace)["items"]
              if dig(s, "metadata", "labels", "kubernetes.io/service-name") == name]
    endpoints = None
    if not slices:
        try:
            endpoints = server.get(REGISTRY.by_name("endpoints"), name, namespace)
        except APIError:
            endpoints = None
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", name)
    w.write(0, "Namespace:\t%s\n", namespace)
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Selector:\t%s\n", format_labels(spec.get("selector")))
    w.write(0, "Type:\t%s\n", spec.get("type", ""))
    if spec.get("ipFamilyPolicy"):
        w.write(0, "IP Family Policy:\t%s\n", spec["ipFamilyPolicy"])
    w.write(0, "IP Families:\t%s\n", ",".join(spec.get("ipFamilies") or []) or "<none>")
    w.write(0, "IP:\t%s\n", spec.get("clusterIP", ""))
    w.write(0, "IPs:\t%s\n", ",".join(spec.get("clusterIPs") or []) or "<none>")
    if spec.get("externalIPs"):
        w.write(0, "External IPs:\t%s\n", ",".join(spec["externalIPs"]))
    if spec.get("loadBalancerIP"):
        w.write(0, "Desired LoadBalancer IP:\t%s\n", spec["loadBalancerIP"])
    if spec.get("externalName"):
        w.write(0, "External Name:\t%s\n", spec["externalName"])
    ingress = dig(svc, "status", "loadBalancer", "ingress", default=[]) or []
    if ingress:
        w.write(0, "LoadBalancer Ingress:\t%s\n", ingress_string(ingress))
    for p in spec.get("ports") or []:
        pname = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.write(0, "Port:\t%s\t%s/%s\n", pname, p.get("port"), proto)
        target = p.get("targetPort", p.get("port"))
        w.write(0, "TargetPort:\t%s/%s\n", target, proto)
        if p.get("nodePort"):
            w.write(0, "NodePort:\t%s\t%s/%s\n", pname, p["nodePort"], proto)
        if slices or endpoints is None:
            eps = format_endpoint_slices(slices, p.get("name") or "")
        else:
            eps = format_endpoints(endpoints, {p.get("name") or ""}) or "<none>"
        w.write(0, "Endpoints:\t%s\n", eps)
    w.write(0, "Session Affinity:\t%s\n", spec.get("sessionAffinity", ""))
    if spec.get("externalTrafficPolicy"):
        w.write(0, "External Traffic Policy:\t%s\n", spec["externalTrafficPolicy"])
    if spec.get("internalTrafficPolicy"):
        w.write(0, "Internal Traffic Policy:\t%s\n", spec["internalTrafficPolicy"])
    if spec.get("healthCheckNodePort"):
        w.write(0, "HealthCheck NodePort:\t%s\n", spec["healthCheckNodePort"])
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, "LoadBalancer Source Ranges:\t%s\n", ",".join(spec["loadBalancerSourceRanges"]))
    if show_events:
        describe_events(w, find_events(server, svc, "Service"), now_ms)
    return w.text()


def ingress_string(ingress: list[dict]) -> str:
    """kubectl's ``buildIngressString``: each entry's IP (else hostname) and its IP mode in parentheses.

    >>> ingress_string([{"ip": "52.26.167.20", "ipMode": "VIP"}, {"hostname": "lb.example.com"}])
    '52.26.167.20 (VIP), lb.example.com'
    """
    shown = []
    for entry in ingress:
        text = entry.get("ip") or entry.get("hostname") or ""
        if entry.get("ipMode"):
            text += f" ({entry['ipMode']})"
        shown.append(text)
    return ", ".join(shown)
