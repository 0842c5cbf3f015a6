"""The kubelet: the node agent that runs the pods bound to its node.

It watches pods whose ``spec.nodeName`` is its node (the kubelet's pod config source from the API
server), admits each new one (:mod:`~k8scourse.kubelet.admission`), hands it to a
:class:`~k8scourse.kubelet.pod_worker.PodWorker`, drives the container runtime
(:mod:`k8scourse.runtime`) through the image manager, the prober and the status manager, and keeps
the node's Lease and status fresh (:mod:`~k8scourse.kubelet.node_status`).

Public hooks other components code against (cAdvisor/eviction, metrics, fault injection, kubectl):

* ``node_name``, ``api``, ``sim``, ``recorder``, ``runtime``, ``cadvisor``, ``eviction``;
* :meth:`Kubelet.node`, :meth:`Kubelet.pods`, :meth:`Kubelet.running_containers`;
* :meth:`Kubelet.kill_container` (the OOM killer), :meth:`Kubelet.evict_pod`,
  :meth:`Kubelet.set_node_condition`;
* :meth:`Kubelet.logs` / :meth:`Kubelet.log_entries` (the ``containerLogs`` endpoint);
* :meth:`Kubelet.start` / :meth:`Kubelet.stop` — a stopped kubelet neither acts nor heart-beats;
  its containers keep running, as they do when the real kubelet process dies.

Watch callbacks only record what changed and schedule work at the same simulated instant: the
kubelet never writes to the API server from inside another component's write.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import defaults
from ..api.objects import dig
from ..errors import APIError
from ..node import Machine
from ..runtime import ContainerRuntime
from .admission import admit
from .container import Backoff
from .images import ImageManager
from .cadvisor import CAdvisor
from .eviction import EvictionManager
from .ipam import HostLocalIPAM, IPAMExhausted, NodeSubnetIPAM
from .node_status import NodeStatusReporter
from .pod_worker import PodWorker
from .prober import Prober
from .registration import register
from .status import StatusManager

_TERMINAL = ("Succeeded", "Failed")


@dataclass
class RunningContainer:
    pod: dict           # the Pod as stored (read-only)
    container: dict     # its spec entry
    record: object      # runtime ContainerRecord (.name, .container_id, .started_ms, .restart_count, .program)


class Kubelet:
    """The kubelet of one machine; a component named ``kubelet/<node>``."""

    def __init__(self, api, recorder, machine: Machine, images=None, registers: bool = True,
                 disks: dict | None = None):
        self.api = api
        # The cloud's disks (PV name or network source → contents): they outlive pods and nodes
        self.disks = {} if disks is None else disks
        self.registers = registers          # False: a virtual kubelet, whose provider registers the Node
        self.recorder = recorder
        self.machine = machine
        self.node_name = node_name = machine.name
        self.name = f"kubelet/{node_name}"
        self.host_ip = machine.ip
        self.sim = api.sim
        self.runtime = ContainerRuntime(self.sim, node_name, images)
        self.runtime.on_exit = self._container_exited
        self.backoff = Backoff(defaults.KUBELET_BACKOFF_INITIAL_MS, defaults.KUBELET_BACKOFF_MAX_MS)
        self.images = ImageManager(self)
        self.status = StatusManager(self)
        self.prober = Prober(self)
        self.node_status = NodeStatusReporter(self)
        # Azure CNI: the NIC's secondary addresses; kubenet: the node's podCIDR, once the IPAM gave it
        self._ipam = NodeSubnetIPAM(machine.ip, *machine.pod_ips[1:], defaults.NODE_SUBNET) \
            if machine.pod_ips else None
        self.workers: dict[str, PodWorker] = {}
        self.running = False
        self._started = 0
        self._watch = None
        self.cadvisor = CAdvisor(self)
        self.eviction = EvictionManager(self)

    def network_ready(self) -> bool:
        """Whether the CNI plugin can give pods addresses (kubenet needs the node's ``spec.podCIDR``)."""
        return self._ipam is not None or not self.registers or bool(dig(self.node() or {}, "spec", "podCIDR"))

    @property
    def ipam(self) -> HostLocalIPAM:
        """The CNI plugin's address manager (kubenet: host-local over the node's ``spec.podCIDR``)."""
        if self._ipam is None:
            cidr = dig(self.node() or {}, "spec", "podCIDR")
            if not cidr:
                raise IPAMExhausted("no podCIDR assigned to the node yet: network is not ready")
            self._ipam = HostLocalIPAM(cidr)
        return self._ipam

    def release_ip(self, uid: str) -> None:
        """CNI DEL of pod ``uid``'s address. A node that never had a podCIDR gave none: nothing to
        release (its sandboxes failed with "network is not ready")."""
        if self._ipam is not None:
            self._ipam.release(uid)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "Kubelet":
        if self.running:
            return self
        rebooted = register(self) if self.registers else False
        self._started += 1
        if self._started > 1:       # a restart of the process (the first start is the node's creation)
            self._node_event("Normal", "Starting", "Starting kubelet.")
        if rebooted:
            self._node_event("Warning", "Rebooted",
                             f"Node {self.node_name} has been rebooted, boot id: {self.machine.boot_id}")
        self.running = True
        # the kubelet watches its own node's pods only (fieldSelector spec.nodeName=<node>)
        self._watch = self.api.watch("pods", self._on_pod_event, node_name=self.node_name)
        self.node_status.start()
        seen = set()
        for pod in self.api.store.list("pods", None, copy=False):
            if dig(pod, "spec", "nodeName") == self.node_name:
                seen.add(dig(pod, "metadata", "uid"))
                self._pod_seen(pod)
        for uid, worker in list(self.workers.items()):
            if uid not in seen:
                self._pod_deleted(uid)
            else:
                worker.changed()
                self.sim.schedule(0, worker.sync, name=f"resync {worker.name}")
        # cAdvisor and the eviction manager run inside the kubelet process: a restart starts them afresh
        self.cadvisor = CAdvisor(self).start()
        self.eviction = EvictionManager(self).start()
        return self

    def _node_event(self, type_: str, reason: str, message: str) -> None:
        node = self.node()
        if node is not None:
            self.recorder.event(node, type_, reason, message, component="kubelet", host=self.node_name)

    def stop(self) -> None:
        """The kubelet process dies: no more syncing, status writes or heartbeats."""
        self.running = False
        self.prober.halt()
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self.node_status.stop()
        self.cadvisor.stop()
        self.eviction.stop()

    # ------------------------------------------------------------------ pod events
    def _on_pod_event(self, ev) -> None:
        pod = ev.object
        uid = dig(pod, "metadata", "uid")
        if ev.type == "DELETED":
            if uid in self.workers:
                self.sim.schedule(0, lambda: self._pod_deleted(uid), name="pod deleted")
            return
        if dig(pod, "spec", "nodeName") != self.node_name:
            return
        self._pod_seen(pod)

    def _pod_seen(self, pod: dict) -> None:
        uid = dig(pod, "metadata", "uid")
        worker = self.workers.get(uid)
        if worker is not None:
            worker.update(pod)
            return
        if dig(pod, "status", "phase") in _TERMINAL:
            return
        worker = PodWorker(self, pod)
        self.workers[uid] = worker
        self.sim.schedule(0, lambda: self._admit(worker), name=f"admit {worker.name}")

    def _admit(self, worker: PodWorker) -> None:
        if worker.gone or not self.running:
            return
        pod = self.api.peek("pods", worker.name, worker.namespace)
        if pod is None or dig(pod, "metadata", "uid") != worker.uid:
            self._pod_deleted(worker.uid)
            return
        worker.pod = pod
        if dig(pod, "metadata", "deletionTimestamp"):
            worker.terminate()
            return
        others = [w.pod for w in self.workers.values() if w is not worker and not w.terminal and not w.gone
                  and w.start_ms is not None]
        allocatable = dig(self.node() or {}, "status", "allocatable", default={}) or {}
        refusal = admit(pod, others, allocatable)
        if refusal is not None:
            worker.reject(*refusal)
            return
        worker.start()

    def _pod_deleted(self, uid: str) -> None:
        worker = self.workers.pop(uid, None)
        if worker is not None and not worker.gone:
            worker.removed()
        self.status.forget(uid)

    def forget(self, worker: PodWorker) -> None:
        self.workers.pop(worker.uid, None)
        self.status.forget(worker.uid)
        self.backoff.forget(worker.uid + "/")

    def _container_exited(self, rec) -> None:
        worker = self.workers.get(rec.pod_uid)
        if worker is not None:
            worker.container_exited(rec)

    def _worker(self, namespace: str, pod_name: str) -> PodWorker | None:
        return next((w for w in self.workers.values()
                     if w.name == pod_name and w.namespace == namespace and not w.gone), None)

    # ------------------------------------------------------------------ public hooks
    def node(self) -> dict | None:
        """The Node object as stored (read-only)."""
        return self.api.peek("nodes", self.node_name)

    def pods(self) -> list[dict]:
        """Pods bound here that have not finished (admitted or waiting for admission)."""
        out = []
        for w in self.workers.values():
            if not w.terminal and not w.gone:
                out.append(w.pod)
        return out

    def running_containers(self) -> list[RunningContainer]:
        out = []
        for w in self.workers.values():
            if w.gone:
                continue
            for cs in w.all_cs():
                if cs.running:
                    out.append(RunningContainer(w.pod, cs.spec, cs.record))
        return out

    def kill_container(self, namespace: str, pod_name: str, container_name: str, reason: str = "OOMKilled",
                       exit_code: int = 137, message: str = "") -> bool:
        """Kill a running container now (the kernel's OOM killer); the restart policy applies."""
        worker = self._worker(namespace, pod_name)
        cs = next((c for c in worker.all_cs() if c.name == container_name), None) if worker else None
        if cs is None or not cs.running:
            return False
        self.runtime.kill_container(cs.record, exit_code, reason, message)
        return True

    def evict_pod(self, namespace: str, pod_name: str, message: str) -> bool:
        """Node-pressure eviction: containers killed, phase Failed, reason Evicted, event Evicted."""
        worker = self._worker(namespace, pod_name)
        if worker is None or worker.terminal:
            return False
        worker.evict(message)
        return True

    def set_node_condition(self, type_: str, status: str, reason: str, message: str) -> None:
        self.node_status.set_condition(type_, status, reason, message)

    def log_entries(self, namespace: str, pod_name: str, container: str | None = None,
                    previous: bool = False) -> list[tuple[int, str]]:
        """(unix ms, line) of a container's output; APIError(BadRequest) as the kubelet answers."""
        pod = self.api.peek("pods", pod_name, namespace)
        worker = self._worker(namespace, pod_name)
        if pod is None:
            raise APIError.not_found("pods", pod_name)
        containers = [c["name"] for c in dig(pod, "spec", "containers", default=[])]
        inits = [c["name"] for c in dig(pod, "spec", "initContainers", default=[]) or []]
        if not container:
            if len(containers) != 1:
                raise APIError.bad_request(f"a container name must be specified for pod {pod_name}, choose one "
                                           f"of: [{' '.join(containers)}] or one of the init containers: "
                                           f"[{' '.join(inits)}]" if inits else
                                           f"a container name must be specified for pod {pod_name}, choose one "
                                           f"of: [{' '.join(containers)}]")
            container = containers[0]
        if container not in containers and container not in inits:
            raise APIError.bad_request(f"container {container} is not valid for pod {pod_name}")
        statuses = dig(pod, "status", "containerStatuses", default=[]) + \
            (dig(pod, "status", "initContainerStatuses", default=[]) or [])
        st = next((s for s in statuses if s.get("name") == container), None)
        if st is None:
            raise APIError.bad_request(f'container "{container}" in pod "{pod_name}" is waiting to start: '
                                       f'ContainerCreating')
        state, last = st.get("state") or {}, dig(st, "lastState", "terminated")
        cs = next((c for c in worker.all_cs() if c.name == container), None) if worker else None
        if previous:
            if not last or not last.get("containerID"):
                raise APIError.bad_request(f'previous terminated container "{container}" in pod "{pod_name}" '
                                           f'not found')
            want = last["containerID"]
        elif "running" in state or "terminated" in state:
            want = st.get("containerID") or (last or {}).get("containerID")
        elif last:
            want = last.get("containerID")
        else:
            reason = dig(state, "waiting", "reason", default="")
            text = {"ErrImagePull": "image can't be pulled",
                    "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason)
            raise APIError.bad_request(f'container "{container}" in pod "{pod_name}" is waiting to start: {text}')
        rec = None
        if cs is not None and worker is not None:
            for candidate in (self.runtime.current(worker.uid, container), self.runtime.previous(worker.uid, container)):
                if candidate is not None and candidate.container_id == want:
                    rec = candidate
        if rec is None:
            return []
        return [(self.sim.clock.unix_ms(t), line) for t, line in self.runtime.logs(rec)]

    def logs(self, namespace: str, pod_name: str, container: str | None = None, previous: bool = False) -> list[str]:
        """A container's output lines (see :meth:`log_entries`)."""
        return [line for _, line in self.log_entries(namespace, pod_name, container, previous)]

    def __repr__(self) -> str:
        return f"<Kubelet {self.node_name}: {len(self.workers)} pods, {'running' if self.running else 'stopped'}>"
