"""The pod subresources the API server answers by calling the pod's kubelet: ``pods/log`` and
``pods/exec``.

Upstream's ``LogREST`` reads the pod from storage, checks the container name against the spec,
finds the node the pod is bound to and proxies the request to that node's kubelet
(``https://<node IP>:10250/containerLogs/<ns>/<pod>/<container>?tailLines=…``). What the kubelet
answers (a BadRequest such as ``container "web" in pod "web" is waiting to start:
ContainerCreating``) is passed on; a connection that fails becomes an InternalError-free ``500``
whose message is the Go client's (``Get "https://10.224.0.4:10250/containerLogs/default/web/web":
dial tcp 10.224.0.4:10250: connect: connection refused``), which kubectl prints after
``Error from server:``.

``ExecLocation`` likewise checks the container name against the spec (``container x is not valid
for pod web``) and the node, and upgrades the connection to the kubelet's ``/exec``; a kubelet that
cannot be reached gives ``error dialing backend: dial tcp …``.

The API server is given a dialer (:class:`k8scourse.kubelet.server.NodeDialer`) by the
composition root; a bare API server (unit tests) has none and answers as if no node were reachable.
"""

from __future__ import annotations

from ..api.objects import dig
from ..errors import APIError


class DialError(Exception):
    """A connection from the control plane to a kubelet failed; ``str()`` is the Go dialer's text."""


class PodSubresources:
    def __init__(self, api):
        self.api = api
        self.dialer = None          # set by the composition root: node name -> kubelet server

    def _node_of(self, pod: dict, name: str) -> str:
        node = dig(pod, "spec", "nodeName")
        if not node:
            raise APIError.bad_request(f"pod {name} does not have a host assigned")
        return node

    def _dial(self, node: str, url_path: str, upgrade: bool = False):
        """The node's kubelet server; a failed connection in the words of the Go client (a ``GET``) or
        of the API server's upgrade proxy (exec)."""
        try:
            if self.dialer is None:
                raise DialError(f"dial tcp: lookup {node}: no such host")
            return self.dialer.dial(node)
        except DialError as exc:
            if upgrade:
                raise APIError("", 500, f"error dialing backend: {exc}") from None
            address = self.dialer.address(node) if self.dialer is not None else f"{node}:10250"
            raise APIError("", 500, f'Get "https://{address}{url_path}": {exc}') from None

    def log(self, namespace: str, name: str, container: str | None = None, *, previous: bool = False,
            tail_lines: int | None = None, timestamps: bool = False, since_seconds: int | None = None,
            limit_bytes: int | None = None) -> str:
        """``GET /api/v1/namespaces/<ns>/pods/<name>/log``: the container's output as text."""
        pod = self.api.get("pods", name, namespace)
        node = self._node_of(pod, name)
        shown = container or (dig(pod, "spec", "containers", default=[{}])[0].get("name", ""))
        server = self._dial(node, f"/containerLogs/{namespace}/{name}/{shown}")
        return server.container_logs(namespace, name, container, previous=previous, tail_lines=tail_lines,
                                     timestamps=timestamps, since_seconds=since_seconds, limit_bytes=limit_bytes)

    def _exec_target(self, namespace: str, name: str, container: str):
        pod = self.api.get("pods", name, namespace)
        spec = pod.get("spec") or {}
        known = [c.get("name") for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])]
        if container not in known:
            raise APIError.bad_request(f"container {container} is not valid for pod {name}")
        node = self._node_of(pod, name)
        return pod, self._dial(node, f"/exec/{namespace}/{name}/{container}", upgrade=True)

    def files(self, namespace: str, name: str, container: str):
        """The container's file tree through an exec session (``kubectl cp`` runs ``tar`` over one)."""
        pod, server = self._exec_target(namespace, name, container)
        return server.files(namespace, pod, container)

    def exec(self, namespace: str, name: str, container: str, argv: list[str], emit) -> int:
        """``POST …/pods/<name>/exec``: ``argv`` run in ``container`` by the pod's kubelet; ``emit("out"|"err",
        text)`` gets the output, the command's exit status is returned."""
        pod, server = self._exec_target(namespace, name, container)
        return server.exec(namespace, pod, container, argv, emit)
