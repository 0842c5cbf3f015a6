"""kube-controller-manager: the controllers that drive the cluster toward what its objects ask for.

Every controller is level-triggered and unaware of the others: it declares what it watches, its
informers map events to keys in its own de-duplicating, rate-limited work queue, and it reconciles
a key from the current store state on the simulated clock (:mod:`.runtime`, :mod:`.workqueue`).
They talk to each other only through objects in the API server.

:class:`ControllerManager` runs them all (:class:`CloudControllerManager` the cloud provider's
service controller); :func:`start_core_controllers` starts the ones every cluster needs from its
first instant, without a manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cronjob import CronJobController
from .daemonset import DaemonSetController
from .deployment import DeploymentController
from .disruption import DisruptionController
from .endpoints import EndpointsController
from .garbagecollector import GarbageCollector
from .hpa import HorizontalPodAutoscalerController
from .job import JobController
from .manager import CloudControllerManager, ControllerManager
from .namespace import NamespaceController
from .nodelifecycle import NodeLifecycleController
from .podgc import PodGCController
from .replicaset import ReplicaSetController, ReplicationControllerController
from .resourcequota import ResourceQuotaController
from .runtime import Controller, Result
from .service_lb import ServiceLBController
from .serviceaccount_tokens import ServiceAccountTokensController
from .serviceaccounts import ServiceAccountsController
from .statefulset import StatefulSetController
from .tainteviction import TaintEvictionController
from .ttlafterfinished import TTLAfterFinishedController
from .volume import PersistentVolumeController

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

__all__ = ["CloudControllerManager", "Controller", "ControllerManager", "CronJobController", "DaemonSetController",
           "DeploymentController", "DisruptionController", "EndpointsController", "GarbageCollector",
           "HorizontalPodAutoscalerController", "JobController", "NamespaceController", "NodeLifecycleController",
           "PersistentVolumeController", "PodGCController", "ReplicaSetController", "ReplicationControllerController",
           "ResourceQuotaController", "Result", "ServiceAccountTokensController", "ServiceAccountsController", "ServiceLBController",
           "StatefulSetController", "TTLAfterFinishedController", "TaintEvictionController",
           "start_core_controllers"]


def start_core_controllers(server: "APIServer") -> list[Controller]:
    """Start the core controllers (no HPA: it needs the Metrics API); returns them (each has ``stop()``)."""
    return ControllerManager(server).start().controllers
