"""The controller managers: the processes the controllers run in.

``kube-controller-manager`` (:class:`ControllerManager`) runs every controller of
:mod:`k8scourse.controllers` — the horizontal pod autoscaler too, given a client of the resource
Metrics API, and node IPAM on kubenet clusters — and ``cloud-controller-manager``
(:class:`CloudControllerManager`) runs the cloud provider's service controller (load balancers). Each is a component with a ``name``, ``start()``,
``stop()`` and ``running``: stopping one stops its controllers (their work queues are dropped, as
a process's memory is); starting it again starts them, and every controller lists what it watches
and reconciles all of it (:mod:`.runtime`).

A controller manager that starts again after a stop writes the ``LeaderElection`` event upstream
writes when it acquires its lease (``<identity>_<n> became leader``, on the ``Lease`` in
``kube-system``); it cannot start while the API server or etcd is down. Deliberate difference: the
first start of a new cluster writes none (it happened long before the student looked).

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); kcm = ControllerManager(api).start()
>>> kcm.name, kcm.running, len(kcm.controllers), kcm.controller("deployment-controller").kind
('kube-controller-manager', True, 24, 'Deployment')
>>> kcm.stop(); kcm.start().running
True
>>> [e["message"] for e in api.list("events", "kube-system")["items"]]
['kube-controller-manager_00000001 became leader']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import defaults
from ..client import EventRecorder
from ..errors import SimulationError
from ..i18n import t
from .certificates import CSRApprovingController, CSRCleanerController, CSRSigningController
from .cronjob import CronJobController
from .daemonset import DaemonSetController
from .deployment import DeploymentController
from .disruption import DisruptionController
from .endpoints import EndpointsController
from .garbagecollector import GarbageCollector
from .hpa import HorizontalPodAutoscalerController
from .hpa_metrics import MetricsClient
from .job import JobController
from .namespace import NamespaceController
from .nodeipam import NodeIPAMController
from .nodelifecycle import NodeLifecycleController
from .podgc import PodGCController
from .protection import PVCProtectionController, PVProtectionController
from .replicaset import ReplicaSetController, ReplicationControllerController
from .resourcequota import ResourceQuotaController
from .runtime import Controller
from .service_lb import ServiceLBController
from .serviceaccount_tokens import ServiceAccountTokensController
from .serviceaccounts import ServiceAccountsController
from .statefulset import StatefulSetController
from .tainteviction import TaintEvictionController
from .ttlafterfinished import TTLAfterFinishedController
from .volume import PersistentVolumeController

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer


class _Manager:
    """What both managers share: a list of controllers started and stopped together, and the leader
    lease a (re)start takes."""

    name = ""
    lease = ""              # the Lease its leader election holds (and its events' source)

    def __init__(self, server: "APIServer", controllers: list[Controller], identity: str | None,
                 recorder: EventRecorder | None):
        self.server = server
        self.controllers = controllers
        self.identity = identity or self.lease
        self.running = False
        self._recorder = recorder or EventRecorder(server)
        self._starts = 0

    def controller(self, name: str) -> Controller:
        """The controller whose component name is ``name`` (``"deployment-controller"``)."""
        for controller in self.controllers:
            if controller.component == name:
                return controller
        raise KeyError(name)

    def start(self):
        if self.running:
            return self
        if self._starts and not (self.server.running and self.server.store.running):
            raise SimulationError(t("sim.needs_control_plane", part=self.name.removeprefix("kube-")))
        for controller in self.controllers:
            controller.start()
        self.running = True
        self._starts += 1
        if self._starts > 1:          # the cluster's first start happened long before the student looked
            lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                     "metadata": {"name": self.lease, "namespace": "kube-system"}}
            self._recorder.event(lease, "Normal", "LeaderElection",
                                 f"{self.identity}_{self._starts - 1:08d} became leader", component=self.lease)
        return self

    def stop(self) -> None:
        for controller in self.controllers:
            controller.stop()
        self.running = False


class ControllerManager(_Manager):
    """``kube-controller-manager``: every controller, started in upstream's order.

    ``metrics``: a client of the resource Metrics API for the HPA controller (or later,
    :meth:`attach_metrics`; without one the HPA controller is not run); ``allocate_node_cidrs``
    runs the node IPAM controller over ``cluster_cidr`` (kubenet); ``identity`` is the holder
    identity its leader elections use (``<identity>_00000001``).
    """

    name = lease = "kube-controller-manager"

    def __init__(self, server: "APIServer", metrics: MetricsClient | None = None, *, identity: str | None = None,
                 recorder: EventRecorder | None = None, allocate_node_cidrs: bool = False,
                 cluster_cidr: str = defaults.POD_CIDR, node_cidr_mask_size: int = defaults.NODE_CIDR_MASK):
        controllers: list[Controller] = [
            NamespaceController(server), ResourceQuotaController(server), ServiceAccountsController(server),
            ServiceAccountTokensController(server),
            EndpointsController(server), ReplicaSetController(server), ReplicationControllerController(server),
            DeploymentController(server), GarbageCollector(server), DisruptionController(server),
            NodeLifecycleController(server), TaintEvictionController(server), PodGCController(server),
            DaemonSetController(server), JobController(server), TTLAfterFinishedController(server),
            CronJobController(server), StatefulSetController(server), PersistentVolumeController(server),
            PVCProtectionController(server), PVProtectionController(server),
            CSRApprovingController(server), CSRSigningController(server), CSRCleanerController(server)]
        if allocate_node_cidrs:
            controllers.append(NodeIPAMController(server, cluster_cidr, node_cidr_mask_size))
        super().__init__(server, controllers, identity, recorder)
        if metrics is not None:
            self.attach_metrics(metrics)

    def attach_metrics(self, metrics: MetricsClient) -> HorizontalPodAutoscalerController:
        """Run the HPA controller, reading the Metrics API through ``metrics`` (once metrics-server
        is installed); it starts at once if the manager runs."""
        hpa = HorizontalPodAutoscalerController(self.server, metrics)
        self.controllers.append(hpa)
        if self.running:
            hpa.start()
        return hpa


class CloudControllerManager(_Manager):
    """``cloud-controller-manager``: the cloud provider's controllers — here the service controller
    (:attr:`service_lb`, load balancers for ``type: LoadBalancer`` Services)."""

    name = lease = "cloud-controller-manager"

    def __init__(self, server: "APIServer", *, identity: str | None = None, recorder: EventRecorder | None = None):
        self.service_lb = ServiceLBController(server)
        super().__init__(server, [self.service_lb], identity, recorder)


__all__ = ["CloudControllerManager", "ControllerManager"]
