"""A small stand-in kubelet implementing the hooks cAdvisor, eviction and metrics-server use.

It lets the accounting modules be tested on their own: pods are real API objects (created with
``spec.nodeName``), containers "run" when the test says so, with a program whose demand is a
function of simulated time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8scourse.apiserver import APIServer
from k8scourse.client import EventRecorder
from k8scourse.node import node_resources
from k8scourse.sim import Simulation

MiB = 1024 * 1024


class FnProgram:
    def __init__(self, fn):
        self.fn = fn
        self.exit_ms = None

    def demand(self, now_ms):
        return self.fn(now_ms)


def const(cpu_m: float, mem_bytes: int) -> FnProgram:
    return FnProgram(lambda t: (cpu_m, mem_bytes))


@dataclass
class Record:
    name: str
    container_id: str
    started_ms: int
    restart_count: int
    program: object


@dataclass
class Running:
    pod: dict
    container: dict
    record: Record


@dataclass
class FakeKubelet:
    api: APIServer
    node_name: str
    kills: list = field(default_factory=list)
    evictions: list = field(default_factory=list)
    conditions: dict = field(default_factory=dict)
    running: bool = True
    cadvisor: object = None

    def __post_init__(self):
        self.host_ip = "10.224.0.4"
        self.sim = self.api.sim
        self.recorder = EventRecorder(self.api)
        self.runtime = None
        self._running: dict[tuple[str, str], Running] = {}
        self._ids = 0

    # -- hooks ---------------------------------------------------------------------------------
    def node(self) -> dict:
        return self.api.get("nodes", self.node_name, "")

    def pods(self) -> list[dict]:
        return [p for p in self.api.list("pods")["items"]
                if p["spec"].get("nodeName") == self.node_name
                and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]

    def running_containers(self) -> list[Running]:
        return [self._running[k] for k in sorted(self._running)]

    def kill_container(self, namespace, pod_name, container_name, reason="OOMKilled", exit_code=137, message=""):
        self.kills.append((self.sim.now_ms, namespace, pod_name, container_name, reason, exit_code))
        self._running.pop((namespace, pod_name, container_name), None)

    def evict_pod(self, namespace, pod_name, message):
        self.evictions.append((self.sim.now_ms, namespace, pod_name, message))
        self.recorder.event(self.api.get("pods", pod_name, namespace), "Warning", "Evicted", message,
                            component="kubelet", host=self.node_name)
        for key in [k for k in self._running if k[:2] == (namespace, pod_name)]:
            del self._running[key]
        pod = self.api.get("pods", pod_name, namespace)
        pod["status"].update({"phase": "Failed", "reason": "Evicted", "message": message})
        self.api.update_status(pod)

    def set_node_condition(self, type_, status, reason, message):
        self.conditions[type_] = (status, reason, message)

    # -- test controls -------------------------------------------------------------------------
    def start(self, namespace: str, pod_name: str, container: str, program) -> Running:
        pod = self.api.get("pods", pod_name, namespace)
        spec = next(c for c in pod["spec"]["containers"] if c["name"] == container)
        self._ids += 1
        old = self._running.get((namespace, pod_name, container))
        rec = Record(container, f"containerd://{self._ids:064x}", self.sim.now_ms,
                     old.record.restart_count + 1 if old else 0, program)
        rc = Running(pod, spec, rec)
        self._running[(namespace, pod_name, container)] = rc
        # like the real kubelet, report the start (this is what cAdvisor's OOM watch sees)
        pod["status"]["containerStatuses"] = [{"name": container, "restartCount": rec.restart_count,
                                               "state": {"running": {}}}]
        self.api.update_status(pod)
        return rc

    def stop_container(self, namespace, pod_name, container):
        rc = self._running.pop((namespace, pod_name, container), None)
        if rc is not None:
            rc.record.program.exit_ms = self.sim.now_ms


def make_api(seed: int = 0, memory_ki: int = 7097684, cores: int = 2, version: str = "1.32.4",
             node_name: str = "node-1") -> APIServer:
    api = APIServer(Simulation(seed=seed), validate_schemas=False)
    add_node(api, node_name, memory_ki, cores, version)
    return api


def add_node(api, name: str, memory_ki: int = 7097684, cores: int = 2, version: str = "1.32.4") -> dict:
    res = node_resources(cores, memory_ki, 110, version)
    return api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": {"pool": "a"}},
                       "status": {**res, "nodeInfo": {
                           "kubeletVersion": f"v{version}", "kubeProxyVersion": f"v{version}",
                           "machineID": "m", "systemUUID": "s", "bootID": "b", "kernelVersion": "5.15.0",
                           "osImage": "Ubuntu 22.04.5 LTS", "containerRuntimeVersion": "containerd://1.7.25-1",
                           "operatingSystem": "linux", "architecture": "amd64"},
                                  "conditions": [{"type": "Ready", "status": "True"}]}},
                      trusted=True)


def make_pod(api, name: str, node: str = "node-1", namespace: str = "default", containers=None,
             priority: int | None = None, labels: dict | None = None) -> dict:
    """``containers``: list of (name, requests dict, limits dict)."""
    cs = [{"name": n, "image": "busybox:1.36",
           "resources": {k: v for k, v in (("requests", r), ("limits", l)) if v}}
          for n, r, l in (containers or [(name, {}, {})])]
    body = {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": labels or {"app": name}},
            "spec": {"nodeName": node, "containers": cs}}
    if priority is not None:
        body["spec"]["priority"] = priority
    pod = api.create(body)
    pod["status"]["phase"] = "Running"
    return api.update_status(pod)
