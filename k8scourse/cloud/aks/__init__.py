"""Azure Kubernetes Service: managed clusters, their node pools and operations.

* :mod:`.operation` — the resource type, node timings, long-running operations (the lowest module);
* :mod:`.versions` — the Kubernetes versions AKS offers and the upgrade paths;
* :mod:`.cluster` — :class:`ManagedCluster` and :class:`AgentPool`, the ARM JSON ``az aks`` prints;
* :mod:`.drain` — cordon and evict through PodDisruptionBudgets;
* :mod:`.autoscaler` — the cluster autoscaler;
* :mod:`.operations` — create, upgrade, scale, stop, start and delete as steps on the simulated clock;
* :mod:`.lb` — ``curl`` to a LoadBalancer Service's public IP.

>>> from k8scourse.cloud.aks import default_dns_prefix
>>> default_dns_prefix("myAKSCluster", "myResourceGroup", "00000000-0000")
'myAKSClust-myResourceGroup-000000'
"""

from . import lb as _lb  # noqa: F401 - registers the LoadBalancer resolver for ``az.curl``
from . import versions
from .cluster import AgentPool, ManagedCluster, default_dns_prefix
from .operation import NODE_BOOT_MS, NODE_DELETE_MS, TYPE, Operation, node_index

__all__ = ["NODE_BOOT_MS", "NODE_DELETE_MS", "TYPE", "AgentPool", "ManagedCluster", "Operation",
           "default_dns_prefix", "node_index", "versions"]
