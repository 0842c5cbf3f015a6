"""The kubelet: the node agent that runs pods (pod workers, status manager, prober, image
manager, node lease and status). See :mod:`k8scourse.kubelet.kubelet`."""

from .kubelet import Kubelet, RunningContainer

__all__ = ["Kubelet", "RunningContainer"]
