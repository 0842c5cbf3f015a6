"""NodeUnschedulable (Filter): a cordoned node (``spec.unschedulable: true``) takes no new pods.

Models ``plugins/nodeunschedulable``: unless the pod tolerates the
``node.kubernetes.io/unschedulable:NoSchedule`` taint, the node is rejected with
``node(s) were unschedulable`` (UnschedulableAndUnresolvable: preemption cannot help).

>>> from k8scourse.scheduler.nodeinfo import NodeInfo, PodInfo
>>> n = NodeInfo({"metadata": {"name": "n1"}, "spec": {"unschedulable": True}})
>>> NodeUnschedulable(None).filter(None, PodInfo({"metadata": {"name": "p"}}), n).message
'node(s) were unschedulable'
"""

from __future__ import annotations

from ..framework import NODE_ADD, NODE_SPEC_UNSCHEDULABLE, NODE_TAINT, Plugin, Status, batch_codes
from ..helpers import tolerates

REASON = "node(s) were unschedulable"
_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable(Plugin):
    name = "NodeUnschedulable"
    events = (NODE_ADD, NODE_SPEC_UNSCHEDULABLE, NODE_TAINT)

    def _tolerated(self, pod_info) -> bool:
        return tolerates(_TAINT, (pod_info.pod.get("spec") or {}).get("tolerations") or [])

    def filter(self, state, pod_info, node_info) -> Status:
        if node_info.unschedulable and not self._tolerated(pod_info):
            return Status.unresolvable(REASON)
        return Status.success()

    def filter_key(self, state, pod_info):
        return self._tolerated(pod_info)

    def filter_all(self, state, pod_info, cache, rows):
        if self._tolerated(pod_info):
            return None
        return batch_codes(cache.arrays().unschedulable[rows], _REJECTED)


_REJECTED = Status.unresolvable(REASON)
