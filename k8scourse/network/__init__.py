"""Networking inside the cluster: interfaces, pod namespaces, veths, routes — and paths traced hop by hop.

The lecture's four communication cases (서로 결합된 컨테이너와 컨테이너 간 통신, Pod와 Pod 간의 통신,
Pod와 Service간의 통신, 외부와 Service간의 통신) on the simulated cluster:

* :func:`node_command` — ``ip addr``, ``ip route``, ``ip link``, ``crictl ps``/``crictl pods``,
  ``docker ps``, ``iptables-save`` on a node (:mod:`~k8scourse.network.commands`);
  ``cluster.node_shell(node)`` is not offered: this function is the one API;
* :func:`pod_command` — ``ip addr``/``ip route`` inside a pod's network namespace;
* :func:`docker_host` — the single-machine Docker picture (``docker0`` 172.17.0.1/16);
* :func:`node_net`, :func:`azure_routes` — the model as data (:mod:`~k8scourse.network.topology`);
* :func:`trace` — a connection's path as a table (:mod:`~k8scourse.network.trace`).

NetworkPolicy enforcement lives in the traffic model (:mod:`k8scourse.traffic.policy`, re-exported
here as :func:`evaluate`), since every request goes through it.

Layering: this package sits above :mod:`k8scourse.traffic` (a trace is a request of the traffic
model, drawn onto the interfaces) and :mod:`k8scourse.cli` (its commands answer with a
``CommandResult``), below the cluster facade.
"""

from __future__ import annotations

from ..traffic.policy import Endpoint, Verdict, enforced, engine, evaluate
from .commands import DockerHost, docker_host, node_command, pod_command
from .topology import NodeNet, PodNet, azure_routes, node_net, pod_net
from .trace import Trace, trace

__all__ = ["DockerHost", "Endpoint", "NodeNet", "PodNet", "Trace", "Verdict", "azure_routes", "docker_host",
           "enforced", "engine", "evaluate", "node_command", "node_net", "pod_command", "pod_net", "trace"]
