"""DefaultBinder (Bind): writes the ``pods/binding`` subresource through the API server.

Models ``plugins/defaultbinder``: one API call that sets ``spec.nodeName`` (and the
``PodScheduled=True`` condition). A refused bind (the pod is gone, already bound, or the API
server is down) is an Error status; the scheduler then puts the pod back in its queue.
"""

from __future__ import annotations

from ...errors import K8sCourseError
from ..framework import Plugin, Status


class DefaultBinder(Plugin):
    name = "DefaultBinder"

    def bind(self, state, pod_info, node_name: str) -> Status:
        try:
            self.handle.api.bind(pod_info.namespace, pod_info.name, node_name, user="system:kube-scheduler")
        except K8sCourseError as exc:
            return Status.error(f"binding rejected: {exc}")
        return Status.success()
