"""Traffic: requests through the cluster's DNS, kube-proxy rules and pods (the data plane).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=2, seed=0)
>>> _ = c.kubectl("create deployment web --image=nginx:1.27 --replicas=2", echo=False)
>>> _ = c.kubectl("expose deployment web --port=80", echo=False)
>>> c.run(seconds=30)
>>> r = request(c, "outside", "http://" + c.list("nodes")[0]["status"]["addresses"][0]["address"])
>>> r.kind      # port 80 of a node: nothing listens there
'refused'
>>> _ = c.kubectl("run client --image=busybox:1.36 -- sleep 3600", echo=False); c.run(seconds=10)
>>> r = request(c, "pod/client", "http://web")
>>> r.status, r.pod.startswith("default/web-")
(200, True)
>>> int(hits(c)["hits"].sum())
1
"""

from __future__ import annotations

from .model import OUTSIDE_IP, USER_AGENT, Response, Traffic, parse_url

__all__ = ["OUTSIDE_IP", "Response", "Traffic", "hits", "parse_url", "request", "reset_hits", "traffic_of"]


def traffic_of(cluster) -> Traffic:
    """The cluster's traffic state (the composition root keeps one per cluster)."""
    return cluster.traffic


def request(cluster, source: str, url: str, namespace: str = "default", agent: str = USER_AGENT,
            advance: bool = True) -> Response:
    """One HTTP GET of ``url`` from ``source`` (``"pod/NAME"``, a node name, or ``"outside"``)."""
    return traffic_of(cluster).request(source, url, namespace, agent=agent, advance=advance)


def hits(cluster):
    """Requests answered per pod so far: DataFrame of namespace, pod, node, ip, hits."""
    return traffic_of(cluster).hits()


def reset_hits(cluster) -> None:
    traffic_of(cluster).reset()
