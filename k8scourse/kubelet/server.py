"""The kubelet's HTTPS server on port 10250: what the control plane reaches *on* a node.

kubectl never talks to a kubelet. ``kubectl logs`` asks the API server for the ``pods/log``
subresource, and the API server opens a connection to the kubelet of the pod's node
(``GET https://<node IP>:10250/containerLogs/<namespace>/<pod>/<container>``); ``kubectl exec``
and ``attach`` go the same way. metrics-server scrapes ``/metrics/resource`` of every kubelet.
This module is that endpoint: :class:`KubeletServer` answers for one kubelet, and
:class:`NodeDialer` is the network path to it — it refuses the connection when the kubelet process
is down and times out when the machine is off or cut off, with the error texts a Go client
prints (``dial tcp 10.224.0.4:10250: connect: connection refused``).

``/exec`` finds the running container and its file tree and runs the command with the exec
function the composition root gives (:func:`k8scourse.traffic.container_exec.run_in_container`:
a container's network tools need the traffic model, which lives above the kubelet).

``containerLogs`` options are applied here, as the kubelet applies them: ``tailLines``,
``timestamps`` (RFC 3339 with nanoseconds, trailing zeros trimmed as Go's ``RFC3339Nano`` does),
``sinceSeconds`` and ``limitBytes``.

>>> format_timestamp(1772442007_000), format_timestamp(1772442007_250)
('2026-03-02T09:00:07Z', '2026-03-02T09:00:07.25Z')
"""

from __future__ import annotations

import datetime as _dt

from .. import defaults
from ..apiserver.pod_subresources import DialError
from ..errors import APIError


def format_timestamp(unix_ms: int) -> str:
    """Go's ``time.RFC3339Nano`` of a millisecond instant (trailing zeros of the fraction trimmed)."""
    t = _dt.datetime.fromtimestamp(unix_ms / 1000, tz=_dt.timezone.utc)
    frac = f"{(unix_ms % 1000) * 1_000_000:09d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


class KubeletServer:
    """The endpoints of one kubelet."""

    def __init__(self, kubelet, exec_in=None):
        self.kubelet = kubelet
        self.exec_in = exec_in            # (namespace, pod, record, argv, files, emit) -> exit status

    @property
    def address(self) -> str:
        return f"{self.kubelet.host_ip}:{defaults.KUBELET_PORT}"

    def container_logs(self, namespace: str, pod: str, container: str | None = None, *, previous: bool = False,
                       tail_lines: int | None = None, timestamps: bool = False, since_seconds: int | None = None,
                       limit_bytes: int | None = None) -> str:
        """``GET /containerLogs/…``: the container's output as text; APIError(BadRequest) as the kubelet answers."""
        entries = self.kubelet.log_entries(namespace, pod, container, previous=previous)
        if since_seconds is not None:
            oldest = self.kubelet.sim.clock.unix_ms() - since_seconds * 1000
            entries = [e for e in entries if e[0] >= oldest]
        if tail_lines is not None and tail_lines >= 0:
            entries = entries[len(entries) - tail_lines:] if tail_lines else []
        text = "".join(f"{format_timestamp(t)} {line}\n" if timestamps else f"{line}\n" for t, line in entries)
        if limit_bytes is not None and limit_bytes >= 0:
            text = text.encode()[:limit_bytes].decode(errors="ignore")
        return text

    def _running(self, namespace: str, pod: dict, container: str):
        """The running container's record and its file tree; ``container not found`` otherwise."""
        name = pod["metadata"]["name"]
        worker = next((w for w in self.kubelet.workers.values()
                       if w.name == name and w.namespace == namespace and not w.gone), None)
        runtime = self.kubelet.runtime
        record = runtime.current(worker.uid, container) if worker is not None else None
        if record is None or not record.running or record.program is None:
            raise APIError.bad_request(f'container not found ("{container}")')
        return record, runtime.files(worker.uid, container)

    def files(self, namespace: str, pod: dict, container: str):
        """The running container's file tree: what ``tar`` reads and writes over exec (``kubectl cp``)."""
        return self._running(namespace, pod, container)[1]

    def exec(self, namespace: str, pod: dict, container: str, argv: list[str], emit) -> int:
        """``/exec/<namespace>/<pod>/<container>``: run ``argv`` in the running container;
        ``emit("out"|"err", text)`` gets the output, the exit status is returned. An empty ``argv`` only
        opens the session (``BadRequest`` ``container not found ("x")`` when the container is not running)."""
        record, files = self._running(namespace, pod, container)
        if not argv:
            return 0
        if self.exec_in is None:
            raise APIError.bad_request(f'container not found ("{container}")')
        return self.exec_in(namespace, pod, record, argv, files, emit)

    def resource_metrics(self):
        """``/metrics/resource``: the node's and its containers' usage samples (its cAdvisor), or None."""
        cadvisor = self.kubelet.cadvisor
        if cadvisor is None or not cadvisor.running:
            return None
        return cadvisor


class NodeDialer:
    """The network path from the control plane to the kubelets: node name → :class:`KubeletServer`.

    ``reachable(node)`` says why a connection fails: the machine is off or partitioned away
    (``i/o timeout``), or the kubelet process is not running (``connection refused``).
    """

    def __init__(self, kubelets: dict, reachable, exec_in=None):
        self._kubelets = kubelets          # node name -> Kubelet (the composition root's table)
        self._reachable = reachable        # node name -> bool: machine on and not partitioned
        self._exec_in = exec_in            # what a kubelet runs an exec with (KubeletServer.exec)

    def dial(self, node: str) -> KubeletServer:
        kubelet = self._kubelets.get(node)
        if kubelet is None:
            raise DialError(f"dial tcp: lookup {node}: no such host")
        if not self._reachable(node):
            raise DialError(f"dial tcp {kubelet.host_ip}:{defaults.KUBELET_PORT}: i/o timeout")
        if not kubelet.running:
            raise DialError(f"dial tcp {kubelet.host_ip}:{defaults.KUBELET_PORT}: connect: connection refused")
        return KubeletServer(kubelet, self._exec_in)

    def nodes(self) -> list[str]:
        """The nodes that have a kubelet, by name (metrics-server scrapes them in this order)."""
        return sorted(self._kubelets)

    def address(self, node: str) -> str:
        kubelet = self._kubelets.get(node)
        return f"{kubelet.host_ip}:{defaults.KUBELET_PORT}" if kubelet is not None else f"{node}:{defaults.KUBELET_PORT}"
