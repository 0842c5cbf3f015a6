"""The container runtime (containerd's role): images, programs, sandboxes and containers.

The kubelet (:mod:`k8scourse.kubelet`) drives it through calls shaped like the CRI: pull an
image, run a pod sandbox, create/start/stop containers. What a container *does* — serve HTTP,
run a shell script, compute pi, hog memory — is a :class:`~k8scourse.runtime.programs.Program`
in simulated time. This package never imports the kubelet.
"""

from .images import ImageInfo, ImageStore, PullFailure, lookup, normalize, resolve
from .launch import StartError, make_program
from .programs import Program
from .runtime import ContainerRecord, ContainerRuntime, Sandbox

__all__ = ["ContainerRecord", "ContainerRuntime", "ImageInfo", "ImageStore", "Program", "PullFailure", "Sandbox",
           "StartError", "lookup", "make_program", "normalize", "resolve"]
