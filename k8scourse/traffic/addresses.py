"""Addresses and URLs as the traffic model reads them (helpers of :mod:`k8scourse.traffic.model`)."""

from __future__ import annotations

import ipaddress

from .. import defaults
from ..api.objects import dig
from ..runtime.http_client import split_url


def _node_ready(node: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in dig(node, "status", "conditions", default=[]))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
        return True
    except ValueError:
        return False


def _in_pod_cidr(ip: str, cidr: str = defaults.POD_CIDR) -> bool:
    """Whether ``ip`` is in the pod network ``cidr`` (the cluster's ``pod_cidr``: the VNet subnet with Azure CNI)."""
    return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr)


def parse_url(url: str) -> tuple[str, int, str, str]:
    """(host, port, path, scheme) of ``[scheme://]host[:port][/path]``.

    >>> parse_url("my-service"), parse_url("http://10.0.0.5:8080/x?y=1")
    (('my-service', 80, '/', 'http'), ('10.0.0.5', 8080, '/x?y=1', 'http'))
    """
    scheme, host, port, path = split_url(url)
    return host, port, path, scheme
