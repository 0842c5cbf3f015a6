"""The container runtime of one node (containerd's role behind the kubelet's CRI calls).

* **Pod sandbox** (``RunPodSandbox``): a ``pause`` container holding the pod's network namespace
  and IP (:mod:`~k8scourse.runtime.sandbox`: ports bound once per pod, ``localhost`` shared by
  the pod's containers); hidden from kubectl, removed with the pod.
* **File systems** (:mod:`~k8scourse.runtime.filesystem`): each container instance gets a new
  writable layer on top of its image's files — what it wrote is gone when it restarts — and the
  ``mounts`` the kubelet passes (its volumes: an ``emptyDir`` store lives as long as the pod,
  :meth:`ContainerRuntime.pod_volume`; ``hostPath`` is the node's own tree, :attr:`node_disk`).
  :meth:`ContainerRuntime.files` is a container's tree for ``kubectl exec``.
* **Containers** (``CreateContainer`` / ``StartContainer`` / ``StopContainer``): IDs are
  ``containerd://`` + 64 hex digits from the cluster's RNG. A started container runs its
  :class:`~k8scourse.runtime.programs.Program`; when the program ends the runtime tells the
  kubelet (``on_exit``, the role of the PLEG's container-died event).
* **Stop** with a grace period: SIGTERM first; a program with a handler exits after its own
  delay (nginx ~0.1 s, exit 0); PID 1 without a handler (a shell, ``sleep``) ignores it and is
  SIGKILLed when the grace period ends: exit code 137 (128 + 9). A kill reason (``OOMKilled``) can
  be forced by the kubelet's callers.
* **Exit reasons** as containerd reports them: ``Completed`` (exit 0), ``Error`` (non-zero),
  ``OOMKilled``, ``StartError`` (exit 128, the process could not be started).
* **External load** — :meth:`ContainerRuntime.set_load` adds CPU/memory to what a program wants
  (traffic, the accounting's experiments); it sticks to the container across restarts.

Deliberate differences: no real processes, cgroups or namespaces; ``stop`` of an already exited
container is a no-op; only the current and the previous instance of each container are kept
(enough for ``kubectl logs --previous``, as the kubelet's container GC keeps one dead container).

>>> from k8scourse.sim import Simulation
>>> from k8scourse.runtime.images import lookup
>>> sim = Simulation(seed=0); rt = ContainerRuntime(sim, "node-0")
>>> sb = rt.run_pod_sandbox("uid-1", "10.244.0.2")
>>> c = rt.create_container(sb, {"name": "c", "command": ["sh", "-c", "echo hi; exit 3"]}, lookup("busybox"))
>>> rt.start_container(c); sim.run(seconds=1)
>>> c.state, c.exit_code, c.reason, [line for _, line in rt.logs(c)]
('exited', 3, 'Error', ['hi'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import defaults
from .filesystem import ContainerFS, FileStore, Mount
from .images import ImageInfo, ImageStore, lookup, PAUSE_IMAGE
from .launch import StartError, make_program
from .pages import image_files
from .programs import Program
from .sandbox import PodNetwork, Sandbox
from .security import ROOT, Identity

__all__ = ["ContainerRecord", "ContainerRuntime", "Sandbox"]


@dataclass
class ContainerRecord:
    """One instance of a container (a restart makes a new record)."""
    pod_uid: str
    name: str
    container_id: str
    image: ImageInfo
    spec: dict
    restart_count: int = 0
    state: str = "created"                 # created, running, exited
    created_ms: int = 0
    started_ms: int | None = None
    finished_ms: int | None = None
    exit_code: int | None = None
    reason: str = ""
    message: str = ""
    program: Program | None = None
    stop_requested_ms: int | None = None
    forced_reason: str = ""
    program_env: dict = field(default_factory=dict)
    hostname: str = "localhost"
    mounts: list = field(default_factory=list)      # runtime.filesystem.Mount of its volumeMounts
    identity: Identity = ROOT                       # the security context it runs with
    _watch: object = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.state == "running"


class ContainerRuntime:
    def __init__(self, sim, node_name: str, images: ImageStore | None = None, hostname_of=None):
        self.sim = sim
        self.node_name = node_name
        self.images = images or ImageStore()
        self.on_exit: Callable[[ContainerRecord], None] | None = None
        self.sandboxes: dict[str, Sandbox] = {}
        self._current: dict[tuple[str, str], ContainerRecord] = {}
        self._previous: dict[tuple[str, str], ContainerRecord] = {}
        self._load: dict[tuple[str, str], tuple[float, int]] = {}
        self.node_disk = FileStore(f"{node_name}:/", kind="hostPath")    # the node's own files (hostPath)
        self._pod_volumes: dict[str, dict[str, FileStore]] = {}          # pod uid -> emptyDir name -> store
        # Requests from a container to anything outside its pod: (pod uid, host, port, path, agent) ->
        # a response with kind/status/body/address/elapsed_ms (the cluster wires its traffic model in).
        self.remote: Callable | None = None

    # ------------------------------------------------------------------ helpers
    def _new_id(self) -> str:
        return f"{self.sim.rng.getrandbits(256):064x}"

    def _unix(self, t_ms: int) -> int:
        return self.sim.clock.unix_ms(t_ms)

    # ------------------------------------------------------------------ sandboxes
    def run_pod_sandbox(self, pod_uid: str, ip: str, hostname: str = "") -> Sandbox:
        pause = make_program(lookup(PAUSE_IMAGE), started_ms=self.sim.now_ms, now_unix_ms=self._unix)
        sandbox = Sandbox(pod_uid, self._new_id(), ip, self.sim.now_ms, pause, net=PodNetwork(self, pod_uid, ip),
                          hostname=hostname)
        self.sandboxes[pod_uid] = sandbox
        return sandbox

    def pod_volume(self, pod_uid: str, name: str, medium: str = "") -> FileStore:
        """The pod's ``emptyDir`` store ``name`` (made on first use, gone when the pod is removed)."""
        stores = self._pod_volumes.setdefault(pod_uid, {})
        if name not in stores:
            stores[name] = FileStore(f"emptyDir {name}", kind="emptyDir", medium=medium)
        return stores[name]

    def remove_pod_sandbox(self, pod_uid: str, forget: bool = True) -> None:
        """Stop the pause container; ``forget`` also removes the pod's dead containers (and logs)."""
        self.sandboxes.pop(pod_uid, None)
        for key in [k for k in self._current if k[0] == pod_uid]:
            rec = self._current[key]
            if rec.running:
                self._terminate(rec, self.sim.now_ms, 137, "Error")
            if forget:
                del self._current[key]
                self._previous.pop(key, None)
        if not forget:
            return
        self._pod_volumes.pop(pod_uid, None)
        for key in [k for k in self._load if k[0] == pod_uid]:
            del self._load[key]

    # ------------------------------------------------------------------ containers
    def create_container(self, sandbox: Sandbox, spec: dict, image: ImageInfo, env: dict | None = None,
                         hostname: str = "localhost", restart_count: int = 0,
                         mounts: list[Mount] | None = None, identity: Identity | None = None) -> ContainerRecord:
        key = (sandbox.pod_uid, spec["name"])
        rec = ContainerRecord(sandbox.pod_uid, spec["name"], "containerd://" + self._new_id(), image, spec,
                              restart_count=restart_count, created_ms=self.sim.now_ms,
                              program_env=dict(env or {}), hostname=hostname, mounts=list(mounts or []),
                              identity=identity or ROOT)
        old = self._current.get(key)
        if old is not None:
            self._previous[key] = old
        self._current[key] = rec
        if sandbox.net is not None and rec.name not in sandbox.net.names:
            sandbox.net.names.append(rec.name)
        return rec

    def start_container(self, rec: ContainerRecord) -> None:
        """Start the process; :class:`StartError` leaves the record exited with reason StartError."""
        now = self.sim.now_ms
        spec = rec.spec
        try:
            program = make_program(rec.image, spec.get("command"), spec.get("args"), rec.program_env, now,
                                   self._unix, rec.hostname, rec.identity)
        except StartError as exc:
            rec.state, rec.started_ms, rec.finished_ms = "exited", None, now
            rec.exit_code, rec.reason, rec.message = 128, "StartError", str(exc)
            raise
        rec.program = program
        program.load = self._load.get((rec.pod_uid, rec.name), (0.0, 0))
        sandbox = self.sandboxes.get(rec.pod_uid)
        layer = FileStore(f"{rec.container_id[13:25]} layer", base=image_files(rec.image.program))
        program.attach(ContainerFS(layer, rec.mounts, read_only_root=rec.identity.read_only_root),
                       sandbox.net if sandbox else None, lambda: self.sim.now_ms)
        program.userland, program.tools = rec.image.userland, rec.image.tools
        program.on_change = lambda: self._watch(rec)
        for m in rec.mounts:
            m.store.peers = [p for p in m.store.peers if p.exit_ms is None] + [program]
        rec.state, rec.started_ms = "running", now
        self._watch(rec)

    def _watch(self, rec: ContainerRecord) -> None:
        """Schedule the PLEG notice for the program's exit (or a look further ahead)."""
        if rec._watch is not None:
            rec._watch.cancel()
            rec._watch = None
        program = rec.program
        now = self.sim.now_ms
        program.run_until(now + defaults.PROGRAM_LOOKAHEAD_MS)
        if program.exit_ms is not None:
            rec._watch = self.sim.schedule(max(0, program.exit_ms - now), lambda: self._exited(rec),
                                           name=f"container exit {rec.name}", priority=1)
        elif not program.forever:
            again = max(program.next_step_ms, now + 1) - now
            rec._watch = self.sim.schedule(again, lambda: self._watch(rec), name=f"container watch {rec.name}",
                                           priority=1)

    def _exited(self, rec: ContainerRecord) -> None:
        rec._watch = None
        if rec.state != "running":
            return
        program = rec.program
        code = program.exit_code if program.exit_code is not None else 0
        reason = rec.forced_reason or ("Completed" if code == 0 else "Error")
        rec.state, rec.finished_ms, rec.exit_code, rec.reason = "exited", program.exit_ms, code, reason
        if self.on_exit is not None:
            self.on_exit(rec)

    def _terminate(self, rec: ContainerRecord, at_ms: int, code: int, reason: str, message: str = "") -> None:
        rec.program.terminate(at_ms, code)
        rec.forced_reason = reason
        rec.message = message
        self._watch(rec)

    def stop_container(self, rec: ContainerRecord, grace_ms: int) -> int | None:
        """SIGTERM, then SIGKILL at ``grace_ms``; returns when the container will be gone."""
        if not rec.running:
            return rec.finished_ms
        now = self.sim.now_ms
        if rec.stop_requested_ms is not None:
            return rec.program.exit_ms
        rec.stop_requested_ms = now
        program = rec.program
        program.run_until(now + grace_ms)
        if program.exit_ms is not None and program.exit_ms <= now + grace_ms:
            self._watch(rec)
            return program.exit_ms
        if program.sigterm is not None and program.sigterm[0] <= grace_ms:
            delay, code = program.sigterm
            for line in getattr(program, "on_stop_lines", lambda t: [])(now):
                program._emit(now + delay, line)
            program.terminate(now + delay, code)
            self._watch(rec)
            return now + delay
        self._terminate(rec, now + grace_ms, 137, "Error")
        return now + grace_ms

    def kill_container(self, rec: ContainerRecord, exit_code: int = 137, reason: str = "Error",
                       message: str = "") -> None:
        """Kill at once (SIGKILL, the OOM killer): the kubelet hears of it through ``on_exit``."""
        if not rec.running:
            return
        self._terminate(rec, self.sim.now_ms, exit_code, reason, message)

    def set_load(self, pod_uid: str, container_name: str, cpu_millicores: float | None = None,
                 memory_bytes: int | None = None) -> None:
        """Extra demand on top of the program's own (None keeps the previous value)."""
        key = (pod_uid, container_name)
        cpu, mem = self._load.get(key, (0.0, 0))
        cpu = cpu if cpu_millicores is None else float(cpu_millicores)
        mem = mem if memory_bytes is None else int(memory_bytes)
        self._load[key] = (cpu, mem)
        rec = self._current.get(key)
        if rec is not None and rec.program is not None:
            rec.program.load = (cpu, mem)

    # ------------------------------------------------------------------ reads
    def listener(self, pod_uid: str, port: int) -> Program | None:
        """The program listening on ``port`` in the pod's network namespace now (None: refused)."""
        sandbox = self.sandboxes.get(pod_uid)
        rec = sandbox.net.listener(port, self.sim.now_ms) if sandbox and sandbox.net else None
        return rec.program if rec is not None else None

    def listener_record(self, pod_uid: str, port: int) -> ContainerRecord | None:
        sandbox = self.sandboxes.get(pod_uid)
        return sandbox.net.listener(port, self.sim.now_ms) if sandbox and sandbox.net else None

    def files(self, pod_uid: str, name: str) -> ContainerFS | None:
        """The running container's file tree, read and written now (``kubectl exec``: ``cat``, ``ls``, ``>``)."""
        rec = self._current.get((pod_uid, name))
        if rec is None or rec.program is None:
            return None
        rec.program.run_until(self.sim.now_ms)
        return rec.program.files.at(self.sim.now_ms)

    def exec(self, pod_uid: str, name: str, argv: list[str], timeout_ms: int = 60_000) -> tuple[int | None, str]:
        """Run ``argv`` in the running container now: (exit status or None on timeout, output)."""
        rec = self._current.get((pod_uid, name))
        if rec is None or not rec.running:
            return 126, f'container not found ("{name}")'
        return rec.program.exec(list(argv), self.sim.now_ms, timeout_ms)

    def current(self, pod_uid: str, name: str) -> ContainerRecord | None:
        return self._current.get((pod_uid, name))

    def previous(self, pod_uid: str, name: str) -> ContainerRecord | None:
        return self._previous.get((pod_uid, name))

    def running_records(self) -> list[ContainerRecord]:
        return [r for r in self._current.values() if r.running]

    def logs(self, rec: ContainerRecord) -> list[tuple[int, str]]:
        """(simulated ms, line) of a container's output so far."""
        if rec.program is None:
            return []
        return rec.program.lines(self.sim.now_ms)
