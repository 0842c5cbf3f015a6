"""metrics-server and the CPU/memory accounting API.

* :class:`MetricsServer` (:mod:`.server`) — scrapes every kubelet's cAdvisor every 15 s and
  serves ``NodeMetrics``/``PodMetrics`` (``metrics.k8s.io/v1beta1``) to ``kubectl top``; kept in
  memory, never in the store, as upstream.
* :mod:`.accounting` — pandas DataFrames per node, pod and namespace, and usage over time, all
  derived from the store and cAdvisor's samples (DESIGN principle 7).
"""

from .accounting import (Accounting, namespace_accounting, node_accounting, pod_accounting,
                         usage_history)
from .server import MetricsServer, go_duration

__all__ = ["Accounting", "MetricsServer", "go_duration", "namespace_accounting", "node_accounting",
           "pod_accounting", "usage_history"]
