"""SchedulingGates (PreEnqueue): a pod with ``spec.schedulingGates`` stays out of the active queue.

Models ``plugins/schedulinggates``: while any gate is listed the pod is not scheduled at all (its
status shows ``SchedulingGated``); removing the last gate (an update of the pod) lets it in.

>>> from k8scourse.scheduler.nodeinfo import PodInfo
>>> p = PodInfo({"metadata": {"name": "a"}, "spec": {"schedulingGates": [{"name": "example.com/foo"}]}})
>>> SchedulingGates(None).pre_enqueue(p).message
'waiting for scheduling gates: [example.com/foo]'
"""

from __future__ import annotations

from ..framework import Plugin, Status


class SchedulingGates(Plugin):
    name = "SchedulingGates"

    def pre_enqueue(self, pod_info) -> Status:
        gates = (pod_info.pod.get("spec") or {}).get("schedulingGates") or []
        if not gates:
            return Status.success()
        names = " ".join(g.get("name", "") for g in gates)
        return Status.unresolvable(f"waiting for scheduling gates: [{names}]")
