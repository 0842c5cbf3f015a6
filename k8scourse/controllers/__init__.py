"""kube-controller-manager: the controllers that drive the cluster toward what its objects ask for.

Every controller is level-triggered and unaware of the others: it watches the API server, maps
events to keys in its own de-duplicating work queue, and reconciles a key from the current store
state on the simulated clock. They talk to each other only through objects in the API server.

:func:`start_core_controllers` starts the ones every cluster needs from its first instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cronjob import CronJobController
from .daemonset import DaemonSetController
from .deployment import DeploymentController
from .endpoints import EndpointsController
from .garbagecollector import GarbageCollector
from .disruption import DisruptionController
from .nodelifecycle import NodeLifecycleController
from .podgc import PodGCController
from .tainteviction import TaintEvictionController
from .job import JobController
from .namespace import NamespaceController
from .replicaset import ReplicaSetController
from .resourcequota import ResourceQuotaController
from .serviceaccount_tokens import ServiceAccountTokensController
from .serviceaccounts import ServiceAccountsController
from .statefulset import StatefulSetController
from .ttlafterfinished import TTLAfterFinishedController
from .volume import PersistentVolumeController

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

__all__ = ["DisruptionController", "NodeLifecycleController", "PodGCController", "TaintEvictionController",
           "CronJobController", "DaemonSetController", "JobController", "PersistentVolumeController",
           "StatefulSetController", "TTLAfterFinishedController",
           "DeploymentController", "EndpointsController", "GarbageCollector", "NamespaceController",
           "ReplicaSetController", "ResourceQuotaController", "ServiceAccountTokensController", "ServiceAccountsController",
           "start_core_controllers"]


def start_core_controllers(server: "APIServer") -> list:
    """Start the core controllers; returns them (each has ``stop()``)."""
    return [NamespaceController(server).start(), ResourceQuotaController(server).start(),
            ServiceAccountsController(server).start(), ServiceAccountTokensController(server).start(),
            EndpointsController(server).start(),
            ReplicaSetController(server).start(), DeploymentController(server).start(),
            GarbageCollector(server).start(),
            DisruptionController(server).start(), NodeLifecycleController(server).start(),
            TaintEvictionController(server).start(), PodGCController(server).start(),
            DaemonSetController(server).start(), JobController(server).start(),
            TTLAfterFinishedController(server).start(), CronJobController(server).start(),
            StatefulSetController(server).start(), PersistentVolumeController(server).start()]
