"""``kubectl describe`` for Endpoints, EndpointSlice, Ingress and NetworkPolicy.

Layouts of kubectl's ``describeEndpoints`` (a ``Subsets:`` block per subset, each followed by an
empty line), ``describeEndpointSliceV1`` (``- Addresses:`` items with Conditions, Hostname,
TargetRef, NodeName, Zone), ``describeIngressV1`` (Rules table whose backends read
``svc:80 (10.244.1.5:80)`` from the service's EndpointSlices, or ``svc:80 (<error: services "svc"
not found>)``) and ``describeNetworkPolicy`` — the spelled-out form::

    Spec:
      PodSelector:     app=db
      Allowing ingress traffic:
        To Port: 5432/TCP
        From:
          PodSelector: app=api
      Not affecting egress traffic
      Policy Types: Ingress

A NetworkPolicy describe has no Events section (kubectl does not look them up).
"""

from __future__ import annotations

from ...api.kinds import REGISTRY
from ...api.objects import dig
from ...apiserver.tables.cells import format_label_selector
from .common import go_time, int_or_string, list_items
from .events import describe_events, find_events
from .service import format_endpoint_slices
from .writer import DescribeWriter, print_annotations, print_labels


def _header(w, md: dict) -> None:
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))


def describe_endpoints(server, ep: dict, now_ms: int, show_events: bool = True) -> str:
    w = DescribeWriter()
    _header(w, ep.get("metadata") or {})
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or [])
        w.write(1, "Addresses:\t%s\n", ready or "<none>")
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
        w.write(1, "NotReadyAddresses:\t%s\n", not_ready or "<none>")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for p in subset["ports"]:
                w.write(2, "%s\t%d\t%s\n", p.get("name") or "<unset>", int(p.get("port") or 0), p.get("protocol", "TCP"))
        w.write(0, "\n")
    if show_events:
        describe_events(w, find_events(server, ep, "Endpoints"), now_ms)
    return w.text()


def describe_endpointslice(server, eps: dict, now_ms: int, show_events: bool = True) -> str:
    w = DescribeWriter()
    _header(w, eps.get("metadata") or {})
    w.write(0, "AddressType:\t%s\n", eps.get("addressType", ""))
    ports = eps.get("ports") or []
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for p in ports:
            w.write(1, "%s\t%s\t%s\n", p.get("name") or "<unset>",
                    "<unset>" if p.get("port") is None else int(p["port"]), p.get("protocol", "TCP"))
    endpoints = eps.get("endpoints") or []
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
    else:
        w.write(0, "Endpoints:\n")
        for e in endpoints:
            w.write(1, "- Addresses:\t%s\n", ", ".join(e.get("addresses") or []) or "<none>")
            w.write(2, "Conditions:\n")
            ready = dig(e, "conditions", "ready")
            w.write(3, "Ready:\t%s\n", "<unset>" if ready is None else ("true" if ready else "false"))
            w.write(2, "Hostname:\t%s\n", "<unset>" if e.get("hostname") is None else e["hostname"])
            if isinstance(e.get("targetRef"), dict):
                w.write(2, "TargetRef:\t%s/%s\n", e["targetRef"].get("kind", ""), e["targetRef"].get("name", ""))
            w.write(2, "NodeName:\t%s\n", "<unset>" if e.get("nodeName") is None else e["nodeName"])
            w.write(2, "Zone:\t%s\n", "<unset>" if e.get("zone") is None else e["zone"])
    if show_events:
        describe_events(w, find_events(server, eps, "EndpointSlice"), now_ms)
    return w.text()


def _backend(server, namespace: str, backend: dict) -> str:
    """``describeBackendV1``."""
    svc_ref = backend.get("service") if isinstance(backend, dict) else None
    if isinstance(svc_ref, dict):
        port = svc_ref.get("port") or {}
        number, port_name = int(port.get("number") or 0), port.get("name") or ""
        text = f"{svc_ref.get('name', '')}:{number if number else port_name}"
        svc = server.peek(REGISTRY.by_name("services"), svc_ref.get("name", ""), namespace)
        if svc is None:
            return f'{text} (<error: services "{svc_ref.get("name", "")}" not found>)'
        slices = [s for s in list_items(server, "endpointslices", "discovery.k8s.io", namespace)
                  if dig(s, "metadata", "labels", "kubernetes.io/service-name") == svc_ref.get("name")]
        sp_name = ""
        for sp in dig(svc, "spec", "ports", default=[]) or []:
            if (number and number == sp.get("port")) or (port_name and port_name == sp.get("name")):
                sp_name = sp.get("name") or ""
        return f"{text} ({format_endpoint_slices(slices, sp_name) or ''})"
    resource = backend.get("resource") if isinstance(backend, dict) else None
    if isinstance(resource, dict):
        group = resource.get("apiGroup") if resource.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {group}, Kind: {resource.get('kind', '')}, Name: {resource.get('name', '')}"
    return ""


def describe_ingress(server, ing: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec = ing.get("metadata") or {}, ing.get("spec") or {}
    namespace = md.get("namespace", "")
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    print_labels(w, "Labels", md.get("labels"))
    w.write(0, "Namespace:\t%s\n", namespace)
    addresses = {i.get("ip") or i.get("hostname") for i in dig(ing, "status", "loadBalancer", "ingress", default=[]) or []}
    w.write(0, "Address:\t%s\n", ",".join(sorted(a for a in addresses if a)))
    w.write(0, "Ingress Class:\t%s\n", spec.get("ingressClassName") or "<none>")
    default = "<default>"
    if isinstance(spec.get("defaultBackend"), dict):
        default = _backend(server, namespace, spec["defaultBackend"])
    w.write(0, "Default backend:\t%s\n", default)
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if t.get("secretName"):
                w.write(1, "%s terminates %s\n", t["secretName"], hosts)
            else:
                w.write(1, "SNI routes %s\n", hosts)
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if not isinstance(rule.get("http"), dict):
            continue
        count += 1
        w.write(1, "%s\t\n", rule.get("host") or "*")
        for path in rule["http"].get("paths") or []:
            w.write(2, "\t%s \t%s\n", path.get("path", ""), _backend(server, namespace, path.get("backend") or {}))
    if count == 0:
        w.write(1, "%s\t%s\t%s\n", "*", "*", default)
    print_annotations(w, "Annotations", md.get("annotations"))
    if show_events:
        describe_events(w, find_events(server, ing, "Ingress"), now_ms)
    return w.text()


def _peers(w, rules, peer_key: str, direction: str, indent: str) -> None:
    """``printNetworkPolicySpecIngressFrom`` / ``…EgressTo``."""
    if not rules:
        w.write(0, "%s<none> (Selected pods are isolated for %s connectivity)\n", indent, direction)
        return
    word = "From" if peer_key == "from" else "To"
    unrestricted = "source" if peer_key == "from" else "destination"
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.write(0, "%sTo Port: <any> (traffic allowed to all ports)\n", indent)
        for port in ports:
            proto = port.get("protocol") or "TCP"
            if port.get("endPort") is None:
                w.write(0, "%sTo Port: %s/%s\n", indent, int_or_string(port.get("port")), proto)
            else:
                w.write(0, "%sTo Port Range: %s-%d/%s\n", indent, int_or_string(port.get("port")),
                        int(port["endPort"]), proto)
        peers = rule.get(peer_key) or []
        if not peers:
            w.write(0, "%s%s: <any> (traffic not restricted by %s)\n", indent, word, unrestricted)
        for peer in peers:
            w.write(0, "%s%s:\n", indent, word)
            pods, namespaces = peer.get("podSelector"), peer.get("namespaceSelector")
            if pods is not None and namespaces is not None:
                w.write(1, "%sNamespaceSelector: %s\n", indent, format_label_selector(namespaces))
                w.write(1, "%sPodSelector: %s\n", indent, format_label_selector(pods))
            elif pods is not None:
                w.write(1, "%sPodSelector: %s\n", indent, format_label_selector(pods))
            elif namespaces is not None:
                w.write(1, "%sNamespaceSelector: %s\n", indent, format_label_selector(namespaces))
            elif isinstance(peer.get("ipBlock"), dict):
                w.write(1, "%sIPBlock:\n", indent)
                w.write(2, "%sCIDR: %s\n", indent, peer["ipBlock"].get("cidr", ""))
                w.write(2, "%sExcept: %s\n", indent, ", ".join(peer["ipBlock"].get("except") or []))
        if i != len(rules) - 1:
            w.write(0, "%s----------\n", indent)


def describe_networkpolicy(server, np: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec = np.get("metadata") or {}, np.get("spec") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    w.write(0, "Created on:\t%s\n", go_time(md.get("creationTimestamp")))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "Spec:\n")
    w.write(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(2, "%s\n", format_label_selector(selector))
    types = spec.get("policyTypes") or []
    if "Ingress" in types:
        w.write(1, "Allowing ingress traffic:\n")
        _peers(w, spec.get("ingress"), "from", "ingress", "    ")
    else:
        w.write(1, "Not affecting ingress traffic\n")
    if "Egress" in types:
        w.write(1, "Allowing egress traffic:\n")
        _peers(w, spec.get("egress"), "to", "egress", "    ")
    else:
        w.write(1, "Not affecting egress traffic\n")
    w.write(1, "Policy Types: %s\n", ", ".join(types) or "<none>")
    return w.text()
