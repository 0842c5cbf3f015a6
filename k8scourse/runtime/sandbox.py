"""The pod sandbox: the ``pause`` container and the network namespace it holds.

Every pod gets one sandbox (``RunPodSandbox``); its ``pause`` container owns the pod's network
namespace — one IP, one loopback, one set of ports — and every app container joins it. So:

* a port is bound once per pod: whichever container binds first listens, and a second container
  binding the same port gets ``EADDRINUSE`` and fails the way its server does
  (:meth:`~k8scourse.runtime.programs.Program.bind_error_steps`: nginx retries five times and
  exits 1 — ``nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)`` … ``still
  could not bind()``; Apache ``(98)Address already in use: AH00072: make_sock: could not bind to
  address 0.0.0.0:80`` / ``no listening sockets available, shutting down``; Redis ``Could not create
  server TCP listening socket *:6379: bind: Address already in use``; Go servers ``listen tcp
  :8080: bind: address already in use``); the kubelet restarts it and it crash-loops;
* ``localhost``/``127.0.0.1`` and the pod IP reach every container's ports
  (:meth:`PodNetwork.request`), which is how container A on 8080 talks to container B on 7001;
* :meth:`PodNetwork.listener` says which container's program answers on a port — the kubelet's
  probes and the cluster's traffic model ask it (a readiness probe declared in a sidecar succeeds
  when the app container serves the port).

Deliberate differences: TCP only, one address family (a port taken on ``0.0.0.0`` is taken on
``[::]`` too); ``hostNetwork`` pods share the node's address but their ports are not checked
against other host-network pods.
"""

from __future__ import annotations

from dataclasses import dataclass

from .http_client import Reply
from .pages import not_found, page, server_header
from .programs import Program

CONNECT_TIMEOUT_MS = 134_167           # Linux tcp_syn_retries=6
UNREACHABLE_MS = 3_070
# What curl reports when it speaks TLS to a plain-HTTP port (OpenSSL 3).
TLS_ERROR = "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number"


# One HTTP GET as a client in the pod sees it: the HTTP client's reply (the traffic model's Response
# has the same fields).
HttpResult = Reply


def answer(program: Program, hostname: str, port: int, path: str, t_ms: int, client: str, agent: str,
           result: HttpResult) -> HttpResult:
    """Fill ``result`` with what ``program`` answers to ``GET path`` on ``port`` at ``t_ms``."""
    saved = program.env.get("_PROBE_AGENT")
    program.env["_PROBE_AGENT"] = agent
    try:
        status = program.http_get(port, path, t_ms, client=client)
    finally:
        if saved is None:
            program.env.pop("_PROBE_AGENT", None)
        else:
            program.env["_PROBE_AGENT"] = saved
    if status is None:
        result.kind = "refused"
    elif not isinstance(status, int):
        result.kind, result.error = "bad-response", status
    else:
        body = page(program.name, program.files_at(t_ms), hostname, program.argv, path) if status == 200 else None
        result.status, result.body = status, body if body is not None else (
            "" if status == 200 else not_found(program.name, path))
        result.headers = [("Content-Type", "text/html" if "<" in result.body else "text/plain; charset=utf-8"),
                          ("Content-Length", str(len(result.body.encode())))]
        if server_header(program.name):
            result.headers.insert(0, ("Server", server_header(program.name)))
    return result


class PodNetwork:
    """The network namespace of one pod (held by its pause container)."""

    def __init__(self, runtime, pod_uid: str, ip: str):
        self.runtime, self.pod_uid, self.ip = runtime, pod_uid, ip
        self.names: list[str] = []           # containers created in the pod, in order

    def records(self) -> list:
        """The pod's current container records that have a program."""
        current = self.runtime._current
        out = []
        for name in self.names:
            rec = current.get((self.pod_uid, name))
            if rec is not None and rec.program is not None:
                out.append(rec)
        return out

    def listener(self, port: int, t_ms: int, exclude: Program | None = None):
        """The container record whose program listens on ``port`` at ``t_ms`` (None: nothing listens)."""
        for rec in self.records():
            program = rec.program
            if program is exclude or (program.exit_ms is not None and program.exit_ms <= t_ms):
                continue
            if program.started_ms <= t_ms and port in program.listening(t_ms):
                return rec
        return None

    def bind(self, program: Program, port: int, t_ms: int) -> bool:
        """``bind()`` by ``program``: False (EADDRINUSE) when another container already listens there."""
        return self.listener(port, t_ms, exclude=program) is None

    def ports(self, t_ms: int) -> dict[int, str]:
        """Listening ports of the pod → container name (what ``ss -ltn`` in any container shows)."""
        out = {}
        for rec in self.records():
            if rec.running or (rec.program.exit_ms is not None and rec.program.exit_ms > t_ms):
                for port in rec.program.listening(t_ms):
                    out.setdefault(port, rec.name)
        return dict(sorted(out.items()))

    def request(self, host: str, port: int, path: str | None, t_ms: int, agent: str = "curl/8.5.0",
                scheme: str = "http") -> HttpResult:
        """A GET from a container of this pod to ``host:port`` (see the module docstring).

        ``path`` None only connects (``nc -z``): kind ``connected`` when something accepts.
        """
        result = HttpResult(host, port, path or "")
        sandbox = self.runtime.sandboxes.get(self.pod_uid)
        if host in ("localhost", "127.0.0.1", "::1", "0.0.0.0", self.ip) or (
                sandbox is not None and host == sandbox.hostname):
            result.address = "127.0.0.1" if host in ("localhost", "127.0.0.1", "0.0.0.0") else self.ip
            return self._deliver(self, port, path, t_ms, result.address, agent, result, scheme)
        remote = getattr(self.runtime, "remote", None)
        if remote is not None:
            return remote(self.pod_uid, host, port, path, agent, scheme=scheme)
        other = next((s for s in self.runtime.sandboxes.values() if s.ip == host), None)
        if other is not None:
            result.address = host
            return self._deliver(other.net, port, path, t_ms, self.ip, agent, result, scheme)
        if host.replace(".", "").isdigit():
            result.address, result.kind, result.elapsed_ms = host, "unreachable", UNREACHABLE_MS
            return result
        result.kind = "unresolved"
        return result

    def connect(self, host: str, port: int, t_ms: int) -> HttpResult:
        """A TCP connect from this pod to ``host:port`` (``nc -z``): kind ``connected`` or why not."""
        return self.request(host, port, None, t_ms, "nc")

    @staticmethod
    def _deliver(net: "PodNetwork", port: int, path: str | None, t_ms: int, client: str, agent: str,
                 result: HttpResult, scheme: str = "http") -> HttpResult:
        rec = net.listener(port, t_ms)
        if rec is None:
            result.kind = "refused"
            return result
        if path is None:
            result.kind = "connected"
            return result
        if scheme == "https":
            result.kind, result.error = "tls", TLS_ERROR
            return result
        return answer(rec.program, rec.hostname, port, path, t_ms, client, agent, result)


@dataclass
class Sandbox:
    """``RunPodSandbox``'s result: the pause container, the pod IP and its network namespace."""
    pod_uid: str
    id: str
    ip: str
    created_ms: int
    pause: Program
    ready: bool = True
    net: PodNetwork | None = None
    hostname: str = ""
