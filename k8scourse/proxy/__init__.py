"""kube-proxy: per-node Service load balancing with iptables-mode rules.

* :mod:`~k8scourse.proxy.rules` — the rule table derived from Services and EndpointSlices and its
  ``iptables-save`` text;
* :mod:`~k8scourse.proxy.proxier` — the per-node component that keeps the table in sync
  (``minSyncPeriod`` 1 s) and routes a connection through it.

``rules(cluster, node)`` and ``iptables_save(cluster, node)`` read a node's current table.
"""

from __future__ import annotations

from .proxier import MIN_SYNC_PERIOD_MS, Decision, KubeProxy
from .rules import Rule, build_rules, chain_name

__all__ = ["Decision", "KubeProxy", "MIN_SYNC_PERIOD_MS", "Rule", "build_rules", "chain_name", "iptables_save",
           "rules"]


def _proxy(cluster, node: str | None) -> KubeProxy:
    proxies = getattr(cluster, "proxies", {}) or {}
    if node is None and proxies:
        node = sorted(proxies)[0]
    if node not in proxies:
        raise KeyError(f"no kube-proxy runs on node {node!r}; nodes: {', '.join(sorted(proxies)) or 'none'}")
    return proxies[node]


def rules(cluster, node: str | None = None, table: str | None = None) -> list[dict]:
    """The rules kube-proxy wrote on ``node`` (default: the first node), as dicts."""
    return _proxy(cluster, node).rules(table)


def iptables_save(cluster, node: str | None = None, table: str = "nat") -> str:
    """What ``iptables-save -t nat`` prints on ``node`` (default: the first node)."""
    return _proxy(cluster, node).iptables_save(table)
