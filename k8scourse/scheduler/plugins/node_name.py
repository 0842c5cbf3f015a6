"""NodeName (Filter): a pod that names its node (``spec.nodeName``) fits only that node.

Models ``plugins/nodename``. Pods that already carry ``spec.nodeName`` are bound and never reach
the scheduler, so in practice this filter only matters for dry evaluations (``explain``); its
PreFilter returns Skip when the field is empty, as upstream's does.
"""

from __future__ import annotations

from ..framework import NODE_ADD, Plugin, Status, batch_codes

REASON = "node(s) didn't match the requested node name"


class NodeName(Plugin):
    name = "NodeName"
    events = (NODE_ADD,)

    def pre_filter(self, state, pod_info) -> Status:
        return Status.success() if pod_info.node_name else Status.skip()

    def filter(self, state, pod_info, node_info) -> Status:
        if pod_info.node_name and pod_info.node_name != node_info.name:
            return Status.unresolvable(REASON)
        return Status.success()

    def filter_key(self, state, pod_info):
        return pod_info.node_name

    def filter_all(self, state, pod_info, cache, rows):
        if not pod_info.node_name:
            return None
        return batch_codes(cache.arrays().names[rows] != pod_info.node_name, Status.unresolvable(REASON))
