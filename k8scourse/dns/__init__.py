"""Cluster DNS: the CoreDNS add-on, its records, and the pods' stub resolver.

* :mod:`~k8scourse.dns.addon` — the ``kube-dns`` Service and the ``coredns`` Deployment;
* :mod:`~k8scourse.dns.records` — what CoreDNS answers (Service, pod, SRV, CNAME records);
* :mod:`~k8scourse.dns.resolver` — ``/etc/resolv.conf`` and search-path resolution (``ndots:5``).

Whether a query is *answered* at all is the traffic model's business (:mod:`k8scourse.traffic`):
the query goes to the ``kube-dns`` cluster IP through the node's kube-proxy rules like any other
packet, so DNS is down when no CoreDNS pod is a ready endpoint.
"""

from .addon import COREFILE, IMAGE, DNSAddon, install
from .records import DNSAnswer, lookup, upstream
from .resolver import AZURE_DNS, Resolution, ResolvConf, node_resolv_conf, pod_resolv_conf, resolve

__all__ = ["AZURE_DNS", "COREFILE", "DNSAddon", "DNSAnswer", "IMAGE", "Resolution", "ResolvConf", "install", "lookup",
           "node_resolv_conf", "pod_resolv_conf", "resolve", "upstream"]
