"""The kubelet's prober: liveness, readiness and startup probes (``pkg/kubelet/prober``).

One worker per probe of a running container. The first probe runs ``initialDelaySeconds`` after
the container started, then every ``periodSeconds``; ``timeoutSeconds``, ``successThreshold`` and
``failureThreshold`` count as upstream (defaults 0/10/1/1/3, applied by the API server). A probe
asks the container's program:

* ``httpGet`` — a GET from the node (the bridge address) to ``podIP:port/path``, answered by
  whichever container of the pod listens on the port (they share the pause container's network
  namespace: a probe declared in a sidecar reaches the app container's port); 200–399 is
  success, else ``HTTP probe failed with statuscode: 404``; a port nothing listens on is
  ``Get "http://10.244.0.5:8090/": dial tcp 10.244.0.5:8090: connect: connection refused``;
* ``tcpSocket`` — the port is open in the pod, else ``dial tcp …: connect: connection refused``;
* ``exec`` — the command runs in the container (``cat /tmp/healthy`` sees the files the
  container's script created and removed); status 0 is success, otherwise its output is the
  failure message; a command outlasting ``timeoutSeconds`` fails (``command timed out``);
* ``grpc`` — success when the port is open.

Outcomes: each failure emits ``Unhealthy`` (``Liveness probe failed: …``). Readiness flips the
container's ``ready`` (never restarts it); it starts out not ready. Liveness and startup
failures reaching the threshold kill the container (``Killing`` ``Container x failed liveness
probe, will be restarted``) with the grace period, and the restart policy applies. Until a
startup probe has succeeded the other two do not run.

Deliberate differences: no jitter on the first probe; named ports resolve against the
container's own ``ports``; probes of a container cost nothing on the node.
"""

from __future__ import annotations

from .. import defaults

_KINDS = (("startup", "startupProbe"), ("liveness", "livenessProbe"), ("readiness", "readinessProbe"))


class ProbeWorker:
    __slots__ = ("prober", "worker", "cs", "kind", "probe", "rec", "timer", "successes", "failures", "stopped")

    def __init__(self, prober, worker, cs, kind: str, probe: dict):
        self.prober, self.worker, self.cs, self.kind, self.probe = prober, worker, cs, kind, probe
        self.rec = cs.record
        self.timer = None
        self.successes = self.failures = 0
        self.stopped = False

    def schedule(self, delay_ms: int) -> None:
        self.timer = self.prober.sim.schedule(delay_ms, self.run, name="probe", priority=2)

    def stop(self) -> None:
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def run(self) -> None:
        self.timer = None
        cs, worker = self.cs, self.worker
        if self.stopped or cs.record is not self.rec or not self.rec.running or worker.terminating \
                or not worker.k.running:
            return
        period = int(self.probe.get("periodSeconds", defaults.PROBE_PERIOD_SECONDS)) * 1000
        if self.kind != "startup" and not cs.started:
            self.schedule(period)
            return
        ok, message = self.prober.execute(worker, cs, self.probe)
        self.schedule(period)
        if ok:
            self.failures = 0
            self.successes += 1
            if self.successes >= int(self.probe.get("successThreshold", 1)):
                self._succeeded()
            return
        self.successes = 0
        self.failures += 1
        worker.event(cs, "Warning", "Unhealthy", f"{self.kind.capitalize()} probe failed: {message}")
        if self.failures >= int(self.probe.get("failureThreshold", defaults.PROBE_FAILURE_THRESHOLD)):
            self._failed()

    def _succeeded(self) -> None:
        cs = self.cs
        if self.kind == "readiness" and not cs.ready:
            cs.ready = True
            self.worker.changed()
        elif self.kind == "startup" and not cs.started:
            cs.started = True
            self.worker.changed()
            self.stop()

    def _failed(self) -> None:
        cs, worker = self.cs, self.worker
        if self.kind == "readiness":
            if cs.ready:
                cs.ready = False
                worker.changed()
            return
        worker.event(cs, "Normal", "Killing", f"Container {cs.name} failed {self.kind} probe, will be restarted")
        grace = self.probe.get("terminationGracePeriodSeconds")
        if grace is None:
            grace = worker.pod.get("spec", {}).get("terminationGracePeriodSeconds",
                                                   defaults.TERMINATION_GRACE_PERIOD_SECONDS)
        self.prober.stop(cs)
        worker.k.runtime.stop_container(cs.record, int(grace) * 1000)


class Prober:
    def __init__(self, kubelet):
        self.k = kubelet
        self.sim = kubelet.sim

    def start(self, worker, cs) -> None:
        self.stop(cs)
        for kind, key in _KINDS:
            probe = cs.spec.get(key)
            if isinstance(probe, dict):
                pw = ProbeWorker(self, worker, cs, kind, probe)
                cs.probes.append(pw)
                pw.schedule(int(probe.get("initialDelaySeconds", 0)) * 1000)

    def stop(self, cs) -> None:
        for pw in cs.probes:
            pw.stop()
        cs.probes = []

    @staticmethod
    def _port(cs, port) -> int:
        if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
            return int(port)
        for p in cs.spec.get("ports") or []:
            if p.get("name") == port:
                return int(p.get("containerPort", 0))
        return 0

    def _listener(self, worker, port: int):
        """The program that answers on ``port`` in the pod's network namespace (None: refused)."""
        return self.k.runtime.listener(worker.uid, port)

    def execute(self, worker, cs, probe: dict) -> tuple[bool, str]:
        program = cs.record.program
        now = self.sim.now_ms
        ip = worker.pod_ip
        if isinstance(probe.get("httpGet"), dict):
            h = probe["httpGet"]
            port = self._port(cs, h.get("port"))
            path = h.get("path") or "/"
            scheme = str(h.get("scheme", "HTTP")).lower()
            url = f"{scheme}://{h.get('host') or ip}:{port}{path}"
            target = self._listener(worker, port)
            result = target.http_get(port, path, now, client=self.k.ipam.gateway) if target else None
            if result is None:
                return False, f'Get "{url}": dial tcp {h.get("host") or ip}:{port}: connect: connection refused'
            if isinstance(result, str):
                return False, f'Get "{url}": {result}'
            if scheme == "https":
                return False, f'Get "{url}": http: server gave HTTP response to HTTPS client'
            if 200 <= result < 400:
                return True, ""
            return False, f"HTTP probe failed with statuscode: {result}"
        if isinstance(probe.get("tcpSocket"), dict):
            t = probe["tcpSocket"]
            port = self._port(cs, t.get("port"))
            host = t.get("host") or ip
            if self._listener(worker, port) is not None:
                return True, ""
            return False, f"dial tcp {host}:{port}: connect: connection refused"
        if isinstance(probe.get("grpc"), dict):
            port = int(probe["grpc"].get("port", 0))
            if self._listener(worker, port) is not None:
                return True, ""
            return False, f'timeout: failed to connect service "{ip}:{port}" within 1s'
        if isinstance(probe.get("exec"), dict):
            argv = list(probe["exec"].get("command") or [])
            if not argv:
                return False, "exec: no command"
            timeout = int(probe.get("timeoutSeconds", defaults.PROBE_TIMEOUT_SECONDS)) * 1000
            code, output = program.exec(argv, now, timeout)
            if code is None:
                return False, "command timed out"
            if code == 0:
                return True, ""
            return False, output.rstrip("\n")
        return False, "missing probe handler"
