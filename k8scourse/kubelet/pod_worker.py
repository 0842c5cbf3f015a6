"""One pod on the node, from admission to removal (the kubelet's pod worker + ``SyncPod``).

:meth:`PodWorker.sync` is level-triggered: it looks at the pod and its containers and takes the
next step, one container action at a time, as the kubelet's sync loop does —

1. **volumes and sandbox**: set the pod's volumes up (:mod:`~k8scourse.kubelet.volumes`; a
   missing ConfigMap/Secret/claim: ``FailedMount``, retried with back-off), run the pause
   container, give the pod an IP from the node's pod CIDR (``PodReadyToStartContainers``),
   :data:`~k8scourse.defaults.KUBELET_SANDBOX_CREATE_MS`; each container is created with its
   ``volumeMounts`` and a fresh writable layer;
2. **init containers**, in order, each to completion (``Init:0/2``); a failing one is retried with
   back-off, or fails the pod under ``restartPolicy: Never`` (``Init:Error``);
3. **app containers**, in order: image (:mod:`~k8scourse.kubelet.images`), the security context
   (:mod:`~k8scourse.kubelet.security`: ``runAsNonRoot`` refused as ``CreateContainerConfigError``),
   ``Created container: x``, ``Started container x``;
4. **restarts**: an exited container restarts per ``restartPolicy`` (Always; OnFailure when the exit
   code is not 0; Never), the first time at once and then after 10 s, 20 s, 40 s … 300 s
   (``CrashLoopBackOff``, ``Back-off restarting failed container x in pod p_ns(uid)`` every
   :data:`~k8scourse.defaults.KUBELET_POD_RESYNC_MS` while waiting);
5. **phase** from the containers (``getPhase``): Pending, Running, Succeeded, Failed; a terminal
   pod's sandbox is torn down and its IP released;
6. **termination** on ``deletionTimestamp``: ``Killing`` ``Stopping container x``, SIGTERM, SIGKILL at
   the grace period, sandbox teardown, then the kubelet's final delete.

While a container waits out its back-off, the status is not built again to find it unchanged
(:meth:`~k8scourse.kubelet.status.StatusManager.unchanged`: same waiting reason and message, nothing
pending, the pod not written since its status was last sent) — the 10 s BackOff events still are.

Deliberate differences: a restart happens exactly when its back-off expires (upstream: at the
worker's next sync after that); BackOff events repeat every 10 s without jitter; between
``Created`` and ``Started`` of a restart no status is written (the API keeps showing the exited
instance, as a real restart is too quick to be seen); an evicted pod keeps the container statuses
it had when evicted (marked not ready), so ``kubectl get pods`` shows ``Evicted``.
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import dig
from ..runtime.images import go_duration_ms
from ..runtime.launch import StartError
from .container import ConfigError, ContainerState, container_env, expand
from . import prober
from .ipam import IPAMExhausted
from .security import identity_for
from .status import pod_phase
from .volumes import container_mounts, mount_volumes, retry_delay_ms


class PodWorker:
    def __init__(self, kubelet, pod: dict):
        self.k = kubelet
        self.pod = pod
        md = pod["metadata"]
        self.uid, self.namespace, self.name = md.get("uid", ""), md.get("namespace", "default"), md["name"]
        spec = pod.get("spec") or {}
        self.init_cs = [ContainerState(c, init=True) for c in spec.get("initContainers") or []]
        self.app_cs = [ContainerState(c) for c in spec.get("containers") or []]
        self.sandbox = None
        self.sandbox_busy = False
        self.pod_ip = ""
        self.start_ms: int | None = None
        self.phase = "Pending"
        self.reason = self.message = None
        self.terminal = self.terminating = self.gone = False
        self.busy = False
        self.conditions: dict[str, tuple] = {}      # type -> (status, reason, message, transition ms)
        self.extra_conditions: list[dict] = []
        self.frozen: dict | None = None             # container statuses kept as they were at eviction
        self._teardown = None
        self.volumes = None                         # kubelet.volumes.PodVolumes once set up
        self._setup_failures, self._setup_retry = 0, None     # sandbox set-up (volumes, network) retries

    # ------------------------------------------------------------------ helpers
    @property
    def restart_policy(self) -> str:
        return dig(self.pod, "spec", "restartPolicy") or "Always"

    def all_cs(self):
        return self.init_cs + self.app_cs

    def event(self, cs, type_: str, reason: str, message: str) -> None:
        self.k.recorder.event(self.pod, type_, reason, message, component="kubelet", host=self.k.node_name,
                              field_path=cs.field_path() if cs is not None else "")

    def changed(self) -> None:
        self.k.status.mark(self)

    def _wake(self, cs, delay_ms: int) -> None:
        if cs.wake is not None:
            cs.wake.cancel()

        def fire():
            cs.wake = None
            self.sync()
        cs.wake = self.k.sim.schedule(max(0, delay_ms), fire, name=f"pod sync {self.name}")

    def pod_key(self) -> str:
        return f"{self.name}_{self.namespace}({self.uid})"

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self.start_ms = self.k.sim.now_ms
        self.changed()
        self.sync()

    def reject(self, reason: str, message: str) -> None:
        self.phase, self.reason, self.message, self.terminal = "Failed", reason, "Pod was rejected: " + message, True
        self.start_ms = self.k.sim.now_ms
        self.event(None, "Warning", reason, message)
        self.changed()

    def update(self, pod: dict) -> None:
        self.pod = pod
        if dig(pod, "metadata", "deletionTimestamp") and not self.terminating and not self.gone:
            self.k.sim.schedule(0, self.terminate, name=f"terminate {self.name}")

    def sync(self) -> None:
        if self.gone or self.terminal or not self.k.running:
            return
        if self.terminating:
            self._continue_termination()
            return
        if self.sandbox is None:
            if not self.sandbox_busy and self._setup_retry is None:
                self._create_sandbox()
            return
        for cs in self.init_cs:
            if cs.sidecar:
                if cs.running and cs.started:
                    continue
                if not cs.running and not cs.busy and self._may_start(cs, True):
                    self._start(cs)
                return
            if cs.term is not None and cs.term["exitCode"] == 0:
                continue
            if cs.running or cs.busy or self.busy:
                return
            if cs.term is not None:
                if self.restart_policy == "Never":
                    self._update_phase()
                    return
                if not self._restart_allowed(cs):
                    return
            elif not self._may_start(cs, False):
                return
            self._start(cs)
            return
        for cs in self.app_cs:
            if cs.running or cs.busy:
                continue
            if cs.term is not None:
                if not self._should_restart(cs) or not self._restart_allowed(cs):
                    continue
            elif not self._may_start(cs, False):
                continue
            if self.busy:
                return
            self._start(cs)
            return
        self._update_phase()

    def _should_restart(self, cs) -> bool:
        policy = self.restart_policy
        return policy == "Always" or (policy == "OnFailure" and cs.term["exitCode"] != 0)

    def _may_start(self, cs, sidecar: bool) -> bool:
        """First start (or a start after an image/config problem): honour the image back-off."""
        if cs.waiting and cs.waiting[0] in ("ErrImagePull", "ImagePullBackOff"):
            left = self.k.images.retry_in_ms(self, cs)
            if left > 0:
                if cs.wake is None:
                    self._wake(cs, left)
                return False
        if cs.waiting and cs.waiting[0] in ("ErrImageNeverPull", "InvalidImageName"):
            return False
        if cs.wake is not None:
            return False
        return True

    def _restart_allowed(self, cs) -> bool:
        """Crash back-off: True when the container may restart now (and counts the restart)."""
        if cs.wake is not None:
            return False
        key = f"{self.uid}/{cs.name}"
        now = self.k.sim.now_ms
        finished = cs.term["_finished_ms"]
        if self.k.backoff.in_backoff(key, finished, now):
            delay = self.k.backoff.get(key)
            waiting = ("CrashLoopBackOff", f"back-off {go_duration_ms(delay)} restarting failed container="
                                           f"{cs.name} pod={self.pod_key()}")
            same = waiting == cs.waiting and prober.SHORTCUTS and self.k.status.unchanged(self)
            cs.waiting = waiting
            self.event(cs, "Warning", "BackOff", f"Back-off restarting failed container {cs.name} in pod "
                                                 f"{self.pod_key()}")
            if not same:                        # (an unchanged status is not built again to find it equal)
                self.changed()
            self._wake(cs, min(finished + delay - now, defaults.KUBELET_POD_RESYNC_MS))
            return False
        self.k.backoff.next(key, finished, now)
        return True

    # ------------------------------------------------------------------ sandbox and containers
    def _create_sandbox(self) -> None:
        self.sandbox_busy = True

        def done():
            self.sandbox_busy = False
            if self.gone or self.terminating:
                self._continue_termination() if self.terminating else None
                return
            if not mount_volumes(self):
                return
            if dig(self.pod, "spec", "hostNetwork"):
                self.pod_ip = self.k.host_ip
            else:
                try:
                    self.pod_ip = self.k.ipam.allocate(self.uid)
                except IPAMExhausted as exc:        # CNI ADD failed: the kubelet retries the sandbox later
                    self.setup_failed("FailedCreatePodSandBox", "Failed to create pod sandbox: rpc error: code = "
                                      "Unknown desc = failed to setup network for sandbox: plugin type=\"bridge\" "
                                      f"failed (add): {exc}")
                    return
            self.sandbox = self.k.runtime.run_pod_sandbox(self.uid, self.pod_ip,
                                                          dig(self.pod, "spec", "hostname") or self.name)
            self.changed()
            self.sync()

        self.k.sim.schedule(defaults.KUBELET_SANDBOX_CREATE_MS, done, name=f"sandbox {self.name}")

    def setup_failed(self, reason: str, message: str) -> None:
        """Setting the sandbox up failed (a volume, the network): a Warning event, then the kubelet
        tries again with back-off (0.5 s doubling to about 2 minutes, as its volume manager does)."""
        self._setup_failures += 1
        self.event(None, "Warning", reason, message)

        def again():
            self._setup_retry = None
            self.sync()
        self._setup_retry = self.k.sim.schedule(retry_delay_ms(self._setup_failures), again,
                                                name=f"sandbox set-up {self.name}")

    def _start(self, cs) -> None:
        self.busy = cs.busy = True

        def finish(ok: bool):
            self.busy = cs.busy = False
            self.changed()
            if ok is False:
                self.sync()

        def image_ready(info):
            if self.gone or self.terminating:
                finish(None)
                self._continue_termination()
                return
            if info is None:
                finish(False)
                return
            cs.image_info = info
            try:
                env = container_env(self.k.api, self.pod, cs.spec, self.pod_ip, self.k.host_ip)
                cs.identity = identity_for(self.pod, cs.spec, info)
                if cs.identity.uid != 0:            # the runtime sets HOME from /etc/passwd ("/" without an entry)
                    env["HOME"] = cs.identity.home
            except ConfigError as exc:
                cs.waiting = ("CreateContainerConfigError", str(exc))
                self.event(cs, "Warning", "Failed", f"Error: {exc}")
                self._wake(cs, defaults.KUBELET_POD_RESYNC_MS)
                finish(None)
                return
            self.k.sim.schedule(defaults.KUBELET_CONTAINER_CREATE_MS, lambda: create(info, env),
                                name=f"create {cs.name}")

        def create(info, env):
            if self.gone or self.terminating:
                finish(None)
                self._continue_termination()
                return
            spec = dict(cs.spec)
            for key in ("command", "args"):
                if spec.get(key):
                    spec[key] = expand(spec[key], env)
            restarting = cs.term is not None
            if restarting:
                cs.restart_count += 1
                cs.last_term, cs.term = cs.term, None
            cs.record = self.k.runtime.create_container(self.sandbox, spec, info, env, self.name, cs.restart_count,
                                                        mounts=container_mounts(self, cs), identity=cs.identity)
            cs.waiting = None
            self.event(cs, "Normal", "Created", f"Created container: {cs.name}")
            self.k.sim.schedule(defaults.KUBELET_CONTAINER_START_MS, lambda: start(cs.record),
                                name=f"start {cs.name}")

        def start(rec):
            if self.gone or self.terminating or cs.record is not rec:
                finish(None)
                self._continue_termination()
                return
            try:
                self.k.runtime.start_container(rec)
            except StartError as exc:
                self.event(cs, "Warning", "Failed", f"Error: {exc}")
                finish(None)
                self.container_exited(rec)
                return
            self.event(cs, "Normal", "Started", f"Started container {cs.name}")
            cs.started = "startupProbe" not in cs.spec
            cs.ready = "readinessProbe" not in cs.spec
            self.k.prober.start(self, cs)
            finish(True)
            self.sync()

        self.k.images.ensure(self, cs, image_ready)

    def container_exited(self, rec) -> None:
        """The runtime's notice that a container's process ended (the PLEG's ContainerDied)."""
        cs = next((c for c in self.all_cs() if c.record is rec), None)
        if cs is None:
            return
        self.k.prober.stop(cs)
        cs.ready = cs.started = False
        term = {"containerID": rec.container_id, "exitCode": rec.exit_code,
                "finishedAt": self.k.sim.clock.rfc3339(rec.finished_ms), "reason": rec.reason,
                "startedAt": self.k.sim.clock.rfc3339(rec.started_ms if rec.started_ms is not None else
                                                      rec.finished_ms),
                "_finished_ms": rec.finished_ms}
        if rec.message:
            term["message"] = rec.message
        cs.term = term
        self.changed()
        if self.terminating:
            self._continue_termination()
        else:
            self.sync()

    # ------------------------------------------------------------------ phase
    def compute_phase(self) -> str:
        return pod_phase(self)

    def _update_phase(self) -> None:
        phase = self.compute_phase()
        if phase != self.phase:
            self.phase = phase
            self.changed()
        if phase in ("Succeeded", "Failed") and not self.terminal:
            self.terminal = True
            self._tear_down(finalize=False)

    # ------------------------------------------------------------------ termination
    def terminate(self) -> None:
        if self.terminating or self.gone:
            return
        self.terminating = True
        grace_s = dig(self.pod, "metadata", "deletionGracePeriodSeconds")
        if grace_s is None:
            grace_s = dig(self.pod, "spec", "terminationGracePeriodSeconds",
                          default=defaults.TERMINATION_GRACE_PERIOD_SECONDS)
        for cs in list(reversed(self.app_cs)) + list(reversed(self.init_cs)):
            if cs.wake is not None:
                cs.wake.cancel()
                cs.wake = None
            self.k.prober.stop(cs)
            if cs.running:
                self.event(cs, "Normal", "Killing", f"Stopping container {cs.name}")
                self.k.runtime.stop_container(cs.record, int(grace_s) * 1000)
        self.changed()
        self._continue_termination()

    def _continue_termination(self) -> None:
        if self.gone or self.busy or self.sandbox_busy or any(cs.running for cs in self.all_cs()):
            return
        self._tear_down(finalize=True)

    def _tear_down(self, finalize: bool) -> None:
        if self._teardown is not None:
            return
        for cs in self.all_cs():
            self.k.prober.stop(cs)
            if cs.running:
                self.k.runtime.kill_container(cs.record, 137, "Error")

        def done():
            self.k.runtime.remove_pod_sandbox(self.uid, forget=finalize)
            self.k.release_ip(self.uid)
            self.sandbox = None
            if finalize:
                self.phase = "Succeeded" if all(
                    cs.term is not None and cs.term["exitCode"] == 0 for cs in self.app_cs) else "Failed"
                self.terminal = True
            self.k.status.send(self)
            if finalize:
                self.gone = True
                self.k.forget(self)
                self.k.status.finalize(self.namespace, self.name, self.uid)

        self._teardown = self.k.sim.schedule(defaults.KUBELET_SANDBOX_TEARDOWN_MS, done,
                                             name=f"teardown {self.name}")

    def removed(self) -> None:
        """The pod is gone from the API (force delete): kill everything now, write nothing."""
        self.gone = True
        for cs in self.all_cs():
            if cs.wake is not None:
                cs.wake.cancel()
            self.k.prober.stop(cs)
        self.k.runtime.remove_pod_sandbox(self.uid)
        self.k.release_ip(self.uid)
        self.k.backoff.forget(self.uid + "/")

    def evict(self, message: str) -> None:
        from .status import build_status
        current = self.k.api.peek("pods", self.name, self.namespace)
        frozen = build_status(self, (current or {}).get("status"))
        self.frozen = {key: [dict(cs, ready=False, started=False) for cs in frozen.get(key) or []]
                       for key in ("initContainerStatuses", "containerStatuses")}
        self.reason, self.message = "Evicted", message
        self.phase = "Failed"
        now = self.k.sim.clock.rfc3339()
        self.extra_conditions = [{"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                                  "lastTransitionTime": now, "reason": "TerminationByKubelet", "message": message}]
        self.event(None, "Warning", "Evicted", message)
        for cs in self.all_cs():
            if cs.wake is not None:
                cs.wake.cancel()
                cs.wake = None
            if cs.running:
                self.event(cs, "Normal", "Killing", f"Stopping container {cs.name}")
        self.terminal = True
        self.changed()
        self._tear_down(finalize=False)
