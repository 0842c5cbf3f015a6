"""The control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
cloud-controller-manager — the boxes of the architecture slide, each a component of its own.

On AKS the control plane is run by Azure and is not visible as nodes; its processes still exist
and can fail, which is what ``cluster.faults.stop("scheduler")`` and friends show. They talk to
each other only through the API server:

* **etcd** (:class:`~k8scourse.apiserver.store.Store`) keeps every object;
* **kube-apiserver** (:class:`~k8scourse.apiserver.APIServer`) is the only way into etcd;
* **kube-controller-manager** (:class:`~k8scourse.controllers.manager.ControllerManager`) runs the
  controllers — replication, deployments, jobs, garbage collection, node lifecycle, node IPAM
  (``--allocate-node-cidrs``)…;
* **kube-scheduler** binds pods to nodes;
* **cloud-controller-manager** (:class:`~k8scourse.controllers.manager.CloudControllerManager`) runs
  the cloud's controllers — here the service controller that gives ``type: LoadBalancer`` Services
  their public IP.

A controller-manager or scheduler that (re)starts takes the leader lease and records the
``LeaderElection`` event (``<identity> became leader``), as the real ones do.

>>> from k8scourse.sim import Simulation
>>> cp = ControlPlane(Simulation(seed=0))
>>> [c.name for c in cp.components()]
['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager']
>>> cp.controller_manager.stop(); cp.controller_manager.running
False
"""

from __future__ import annotations

from . import defaults
from .apiserver import APIServer
from .client import EventBroadcaster, EventRecorder
from .controllers import CloudControllerManager, ControllerManager
from .errors import SimulationError
from .i18n import t
from .scheduler import Scheduler
from .sim import Simulation


class _LeaderElected:
    """A control-plane process that takes its leader lease when it (re)starts."""

    name = ""
    lease = ""

    def __init__(self, api: APIServer, identity: str):
        self.api = api
        self.identity = identity
        self.recorder = EventRecorder(api)
        self._starts = 0

    def _check_api(self) -> None:
        if not (self.api.running and self.api.store.running):
            raise SimulationError(t("sim.needs_control_plane", part=self.short_name))

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("kube-")

    def _leader_event(self) -> None:
        self._starts += 1
        if self._starts == 1:           # the cluster's first start happened long before the student looked
            return
        obj = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
               "metadata": {"name": self.lease, "namespace": "kube-system"}}
        self.recorder.event(obj, "Normal", "LeaderElection", f"{self.identity}_{self._starts - 1:08d} became leader",
                            component=self.lease)


class SchedulerProcess(_LeaderElected):
    """kube-scheduler as a process: the :class:`~k8scourse.scheduler.Scheduler` and its leader lease."""

    name = lease = "kube-scheduler"

    def __init__(self, api: APIServer, identity: str):
        super().__init__(api, identity)
        # kube-scheduler reports through events.k8s.io/v1; its host is the control-plane node
        self.scheduler = Scheduler(api, EventBroadcaster(api, identity))

    @property
    def running(self) -> bool:
        return self.scheduler.running

    def start(self) -> "SchedulerProcess":
        if not self.scheduler.running:
            if self._starts:
                self._check_api()
            self.scheduler.start()
            self._leader_event()
        return self

    def stop(self) -> None:
        self.scheduler.stop()


class ControlPlane:
    """The control-plane processes of one cluster, started in the order a cluster boots them."""

    def __init__(self, sim: Simulation, *, name: str = "k8scourse", service_cidr: str = defaults.SERVICE_CIDR,
                 allocate_node_cidrs: bool = True, cluster_cidr: str = defaults.POD_CIDR,
                 node_cidr_mask_size: int = defaults.NODE_CIDR_MASK):
        self.apiserver = APIServer(sim, service_cidr=service_cidr)
        self.etcd = self.apiserver.store
        self.recorder = EventRecorder(self.apiserver)
        identity = f"{name}-control-plane"
        self.controller_manager = ControllerManager(self.apiserver, identity=identity,
                                                    allocate_node_cidrs=allocate_node_cidrs, cluster_cidr=cluster_cidr,
                                                    node_cidr_mask_size=node_cidr_mask_size)
        self.scheduler = SchedulerProcess(self.apiserver, identity)
        self.cloud_controller_manager = CloudControllerManager(self.apiserver)

    def components(self) -> list:
        return [self.etcd, self.apiserver, self.controller_manager, self.scheduler, self.cloud_controller_manager]

    def start(self) -> "ControlPlane":
        self.controller_manager.start()
        self.scheduler.start()
        return self
