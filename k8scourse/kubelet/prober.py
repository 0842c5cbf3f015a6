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

**Cost follows change (coasting).** A healthy container is probed 360 times an hour per probe, and
each probe that succeeds again changes nothing the API sees. So a probe whose last run succeeded
and left nothing to do (readiness already ``ready``, no failures counted) *coasts*: it stops being an
event. Its probe times stay on their grid (``start + initialDelaySeconds + k × periodSeconds``) and
it watches what its outcome reads — the listening program (exit, kill, ``exec``, a port bound:
``Program.watchers``) and the files it serves or ``cat``s (``FileStore.watchers``); a container
starting in the pod, the kubelet stopping, or the pod worker stopping the probe also wake it.
Told of a change at simulated time *m*, it arms a real run at its first probe time at or after
*m*; the probe times before that are the ones that coasted, and would all have succeeded. What
those runs would have done is written when someone could see it: an HTTP server's access-log
lines (``Program.flushers``, run before the program's output is read or written), with their own
timestamps and the sizes of the files as they were then (the file stores keep their history).
What coasts: ``httpGet`` answered by a server whose answer depends only on its files
(not ``agnhost liveness``; not nginx logging into a volume, whose file others read), ``tcpSocket``
and ``grpc`` on a listening port — both only while every program of the pod has finished its own
steps (so skipping a probe skips no ``run_until``) — and ``exec`` of ``cat FILE``.

*Order.* Every probe run goes through one dispatcher per simulation that keeps one event at
priority 2 and runs the due probes one per event, in the order the reference gives them: events
at the same millisecond and priority run in the order they were scheduled, and a probe is
scheduled by its previous run (or by the container's start), so two probes due together compare
by when and in which order their schedulers ran — a closed form on the grids
(:func:`_scheduled_before`). A change at the very millisecond of a probe time is before or after
that probe as the current event says (``Simulation.current``: before it when
nothing is running or the event's priority is above 2, after it below 2, by that order inside the
dispatcher) — the one place the prober looks at the engine. ``SHORTCUTS = False`` runs every probe
as its own event (the reference); ``tests/kubelet/test_probe_coasting.py`` compares the two.
Known limit: the eviction manager's tick shares priority 2; a change made by it at a probe time is
taken as after the probe.
"""

from __future__ import annotations

import heapq

from .. import defaults
from ..runtime.programs import Program, Server
from ..runtime.programs.web import Nginx

_KINDS = (("startup", "startupProbe"), ("liveness", "livenessProbe"), ("readiness", "readinessProbe"))

# False: every probe run is its own simulation event, as the kubelet's workers are (the reference).
SHORTCUTS = True

def _element(w, m: int, t: int) -> tuple:
    """Sort key of the event that scheduled ``w``'s run due ``m`` periods before ``t`` (m ≥ 1)."""
    k = (t - w.anchor) // w.period
    if m <= k:
        return (t - m * w.period, 1, 0)            # a run of the probe (priority 2)
    return (w.s0, 0, w.c0)                          # the container's start (a priority-0 event)


def _scheduled_before(a, b, t: int) -> bool:
    """Whether probe ``a``'s run due at ``t`` comes before ``b``'s in the event order of the reference.

    Equal (time, priority): the one scheduled first, i.e. whose scheduling event came first; that
    event is the probe's previous run (or the start of its container), compared the same way.

    >>> class W: pass
    >>> a, b = W(), W()
    >>> a.anchor, a.period, a.s0, a.c0 = 1000, 10_000, 1000, 1
    >>> b.anchor, b.period, b.s0, b.c0 = 5000, 5000, 5000, 2
    >>> _scheduled_before(a, b, 21_000), _scheduled_before(b, a, 21_000)   # a scheduled at 11 s, b at 16 s
    (True, False)
    """
    ea, eb = _element(a, 1, t), _element(b, 1, t)
    if ea != eb:
        return ea < eb
    ka, kb = (t - a.anchor) // a.period, (t - b.anchor) // b.period
    m = min(ka, kb) + 1                             # same period: equal until one reaches its start
    return _element(a, m, t) < _element(b, m, t)


class _Due:
    __slots__ = ("w", "t")

    def __init__(self, w, t):
        self.w, self.t = w, t

    def __lt__(self, other):
        return self.w is not other.w and _scheduled_before(self.w, other.w, self.t)


class _Dispatcher:
    """All probe runs of one simulation, one event at a time in the reference's order."""

    def __init__(self, sim):
        self.sim = sim
        self.heap: list = []
        self.event = None
        self.at = None
        self.current = None
        self.counter = 0

    def arm(self, w, due: int) -> None:
        w.token += 1
        w.due = due
        heapq.heappush(self.heap, (due, _Due(w, due), w.token, w))
        if self.current is None:
            self._rearm()

    def disarm(self, w) -> None:
        w.token += 1
        w.due = None

    def _top(self):
        heap = self.heap
        while heap and heap[0][2] != heap[0][3].token:
            heapq.heappop(heap)
        return heap[0] if heap else None

    def _rearm(self) -> None:
        top = self._top()
        if top is None:
            return
        if self.event is not None:
            if self.at <= top[0]:
                return
            self.event.cancel()
        self.at = top[0]
        self.event = self.sim.schedule(top[0] - self.sim.now_ms, self._fire, name="probe", priority=2)

    def _fire(self) -> None:
        event, self.event = self.event, None
        top = self._top()
        if top is not None and top[0] <= self.sim.now_ms:
            heapq.heappop(self.heap)
            w = top[3]
            w.due = None
            w.token += 1
            self.current = w
            try:
                w.run()
            except KeyboardInterrupt:           # not deferred: the simulation puts this event back and
                if self.event is not None:      # runs it again, so the probe is due again, as its own
                    self.event.cancel()         # event would be (simulation.step)
                self.event = event
                if not w.stopped:
                    w.token += 1
                    w.due = top[0]
                    heapq.heappush(self.heap, (top[0], _Due(w, top[0]), w.token, w))
                raise
            finally:
                self.current = None
        self._rearm()


def _dispatcher(sim) -> _Dispatcher:
    """The simulation's dispatcher, kept on the simulation object (the kubelets of one cluster share it;
    a weak mapping would keep every simulation alive, since the dispatcher refers back to it)."""
    d = sim.__dict__.get("_probe_dispatcher")
    if d is None:
        d = sim.__dict__["_probe_dispatcher"] = _Dispatcher(sim)
    return d


class ProbeWorker:
    __slots__ = ("prober", "worker", "cs", "kind", "probe", "rec", "timer", "successes", "failures", "stopped",
                 "s0", "c0", "anchor", "period", "due", "token", "coast")

    def __init__(self, prober, worker, cs, kind: str, probe: dict):
        self.prober, self.worker, self.cs, self.kind, self.probe = prober, worker, cs, kind, probe
        self.rec = cs.record
        self.timer = None
        self.successes = self.failures = 0
        self.stopped = False
        self.period = int(probe.get("periodSeconds", defaults.PROBE_PERIOD_SECONDS)) * 1000
        self.s0 = prober.sim.now_ms
        self.anchor = self.s0 + int(probe.get("initialDelaySeconds", 0)) * 1000
        self.c0 = 0
        self.due = None
        self.token = 0
        self.coast: _Coast | None = None

    def schedule(self, delay_ms: int) -> None:
        if self.prober.lazy:
            self.prober.dispatch.arm(self, self.prober.sim.now_ms + delay_ms)
            return
        self.timer = self.prober.sim.schedule(delay_ms, self.run, name="probe", priority=2)

    def stop(self) -> None:
        self.stopped = True
        if self.coast is not None:
            self.coast.flush()
            self.coast.end()
        if self.prober.lazy:
            self.prober.dispatch.disarm(self)
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def run(self) -> None:
        self.timer = None
        if self.coast is not None:                  # the first real run after coasting
            self.coast.flush()
            self.coast.end()
        cs, worker = self.cs, self.worker
        if self.stopped or cs.record is not self.rec or not self.rec.running or worker.terminating \
                or not worker.k.running:
            return
        period = self.period
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
            if self.prober.lazy:
                _Coast.begin(self)
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


class _Coast:
    """A probe that is not an event while nothing it reads changes (see the module docstring)."""

    __slots__ = ("w", "next", "until", "log", "programs", "stores", "_wake", "_flush", "_flushing")

    def __init__(self, w, programs, stores, log):
        self.w = w
        self.next = w.due                            # first probe time not run as an event
        self.until = None                            # the probe time armed as a real run again
        self.log = log                               # (server, client, path, status): access-log lines owed
        self.programs, self.stores = programs, stores
        self._flushing = False
        self._wake, self._flush = self.wake, self.flush
        for p in programs:
            p.watchers.append(self._wake)
        for st in stores:
            st.watchers.append(self._wake)
        if log is not None:
            log[0].flushers.append(self._flush)

    @staticmethod
    def begin(w) -> None:
        """After a successful run: coast when nothing is left to do and the outcome is settled."""
        cs, probe = w.cs, w.probe
        if w.stopped or w.due is None or w.kind == "startup" or w.failures or \
                w.successes < int(probe.get("successThreshold", 1)) or (w.kind == "readiness" and not cs.ready):
            return
        found = w.prober.settled(w.worker, cs, probe)
        if found is None:
            return
        coast = w.coast = _Coast(w, *found)
        w.prober.dispatch.disarm(w)
        now = w.prober.sim.now_ms
        for store in coast.stores:                 # changes already known ahead (a script's later ``rm``)
            t = store.next_change_after(now)
            if t is not None:
                coast.wake(t)
        for program in coast.programs:
            if program.exit_ms is not None:
                coast.wake(program.exit_ms)

    def end(self) -> None:
        w = self.w
        w.coast = None
        for p in self.programs:
            if self._wake in p.watchers:
                p.watchers.remove(self._wake)
        for st in self.stores:
            if self._wake in st.watchers:
                st.watchers.remove(self._wake)
        if self.log is not None and self._flush in self.log[0].flushers:
            self.log[0].flushers.remove(self._flush)

    def _happened(self, due: int) -> bool:
        """Whether the reference would already have run the probe due at ``due``."""
        now = self.w.prober.sim.now_ms
        if due != now:
            return due < now
        event = self.w.prober.sim.current
        if event is None or event.priority > 2:
            return True
        if event.priority < 2:
            return False
        d = self.w.prober.dispatch
        if event.callback == d._fire and d.current is not None:
            return _scheduled_before(self.w, d.current, now)
        return True

    def _first_due_from(self, t: int) -> int:
        w = self.w
        if t <= self.next:
            return self.next
        return self.next + -(-(t - self.next) // w.period) * w.period

    def wake(self, t: int) -> None:
        """What the probe reads changes at ``t``: run it for real at its first probe time from then."""
        now = self.w.prober.sim.now_ms
        due = self._first_due_from(max(t, now))
        if due == now and self._happened(due):
            due += self.w.period
        if self.until is None or due < self.until:
            self.until = due
            self.w.prober.dispatch.arm(self.w, due)

    def flush(self) -> None:
        """Write what the coasted runs that already happened would have written — for every probe
        coasting on the same server, merged in the order the runs would have had."""
        if self.log is None or self._flushing:
            return
        server = self.log[0]
        group = [f.__self__ for f in server.flushers if isinstance(getattr(f, "__self__", None), _Coast)]
        for coast in group:
            coast._flushing = True
        try:
            while True:
                best = None
                for coast in group:
                    if coast.w.coast is not coast or (coast.until is not None and coast.next >= coast.until):
                        continue
                    if best is None or coast.next < best.next or (
                            coast.next == best.next and _scheduled_before(coast.w, best.w, coast.next)):
                        best = coast
                if best is None or not best._happened(best.next):
                    return
                _, client, path, status = best.log
                server.access_log(best.next, client, path, status)
                best.next += best.w.period
        finally:
            for coast in group:
                coast._flushing = False


class Prober:
    def __init__(self, kubelet):
        self.k = kubelet
        self.sim = kubelet.sim
        self.lazy = SHORTCUTS
        self.dispatch = _dispatcher(self.sim) if self.lazy else None

    def start(self, worker, cs) -> None:
        self.stop(cs)
        if self.lazy:
            self.wake_pod(worker)
        for kind, key in _KINDS:
            probe = cs.spec.get(key)
            if isinstance(probe, dict):
                pw = ProbeWorker(self, worker, cs, kind, probe)
                if self.lazy:
                    self.dispatch.counter += 1
                    pw.c0 = self.dispatch.counter
                cs.probes.append(pw)
                pw.schedule(int(probe.get("initialDelaySeconds", 0)) * 1000)

    def stop(self, cs) -> None:
        for pw in cs.probes:
            pw.stop()
        cs.probes = []

    def wake_pod(self, worker) -> None:
        """A container starts in the pod: its probes answer from the pod's network afresh."""
        now = self.sim.now_ms
        for other in worker.all_cs():
            for pw in other.probes:
                if pw.coast is not None:
                    pw.coast.wake(now)

    def halt(self) -> None:
        """The kubelet stops: coasting probes become events again (they find it stopped, or restarted)."""
        if not self.lazy:
            return
        now = self.sim.now_ms
        for worker in list(self.k.workers.values()):
            for cs in worker.all_cs():
                for pw in cs.probes:
                    if pw.coast is not None:
                        pw.coast.wake(now)

    def settled(self, worker, cs, probe: dict):
        """What a successful probe's outcome reads, if it can coast: (programs, file stores, access log)."""
        program = cs.record.program
        if isinstance(probe.get("exec"), dict):
            argv = list(probe["exec"].get("command") or [])
            if len(argv) != 2 or argv[0] not in ("cat", "/bin/cat") or program is None or \
                    type(program).exec_hook is not Program.exec_hook:
                return None
            return [program], self._stores(program), None
        http = probe.get("httpGet")
        if isinstance(http, dict) or isinstance(probe.get("tcpSocket"), dict) or isinstance(probe.get("grpc"), dict):
            sandbox = self.k.runtime.sandboxes.get(worker.uid)
            if sandbox is None or sandbox.net is None:
                return None
            records = sandbox.net.records()
            if any(not (r.program.forever or r.program.exit_ms is not None) for r in records):
                return None
            if isinstance(http, dict):
                port = self._port(cs, http.get("port"))
                if http.get("host") or str(http.get("scheme", "HTTP")).lower() != "http":
                    return None
            elif isinstance(probe.get("tcpSocket"), dict):
                if probe["tcpSocket"].get("host"):
                    return None
                port = self._port(cs, probe["tcpSocket"].get("port"))
            else:
                port = int(probe["grpc"].get("port", 0))
            target = self._listener(worker, port)
            if target is None or target.exit_ms is not None or not target.forever:
                return None
            if not isinstance(http, dict):
                return [target], [], None
            if target.respond_varies or (isinstance(target, Nginx) and target._logs_to_files()):
                return None
            path = http.get("path") or "/"
            status = target.respond(port, path, self.sim.now_ms)
            log = (target, self.k.ipam.gateway, path, status) if isinstance(target, Server) else None
            return [target], self._stores(target), log
        return None

    @staticmethod
    def _stores(program) -> list:
        fs = program.files
        return [fs.layer] + [m.store for m in fs.mounts]

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
