"""NodePorts (PreFilter, Filter): two pods cannot take the same host port on one node.

Models ``plugins/nodeports``: a container port with ``hostPort`` conflicts with a port already in
use on the node when protocol and port are equal and either host IP is ``0.0.0.0`` or both IPs are
the same. Failure: ``node(s) didn't have free ports for the requested pod ports`` (Unschedulable,
so preemption may free the port). PreFilter returns Skip for pods without host ports.

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> web = {"metadata": {"name": "a"}, "spec": {"nodeName": "n1", "containers": [{"ports": [{"hostPort": 80}]}]}}
>>> n = NodeInfo({"metadata": {"name": "n1"}}); n.add_pod(PodInfo(web))
>>> NodePorts(None).filter(None, PodInfo(web), n).message
"node(s) didn't have free ports for the requested pod ports"
"""

from __future__ import annotations

from ..framework import ASSIGNED_POD_DELETE, NODE_ADD, Plugin, Status, batch_scalar, count_nonzero, rows_positions
REASON = "node(s) didn't have free ports for the requested pod ports"
ANY_IP = "0.0.0.0"


class NodePorts(Plugin):
    name = "NodePorts"
    events = (ASSIGNED_POD_DELETE, NODE_ADD)
    pod_dependence = "pods"

    def pre_filter(self, state, pod_info) -> Status:
        return Status.success() if pod_info.ports else Status.skip()

    def filter(self, state, pod_info, node_info) -> Status:
        used = node_info.used_ports
        for ip, proto, port in pod_info.ports:
            for (uip, uproto, uport) in used:
                if uport == port and uproto == proto and (ip == ANY_IP or uip == ANY_IP or ip == uip):
                    return Status.unschedulable(REASON)
        return Status.success()

    def filter_key(self, state, pod_info):
        return tuple(pod_info.ports)

    def filter_all(self, state, pod_info, cache, rows):
        busy = cache.arrays().has_ports[rows]                   # only nodes with host ports in use
        return batch_scalar(self, state, pod_info, cache, rows_positions(cache, rows), busy) if count_nonzero(busy) else None
