"""The controller managers: the processes the controllers run in.

``kube-controller-manager`` (:class:`ControllerManager`) runs every controller of
:mod:`k8scourse.controllers` — the horizontal pod autoscaler too, given a client of the resource
Metrics API — and ``cloud-controller-manager`` (:class:`CloudControllerManager`) runs the cloud
provider's service controller (load balancers). Each is a component with a ``name``, ``start()``,
``stop()`` and ``running``: stopping one stops its controllers (their work queues are dropped, as
a process's memory is); starting it again starts them, and every controller lists what it watches
and reconciles all of it (:mod:`.runtime`).

A controller manager that starts again after a stop writes the ``LeaderElection`` event upstream
writes when it acquires its lease (``<identity> became leader``, on the ``Lease`` in
``kube-system``). Deliberate difference: the first start of a new cluster writes none, so a fresh
cluster's first events are the user's own.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); kcm = ControllerManager(api).start()
>>> kcm.name, kcm.running, len(kcm.controllers), kcm.controller("deployment-controller").kind
('controller-manager', True, 18, 'Deployment')
>>> kcm.stop(); kcm.start().running
True
>>> [e["message"] for e in api.list("events", "kube-system")["items"]]
['kube-controller-manager_00000001 became leader']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..client import EventRecorder
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
from .nodelifecycle import NodeLifecycleController
from .podgc import PodGCController
from .replicaset import ReplicaSetController, ReplicationControllerController
from .resourcequota import ResourceQuotaController
from .runtime import Controller
from .service_lb import ServiceLBController
from .serviceaccounts import ServiceAccountsController
from .statefulset import StatefulSetController
from .tainteviction import TaintEvictionController
from .ttlafterfinished import TTLAfterFinishedController
from .volume import PersistentVolumeController

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer


class _Manager:
    """What both managers share: a list of controllers started and stopped together."""

    name = ""
    lease = ""              # the Lease its leader election holds (and its events' source)

    def __init__(self, server: "APIServer", controllers: list[Controller], recorder: EventRecorder | None,
                 holder_identity: Callable[[], str] | None):
        self.server = server
        self.controllers = controllers
        self.running = False
        self._recorder = recorder or EventRecorder(server)
        self._holder_identity = holder_identity or self._own_identity
        self._starts = 0
        self._elections = 0

    def _own_identity(self) -> str:
        self._elections += 1
        return f"{self.lease}_{self._elections:08d}"

    def controller(self, name: str) -> Controller:
        """The controller whose component name is ``name`` (``"deployment-controller"``)."""
        for controller in self.controllers:
            if controller.component == name:
                return controller
        raise KeyError(name)

    def start(self):
        if self.running:
            return self
        for controller in self.controllers:
            controller.start()
        self.running = True
        if self._starts:
            lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                     "metadata": {"name": self.lease, "namespace": "kube-system"}}
            self._recorder.event(lease, "Normal", "LeaderElection", f"{self._holder_identity()} became leader",
                                 component=self.lease)
        self._starts += 1
        return self

    def stop(self) -> None:
        for controller in self.controllers:
            controller.stop()
        self.running = False


class ControllerManager(_Manager):
    """``kube-controller-manager``: every controller, started in upstream's order.

    ``metrics``: a client of the resource Metrics API for the HPA controller (without one the HPA
    controller is not run); ``recorder`` and ``holder_identity`` let a cluster share its event
    recorder and its control plane's lease identities.
    """

    name = "controller-manager"
    lease = "kube-controller-manager"

    def __init__(self, server: "APIServer", metrics: MetricsClient | None = None, *,
                 recorder: EventRecorder | None = None, holder_identity: Callable[[], str] | None = None):
        controllers: list[Controller] = [
            NamespaceController(server), ResourceQuotaController(server), ServiceAccountsController(server),
            EndpointsController(server), ReplicaSetController(server), ReplicationControllerController(server),
            DeploymentController(server), GarbageCollector(server), DisruptionController(server),
            NodeLifecycleController(server), TaintEvictionController(server), PodGCController(server),
            DaemonSetController(server), JobController(server), TTLAfterFinishedController(server),
            CronJobController(server), StatefulSetController(server), PersistentVolumeController(server)]
        if metrics is not None:
            controllers.append(HorizontalPodAutoscalerController(server, metrics))
        super().__init__(server, controllers, recorder, holder_identity)


class CloudControllerManager(_Manager):
    """``cloud-controller-manager``: the cloud provider's controllers — here the service controller
    (:attr:`service_lb`, load balancers for ``type: LoadBalancer`` Services)."""

    name = "cloud-controller-manager"
    lease = "cloud-controller-manager"

    def __init__(self, server: "APIServer", *, recorder: EventRecorder | None = None,
                 holder_identity: Callable[[], str] | None = None):
        self.service_lb = ServiceLBController(server)
        super().__init__(server, [self.service_lb], recorder, holder_identity)


__all__ = ["CloudControllerManager", "ControllerManager"]
